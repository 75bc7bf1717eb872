"""Setting a damaged cache's files aside: copied or moved into `damaged-<time>/` next
to them, never deleted (a later Beacon, or a person, may recover more from them)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
from pathlib import Path

from desktop.errors import StorageError, StorageFullError

SUFFIXES = ("", "-wal", "-shm")
PREFIX = "damaged-"


def cache_files(path: Path) -> list[Path]:
    """cache.db and its -wal and -shm, those that exist."""
    return [f for f in (Path(f"{path}{s}") for s in SUFFIXES) if f.exists()]


def set_aside(path: Path, *, move: bool) -> Path:
    """Copy (or, with `move`, rename) the cache's files into a new damaged-<UTC time>/
    folder beside them; returns the folder. On failure nothing of the original is lost."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.parent / f"{PREFIX}{stamp}"
    try:
        aside.mkdir(mode=0o700)
        for f in cache_files(path):
            target = aside / f.name
            if move:
                os.replace(f, target)
            else:
                shutil.copyfile(f, target)
                os.chmod(target, 0o600)
    except OSError as exc:
        if not move:
            shutil.rmtree(aside, ignore_errors=True)  # only our partial copies
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFullError(
                f"The cache {path} is damaged and the disk is too full to keep a copy of it; free some space and try again."
            ) from exc
        raise StorageError(f"Beacon cannot set the damaged cache {path} aside ({exc.strerror}).") from exc
    return aside


def set_aside_dirs(profile_dir: Path) -> list[Path]:
    return sorted(p for p in profile_dir.glob(f"{PREFIX}*") if p.is_dir())
