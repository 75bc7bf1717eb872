"""Cache keys: a random key kept in the system keyring, or a passphrase when there is none."""

from __future__ import annotations

import json
import logging
import os
import secrets as _random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail
from keyring.errors import KeyringError, PasswordDeleteError

from desktop.errors import KeyUnavailableError, StorageError
from desktop.store.keys import CacheKey

__all__ = ["CacheKey", "keyring_usable", "resolve_key", "forget_key", "load_profile", "save_profile"]

logger = logging.getLogger(__name__)

SERVICE = "Beacon"
CACHE_FILE = "cache.db"
PROFILE_FILE = "profile.json"
ENV_PASSPHRASE = "BEACON_PASSPHRASE"
PROFILE_VERSION = 1

KeyMode = Literal["keyring", "passphrase"]
# Called as provider(reason, is_new): returns the passphrase, or None if the user declined.
PassphraseProvider = Callable[[str, bool], "str | None"]

@dataclass(frozen=True, slots=True)
class Profile:
    """The non-secret description of a profile folder (profile.json)."""

    id: str
    key_mode: KeyMode
    version: int = PROFILE_VERSION

    @property
    def keyring_user(self) -> str:
        return f"cache-key:{self.id}"


def load_profile(profile_dir: Path) -> Profile | None:
    """profile.json, or None if there is none; a damaged file raises KeyUnavailableError."""
    path = profile_dir / PROFILE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise KeyUnavailableError(f"The profile file {path} cannot be read ({exc}).") from exc
    ok = (
        isinstance(data, dict)
        and data.get("version") == PROFILE_VERSION
        and isinstance(data.get("id"), str)
        and len(data["id"]) == 32
        and all(c in "0123456789abcdef" for c in data["id"])
        and data.get("key_mode") in ("keyring", "passphrase")
    )
    if not ok:
        raise KeyUnavailableError(f"The profile file {path} is damaged or from a newer Beacon.")
    return Profile(id=data["id"], key_mode=data["key_mode"])


def save_profile(profile_dir: Path, profile: Profile) -> None:
    """Write profile.json atomically (a crash leaves the old file or the new one)."""
    path = profile_dir / PROFILE_FILE
    tmp = path.with_suffix(".json.tmp")
    body = json.dumps({"version": profile.version, "id": profile.id, "key_mode": profile.key_mode})
    try:
        profile_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(f"Beacon cannot write its profile file {path} ({exc.strerror}).") from exc


def keyring_usable(backend: KeyringBackend | None = None, env: Mapping[str, str] = os.environ) -> bool:
    """False for keyring's `fail` backend, a chainer with nothing to chain, and any
    backend keyring itself rates "not recommended" (priority < 1, e.g. keyrings.alt's
    PlaintextKeyring, which would write the key in the clear next to the cache) --
    unless that backend was chosen on purpose (passed in, or PYTHON_KEYRING_BACKEND)."""
    chosen = backend is not None or bool(env.get("PYTHON_KEYRING_BACKEND"))
    backend = backend if backend is not None else keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    members = backend.backends if isinstance(backend, chainer.ChainerBackend) else [backend]
    real = [b for b in members if not isinstance(b, fail.Keyring)]
    if not chosen:
        real = [b for b in real if _priority(b) >= 1]
    return bool(real)


def _priority(backend: KeyringBackend) -> float:
    try:
        return float(backend.priority)
    except Exception:  # noqa: BLE001 -- a backend that cannot rate itself is not viable
        return 0.0


def resolve_key(
    profile_dir: Path,
    *,
    passphrase_provider: PassphraseProvider | None = None,
    env: Mapping[str, str] = os.environ,
    backend: KeyringBackend | None = None,
) -> CacheKey:
    """The key for `profile_dir/cache.db`, creating one (and profile.json) for a new profile.

    An existing cache is never given a new key and never falls back to a weaker one:
    if its key cannot be found, KeyUnavailableError says why.
    """
    # Decided before resolving the default: a new key only goes into a keyring
    # that is trustworthy or was chosen on purpose (see keyring_usable).
    trusted = keyring_usable(backend, env)
    backend = backend if backend is not None else keyring.get_keyring()
    profile = load_profile(profile_dir)
    if not (profile_dir / CACHE_FILE).exists():
        return _new_profile_key(profile_dir, profile, passphrase_provider, env, backend, trusted)
    if profile is None:
        raise KeyUnavailableError(
            f"The profile file {profile_dir / PROFILE_FILE} is missing, so Beacon cannot tell"
            " where the key for this cache is kept."
        )
    if profile.key_mode == "keyring":
        return _keyring_key(profile, backend)
    return _passphrase(
        passphrase_provider, env, is_new=False, reason="Enter the passphrase that protects this Beacon cache."
    )


def forget_key(profile_dir: Path, *, backend: KeyringBackend | None = None) -> bool:
    """Delete the profile's keyring entry (for the reset flow); True if one was deleted."""
    backend = backend if backend is not None else keyring.get_keyring()
    profile = load_profile(profile_dir)
    if profile is None or profile.key_mode != "keyring" or not keyring_usable(backend):
        return False
    try:
        backend.delete_password(SERVICE, profile.keyring_user)
    except PasswordDeleteError:
        return False
    except KeyringError as exc:
        raise KeyUnavailableError(f"The system keyring refused to delete the cache key ({exc}).") from exc
    return True


def _new_profile_key(
    profile_dir: Path,
    profile: Profile | None,
    provider: PassphraseProvider | None,
    env: Mapping[str, str],
    backend: KeyringBackend,
    trusted: bool,
) -> CacheKey:
    # Keep the id of a profile.json left by an interrupted first start: nothing else uses it yet.
    profile_id = profile.id if profile is not None else _random.token_hex(16)
    reason = "No system keyring is available: choose a passphrase to protect the Beacon cache."
    if profile is not None and profile.key_mode == "keyring":
        # A key already in the keychain is never replaced: the missing cache.db may be
        # restored later and must still open. The fresh cache reuses that key.
        try:
            existing = backend.get_password(SERVICE, profile.keyring_user)
        except KeyringError as exc:
            raise KeyUnavailableError(f"The system keyring refused to give out the cache key ({exc}).") from exc
        if existing is not None:
            try:
                return CacheKey.from_hex(existing)
            except ValueError as exc:
                raise KeyUnavailableError("The cache key stored in the system keyring is damaged.") from exc
    if trusted:
        key = CacheKey.random()
        stored = Profile(id=profile_id, key_mode="keyring")
        try:
            backend.set_password(SERVICE, stored.keyring_user, key.hex())
            # Some backends drop writes silently (locked collection): trust only a read-back.
            if backend.get_password(SERVICE, stored.keyring_user) == key.hex():
                save_profile(profile_dir, stored)
                return key
            logger.warning("keyring %s did not keep the cache key", type(backend).__name__)
        except KeyringError as exc:
            logger.warning("keyring %s refused the cache key: %s", type(backend).__name__, exc)
        reason = "The system keyring could not store a key: choose a passphrase to protect the Beacon cache."
    key = _passphrase(provider, env, is_new=True, reason=reason)
    save_profile(profile_dir, Profile(id=profile_id, key_mode="passphrase"))
    return key


def _keyring_key(profile: Profile, backend: KeyringBackend) -> CacheKey:
    if not keyring_usable(backend):
        raise KeyUnavailableError(
            "This cache's key is kept in the system keyring, but no keyring is available;"
            " start or unlock your keyring (Secret Service, Keychain or Credential Manager) and try again."
        )
    try:
        text = backend.get_password(SERVICE, profile.keyring_user)
    except KeyringError as exc:
        raise KeyUnavailableError(f"The system keyring refused to give out the cache key ({exc}).") from exc
    if text is None:
        raise KeyUnavailableError(
            "The key for this cache is missing from the system keyring, so the cache cannot be"
            " opened; reset the cache to download your workspace again."
        )
    try:
        return CacheKey.from_hex(text)
    except ValueError as exc:
        raise KeyUnavailableError("The cache key stored in the system keyring is damaged.") from exc


def _passphrase(
    provider: PassphraseProvider | None, env: Mapping[str, str], *, is_new: bool, reason: str
) -> CacheKey:
    text = env.get(ENV_PASSPHRASE)
    if text is None and provider is not None:
        text = provider(reason, is_new)
    if text is None:
        raise KeyUnavailableError(
            f"{reason.rstrip('.')}; set the {ENV_PASSPHRASE} environment variable"
            " or start Beacon where it can ask for one."
        )
    return CacheKey.from_passphrase(text)
