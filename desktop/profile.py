"""Where a profile lives and how its cache is opened (shared by the CLI and the GUI)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable, Mapping

import platformdirs

from desktop import secrets
from desktop.store import Store, rebuild

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
    env: Mapping[str, str] = os.environ,
    background_index: bool = True,
) -> Store:
    """Unlock (or create) the profile's encrypted cache; rebuild it first if that was
    asked for (desktop.store.rebuild.request: the app's "rebuild" button).

    `env` is where BEACON_PASSPHRASE is looked up (it wins over the provider).
    `background_index`: see Store.
    """
    profile_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(profile_dir, 0o700)
    key = secrets.resolve_key(
        profile_dir, passphrase_provider=passphrase_provider, env=env, backend=keyring_backend
    )
    if rebuild.requested(profile_dir) and (profile_dir / CACHE_FILE).exists():
        rebuild.rebuild(profile_dir / CACHE_FILE, key)
    rebuild.done(profile_dir)
    return Store.open(profile_dir / CACHE_FILE, key, background_index=background_index)


def rebuild_profile(
    profile_dir: Path,
    *,
    passphrase_provider: Callable[[str, bool], str | None] | None = None,
    keyring_backend=None,
) -> rebuild.Rebuilt:
    """Set the profile's cache aside and start a new one with its outbox, drafts and
    sign-in (desktop.store.rebuild); the same key, never a new one. Sync it next."""
    key = secrets.resolve_key(profile_dir, passphrase_provider=passphrase_provider, backend=keyring_backend)
    return rebuild.rebuild(profile_dir / CACHE_FILE, key)


def delete_local_cache(profile_dir: Path) -> None:
    """Delete a profile's cache, its downloaded files and the cache key (after signing
    out, when the user asked for it). The store must be closed."""
    for suffix in ("", "-wal", "-shm"):
        (profile_dir / (CACHE_FILE + suffix)).unlink(missing_ok=True)
    shutil.rmtree(profile_dir / "files", ignore_errors=True)
    secrets.forget_key(profile_dir)
