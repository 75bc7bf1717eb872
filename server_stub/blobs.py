"""Content-addressed blob store on the relay's disk: <data>/blobs/<aa>/<sha256>.

Uploads grow a per-uploader partial file (<data>/blobs/partial/<key>.<user-hash>, the
key being the announced sha256, or a streaming upload's id while the hash is not known)
that survives disconnects and restarts; the blob is published (atomic rename) only
once the SHA-256 the relay computed over the bytes it received matches. Nothing is
ever held whole in memory. Directories are created 0700 and files 0600 whatever the
process umask (they hold users' files).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from server_stub.batches import BackgroundHash
from server_stub.private_files import private_dir, private_file

_READ = 1024 * 1024
# Start writing back received bytes every this many, so the fsync before publishing
# has little left to do (Linux sync_file_range; elsewhere only the final fsync).
_WRITEBACK = 8 * 1024 * 1024


class DigestMismatch(Exception):
    """The uploaded bytes do not hash to the announced SHA-256 (partial discarded)."""


class BlobStore:
    def __init__(self, root: Path | str):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def size(self, sha256: str) -> int | None:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def partial_path(self, key: str, user: str) -> Path:
        """`key`: the blob's sha256, or a streaming upload's id (both hex, never '.')."""
        return self.root / "partial" / f"{key}.{_who(user)}"

    def partials_of(self, user: str) -> dict[str, int]:
        """Bytes held in each of `user`'s unfinished uploads, by key (sha256 or upload id)."""
        held = {}
        for path in (self.root / "partial").glob(f"*.{_who(user)}"):
            try:
                held[path.name.split(".", 1)[0]] = path.stat().st_size
            except FileNotFoundError:
                pass
        return held

    def begin(self, sha256: str | None, user: str, size: int, *, upload_id: str | None = None) -> Upload:
        """Open (or resume) `user`'s upload of `sha256`, or of streaming upload `upload_id`
        (hash unknown until the end). Blocking: call off the loop."""
        return Upload(self, sha256, user, size, upload_id=upload_id)

    def open(self, sha256: str):
        return open(self.path(sha256), "rb")

    def sweep_partials(self, max_age_s: float, now: float, busy: set[Path] = frozenset()) -> int:
        """Delete unfinished uploads nobody resumed for `max_age_s` (disk is not forever)."""
        removed = 0
        for path in (self.root / "partial").glob("*"):
            try:
                if path not in busy and now - path.stat().st_mtime > max_age_s:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                pass
        return removed


def _who(user: str) -> str:
    return hashlib.sha256(user.encode()).hexdigest()[:16]


class Upload:
    """One uploader's partial blob: `offset` bytes held, hashed so far."""

    def __init__(self, store: BlobStore, sha256: str | None, user: str, size: int, *,
                 upload_id: str | None = None):
        if (sha256 is None) == (upload_id is None):
            raise ValueError("an upload is keyed by its sha256 or by a streaming upload id")
        self.store, self.sha256, self.size = store, sha256, size
        self.partial = store.partial_path(sha256 or upload_id, user)
        private_dir(self.partial.parent)
        self._hash = BackgroundHash()  # hashes on its own thread while this one writes
        self._fd = private_file(self.partial, os.O_RDWR | os.O_APPEND)
        self._closed = False
        held = 0
        while block := os.read(self._fd, _READ):
            self._hash.update_now(block)
            held += len(block)
        if held > size:  # not a prefix of this blob: start over
            os.ftruncate(self._fd, 0)
            self._hash.close()
            self._hash, held = BackgroundHash(), 0
        self.offset = held
        self._synced = held

    def append(self, chunk: bytes) -> None:
        self.append_many((chunk,))

    def append_many(self, chunks) -> None:
        """Write a batch of received messages in one writev and hash them (one thread
        hand-off per batch, not per message). hashlib and the write release the GIL."""
        total = sum(len(c) for c in chunks)
        if self.offset + total > self.size:
            raise ValueError("more bytes than announced")
        self._hash.update(chunks)  # on the hash thread, while this one writes
        views = [memoryview(c) for c in chunks if len(c)]
        while views:
            n = os.writev(self._fd, views)
            while views and n >= len(views[0]):
                n -= len(views[0])
                views.pop(0)
            if n:
                views[0] = views[0][n:]
        self.offset += total
        if self.offset - self._synced >= _WRITEBACK:
            _start_writeback(self._fd, self._synced, self.offset - self._synced)
            self._synced = self.offset

    @property
    def digest(self) -> str:
        """The SHA-256 of the bytes held so far (all of them once offset == size)."""
        return self._hash.hexdigest()

    def finish(self) -> None:
        """Verify and publish the blob; on a mismatch drop the partial (restart from 0)."""
        self.verify()
        self.publish()

    def verify(self, expected: str | None = None) -> str:
        """Make the partial durable and check the relay's own hash of it against the
        announced sha256 (or, streaming, the one the client sent at the end). Returns
        the sha256; DigestMismatch: partial dropped."""
        expected = expected or self.sha256
        os.fsync(self._fd)
        self._close_fd()
        digest = self._hash.hexdigest()
        if digest != expected:
            self.partial.unlink(missing_ok=True)
            raise DigestMismatch(f"uploaded bytes do not match sha256 {expected}")
        self.sha256 = expected
        return expected

    def publish(self) -> None:
        """Move the verified partial into place (the same bytes if the blob exists)."""
        final = self.store.path(self.sha256)
        private_dir(final.parent)
        os.replace(self.partial, final)

    def _close_fd(self) -> None:
        if not self._closed:
            self._closed = True
            os.close(self._fd)
            try:
                self._hash.wait()
            finally:
                self._hash.close()

    def close(self) -> None:
        """Keep what was received (for a later resume). Writes are unbuffered: nothing to flush."""
        self._close_fd()

    def discard(self) -> None:
        """Drop the partial (after a storage failure: its space is given back)."""
        try:
            self.close()
        except OSError:
            pass
        self.partial.unlink(missing_ok=True)


def _load_writeback():
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.sync_file_range
        fn.argtypes = (ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint)
        return fn
    except (OSError, AttributeError):
        return None


_sync_file_range = _load_writeback()
_SYNC_FILE_RANGE_WRITE = 2


def _start_writeback(fd: int, offset: int, length: int) -> None:
    """Ask the kernel to start writing this range now (does not wait; not a durability
    promise: verify() still fsyncs). Without sync_file_range: nothing."""
    if _sync_file_range is not None:
        _sync_file_range(fd, offset, length, _SYNC_FILE_RANGE_WRITE)
