"""Administration: users, tokens, channels. Works while the relay is serving."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import msgspec

from desktop.protocol.types import ChannelName, Topic
from server_stub import accounts, commands, db, invites
from server_stub.log import now_ms
from server_stub.writer import run_admin


class AdminError(Exception):
    """A request that cannot be carried out; the message is shown to the operator."""


def _resolve_channel(conn: sqlite3.Connection, ref: str) -> str:
    name = ref[1:] if ref.startswith("#") else ref
    row = conn.execute(
        "SELECT id FROM channels WHERE id = ? OR (lower(name) = lower(?) AND dm_key IS NULL)",
        (name, name),
    ).fetchone()
    if row is None:
        raise AdminError(f"no channel {ref!r}")
    return row[0]


def _run(data_dir: Path, fn):
    try:
        return run_admin(data_dir, fn)
    except (accounts.AccountError, commands.Rejected, invites.InviteRefused) as exc:
        raise AdminError(str(exc)) from None


def add_user(data_dir: Path, name: str, display_name: str | None = None) -> str:
    """Create a user and return a fresh token for them."""
    def fn(app):
        accounts.add_user(app, name, display_name)
        return accounts.issue_token(app.conn, name)
    return _run(data_dir, fn)


def new_token(data_dir: Path, name: str) -> str:
    return _run(data_dir, lambda app: accounts.issue_token(app.conn, name))


def revoke_token(data_dir: Path, name: str) -> int:
    return _run(data_dir, lambda app: accounts.revoke_tokens(app.conn, name))


def add_channel(
    data_dir: Path, name: str, *, private: bool = False, members: list[str] = (), topic: str = ""
) -> str:
    def fn(app):
        try:  # the same rule clients enforce: a name they would reject must not be stored
            msgspec.convert(name, ChannelName)
            msgspec.convert(topic, Topic)
        except msgspec.ValidationError:
            raise AdminError(
                f"invalid channel name {name!r}: 1-80 characters, no spaces or control characters,"
                " not starting with # or @ (topic: at most 250 characters)"
            ) from None
        channel, _seq = commands.create_channel(app, None, name, private=private, topic=topic, members=members)
        return channel
    return _run(data_dir, fn)


def add_member(data_dir: Path, channel: str, user: str) -> bool:
    return _run(data_dir, lambda app: commands.add_member(app, None, _resolve_channel(app.conn, channel), user) is not None)


def remove_member(data_dir: Path, channel: str, user: str) -> bool:
    return _run(data_dir, lambda app: commands.remove_member(app, None, _resolve_channel(app.conn, channel), user) is not None)


def create_invite(data_dir: Path, *, max_uses: int, expires_in_s: int, role: str, channels: list[str]):
    """An invite made by the operator (audit actor: none); returns the sign-in frame with its secrets."""
    return _run(data_dir, lambda app: invites.create(
        app, None, max_uses=max_uses, expires_in_s=expires_in_s, role=role, channels=channels, now=now_ms()))


def list_invites(data_dir: Path, *, include_spent: bool = False):
    conn = db.connect(data_dir)
    try:
        return invites.listing(conn, None, include_spent=include_spent, now=now_ms())
    finally:
        conn.close()


def revoke_invite(data_dir: Path, invite_id: str) -> None:
    _run(data_dir, lambda app: invites.revoke(app, None, invite_id, now=now_ms()))


def listing(data_dir: Path) -> str:
    conn = db.connect(data_dir)
    try:
        lines = ["users:"]
        for name, display, live in conn.execute(
            "SELECT u.name, u.display_name, (SELECT count(*) FROM tokens t WHERE t.user = u.name"
            " AND t.revoked_ts IS NULL) FROM users u ORDER BY u.name"
        ):
            lines.append(f"  {name}  ({display})  tokens: {live}")
        lines.append("channels:")
        for cid, name, private, dm, archived in conn.execute(
            "SELECT id, name, private, dm_key IS NOT NULL, archived FROM channels ORDER BY dm_key IS NOT NULL, lower(name)"
        ):
            members = [r[0] for r in conn.execute("SELECT user FROM members WHERE channel = ? ORDER BY user", (cid,))]
            flags = ["dm" if dm else ("private" if private else "public")] + (["archived"] if archived else [])
            lines.append(f"  {cid}  #{name}  [{', '.join(flags)}]  members: {', '.join(members)}")
        lines.append(f"events: {conn.execute('SELECT coalesce(max(seq), 0) FROM events').fetchone()[0]}")
        return "\n".join(lines)
    finally:
        conn.close()
