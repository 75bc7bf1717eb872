"""Relay feature `tasks`: the authority on task fields, per-field versions and conflicts.

Every field carries the seq of the event that last set it and who set it. An edit
names the version it was based on; when a field changed since then by someone else,
the edit still wins (last writer in relay order) and the event records what it
overrode, so the overridden person is told and their value stays in the history.
"""

from __future__ import annotations

import json

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol import tasks as rules
from desktop.protocol.errors import ErrorCode
from server_stub import features
from server_stub.accounts import user_exists
from server_stub.commands import Rejected, _message, _require_member, is_member
from server_stub.log import Appender, now_ms

_MIGRATIONS = (
    (
        "CREATE TABLE tasks (id TEXT PRIMARY KEY, channel TEXT NOT NULL, number INTEGER NOT NULL)",
        "CREATE TABLE task_fields (task TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,"
        " version INTEGER NOT NULL, actor TEXT, PRIMARY KEY (task, field))",
        "CREATE TABLE task_columns (channel TEXT PRIMARY KEY, columns TEXT NOT NULL)",
        "CREATE TABLE task_capacity (user TEXT PRIMARY KEY, hours REAL NOT NULL)",
    ),
)


def _columns(conn, channel: str) -> list[str]:
    row = conn.execute("SELECT columns FROM task_columns WHERE channel = ?", (channel,)).fetchone()
    if row is None:
        return [key for key, _name in rules.DEFAULT_COLUMNS]
    return [c["key"] for c in json.loads(row[0])]


def _checked(conn, channel: str, field: str, value):
    try:
        value = rules.check(field, value)
    except ValueError as exc:
        raise Rejected(ErrorCode.INVALID, str(exc)) from None
    if field == "status" and value not in _columns(conn, channel):
        raise Rejected(ErrorCode.INVALID, f"no column {value!r} on this board")
    if field == "assignees":
        for user in value:
            if not user_exists(conn, user):
                raise Rejected(ErrorCode.NOT_FOUND, f"no user {user}")
            if not is_member(conn, channel, user):
                raise Rejected(ErrorCode.INVALID, f"{user} is not a member of this channel")
    return value


def _ack(cmd, seq=None) -> fr.Ack:
    return fr.Ack(id=cmd.id, ts=now_ms(), seq=seq)


def _task(conn, task: str, actor: str | None) -> str:
    row = conn.execute("SELECT channel FROM tasks WHERE id = ?", (task,)).fetchone()
    if row is None or (actor is not None and not is_member(conn, row[0], actor)):
        raise Rejected(ErrorCode.NOT_FOUND, f"no task {task}")
    _require_member(conn, row[0], actor)
    return row[0]


def create(app: Appender, actor: str | None, cmd: fr.TaskCreate) -> fr.Ack:
    conn = app.conn
    _require_member(conn, cmd.channel, actor)
    if conn.execute("SELECT 1 FROM tasks WHERE id = ?", (cmd.id,)).fetchone():
        raise Rejected(ErrorCode.CONFLICT, f"task {cmd.id} exists")
    if cmd.source_msg is not None and _message(conn, cmd.source_msg, actor)[1] != cmd.channel:
        raise Rejected(ErrorCode.INVALID, "the source message is in another channel")
    values = dict(rules.DEFAULTS)
    for change in cmd.changes:
        values[change.field] = _checked(conn, cmd.channel, change.field, change.value)
    if not values["title"]:
        raise Rejected(ErrorCode.INVALID, "a task needs a title")
    try:
        rules.check_window(values["start"], values["due"])
    except ValueError as exc:
        raise Rejected(ErrorCode.INVALID, str(exc)) from None
    seq = app.peek_seq()
    conn.execute("INSERT INTO tasks(id, channel, number) VALUES (?,?,?)", (cmd.id, cmd.channel, seq))
    conn.executemany(
        "INSERT INTO task_fields(task, field, value, version, actor) VALUES (?,?,?,?,?)",
        [(cmd.id, f, json.dumps(v), seq, actor) for f, v in values.items()],
    )
    stored = app.append(
        ev.TaskCreated, scope_channel=cmd.channel, scope_user=None, actor=actor, channel=cmd.channel,
        cid=cmd.id, task=cmd.id, number=seq, source_msg=cmd.source_msg,
        changes=[ev.TaskChange(field=f, value=v) for f, v in values.items()],
    )
    return _ack(cmd, stored.seq)


def edit(app: Appender, actor: str | None, cmd: fr.TaskEdit) -> fr.Ack:
    conn = app.conn
    channel = _task(conn, cmd.task, actor)
    current = {
        f: (json.loads(v), version, who)
        for f, v, version, who in conn.execute(
            "SELECT field, value, version, actor FROM task_fields WHERE task = ?", (cmd.task,)
        )
    }
    seq = app.peek_seq()
    changes, after = [], {f: v for f, (v, _ver, _who) in current.items()}
    for change in cmd.changes:
        value = _checked(conn, channel, change.field, change.value)
        old, version, who = current.get(change.field, (rules.DEFAULTS[change.field], 0, None))
        if value == old:
            continue
        lost = None
        if change.base < version and who != actor:
            # Concurrent edit of the same field: this one wins, the overridden one is kept.
            lost = ev.TaskLost(actor=who, value=old, seq=version)
        changes.append(ev.TaskChange(field=change.field, value=value, lost=lost))
        after[change.field] = value
    if not changes:
        return _ack(cmd)
    try:
        rules.check_window(after.get("start"), after.get("due"))
    except ValueError as exc:
        raise Rejected(ErrorCode.INVALID, str(exc)) from None
    conn.executemany(
        "INSERT INTO task_fields(task, field, value, version, actor) VALUES (?,?,?,?,?)"
        " ON CONFLICT(task, field) DO UPDATE SET value = excluded.value, version = excluded.version,"
        " actor = excluded.actor",
        [(cmd.task, c.field, json.dumps(c.value), seq, actor) for c in changes],
    )
    stored = app.append(
        ev.TaskUpdated, scope_channel=channel, scope_user=None, actor=actor, channel=channel,
        cid=cmd.id, task=cmd.task, changes=changes,
    )
    return _ack(cmd, stored.seq)


def comment(app: Appender, actor: str | None, cmd: fr.TaskComment) -> fr.Ack:
    channel = _task(app.conn, cmd.task, actor)
    if not cmd.text.strip():
        raise Rejected(ErrorCode.INVALID, "comment text is empty")
    stored = app.append(
        ev.TaskCommented, scope_channel=channel, scope_user=None, actor=actor, channel=channel,
        cid=cmd.id, task=cmd.task, text=cmd.text,
    )
    return _ack(cmd, stored.seq)


def set_columns(app: Appender, actor: str | None, cmd: fr.TaskSetColumns) -> fr.Ack:
    conn = app.conn
    _require_member(conn, cmd.channel, actor)
    keys = [c.key for c in cmd.columns]
    if len(set(keys)) != len(keys):
        raise Rejected(ErrorCode.INVALID, "column keys must be distinct")
    used = {
        json.loads(v) for (v,) in conn.execute(
            "SELECT f.value FROM task_fields f JOIN tasks t ON t.id = f.task"
            " WHERE t.channel = ? AND f.field = 'status'", (cmd.channel,)
        )
    }
    if used - set(keys):
        raise Rejected(ErrorCode.CONFLICT, "a column that still has tasks cannot be removed")
    conn.execute(
        "INSERT INTO task_columns(channel, columns) VALUES (?, ?)"
        " ON CONFLICT(channel) DO UPDATE SET columns = excluded.columns",
        (cmd.channel, json.dumps([{"key": c.key, "name": c.name} for c in cmd.columns])),
    )
    stored = app.append(
        ev.TaskColumnsSet, scope_channel=cmd.channel, scope_user=None, actor=actor, channel=cmd.channel,
        cid=cmd.id, columns=cmd.columns,
    )
    return _ack(cmd, stored.seq)


def set_capacity(app: Appender, actor: str | None, cmd: fr.TaskSetCapacity) -> fr.Ack:
    if actor is None:
        raise Rejected(ErrorCode.INVALID, "capacity belongs to a user")
    app.conn.execute(
        "INSERT INTO task_capacity(user, hours) VALUES (?, ?)"
        " ON CONFLICT(user) DO UPDATE SET hours = excluded.hours", (actor, cmd.hours),
    )
    # Everyone plans with everyone's capacity: visible to the whole workspace.
    stored = app.append(
        ev.TaskCapacitySet, scope_channel=None, scope_user=None, actor=actor, cid=cmd.id,
        user=actor, hours=cmd.hours,
    )
    return _ack(cmd, stored.seq)


FEATURE = features.register(features.RelayFeature(
    name="tasks",
    migrations=_MIGRATIONS,
    commands={
        fr.TaskCreate: create,
        fr.TaskEdit: edit,
        fr.TaskComment: comment,
        fr.TaskSetColumns: set_columns,
        fr.TaskSetCapacity: set_capacity,
    },
))
