"""Create a new file in a folder the user chose: never through a link, never over what is there.

Every path that writes plaintext into a user's folder uses `write_new` (CLI
download, Save as, Open into the temporary folder, a pasted image):

1. A fresh private folder is made inside the target folder (`mkdtemp`: a new,
   randomly named 0700 directory; `mkdir` never follows or reuses a planted name).
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
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from desktop.filecache.safe_names import numbered

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_BINARY", 0)
STAGING_PREFIX = ".beacon-save-"
MAX_NUMBER = 10_000

Exists = Literal["fail", "number", "replace"]


def create_new(path: Path, mode: int = 0o600) -> int:
    """A file descriptor of a file that did not exist (no link followed); FileExistsError otherwise."""
    return os.open(path, _NEW, mode)


def write_new(directory: Path, name: str, chunks: Iterable[bytes], *, exists: Exists = "fail") -> Path:
    """Write `chunks` to `directory`/`name` as described above; return the path written.

    `name` must already be one safe path component (desktop.filecache.safe_names).
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise NotADirectoryError(f"{directory} is not a folder")
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=directory))
    try:
        staged = staging / "file"
        with os.fdopen(create_new(staged), "wb") as out:
            for block in chunks:
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        target = _publish(staged, directory, name, exists)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _fsync_dir(directory)
    return target


def _publish(staged: Path, directory: Path, name: str, exists: Exists) -> Path:
    if exists == "replace":
        target = directory / name
        os.replace(staged, target)  # replaces the entry; a symlink there is not followed
        return target
    candidates = [name] if exists == "fail" else [name] + [numbered(name, n) for n in range(2, MAX_NUMBER)]
    for candidate in candidates:
        target = directory / candidate
        try:
            _link_new(staged, target)
            return target
        except FileExistsError:
            continue
    raise FileExistsError(str(directory / name))


def _link_new(staged: Path, target: Path) -> None:
    """Put `staged` at `target`, which must not exist in any form."""
    try:
        os.link(staged, target)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # no hard links here (EPERM on FAT, other codes elsewhere): the copy below
    # Copy into a target that we create, exclusively (its own errors, if any, are real).
    fd = create_new(target)
    try:
        with os.fdopen(fd, "wb") as out, open(staged, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(target)
        raise


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
