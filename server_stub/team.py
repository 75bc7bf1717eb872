"""Team administration commands (issue 12): channel topic and unarchive, workspace
roles, deactivation. Registered as a relay feature; policy lives in server_stub.roles.

`actor` None is the relay's operator (`beacon-relay admin`), who may do anything.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata

from desktop.protocol import events as ev
from desktop.protocol import team as tm
from desktop.protocol.attention import valid_zone
from desktop.protocol.library import clean_tags
from desktop.protocol.errors import ErrorCode
from desktop.protocol.types import ROLES
from server_stub import accounts, audit, features, roles
from server_stub.commands import Rejected, _ack, _channel_scope, _require_member, actor_role, authorize
from server_stub.log import Appender


def _target(conn: sqlite3.Connection, user: str) -> tuple[str, bool]:
    row = conn.execute("SELECT role, deactivated_ts IS NULL FROM users WHERE name = ?", (user,)).fetchone()
    if row is None:
        raise Rejected(ErrorCode.NOT_FOUND, f"no user {user}")
    return row[0], bool(row[1])


def _owners(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM users WHERE role = 'owner' AND deactivated_ts IS NULL").fetchone()[0]


def set_topic(app: Appender, actor: str | None, cmd: tm.SetTopic):
    conn = app.conn
    row = _require_member(conn, cmd.channel, actor)
    if row[3] is not None:
        raise Rejected(ErrorCode.FORBIDDEN, "direct messages have no topic")
    authorize(conn, actor, "set_topic", row)
    current = conn.execute("SELECT topic FROM channels WHERE id = ?", (cmd.channel,)).fetchone()[0]
    if current == cmd.topic:
        return _ack(cmd, channel=cmd.channel)
    conn.execute("UPDATE channels SET topic = ? WHERE id = ?", (cmd.topic, cmd.channel))
    stored = app.append(
        ev.ChannelTopicSet, scope_channel=_channel_scope(conn, cmd.channel), scope_user=None,
        actor=actor, channel=cmd.channel, cid=cmd.id, topic=cmd.topic,
    )
    return _ack(cmd, stored.seq, channel=cmd.channel)


def unarchive(app: Appender, actor: str | None, cmd: tm.Unarchive):
    conn = app.conn
    row = _require_member(conn, cmd.channel, actor, writable=False)
    if row[3] is not None:
        raise Rejected(ErrorCode.FORBIDDEN, "direct messages cannot be archived or unarchived")
    authorize(conn, actor, "unarchive", row)
    if not row[4]:
        return _ack(cmd, channel=cmd.channel)
    conn.execute("UPDATE channels SET archived = 0 WHERE id = ?", (cmd.channel,))
    audit.record(conn, actor, "channel.unarchived", cmd.channel, f"name={row[1]}")
    stored = app.append(
        ev.ChannelUnarchived, scope_channel=_channel_scope(conn, cmd.channel), scope_user=None,
        actor=actor, channel=cmd.channel, cid=cmd.id,
    )
    return _ack(cmd, stored.seq, channel=cmd.channel)


def change_role(app: Appender, actor: str | None, user: str, role: str, cid: str | None = None) -> int | None:
    """Give `user` the workspace `role`; the seq of the user.role event, None if unchanged."""
    conn = app.conn
    if role not in ROLES:
        raise Rejected(ErrorCode.INVALID, f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    mine = actor_role(conn, actor)
    current, _active = _target(conn, user)
    if current == role:
        return None
    reason = roles.role_change_refusal(mine, user, current, role, _owners(conn))
    if reason:
        raise Rejected(ErrorCode.FORBIDDEN, reason)
    conn.execute("UPDATE users SET role = ? WHERE name = ?", (role, user))
    audit.record(conn, actor, "role.changed", user, f"{current}->{role}")
    return app.append(
        ev.RoleChanged, scope_channel=None, scope_user=None, actor=actor, cid=cid, user=user, role=role
    ).seq


def set_active(app: Appender, actor: str | None, user: str, active: bool, cid: str | None = None) -> int | None:
    """Deactivate (revoking every token: the relay closes their connections) or
    reactivate `user`; None if already so. Memberships and history stay."""
    conn = app.conn
    mine = actor_role(conn, actor)
    current, was_active = _target(conn, user)
    reason = roles.deactivation_refusal(mine, user, current, _owners(conn), reactivate=active)
    if reason:
        raise Rejected(ErrorCode.FORBIDDEN, reason)
    if was_active == active:
        return None
    if active:
        conn.execute("UPDATE users SET deactivated_ts = NULL WHERE name = ?", (user,))
        audit.record(conn, actor, "user.reactivated", user)
        kind = ev.UserReactivated
    else:
        conn.execute("UPDATE users SET deactivated_ts = ? WHERE name = ?", (app.clock(), user))
        revoked = accounts.revoke_tokens(conn, user)
        audit.record(conn, actor, "user.deactivated", user, f"tokens revoked={revoked}")
        kind = ev.UserDeactivated
    return app.append(kind, scope_channel=None, scope_user=None, actor=actor, cid=cid, user=user).seq


def _set_role(app, actor, cmd: tm.SetRole):
    return _ack(cmd, change_role(app, actor, cmd.user, cmd.role, cmd.id))


def _deactivate(app, actor, cmd: tm.Deactivate):
    return _ack(cmd, set_active(app, actor, cmd.user, False, cmd.id))


def _reactivate(app, actor, cmd: tm.Reactivate):
    return _ack(cmd, set_active(app, actor, cmd.user, True, cmd.id))


def _plain(value: str, what: str, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise Rejected(ErrorCode.INVALID, f"a {what} cannot be blank")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
        raise Rejected(ErrorCode.INVALID, f"a {what} cannot contain control or formatting characters")
    return value


def set_profile(app: Appender, actor: str | None, cmd: tm.SetProfile):
    """Your own display name, title and time zone; everyone is told (user.updated)."""
    if actor is None:
        raise Rejected(ErrorCode.INVALID, "a profile belongs to a user")
    conn = app.conn
    name, title, tz, skills = conn.execute(
        "SELECT display_name, title, tz, skills FROM users WHERE name = ?", (actor,)).fetchone()
    before = [name, title, tz, json.loads(skills or "[]")]
    after = list(before)
    if cmd.display_name is not None:
        after[0] = _plain(cmd.display_name, "display name", required=True)
    if cmd.title is not None:
        after[1] = _plain(cmd.title, "title", required=False)
    if cmd.tz is not None:
        after[2] = cmd.tz.strip()
        if after[2] and not valid_zone(after[2]):
            raise Rejected(ErrorCode.INVALID, f"unknown time zone {after[2]!r}: use a name like Asia/Shanghai")
    if cmd.skills is not None:
        after[3] = [_plain(t, "skill", required=False) for t in clean_tags(cmd.skills)]
        after[3] = [t for t in after[3] if t]
    if after == before:
        return _ack(cmd, None)
    conn.execute("UPDATE users SET display_name = ?, title = ?, tz = ?, skills = ? WHERE name = ?",
                 (*after[:3], json.dumps(after[3], ensure_ascii=False), actor))
    seq = app.append(ev.UserUpdated, scope_channel=None, scope_user=None, actor=actor, cid=cmd.id, user=actor,
                     display_name=after[0], title=after[1], tz=after[2], skills=after[3]).seq
    return _ack(cmd, seq)


FEATURE = features.register(features.RelayFeature(
    name="team",
    commands={
        tm.SetTopic: set_topic, tm.Unarchive: unarchive, tm.SetRole: _set_role,
        tm.Deactivate: _deactivate, tm.Reactivate: _reactivate, tm.SetProfile: set_profile,
    },
))
