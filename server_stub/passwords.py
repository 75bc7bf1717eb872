"""Account passwords (for signing in on another device) and the lock-out of guessers.

Hashing: scrypt (hashlib, memory-hard) with N=2**15, r=8, p=3 -- 32 MiB and 0.43 s per
check measured on a busy 2-core machine, OWASP's recommended minimum strength for scrypt --
a 16-byte random salt and a 32-byte key. Stored as
`scrypt$<log2 N>$<r>$<p>$<salt hex>$<key hex>` so the cost can be raised later
without invalidating old hashes. Checks compare with hmac.compare_digest. At most
KDF_CONCURRENCY checks run at once, so a burst of sign-ins cannot exhaust memory.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
import threading
from dataclasses import dataclass, field


LOG2_N, R, P = 15, 8, 3
KEY_BYTES, SALT_BYTES = 32, 16
KDF_CONCURRENCY = 2
_MAXMEM = 128 * 1024 * 1024
_slots = threading.BoundedSemaphore(KDF_CONCURRENCY)

MIGRATIONS = (
    ("CREATE TABLE passwords (user TEXT PRIMARY KEY REFERENCES users(name),"
     " hash TEXT NOT NULL, set_ts INTEGER NOT NULL)",),
)


def _kdf(password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    with _slots:
        return hashlib.scrypt(
            password.encode("utf-8", "surrogatepass"), salt=salt, n=1 << log2_n, r=r, p=p,
            maxmem=_MAXMEM, dklen=KEY_BYTES,
        )


def hash_password(password: str) -> str:
    salt = os.urandom(SALT_BYTES)
    key = _kdf(password, salt, LOG2_N, R, P)
    return f"scrypt${LOG2_N}${R}${P}${salt.hex()}${key.hex()}"


def verify(password: str, stored: str | None) -> bool:
    """Constant-time check. A missing hash still costs one KDF run, so the time taken
    does not tell whether an account (or its password) exists."""
    if stored is None:
        _kdf(password, b"\0" * SALT_BYTES, LOG2_N, R, P)
        return False
    try:
        scheme, log2_n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = _kdf(password, bytes.fromhex(salt), int(log2_n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, bytes.fromhex(key))


def stored_hash(conn: sqlite3.Connection, user: str) -> str | None:
    row = conn.execute("SELECT hash FROM passwords WHERE user = ?", (user,)).fetchone()
    return row[0] if row else None


def store(conn: sqlite3.Connection, user: str, hashed: str, now: int) -> None:
    conn.execute(
        "INSERT INTO passwords(user, hash, set_ts) VALUES (?,?,?)"
        " ON CONFLICT(user) DO UPDATE SET hash = excluded.hash, set_ts = excluded.set_ts",
        (user, hashed, now),
    )


# ---- lock-out ---------------------------------------------------------------


@dataclass
class _State:
    failures: int = 0
    first_ms: int = 0
    locked_until: int = 0
    pending: int = 0  # attempts being checked right now


@dataclass
class Lockout:
    """After `max_failures` failures within `window_ms`, a key (an account, an address)
    is locked for `lock_ms`: every attempt is refused unchecked, even a right one.
    Attempts in flight count too (begin/end), so parallel guesses cannot overshoot.
    Kept in memory: a relay restart forgets it (an attacker cannot restart the relay)."""

    max_failures: int
    window_ms: int
    lock_ms: int
    _keys: dict[str, _State] = field(default_factory=dict)

    def retry_after(self, key: str, now: int) -> int:
        """0 if `key` may try now, else milliseconds until it may."""
        state = self._keys.get(key)
        if state is None:
            return 0
        if state.locked_until > now:
            return state.locked_until - now
        if state.failures + state.pending >= self.max_failures:
            return 1000  # the budget is taken by attempts still being checked
        if now - state.first_ms >= self.window_ms and not state.pending:
            del self._keys[key]
        return 0

    def begin(self, key: str, now: int) -> None:
        state = self._keys.setdefault(key, _State(first_ms=now))
        state.pending += 1

    def end(self, key: str, now: int, *, ok: bool, clear: bool = False) -> None:
        """An attempt begun with begin() is decided: a failure counts; `clear` forgets the key."""
        state = self._keys.setdefault(key, _State(first_ms=now))
        state.pending = max(0, state.pending - 1)
        if ok:
            if clear:
                state.failures, state.locked_until = 0, 0
            return
        self.fail(key, now)

    def fail(self, key: str, now: int) -> None:
        state = self._keys.setdefault(key, _State(first_ms=now))
        if now - state.first_ms >= self.window_ms:
            state.failures, state.first_ms = 0, now
        state.failures += 1
        if state.failures >= self.max_failures:
            state.locked_until = now + self.lock_ms
            state.failures, state.first_ms = 0, now
        if len(self._keys) > 100_000:  # bound memory under a spray of addresses
            for stale in [k for k, s in self._keys.items() if s.locked_until <= now and not s.pending][:50_000]:
                del self._keys[stale]
