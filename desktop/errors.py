"""The two kinds of failure: KnownError (the world is at fault) and BugError (ours)."""

from __future__ import annotations


class KnownError(Exception):
    """Something outside Beacon went wrong (wrong key, full disk, no keyring).

    The message is one plain sentence that can be shown to the user as is; nothing
    the user already saved has been lost.
    """


class BugError(Exception):
    """Beacon itself is wrong (a broken invariant). Log it with context; never swallow it."""


class WrongKeyError(KnownError):
    """The passphrase or key does not decrypt the cache."""


class KeyUnavailableError(KnownError):
    """The key for the cache cannot be obtained (no keyring entry, no passphrase given)."""


class StorageFullError(KnownError):
    """The disk (or the cache's size limit) is full; the write was rolled back."""


class StorageError(KnownError):
    """The cache file cannot be read or written (permissions, I/O error, in use)."""


class CacheCorruptError(KnownError):
    """The cache file is damaged, not encrypted, or from a newer Beacon."""


class CacheRepairedError(KnownError):
    """The cache was damaged: the damaged files were set aside (`aside`) and what could
    be read was kept. Raised once, by the open that found it; opening again works."""

    def __init__(self, message: str, aside):
        super().__init__(message)
        self.aside = aside
