"""Where a profile lives and how its cache is opened (shared by the CLI and the GUI)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

import platformdirs

from desktop import secrets
from desktop.store import Store

CACHE_FILE = "cache.db"


def default_profile_dir() -> Path:
    """The platform's user data directory (e.g. ~/.local/share/Beacon/default)."""
    return Path(platformdirs.user_data_dir("Beacon", appauthor=False)) / "default"


def resolve_profile_dir(arg: str | os.PathLike | None) -> Path:
    return Path(arg).expanduser().resolve() if arg else default_profile_dir()


def open_store(
    profile_dir: Path,
    *,
    passphrase_provider: Callable[[str, bool], str | None] | None = None,
    keyring_backend=None,
) -> Store:
    """Unlock (or create) the profile's encrypted cache."""
    profile_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(profile_dir, 0o700)
    key = secrets.resolve_key(
        profile_dir, passphrase_provider=passphrase_provider, backend=keyring_backend
    )
    return Store.open(profile_dir / CACHE_FILE, key)


def delete_local_cache(profile_dir: Path) -> None:
    """Delete a profile's cache, its downloaded files and the cache key (after signing
    out, when the user asked for it). The store must be closed."""
    for suffix in ("", "-wal", "-shm"):
        (profile_dir / (CACHE_FILE + suffix)).unlink(missing_ok=True)
    shutil.rmtree(profile_dir / "files", ignore_errors=True)
    secrets.forget_key(profile_dir)
