"""Content-addressed blob store on the relay's disk: <data>/blobs/<aa>/<sha256>.

Uploads grow a per-uploader partial file (<data>/blobs/partial/<sha256>.<user-hash>)
that survives disconnects and restarts; the blob is published (atomic rename) only
once its SHA-256 matches. Nothing is ever held whole in memory. Directories are
created 0700 and files 0600 whatever the process umask (they hold users' files).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from server_stub.private_files import private_dir, private_file

_READ = 1024 * 1024


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

    def partial_path(self, sha256: str, user: str) -> Path:
        return self.root / "partial" / f"{sha256}.{_who(user)}"

    def partials_of(self, user: str) -> dict[str, int]:
        """Bytes held in each of `user`'s unfinished uploads, by sha256."""
        held = {}
        for path in (self.root / "partial").glob(f"*.{_who(user)}"):
            try:
                held[path.name.split(".", 1)[0]] = path.stat().st_size
            except FileNotFoundError:
                pass
        return held

    def begin(self, sha256: str, user: str, size: int) -> Upload:
        """Open (or resume) `user`'s upload of `sha256`. Blocking: call off the loop."""
        return Upload(self, sha256, user, size)

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

    def __init__(self, store: BlobStore, sha256: str, user: str, size: int):
        self.store, self.sha256, self.size = store, sha256, size
        self.partial = store.partial_path(sha256, user)
        private_dir(self.partial.parent)
        self._hash = hashlib.sha256()
        fd = private_file(self.partial, os.O_RDWR | os.O_APPEND)
        self._file = os.fdopen(fd, "a+b")
        self._file.seek(0)
        held = 0
        while block := self._file.read(_READ):
            self._hash.update(block)
            held += len(block)
        if held > size:  # not a prefix of this blob: start over
            self._file.truncate(0)
            self._hash, held = hashlib.sha256(), 0
        self.offset = held

    def append(self, chunk: bytes) -> None:
        if self.offset + len(chunk) > self.size:
            raise ValueError("more bytes than announced")
        self._file.write(chunk)
        self._hash.update(chunk)
        self.offset += len(chunk)

    def finish(self) -> None:
        """Verify and publish the blob; on a mismatch drop the partial (restart from 0)."""
        self.verify()
        self.publish()

    def verify(self) -> None:
        """Make the partial durable and check its hash (DigestMismatch: partial dropped)."""
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        if self._hash.hexdigest() != self.sha256:
            self.partial.unlink(missing_ok=True)
            raise DigestMismatch(f"uploaded bytes do not match sha256 {self.sha256}")

    def publish(self) -> None:
        """Move the verified partial into place (the same bytes if the blob exists)."""
        final = self.store.path(self.sha256)
        private_dir(final.parent)
        os.replace(self.partial, final)

    def close(self) -> None:
        """Keep what was received (for a later resume)."""
        if not self._file.closed:
            try:
                self._file.flush()
            finally:
                self._file.close()

    def discard(self) -> None:
        """Drop the partial (after a storage failure: its space is given back)."""
        try:
            self.close()
        except OSError:
            pass  # a full disk refuses the buffered tail too; the file is closed anyway
        self.partial.unlink(missing_ok=True)
