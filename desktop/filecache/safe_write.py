"""Create a new file in a folder the user chose: never through a link, never over what is there.

Every path that writes plaintext into a user's folder uses `write_new` (CLI
download, Save as, Open into the temporary folder, a pasted image):

1. A fresh private folder (".beacon-save-<random>", 0700) is made inside the target
   folder. `mkdir` never follows or reuses a planted name; it is then opened with
   ``O_NOFOLLOW`` and checked to be ours, so swapping it for a link or another
   folder after it was made is detected.
2. The bytes go into a file created there with ``O_CREAT | O_EXCL | O_NOFOLLOW``
   (mode 0600), are flushed and fsynced. An exception from `chunks` (e.g. the
   cached bytes fail their SHA-256) removes it: nothing is published.
3. The file is published under its name:
   * ``exists="fail"``: ``link()``, which fails if the name exists in any form
     (file, directory, dangling or live symlink) -> FileExistsError;
   * ``exists="number"``: the same, trying "name (2).ext", "name (3).ext", ...;
   * ``exists="replace"`` (the user said so): ``rename()``, which replaces the
     directory entry itself; a symlink there is replaced, its target never touched.
   Where hard links are not supported (FAT, some network shares) the file is
   copied into a target opened with ``O_CREAT | O_EXCL | O_NOFOLLOW`` instead.
4. The private folder is removed; the target folder is fsynced.

Where the OS has ``*at()`` calls (Linux, macOS, BSD) every step works relative to
descriptors of the two folders, so no path is looked up twice; elsewhere (Windows)
by path, with the same flags.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from desktop.filecache.safe_names import numbered

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_BINARY", 0)
_READ = os.O_RDONLY | NOFOLLOW | getattr(os, "O_BINARY", 0)
_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
_AT = all(f in os.supports_dir_fd for f in (os.open, os.mkdir, os.link, os.rename, os.unlink, os.rmdir))
STAGING_PREFIX = ".beacon-save-"
STAGED = "file"
MAX_NUMBER = 10_000

Exists = Literal["fail", "number", "replace"]


class _Folder:
    """A folder by descriptor where the OS has *at() calls, else by path."""

    def __init__(self, path: Path, fd: int | None):
        self.path, self.fd = path, fd

    @classmethod
    def open(cls, path: Path, *, within: _Folder | None = None, private: bool = False) -> _Folder:
        if not _AT:
            return cls(path, None)
        flags = _DIR | (NOFOLLOW if private else 0)  # the user's own folder may be a link; ours not
        fd = os.open(path.name if within else path, flags, dir_fd=within.fd if within else None)
        if private:
            st = os.fstat(fd)
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) & 0o077:
                os.close(fd)
                raise PermissionError(f"{path} was replaced while saving; nothing was written")
        return cls(path, fd)

    def name(self, name: str) -> str:
        return name if self.fd is not None else str(self.path / name)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)

    def fsync(self) -> None:
        if os.name != "posix":
            return
        fd = self.fd if self.fd is not None else os.open(self.path, _DIR)
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            if fd != self.fd:
                os.close(fd)


def create_new(path: Path, mode: int = 0o600, *, dir_fd: int | None = None) -> int:
    """A file descriptor of a file that did not exist (no link followed); FileExistsError otherwise."""
    return os.open(path, _NEW, mode, dir_fd=dir_fd)


def write_new(directory: Path, name: str, chunks: Iterable[bytes], *, exists: Exists = "fail") -> Path:
    """Write `chunks` to `directory`/`name` as described above; return the path written.

    `name` must already be one safe path component (desktop.filecache.safe_names).
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise NotADirectoryError(f"{directory} is not a folder")
    folder = _Folder.open(directory)
    try:
        stage_name = _make_staging(folder)
        try:
            stage = _Folder.open(directory / stage_name, within=folder, private=True)
            try:
                with os.fdopen(create_new(stage.name(STAGED), dir_fd=stage.fd), "wb") as out:
                    for block in chunks:
                        out.write(block)
                    out.flush()
                    os.fsync(out.fileno())
                target = _publish(stage, folder, name, exists)
            finally:
                _remove(stage.name(STAGED), stage.fd)
                stage.close()
        finally:
            _rmdir(folder.name(stage_name), folder.fd)
        folder.fsync()
    finally:
        folder.close()
    return directory / target


def _make_staging(folder: _Folder) -> str:
    for _ in range(100):
        name = STAGING_PREFIX + secrets.token_hex(8)
        try:
            os.mkdir(folder.name(name), 0o700, dir_fd=folder.fd)
            return name
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot make a private folder in {folder.path}")


def _publish(stage: _Folder, folder: _Folder, name: str, exists: Exists) -> str:
    if exists == "replace":
        # Replaces the entry itself; a symlink there is not followed.
        os.replace(stage.name(STAGED), folder.name(name), src_dir_fd=stage.fd, dst_dir_fd=folder.fd)
        return name
    candidates = [name] if exists == "fail" else [name] + [numbered(name, n) for n in range(2, MAX_NUMBER)]
    for candidate in candidates:
        try:
            _link_new(stage, folder, candidate)
            return candidate
        except FileExistsError:
            continue
    raise FileExistsError(str(folder.path / name))


def _link_new(stage: _Folder, folder: _Folder, name: str) -> None:
    """Put the staged file at `name`, which must not exist in any form."""
    try:
        os.link(stage.name(STAGED), folder.name(name), src_dir_fd=stage.fd, dst_dir_fd=folder.fd)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # no hard links here (EPERM on FAT, other codes elsewhere): the copy below
    # Copy into a target that we create, exclusively (its own errors, if any, are real).
    fd = create_new(folder.name(name), dir_fd=folder.fd)
    try:
        with os.fdopen(fd, "wb") as out, os.fdopen(os.open(stage.name(STAGED), _READ, dir_fd=stage.fd), "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        _remove(folder.name(name), folder.fd)
        raise


def _remove(name: str, dir_fd: int | None) -> None:
    try:
        os.unlink(name, dir_fd=dir_fd)
    except FileNotFoundError:
        pass  # published by rename, or never made


def _rmdir(name: str, dir_fd: int | None) -> None:
    try:
        os.rmdir(name, dir_fd=dir_fd)
    except OSError:
        pass  # not empty (someone put something there) or gone: left as it is
