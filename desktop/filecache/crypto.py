"""Chunked AES-256-GCM for cached files: streamable, tamper- and truncation-evident.

Layout: MAGIC | salt(16) | records. Each file gets its own key, HKDF-SHA256(master,
salt); record i encrypts CHUNK plaintext bytes (the last one fewer, possibly none)
with nonce = i (96-bit big endian) and AAD = i | final-flag, so records cannot be
reordered, dropped or the file cut short without detection.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.filecache import writeback

MAGIC = b"BCF1"
SALT = 16
CHUNK = 256 * 1024
TAG = 16
HEADER = len(MAGIC) + SALT
_INFO = b"beacon file cache v1"


class CacheTampered(Exception):
    """A cached file failed authentication (corrupted, truncated or not ours)."""


def _key(master: bytes, salt: bytes) -> AESGCM:
    return AESGCM(HKDF(hashes.SHA256(), 32, salt, _INFO).derive(master))


def _aad(index: int, final: bool) -> bytes:
    return index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


class EncryptedWriter:
    """Appends plaintext to an encrypted file; `close()` seals it with the final record.

    Opening an existing partial file resumes after its last whole record
    (`plain_offset` tells where); the caller re-feeds anything beyond.
    """

    def __init__(self, path: Path, master: bytes, *, resume: bool = False):
        self.path = Path(path)
        self._master = master
        self._buf = bytearray()
        existing = self.path.stat().st_size if resume and self.path.exists() else 0
        if existing >= HEADER:
            self._f = open(self.path, "r+b")
            salt = self._f.read(HEADER)[len(MAGIC):]
            whole = (existing - HEADER) // (CHUNK + TAG)
            self._f.truncate(HEADER + whole * (CHUNK + TAG))
            self._f.seek(0, os.SEEK_END)
            self._index = whole
        else:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            self._f = os.fdopen(fd, "wb")
            salt = secrets.token_bytes(SALT)
            self._f.write(MAGIC + salt)
            self._index = 0
        self._aead = _key(master, salt)
        self.plain_offset = self._index * CHUNK
        self._synced = self._f.tell()  # file bytes whose writeback was started

    def write(self, data: bytes) -> None:
        self.write_many((data,))

    def write_many(self, chunks) -> None:
        """Append a batch: whole records are encrypted straight from the buffer
        (no per-record copy) and written together."""
        buf = self._buf
        for data in chunks:
            buf += data
            self.plain_offset += len(data)
        # Keep at least one byte back: the final record is sealed in close().
        n = (len(buf) - 1) // CHUNK if buf else 0
        if n <= 0:
            return
        out = []
        with memoryview(buf) as view:
            for i in range(n):
                out.append(self._aead.encrypt(_nonce(self._index), view[i * CHUNK:(i + 1) * CHUNK],
                                              _aad(self._index, False)))
                self._index += 1
        del buf[:n * CHUNK]
        self._f.writelines(out)
        end = self._f.tell()
        if end - self._synced >= writeback.EVERY:
            self._f.flush()
            writeback.start_writeback(self._f.fileno(), self._synced, end - self._synced)
            self._synced = end

    def _record(self, plain: bytes, *, final: bool) -> None:
        self._f.write(self._aead.encrypt(_nonce(self._index), plain, _aad(self._index, final)))
        self._index += 1

    def close(self) -> None:
        """Seal: the remaining bytes become the final record."""
        if len(self._buf) == CHUNK:  # exact multiple: a full non-final record, then an empty final one
            self._record(bytes(self._buf), final=False)
            self._buf.clear()
        self._record(bytes(self._buf), final=True)
        self._buf.clear()
        self._f.flush()
        os.fsync(self._f.fileno())
        self._f.close()

    def abandon(self) -> None:
        """Stop without sealing (the partial file stays for a resume). After close()
        (a download that failed its hash check) there is nothing left to stop."""
        if self._f.closed:
            return
        self._f.flush()
        self._f.close()


def decrypt_chunks(path: Path, master: bytes, *, sealed: bool = True) -> Iterator[bytes]:
    """Plaintext of an encrypted file, record by record. With sealed=False, reads the
    whole records of an unfinished file (for resuming a download)."""
    with open(path, "rb") as f:
        head = f.read(HEADER)
        if len(head) < HEADER or not head.startswith(MAGIC):
            if not sealed and not head:
                return
            raise CacheTampered(f"{path.name}: not a Beacon cache file")
        aead = _key(master, head[len(MAGIC):])
        index = 0
        while True:
            record = f.read(CHUNK + TAG)
            if not sealed:
                if len(record) < CHUNK + TAG:
                    return
                final = False
            else:
                if len(record) < TAG:
                    raise CacheTampered(f"{path.name}: cut short")
                final = len(record) < CHUNK + TAG  # close() always seals with a short record
            try:
                plain = aead.decrypt(_nonce(index), record, _aad(index, final))
            except InvalidTag:
                raise CacheTampered(f"{path.name}: record {index} failed authentication") from None
            yield plain
            index += 1
            if final:
                return
