"""Invitations: an owner or admin makes one (uses, expiry, role, default channels);
redeeming it creates the account, joins the default channels and signs the device in.

An invite has two secrets: a 256-bit `secret` for links and a 12-symbol `code` to
type or paste (60 bits, so redeeming is rate-limited, see server_stub.signin).
Only their SHA-256 hashes are stored; both are shown once, at creation.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3

from desktop.protocol import signin as sp
from desktop.protocol.errors import ErrorCode
from desktop.protocol.types import ROLES
from server_stub import accounts, audit, commands
from server_stub.log import Appender

MIGRATIONS = (
    (
        "CREATE TABLE invites (id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL UNIQUE,"
        " code_hash TEXT NOT NULL UNIQUE, creator TEXT, role TEXT NOT NULL,"
        " channels TEXT NOT NULL DEFAULT '[]', max_uses INTEGER NOT NULL,"
        " uses INTEGER NOT NULL DEFAULT 0, created_ts INTEGER NOT NULL,"
        " expires_ts INTEGER NOT NULL, revoked_ts INTEGER)",
    ),
)


class InviteRefused(Exception):
    """Redeeming or managing an invite failed: `code` is a sign-in error code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(sp.CODE_ALPHABET) for _ in range(sp.CODE_LENGTH))


def may_manage(conn: sqlite3.Connection, actor: str | None) -> bool:
    return actor is None or accounts.role_of(conn, actor) in ("owner", "admin")


def create(
    app: Appender, actor: str | None, *, max_uses: int = 1, expires_in_s: int = sp.DEFAULT_INVITE_SECONDS,
    role: str = "member", channels: list[str] = (), now: int,
) -> sp.Invite:
    """Make an invite (inside a write transaction). `actor` None: the relay's operator."""
    conn = app.conn
    if not may_manage(conn, actor):
        raise InviteRefused(str(ErrorCode.FORBIDDEN), "only owners and admins can invite people")
    if role not in ROLES:
        raise InviteRefused(str(ErrorCode.INVALID), f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if actor is not None and ROLES.index(role) < ROLES.index(accounts.role_of(conn, actor)):
        raise InviteRefused(str(ErrorCode.FORBIDDEN), f"you cannot invite someone as {role}: it is above your own role")
    if not 1 <= max_uses <= sp.MAX_INVITE_USES:
        raise InviteRefused(str(ErrorCode.INVALID), f"uses must be between 1 and {sp.MAX_INVITE_USES}")
    if not 60 <= expires_in_s <= sp.MAX_INVITE_SECONDS:
        raise InviteRefused(str(ErrorCode.INVALID), "an invite expires between 1 minute and 90 days from now")
    ids = []
    for ref in dict.fromkeys(channels):
        row = conn.execute(
            "SELECT id, name, private, archived FROM channels WHERE (id = ? OR lower(name) = lower(?))"
            " AND dm_key IS NULL", (ref, ref.lstrip("#")),
        ).fetchone()
        if row is None:
            raise InviteRefused(str(ErrorCode.NOT_FOUND), f"no channel {ref}")
        if row[3]:
            raise InviteRefused(str(ErrorCode.ARCHIVED), f"channel {row[1]} is archived")
        if actor is not None and row[2] and not commands.is_member(conn, row[0], actor):
            raise InviteRefused(str(ErrorCode.NOT_MEMBER), f"you are not a member of the private channel {row[1]}")
        ids.append(row[0])
    invite_id = "I" + secrets.token_hex(4)
    secret, code = secrets.token_urlsafe(32), _new_code()
    conn.execute(
        "INSERT INTO invites(id, secret_hash, code_hash, creator, role, channels, max_uses, created_ts,"
        " expires_ts) VALUES (?,?,?,?,?,?,?,?,?)",
        (invite_id, _hash(secret), _hash(code), actor, role, json.dumps(ids), max_uses, now,
         now + expires_in_s * 1000),
    )
    audit.record(conn, actor, "invite.created", invite_id,
                 f"role={role} uses={max_uses} expires_in_s={expires_in_s} channels={','.join(ids)}")
    info = _info(conn.execute(f"SELECT {_COLUMNS} FROM invites WHERE id = ?", (invite_id,)).fetchone())
    return sp.Invite(invite=info, secret=secret, code=code)


_COLUMNS = "id, role, max_uses, uses, created_ts, expires_ts, creator, channels, revoked_ts"


def _info(row) -> sp.InviteInfo:
    return sp.InviteInfo(
        id=row[0], role=row[1], max_uses=row[2], uses=row[3], created_ts=row[4], expires_ts=row[5],
        creator=row[6], channels=json.loads(row[7]), revoked_ts=row[8],
    )


def listing(conn: sqlite3.Connection, actor: str | None, *, include_spent: bool = False, now: int) -> list[sp.InviteInfo]:
    if not may_manage(conn, actor):
        raise InviteRefused(str(ErrorCode.FORBIDDEN), "only owners and admins can see invitations")
    where = "" if include_spent else " WHERE revoked_ts IS NULL AND uses < max_uses AND expires_ts > ?"
    args = () if include_spent else (now,)
    rows = conn.execute(f"SELECT {_COLUMNS} FROM invites{where} ORDER BY created_ts DESC", args)
    return [_info(r) for r in rows]


def revoke(app: Appender, actor: str | None, invite_id: str, *, now: int) -> None:
    conn = app.conn
    if not may_manage(conn, actor):
        raise InviteRefused(str(ErrorCode.FORBIDDEN), "only owners and admins can revoke invitations")
    row = conn.execute("SELECT revoked_ts FROM invites WHERE id = ?", (invite_id,)).fetchone()
    if row is None:
        raise InviteRefused(str(ErrorCode.NOT_FOUND), f"no invitation {invite_id}")
    if row[0] is not None:
        raise InviteRefused(sp.INVITE_REVOKED, f"invitation {invite_id} is already revoked")
    conn.execute("UPDATE invites SET revoked_ts = ? WHERE id = ?", (now, invite_id))
    audit.record(conn, actor, "invite.revoked", invite_id)


def find(conn: sqlite3.Connection, ref: str):
    """The invite row a link secret or a typed code names, or None."""
    if sp.is_secret(ref):
        column, value = "secret_hash", _hash(ref)
    else:
        code = sp.normalize_code(ref)
        if code is None:
            return None
        column, value = "code_hash", _hash(code)
    return conn.execute(
        f"SELECT id, role, channels, max_uses, uses, expires_ts, revoked_ts FROM invites WHERE {column} = ?",
        (value,),
    ).fetchone()


def redeem(app: Appender, req: sp.Redeem, *, now: int) -> tuple[str, list[str]]:
    """Create the invitee's account from an invite: (role, channels joined).

    Checks in this order, each with its own error: unknown, revoked, expired, used up,
    user name taken. The caller issues the device token in the same transaction.
    """
    conn = app.conn
    row = find(conn, req.invite)
    if row is None:
        raise InviteRefused(sp.INVITE_UNKNOWN, "this invitation is not valid: check the link or code")
    invite_id, role, channels, max_uses, uses, expires_ts, revoked_ts = row
    if revoked_ts is not None:
        raise InviteRefused(sp.INVITE_REVOKED, "this invitation was revoked; ask for a new one")
    if expires_ts <= now:
        raise InviteRefused(sp.INVITE_EXPIRED, "this invitation has expired; ask for a new one")
    if uses >= max_uses:
        raise InviteRefused(sp.INVITE_USED_UP, "this invitation has already been used; ask for a new one")
    if accounts.user_exists(conn, req.user):
        raise InviteRefused(sp.NAME_TAKEN, f"the user name {req.user} is taken; choose another")
    try:
        accounts.add_user(app, req.user, req.display_name, role=role)
    except accounts.AccountError as exc:
        raise InviteRefused(str(ErrorCode.INVALID), str(exc)) from None
    joined = []
    for channel in json.loads(channels):
        try:
            commands.add_member(app, None, channel, req.user)
            joined.append(channel)
        except commands.Rejected:
            pass  # archived or gone since the invite was made: skip it
    conn.execute("UPDATE invites SET uses = uses + 1 WHERE id = ?", (invite_id,))
    audit.record(conn, req.user, "invite.used", invite_id, f"user={req.user} use={uses + 1}/{max_uses}")
    return role, joined
