"""Users and their tokens: tokens are random (256 bits) and stored only as hashes."""

from __future__ import annotations

import hashlib
import unicodedata
import re
import secrets
import sqlite3

from desktop.protocol.events import UserCreated, UserUpdated
from desktop.protocol.types import ROLES
from server_stub.log import Appender, now_ms

_USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")


class AccountError(Exception):
    """An admin request that cannot be done (unknown user, bad name): shown as is."""


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough: there is nothing
    # to brute-force that is cheaper than guessing the token itself.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def check_user_name(name: str) -> str:
    if not _USER_NAME.match(name):
        raise AccountError(
            f"invalid user name {name!r}: use 1-32 of a-z 0-9 . _ - (starting with a letter or digit)"
        )
    return name


def user_exists(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is not None


def role_of(conn: sqlite3.Connection, name: str) -> str | None:
    """The workspace role of `name` ('owner', 'admin', 'member', 'guest'), None if unknown."""
    row = conn.execute("SELECT role FROM users WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def is_active(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT deactivated_ts FROM users WHERE name = ?", (name,)).fetchone()
    return row is not None and row[0] is None


def add_user(
    appender: Appender, name: str, display_name: str | None = None, *, role: str | None = None
) -> None:
    """Create a user (inside the caller's write transaction) and log user.created.

    The workspace's first user becomes its owner; later ones are members unless
    `role` says otherwise.
    """
    conn = appender.conn
    check_user_name(name)
    if role is None:
        first = conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is None
        role = "owner" if first else "member"
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    display = (display_name or name).strip()
    if not display or len(display) > 80 or any(unicodedata.category(c) in ("Cc", "Cf") for c in display):
        raise AccountError("display name must be 1-80 characters, without control or formatting characters")
    if user_exists(conn, name):
        raise AccountError(f"user {name!r} already exists")
    conn.execute(
        "INSERT INTO users(name, display_name, created_ts, role) VALUES (?,?,?,?)",
        (name, display, now_ms(), role),
    )
    appender.append(UserCreated, scope_channel=None, scope_user=None, user=name, display_name=display, role=role)


def set_display_name(appender: Appender, name: str, display_name: str) -> None:
    conn = appender.conn
    if not user_exists(conn, name):
        raise AccountError(f"no user {name!r}")
    conn.execute("UPDATE users SET display_name = ? WHERE name = ?", (display_name, name))
    appender.append(UserUpdated, scope_channel=None, scope_user=None, user=name, display_name=display_name)


def issue_token(conn: sqlite3.Connection, name: str) -> str:
    """A fresh token for `name`; only its hash is written."""
    if not user_exists(conn, name):
        raise AccountError(f"no user {name!r}")
    token = secrets.token_urlsafe(32)  # 32 bytes = 256 bits
    while token.startswith("-"):  # would read as an option on a command line (`--token -x...`)
        token = secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO tokens(hash, user, created_ts) VALUES (?,?,?)",
        (hash_token(token), name, now_ms()),
    )
    return token


def revoke_tokens(conn: sqlite3.Connection, name: str) -> int:
    """Revoke every live token of `name`; the serving relay closes their connections."""
    if not user_exists(conn, name):
        raise AccountError(f"no user {name!r}")
    count = conn.execute(
        "UPDATE tokens SET revoked_ts = ? WHERE user = ? AND revoked_ts IS NULL",
        (now_ms(), name),
    ).rowcount
    conn.execute(
        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revocations'"
    )
    return count


def authenticate(conn: sqlite3.Connection, token: str) -> tuple[str, str, str] | None:
    """(user, display name, token hash) for a live token of an active user, else None."""
    token_hash = hash_token(token)
    row = conn.execute(
        "SELECT u.name, u.display_name FROM tokens t JOIN users u ON u.name = t.user"
        " WHERE t.hash = ? AND t.revoked_ts IS NULL AND u.deactivated_ts IS NULL",
        (token_hash,),
    ).fetchone()
    return (row[0], row[1], token_hash) if row else None


def token_of_deactivated(conn: sqlite3.Connection, token: str) -> bool:
    """True if `token` is a live token whose user is deactivated (to say so, not "unknown")."""
    row = conn.execute(
        "SELECT 1 FROM tokens t JOIN users u ON u.name = t.user"
        " WHERE t.hash = ? AND t.revoked_ts IS NULL AND u.deactivated_ts IS NOT NULL",
        (hash_token(token),),
    ).fetchone()
    return row is not None


def revoked_since(conn: sqlite3.Connection, since_ms: int) -> set[str]:
    """Hashes of tokens revoked at or after `since_ms`."""
    rows = conn.execute("SELECT hash FROM tokens WHERE revoked_ts >= ?", (since_ms,))
    return {r[0] for r in rows}
