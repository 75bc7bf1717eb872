"""What each client command does to the relay's state: checks, then events.

Runs inside the writer's transaction. `actor` None means an administrator (the
`beacon-relay admin` command), which skips membership checks.
"""

from __future__ import annotations

import secrets
import sqlite3

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.errors import ErrorCode
from server_stub import audit, features, guests, roles
from server_stub.accounts import user_exists
from server_stub.log import Appender, now_ms


class Rejected(Exception):
    """The command is refused; nothing was written. Sent as an `error` frame."""

    def __init__(self, code: ErrorCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def new_channel_id() -> str:
    return "C" + secrets.token_hex(6)


# ---- lookups ----------------------------------------------------------------


# The lookups every command makes, as constants: server_stub.prefetch reads them for a
# whole group commit at once and hands the rows to PostgreSQL's per-transaction cache
# under these exact texts.
CHANNEL_SQL = "SELECT id, name, private, dm_key, archived, creator FROM channels WHERE id = ?"
MEMBER_SQL = "SELECT 1 FROM members WHERE channel = ? AND user = ?"
ROLE_SQL = "SELECT role, deactivated_ts FROM users WHERE name = ?"


def _channel(conn: sqlite3.Connection, channel: str) -> sqlite3.Row:
    row = conn.execute(CHANNEL_SQL, (channel,)).fetchone()
    if row is None:
        raise Rejected(ErrorCode.NOT_FOUND, f"no channel {channel}")
    return row


def is_member(conn: sqlite3.Connection, channel: str, user: str) -> bool:
    return conn.execute(MEMBER_SQL, (channel, user)).fetchone() is not None


def is_manager(conn: sqlite3.Connection, channel: str, user: str) -> bool:
    row = conn.execute("SELECT manager FROM members WHERE channel = ? AND user = ?", (channel, user)).fetchone()
    return bool(row and row[0])


def actor_role(conn: sqlite3.Connection, actor: str | None) -> str:
    """The workspace role of `actor` ('owner' for the operator); refuses deactivated people."""
    if actor is None:
        return "owner"
    row = conn.execute(ROLE_SQL, (actor,)).fetchone()
    if row is None:
        raise Rejected(ErrorCode.UNAUTHORIZED, f"no user {actor}")
    if row[1] is not None:
        raise Rejected(ErrorCode.FORBIDDEN, "your account is deactivated")
    return row[0]


def authorize(conn, actor: str | None, action: str, row=None, role: str | None = None) -> str:
    """Raise Rejected (in plain words) unless `actor` may take `action` in channel `row`.

    Returns the actor's role. The operator (`actor` None) may do anything.
    """
    if role is None:
        role = actor_role(conn, actor)
    if actor is None:
        return role
    manager = (
        row is not None and roles.needs_manager(action) and not roles.is_admin(role)
        and is_manager(conn, row[0], actor)
    )
    if not roles.can(role, action, manager=manager):
        raise Rejected(ErrorCode.FORBIDDEN, roles.refusal(action, row[1] if row is not None else None))
    return role


def shares_channel(conn: sqlite3.Connection, user: str, other: str) -> bool:
    return conn.execute(
        "SELECT 1 FROM members a JOIN members b ON a.channel = b.channel WHERE a.user = ? AND b.user = ? LIMIT 1",
        (user, other),
    ).fetchone() is not None


def first_owner(conn: sqlite3.Connection) -> str | None:
    row = conn.execute(
        "SELECT name FROM users WHERE role = 'owner' AND deactivated_ts IS NULL ORDER BY created_ts, name LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def _require_member(conn, channel: str, actor: str | None, *, writable: bool = True):
    row = _channel(conn, channel)
    if actor is not None and not is_member(conn, channel, actor):
        raise Rejected(ErrorCode.NOT_MEMBER, f"you are not a member of {row[1]}")
    if writable and row[4]:
        raise Rejected(ErrorCode.ARCHIVED, f"channel {row[1]} is archived")
    return row


_MAX_SQLITE_INT = (1 << 63) - 1


def _message(conn, msg: int, actor: str | None):
    # The wire schema allows any int >= 1; SQLite raises OverflowError past int64,
    # which would surface as an `internal` error instead of `not_found`.
    row = None if msg > _MAX_SQLITE_INT else conn.execute(
        "SELECT id, channel, author, thread, deleted, pinned FROM messages WHERE id = ?", (msg,)
    ).fetchone()
    # A message in a channel the actor cannot see is reported as missing, not forbidden.
    if row is None or (actor is not None and not is_member(conn, row[1], actor)):
        raise Rejected(ErrorCode.NOT_FOUND, f"no message {msg}")
    _require_member(conn, row[1], actor)
    return row


def _mark_unread(app, conn, actor: str | None, cmd: fr.MarkUnread, cid: str | None) -> fr.Ack:
    """Put the actor's marker just before `cmd.msg`; archived channels allowed, as for mark_read."""
    row = None if cmd.msg > _MAX_SQLITE_INT else conn.execute(
        "SELECT channel FROM messages WHERE id = ?", (cmd.msg,)
    ).fetchone()
    if row is None or (actor is not None and not is_member(conn, row[0], actor)):
        raise Rejected(ErrorCode.NOT_FOUND, f"no message {cmd.msg}")
    channel, upto = row[0], cmd.msg - 1
    current = conn.execute(
        "SELECT upto FROM read_markers WHERE user = ? AND channel = ?", (actor, channel)
    ).fetchone()
    if current is None or current[0] <= upto:
        return _ack(cmd, msg=cmd.msg, channel=channel)  # unread from there already: no-op
    conn.execute("UPDATE read_markers SET upto = ? WHERE user = ? AND channel = ?", (upto, actor, channel))
    stored = app.append(
        ev.ReadUnmarked, scope_channel=None, scope_user=actor, actor=actor, channel=channel, cid=cid, upto=upto,
    )
    return _ack(cmd, stored.seq, msg=cmd.msg, channel=channel)


def _channel_scope(conn, channel: str) -> str | None:
    """Metadata of public channels is visible to everyone (so they can be found and
    joined); private channels and DMs only to their members."""
    return channel if _channel(conn, channel)[2] else None


def _check_name_free(conn, name: str, except_channel: str | None = None) -> None:
    row = conn.execute(
        "SELECT id FROM channels WHERE lower(name) = lower(?) AND dm_key IS NULL", (name,)
    ).fetchone()
    if row is not None and row[0] != except_channel:
        raise Rejected(ErrorCode.CONFLICT, f"a channel named {name} already exists")


def _text(text: str) -> str:
    if not text.strip():
        raise Rejected(ErrorCode.INVALID, "message text is empty")
    return text


def _ack(cmd: fr.Command, seq: int | None = None, **extra) -> fr.Ack:
    return fr.Ack(id=cmd.id, ts=now_ms(), seq=seq, **extra)


# ---- commands -----------------------------------------------------------------


def create_channel(
    app: Appender, actor: str | None, name: str, *, private: bool, topic: str = "",
    members: list[str] = (), cid: str | None = None, dm_key: str | None = None,
) -> tuple[str, int]:
    conn = app.conn
    if dm_key is None:
        _check_name_free(conn, name)
    # Every channel has a manager: its creator, or for the operator's channels the
    # workspace's first owner (a direct message has none: nothing to manage).
    manager = None if dm_key is not None else (actor or first_owner(conn))
    everyone = ([manager] if manager else []) + ([actor] if actor else []) + list(members)
    everyone = list(dict.fromkeys(everyone))
    for user in everyone:
        if not user_exists(conn, user):
            raise Rejected(ErrorCode.NOT_FOUND, f"no user {user}")
    channel = new_channel_id()
    conn.execute(
        "INSERT INTO channels(id, name, private, dm_key, creator, topic) VALUES (?,?,?,?,?,?)",
        (channel, name, int(private), dm_key, actor, topic),
    )
    conn.executemany(
        "INSERT INTO members(channel, user, manager) VALUES (?,?,?)",
        [(channel, u, int(u == manager)) for u in everyone],
    )
    stored = app.append(
        ev.ChannelCreated, scope_channel=channel if private else None, scope_user=None,
        actor=actor, channel=channel, cid=cid, name=name, private=private,
        dm=dm_key is not None, topic=topic, members=everyone, managers=[manager] if manager else [],
    )
    if dm_key is None:
        for user in everyone:
            if user != actor:
                audit.record(conn, actor, "member.added", channel, f"user={user} at creation")
    guests.introduce(app, channel, everyone)
    return channel, stored.seq


def add_member(app: Appender, actor: str | None, channel: str, user: str, cid: str | None = None) -> int | None:
    conn = app.conn
    row = _require_member(conn, channel, actor)
    if row[3] is not None:
        raise Rejected(ErrorCode.FORBIDDEN, "members of a direct message cannot change")
    authorize(conn, actor, "add_member", row)
    if not user_exists(conn, user):
        raise Rejected(ErrorCode.NOT_FOUND, f"no user {user}")
    if is_member(conn, channel, user):
        return None
    conn.execute("INSERT INTO members(channel, user) VALUES (?,?)", (channel, user))
    audit.record(conn, actor, "member.added", channel, f"user={user}")
    seq = app.append(
        ev.MemberAdded, scope_channel=channel, scope_user=user, actor=actor, channel=channel, cid=cid, user=user
    ).seq
    guests.introduce(app, channel, [user])
    return seq


def remove_member(app: Appender, actor: str | None, channel: str, user: str, cid: str | None = None) -> int | None:
    conn = app.conn
    row = _require_member(conn, channel, actor, writable=False)
    if row[3] is not None:
        # Leaving would strand the conversation: open_dm would return a channel
        # neither side could rejoin.
        raise Rejected(ErrorCode.FORBIDDEN, "direct messages cannot be left")
    if user != actor:
        authorize(conn, actor, "remove_member", row)
    if not is_member(conn, channel, user):
        return None
    was_manager = is_manager(conn, channel, user)
    stored = app.append(
        ev.MemberRemoved, scope_channel=channel, scope_user=user, actor=actor, channel=channel, cid=cid, user=user
    )
    conn.execute("DELETE FROM members WHERE channel = ? AND user = ?", (channel, user))
    if user != actor:
        audit.record(conn, actor, "member.removed", channel, f"user={user}")
    if was_manager:
        _hand_over(app, channel)
    return stored.seq


def _hand_over(app: Appender, channel: str) -> None:
    """The last manager left: the remaining member highest in the workspace (owner, admin,
    member; then by name) becomes the manager. Guests are never made managers."""
    conn = app.conn
    if conn.execute("SELECT 1 FROM members WHERE channel = ? AND manager = 1", (channel,)).fetchone():
        return
    row = conn.execute(
        "SELECT m.user FROM members m JOIN users u ON u.name = m.user WHERE m.channel = ?"
        " AND u.role != 'guest' AND u.deactivated_ts IS NULL"
        " ORDER BY CASE u.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, m.user LIMIT 1",
        (channel,),
    ).fetchone()
    if row is None:
        return  # only guests left: the workspace's owners and admins still manage it
    conn.execute("UPDATE members SET manager = 1 WHERE channel = ? AND user = ?", (channel, row[0]))
    app.append(
        ev.ManagerChanged, scope_channel=channel, scope_user=None, actor=None, channel=channel,
        user=row[0], manager=True,
    )


def execute(app: Appender, actor: str, cmd: fr.Command) -> fr.Ack:
    """Apply one client command as `actor`; raises Rejected if it is not allowed."""
    conn = app.conn
    cid = cmd.id
    role = actor_role(conn, actor)  # refuses a deactivated actor on every command
    match cmd:
        case fr.Post():
            _require_member(conn, cmd.channel, actor)
            thread = None
            if cmd.thread is not None:
                root = _message(conn, cmd.thread, actor)
                if root[1] != cmd.channel:
                    raise Rejected(ErrorCode.INVALID, "thread root is in another channel")
                if root[4]:
                    raise Rejected(ErrorCode.NOT_FOUND, f"message {cmd.thread} was deleted")
                thread = root[3] or root[0]  # a reply to a reply joins the root's thread
            stored = app.append(
                ev.MessagePosted, scope_channel=cmd.channel, scope_user=None, actor=actor,
                channel=cmd.channel, cid=cid, msg=None, text=_text(cmd.text), thread=thread,
            )
            conn.execute(
                "INSERT INTO messages(id, channel, author, thread) VALUES (?,?,?,?)",
                (stored.seq, cmd.channel, actor, thread),
            )
            return _ack(cmd, stored.seq, msg=stored.seq, channel=cmd.channel)
        case fr.Edit() | fr.Delete():
            row = _message(conn, cmd.msg, actor)
            moderated = row[2] != actor
            if moderated and isinstance(cmd, fr.Edit):
                raise Rejected(ErrorCode.FORBIDDEN, "you can only edit your own messages")
            if moderated:
                channel_row = _channel(conn, row[1])
                if channel_row[3] is not None:
                    raise Rejected(ErrorCode.FORBIDDEN, "in a direct message you can only delete your own messages")
                authorize(conn, actor, "moderate", channel_row, role)
            if row[4]:
                if isinstance(cmd, fr.Delete):
                    return _ack(cmd)
                raise Rejected(ErrorCode.NOT_FOUND, f"message {cmd.msg} was deleted")
            if isinstance(cmd, fr.Edit):
                stored = app.append(
                    ev.MessageEdited, scope_channel=row[1], scope_user=None, actor=actor,
                    channel=row[1], cid=cid, msg=cmd.msg, text=_text(cmd.text),
                )
            else:
                stored = app.append(
                    ev.MessageDeleted, scope_channel=row[1], scope_user=None, actor=actor,
                    channel=row[1], cid=cid, msg=cmd.msg, moderated=moderated,
                )
                if moderated:  # never the body: who, which message, whose
                    audit.record(conn, actor, "message.removed", str(cmd.msg), f"channel={row[1]} author={row[2]}")
                conn.execute("UPDATE messages SET deleted = 1, pinned = 0 WHERE id = ?", (cmd.msg,))
                conn.execute("DELETE FROM reactions WHERE msg = ?", (cmd.msg,))
            return _ack(cmd, stored.seq, msg=cmd.msg, channel=row[1])
        case fr.React() | fr.Unreact():
            row = _message(conn, cmd.msg, actor)
            if row[4]:
                raise Rejected(ErrorCode.NOT_FOUND, f"message {cmd.msg} was deleted")
            key = (cmd.msg, actor, cmd.emoji)
            have = conn.execute(
                "SELECT 1 FROM reactions WHERE msg = ? AND user = ? AND emoji = ?", key
            ).fetchone()
            adding = isinstance(cmd, fr.React)
            if bool(have) == adding:
                return _ack(cmd, msg=cmd.msg, channel=row[1])  # already so: no event
            if adding:
                conn.execute("INSERT INTO reactions(msg, user, emoji) VALUES (?,?,?)", key)
            else:
                conn.execute("DELETE FROM reactions WHERE msg = ? AND user = ? AND emoji = ?", key)
            stored = app.append(
                ev.ReactionAdded if adding else ev.ReactionRemoved, scope_channel=row[1],
                scope_user=None, actor=actor, channel=row[1], cid=cid, msg=cmd.msg, emoji=cmd.emoji,
            )
            return _ack(cmd, stored.seq, msg=cmd.msg, channel=row[1])
        case fr.Pin() | fr.Unpin():
            row = _message(conn, cmd.msg, actor)
            if row[4]:
                raise Rejected(ErrorCode.NOT_FOUND, f"message {cmd.msg} was deleted")
            pinning = isinstance(cmd, fr.Pin)
            if bool(row[5]) == pinning:
                return _ack(cmd, msg=cmd.msg, channel=row[1])
            conn.execute("UPDATE messages SET pinned = ? WHERE id = ?", (int(pinning), cmd.msg))
            stored = app.append(
                ev.MessagePinned if pinning else ev.MessageUnpinned, scope_channel=row[1],
                scope_user=None, actor=actor, channel=row[1], cid=cid, msg=cmd.msg,
            )
            return _ack(cmd, stored.seq, msg=cmd.msg, channel=row[1])
        case fr.MarkRead():
            _require_member(conn, cmd.channel, actor, writable=False)
            upto = min(cmd.upto, app.peek_seq() - 1)
            current = conn.execute(
                "SELECT upto FROM read_markers WHERE user = ? AND channel = ?", (actor, cmd.channel)
            ).fetchone()
            if current is not None and current[0] >= upto:
                return _ack(cmd, channel=cmd.channel)
            conn.execute(
                "INSERT INTO read_markers(user, channel, upto) VALUES (?,?,?)"
                " ON CONFLICT(user, channel) DO UPDATE SET upto = excluded.upto",
                (actor, cmd.channel, upto),
            )
            stored = app.append(
                ev.ReadMarked, scope_channel=None, scope_user=actor, actor=actor,
                channel=cmd.channel, cid=cid, upto=upto,
            )
            return _ack(cmd, stored.seq, channel=cmd.channel)
        case fr.MarkUnread():
            return _mark_unread(app, conn, actor, cmd, cid)
        case fr.CreateChannel():
            authorize(conn, actor, "create_channel", role=role)
            channel, seq = create_channel(
                app, actor, cmd.name, private=cmd.private, topic=cmd.topic, members=cmd.members, cid=cid
            )
            return _ack(cmd, seq, channel=channel)
        case fr.OpenDm():
            if role == "guest" and cmd.user != actor and not shares_channel(conn, actor, cmd.user):
                # Same answer whether or not that person exists: guests cannot look people up.
                raise Rejected(ErrorCode.FORBIDDEN, roles.refusal("open_dm"))
            if not user_exists(conn, cmd.user):
                raise Rejected(ErrorCode.NOT_FOUND, f"no user {cmd.user}")
            pair = sorted({actor, cmd.user})
            dm_key = "|".join(pair)
            row = conn.execute("SELECT id FROM channels WHERE dm_key = ?", (dm_key,)).fetchone()
            if row is not None:
                return _ack(cmd, channel=row[0])
            channel, seq = create_channel(
                app, actor, "+".join(pair), private=True, members=pair, cid=cid, dm_key=dm_key
            )
            return _ack(cmd, seq, channel=channel)
        case fr.Join():
            row = _channel(conn, cmd.channel)
            if row[2] or row[3] is not None:
                raise Rejected(ErrorCode.FORBIDDEN, "private channels are joined by invitation")
            authorize(conn, actor, "join", row, role)
            if row[4]:
                raise Rejected(ErrorCode.ARCHIVED, f"channel {row[1]} is archived")
            if is_member(conn, cmd.channel, actor):
                return _ack(cmd, channel=cmd.channel)
            conn.execute("INSERT INTO members(channel, user) VALUES (?,?)", (cmd.channel, actor))
            stored = app.append(
                ev.MemberAdded, scope_channel=cmd.channel, scope_user=actor, actor=actor,
                channel=cmd.channel, cid=cid, user=actor,
            )
            guests.introduce(app, cmd.channel, [actor])
            return _ack(cmd, stored.seq, channel=cmd.channel)
        case fr.Leave():
            seq = remove_member(app, actor, cmd.channel, actor, cid)
            return _ack(cmd, seq, channel=cmd.channel)
        case fr.AddMember():
            return _ack(cmd, add_member(app, actor, cmd.channel, cmd.user, cid), channel=cmd.channel)
        case fr.RemoveMember():
            return _ack(cmd, remove_member(app, actor, cmd.channel, cmd.user, cid), channel=cmd.channel)
        case fr.Rename():
            row = _require_member(conn, cmd.channel, actor)
            if row[3] is not None:
                raise Rejected(ErrorCode.FORBIDDEN, "direct messages cannot be renamed")
            authorize(conn, actor, "rename", row, role)
            if row[1] == cmd.name:
                return _ack(cmd, channel=cmd.channel)
            _check_name_free(conn, cmd.name, except_channel=cmd.channel)
            conn.execute("UPDATE channels SET name = ? WHERE id = ?", (cmd.name, cmd.channel))
            stored = app.append(
                ev.ChannelRenamed, scope_channel=_channel_scope(conn, cmd.channel), scope_user=None,
                actor=actor, channel=cmd.channel, cid=cid, name=cmd.name,
            )
            return _ack(cmd, stored.seq, channel=cmd.channel)
        case fr.Archive():
            row = _require_member(conn, cmd.channel, actor, writable=False)
            if row[3] is not None:
                raise Rejected(ErrorCode.FORBIDDEN, "direct messages cannot be archived")
            authorize(conn, actor, "archive", row, role)
            if row[4]:
                return _ack(cmd, channel=cmd.channel)
            conn.execute("UPDATE channels SET archived = 1 WHERE id = ?", (cmd.channel,))
            audit.record(conn, actor, "channel.archived", cmd.channel, f"name={row[1]}")
            stored = app.append(
                ev.ChannelArchived, scope_channel=_channel_scope(conn, cmd.channel), scope_user=None,
                actor=actor, channel=cmd.channel, cid=cid,
            )
            return _ack(cmd, stored.seq, channel=cmd.channel)
    handler = features.command_handler(type(cmd))
    if handler is not None:
        return handler(app, actor, cmd)
    raise Rejected(ErrorCode.UNKNOWN_TYPE, f"{type(cmd).__name__} is not a command")
