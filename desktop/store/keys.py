"""The secret that unlocks a cache file: a raw 256-bit key or a passphrase.

Kept apart from desktop.secrets (where keys come from) so opening the cache does
not import the keyring machinery.
"""

from __future__ import annotations

import unicodedata

from desktop.errors import KeyUnavailableError

_KEY_BYTES = 32


class CacheKey:
    """The secret that unlocks cache.db: a raw 256-bit key or a passphrase.

    A raw key skips SQLCipher's KDF (the key is already random); a passphrase goes
    through SQLCipher's own PBKDF2. repr() never shows the secret.
    """

    __slots__ = ("_raw", "_passphrase")

    def __init__(self, *, raw: bytes | None = None, passphrase: str | None = None):
        if (raw is None) == (passphrase is None):
            raise ValueError("a CacheKey is either a raw key or a passphrase")
        if raw is not None and len(raw) != _KEY_BYTES:
            raise ValueError(f"a raw cache key has {_KEY_BYTES} bytes")
        if passphrase is not None:
            _check_passphrase(passphrase)
            # Different keyboards and OSes send different Unicode forms of the same text.
            passphrase = unicodedata.normalize("NFC", passphrase)
        self._raw = raw
        self._passphrase = passphrase

    @classmethod
    def random(cls) -> CacheKey:
        import secrets  # here: opening an existing cache needs no random bytes (cold start)

        return cls(raw=secrets.token_bytes(_KEY_BYTES))

    @classmethod
    def from_hex(cls, text: str) -> CacheKey:
        """Raises ValueError unless `text` is exactly 64 hex digits."""
        if len(text) != 2 * _KEY_BYTES:
            raise ValueError("a raw cache key is 64 hex digits")
        return cls(raw=bytes.fromhex(text))

    @classmethod
    def from_passphrase(cls, text: str) -> CacheKey:
        return cls(passphrase=text)

    @property
    def is_passphrase(self) -> bool:
        return self._passphrase is not None

    def hex(self) -> str:
        if self._raw is None:
            raise ValueError("a passphrase key has no raw form")
        return self._raw.hex()

    def pragma(self) -> str:
        """The `PRAGMA key` statement for this key."""
        if self._raw is not None:
            return f"PRAGMA key = \"x'{self._raw.hex()}'\""
        assert self._passphrase is not None
        return "PRAGMA key = '" + self._passphrase.replace("'", "''") + "'"

    def rekey_pragma(self) -> str:
        """The `PRAGMA rekey` statement that re-encrypts a cache under this key."""
        return self.pragma().replace("PRAGMA key", "PRAGMA rekey", 1)

    def same_as(self, other: CacheKey) -> bool:
        return self._raw == other._raw and self._passphrase == other._passphrase

    def __repr__(self) -> str:
        return "CacheKey(passphrase)" if self.is_passphrase else "CacheKey(raw)"


def _check_passphrase(text: str) -> None:
    if not text.strip():
        raise KeyUnavailableError("An empty passphrase cannot protect the cache; choose a real one.")
    if "\x00" in text:
        # SQLite reads the key statement as a C string: a NUL would silently cut the key short.
        raise KeyUnavailableError("The passphrase contains a NUL character; choose another one.")


