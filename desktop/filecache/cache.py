"""The encrypted file cache directory of a profile: put, read, open, save, evict.

Blobs live in <profile>/files/<hmac(sha256)>.bcf, encrypted with a key kept in the
encrypted database (desktop.store.files); plaintext only ever goes to a private
temporary folder (open) or where the user chose (save as).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

from desktop.filecache import crypto
from desktop.filecache.safe_names import numbered, safe_name
from desktop.filecache.safe_write import write_new
from desktop.net.hashing import BackgroundHash
from desktop.store.files import FileRow, FileStore

logger = logging.getLogger(__name__)

TEMP_PREFIX = "beacon-open-"
TEMP_MAX_AGE_S = 12 * 3600
INTAKE_MAX_AGE_S = 24 * 3600


class FileCache:
    def __init__(self, profile_dir: Path, files: FileStore):
        self.root = Path(profile_dir) / "files"
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        self.files = files
        self._master = files.master_key()

    # ---- where blobs go ----

    def path(self, sha256: str) -> Path:
        # Named by a keyed hash: the directory listing does not reveal which files are held.
        name = hmac.new(self._master, sha256.encode(), hashlib.sha256).hexdigest()
        return self.root / f"{name}.bcf"

    def partial_path(self, sha256: str) -> Path:
        return self.path(sha256).with_suffix(".part")

    def has(self, sha256: str) -> bool:
        return self.files.cached(sha256) and self.path(sha256).exists()

    # ---- thumbnails (made locally, encrypted like the files) ----

    def thumb_path(self, sha256: str) -> Path:
        name = hmac.new(self._master, b"thumb:" + sha256.encode(), hashlib.sha256).hexdigest()
        return self.root / f"{name}.bct"

    def write_thumb(self, sha256: str, data: bytes) -> None:
        tmp = self.thumb_path(sha256).with_suffix(".tmp")
        w = crypto.EncryptedWriter(tmp, self._master)
        w.write(data)
        w.close()
        os.replace(tmp, self.thumb_path(sha256))

    def read_thumb(self, sha256: str) -> bytes | None:
        path = self.thumb_path(sha256)
        if not path.exists():
            return None
        try:
            return b"".join(crypto.decrypt_chunks(path, self._master))
        except crypto.CacheTampered:
            path.unlink(missing_ok=True)
            return None

    def read_all(self, sha256: str, limit: int) -> bytes | None:
        """The whole plaintext of a small cached file (image previews), or None if larger."""
        out = bytearray()
        for block in self.chunks(sha256):
            out += block
            if len(out) > limit:
                return None
        return bytes(out)

    # ---- writing (downloads) ----

    def writer(self, sha256: str) -> CacheWriter:
        return CacheWriter(self, sha256)

    def intake(self) -> CacheIntake:
        """Encrypts a file we upload into the cache in the same pass as the upload reads
        it (FileClient.upload(keep=...)), before its hash is known; see put_file."""
        return CacheIntake(self)

    def put_file(self, sha256: str, source: Path, intake: CacheIntake | None = None) -> None:
        """Encrypt a local file into the cache (e.g. a file we uploaded), streaming. With an
        `intake` that took in all of it during the upload, that copy is published instead
        (no second pass over the file); an incomplete one is dropped."""
        if intake is not None:
            if intake.offset == source.stat().st_size:
                intake.publish(sha256)
                return
            intake.abandon()
        w = self.writer(sha256)
        with open(source, "rb") as f:
            f.seek(w.offset)
            while block := f.read(crypto.CHUNK):
                w.write(block)
        w.finish()

    # ---- reading ----

    def chunks(self, sha256: str):
        self.files.touch(sha256)
        return crypto.decrypt_chunks(self.path(sha256), self._master)

    def _verified(self, row: FileRow):
        """The cached plaintext of `row`; raises CacheTampered at the end if it is not `row.sha256`."""
        digest = hashlib.sha256()
        for block in self.chunks(row.sha256):
            digest.update(block)
            yield block
        if digest.hexdigest() != row.sha256:
            raise crypto.CacheTampered("cached bytes do not match the file's sha256")

    def save_as(self, row: FileRow, directory: Path, *, name: str | None = None, overwrite: bool = False) -> Path:
        """Decrypt into `directory` under a safe name, without following links (safe_write).
        Raises FileExistsError if the name is taken (in any form) unless `overwrite`."""
        return write_new(Path(directory), safe_name(name or row.name), self._verified(row),
                         exists="replace" if overwrite else "fail")

    def free_name(self, directory: Path, name: str) -> str:
        """'keep both': the first 'name (n).ext' not taken in `directory`."""
        name = safe_name(name)
        n = 2
        candidate = name
        while os.path.lexists(Path(directory) / candidate):
            candidate = numbered(name, n)
            n += 1
        return candidate

    def open_temp(self, row: FileRow) -> Path:
        """Decrypt into a fresh owner-only temporary folder, for the system's handler."""
        self.sweep_temp()
        folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))  # mkdtemp: mode 0700
        return write_new(folder, safe_name(row.name), self._verified(row))

    @staticmethod
    def sweep_temp(max_age_s: float = TEMP_MAX_AGE_S, now: float | None = None) -> int:
        """Remove our temporary 'open' folders older than `max_age_s` (the viewer had them long enough)."""
        now = time.time() if now is None else now
        removed = 0
        base = Path(tempfile.gettempdir())
        for folder in base.glob(TEMP_PREFIX + "*"):
            try:
                st = folder.lstat()
                if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or now - st.st_mtime < max_age_s:
                    continue
            except (OSError, AttributeError):
                continue
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        return removed

    # ---- budget ----

    def evict(self, budget: int | None = None) -> list[str]:
        """Drop least recently used unpinned blobs until they fit the budget. Pinned ones stay."""
        budget = self.files.budget() if budget is None else budget
        used, _pinned = self.files.cache_usage()
        dropped = []
        for sha256, nbytes in self.files.eviction_order():
            if used <= budget:
                break
            self.path(sha256).unlink(missing_ok=True)
            self.thumb_path(sha256).unlink(missing_ok=True)
            self.files.forget_cached(sha256)
            used -= nbytes
            dropped.append(sha256)
        if dropped:
            logger.info("file cache: evicted %d blob(s) to fit %d bytes", len(dropped), budget)
        return dropped


class CacheWriter:
    """Receives a blob's plaintext (maybe resuming a partial), encrypts as it goes,
    verifies the SHA-256 at the end and publishes it into the cache."""

    def __init__(self, cache: FileCache, sha256: str):
        self.cache, self.sha256 = cache, sha256
        self.partial = cache.partial_path(sha256)
        self._hash = BackgroundHash()  # hashes on its own thread while this one encrypts
        # Re-hash what a previous attempt left (whole records only), then continue after it.
        held = 0
        if self.partial.exists():
            try:
                for block in crypto.decrypt_chunks(self.partial, cache._master, sealed=False):
                    self._hash.update_now(block)
                    held += len(block)
            except crypto.CacheTampered:
                self.partial.unlink()
                self._hash, held = BackgroundHash(), 0
        self._w = crypto.EncryptedWriter(self.partial, cache._master, resume=held > 0)
        assert self._w.plain_offset == held
        self.offset = held

    def write(self, data: bytes) -> None:
        self.write_many((data,))

    def write_many(self, chunks) -> None:
        """A batch of received bytes: hashed on the hash thread while this one encrypts
        and writes it (hashlib and AES-GCM release the GIL; the loop keeps receiving)."""
        self._hash.update(chunks)
        self._w.write_many(chunks)
        self.offset += sum(len(d) for d in chunks)

    def finish(self) -> None:
        self._w.close()
        digest = self._hash.hexdigest()
        self._hash.close()
        if digest != self.sha256:
            self.partial.unlink(missing_ok=True)
            raise crypto.CacheTampered(f"downloaded bytes do not match sha256 {self.sha256}")
        final = self.cache.path(self.sha256)
        os.replace(self.partial, final)
        self.cache.files.mark_cached(self.sha256, final.stat().st_size)

    def abandon(self) -> None:
        self._hash.close()
        self._w.abandon()


class CacheIntake:
    """The plaintext of a file being uploaded, encrypted as it is read, under a
    temporary name until the upload's hash names it (publish). Bytes come in order
    from offset 0; a retry that reads the file again from the start starts this copy
    again too, so it always holds exactly the bytes the last attempt hashed."""

    def __init__(self, cache: FileCache):
        import secrets

        self.cache = cache
        self.partial = cache.root / f"intake-{secrets.token_hex(8)}.part"
        self._w = crypto.EncryptedWriter(self.partial, cache._master)
        self.offset = 0

    def take(self, pos: int, chunks) -> None:
        """Bytes pos.. of the file (called on the reader thread, in order)."""
        if pos == 0 and self.offset:  # another attempt reads the file again
            self._w.abandon()
            self._w = crypto.EncryptedWriter(self.partial, self.cache._master)
            self.offset = 0
        if pos != self.offset:
            raise ValueError(f"intake expected byte {self.offset}, got {pos}")
        self._w.write_many(chunks)
        self.offset += sum(len(c) for c in chunks)

    def publish(self, sha256: str) -> None:
        """Seal and move into place as `sha256` (the hash the upload computed over these
        very bytes); dropped if the cache holds that file already."""
        if self.cache.has(sha256):
            self.abandon()
            return
        self._w.close()
        final = self.cache.path(sha256)
        os.replace(self.partial, final)
        self.cache.files.mark_cached(sha256, final.stat().st_size)

    def abandon(self) -> None:
        try:
            self._w.abandon()
        except OSError:
            pass  # e.g. a full disk refuses the buffered tail: the file goes anyway
        self.partial.unlink(missing_ok=True)
