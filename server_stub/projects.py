"""Relay feature `projects`: projects, staffing demands, leave, people's calendars and
holiday calendars as planning records with per-field versions (the tasks field rule:
the last edit in relay order wins a field, and the event records what it overrode).

Who may change what (workspace owners and admins may change everything):
  project   — anyone but a guest creates one (and owns it unless naming another
              owner); its owner edits it; channels grouped under it must be ones
              the editor is a member of
  demand    — the owner of its project (of both projects when moving it)
  leave     — the person on leave
  person    — that person
  holidays  — workspace owners and admins only
Everything is visible to the whole workspace: planning across projects needs it.
"""

from __future__ import annotations

import json

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol import projects as rules
from desktop.protocol.errors import ErrorCode
from server_stub import features
from server_stub.accounts import role_of, user_exists
from server_stub.commands import Rejected, is_member
from server_stub.log import Appender, now_ms

_MIGRATIONS = (
    (
        "CREATE TABLE plan_records (kind TEXT NOT NULL, id TEXT NOT NULL, creator TEXT, seq INTEGER NOT NULL,"
        " PRIMARY KEY (kind, id))",
        "CREATE TABLE plan_fields (kind TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,"
        " version INTEGER NOT NULL, actor TEXT, PRIMARY KEY (kind, id, field))",
    ),
)
MANAGERS = ("owner", "admin")


def _values(conn, kind: str, record: str) -> dict[str, tuple[object, int, str | None]] | None:
    if conn.execute("SELECT 1 FROM plan_records WHERE kind = ? AND id = ?", (kind, record)).fetchone() is None:
        return None
    return {
        f: (json.loads(v), version, who)
        for f, v, version, who in conn.execute(
            "SELECT field, value, version, actor FROM plan_fields WHERE kind = ? AND id = ?", (kind, record)
        )
    }


def _project_owner(conn, project: str | None) -> str | None:
    values = _values(conn, "project", project) if project else None
    if values is None:
        raise Rejected(ErrorCode.NOT_FOUND, f"no project {project}")
    return values.get("owner", (None,))[0]


def _authorise(conn, actor: str | None, kind: str, record: str, before: dict | None, after: dict) -> None:
    """Raise Rejected unless `actor` may make this change (None: the relay's administrator)."""
    if actor is None or role_of(conn, actor) in MANAGERS:
        return
    role = role_of(conn, actor)
    if kind == "project":
        if before is None and role == "guest":
            raise Rejected(ErrorCode.FORBIDDEN, "guests cannot create projects")
        if before is not None and before.get("owner", (None,))[0] != actor:
            raise Rejected(ErrorCode.FORBIDDEN, "only the project's owner or a workspace admin can change it")
        old = set(before.get("channels", ([],))[0]) if before else set()
        for channel in set(after.get("channels") or []) - old:
            if not is_member(conn, channel, actor):
                raise Rejected(ErrorCode.FORBIDDEN, f"you are not a member of channel {channel}")
    elif kind == "demand":
        projects = {after.get("project")} | ({before["project"][0]} if before and "project" in before else set())
        for project in projects:
            if _project_owner(conn, project) != actor:
                raise Rejected(ErrorCode.FORBIDDEN, "only the project's owner or a workspace admin can plan its staffing")
    elif kind == "leave":
        users = {after.get("user")} | ({before["user"][0]} if before and "user" in before else set())
        if users != {actor}:
            raise Rejected(ErrorCode.FORBIDDEN, "only the person on leave or a workspace admin can enter it")
    elif kind == "person":
        if record != actor:
            raise Rejected(ErrorCode.FORBIDDEN, "only that person or a workspace admin can change their calendar")
    else:
        raise Rejected(ErrorCode.FORBIDDEN, "only workspace owners and admins set holiday calendars")


def _checked(conn, kind: str, field: str, value):
    try:
        value = rules.check(kind, field, value)
    except ValueError as exc:
        raise Rejected(ErrorCode.INVALID, str(exc)) from None
    if field in ("owner", "person", "user") and value is not None and not user_exists(conn, value):
        raise Rejected(ErrorCode.NOT_FOUND, f"no user {value}")
    if field == "channels":
        for channel in value:
            if conn.execute("SELECT 1 FROM channels WHERE id = ?", (channel,)).fetchone() is None:
                raise Rejected(ErrorCode.NOT_FOUND, f"no channel {channel}")
    if field == "project":
        _project_owner(conn, value)
    return value


def plan_set(app: Appender, actor: str | None, cmd: rules.PlanSet) -> fr.Ack:
    conn, kind, record = app.conn, cmd.record_kind, cmd.record
    if kind == "person" and not user_exists(conn, record):
        raise Rejected(ErrorCode.NOT_FOUND, f"no user {record}")
    before = _values(conn, kind, record)
    current = before or {}
    after = {f: v for f, (v, _ver, _who) in current.items()}
    if before is None:
        after = dict(rules.DEFAULTS[kind])
        if kind == "project":
            after["owner"] = actor
        if kind == "leave":
            after["user"] = actor
    seq = app.peek_seq()
    changes = []
    for change in cmd.changes:
        value = _checked(conn, kind, change.field, change.value)
        old, version, who = current.get(change.field, (rules.DEFAULTS[kind][change.field], 0, None))
        if before is not None and value == old:
            continue
        lost = None
        if before is not None and change.base < version and who != actor:
            lost = ev.PlanLost(actor=who, value=old, seq=version)  # concurrent: this one wins, that one is kept
        changes.append(ev.PlanChange(field=change.field, value=value, lost=lost))
        after[change.field] = value
    if before is not None and not changes:
        return fr.Ack(id=cmd.id, ts=now_ms())
    try:
        rules.check_record(kind, after)
    except ValueError as exc:
        raise Rejected(ErrorCode.INVALID, str(exc)) from None
    _authorise(conn, actor, kind, record, before, after)
    if before is None:
        conn.execute("INSERT INTO plan_records(kind, id, creator, seq) VALUES (?,?,?,?)", (kind, record, actor, seq))
        changes = [ev.PlanChange(field=f, value=v) for f, v in after.items()]
    conn.executemany(
        "INSERT INTO plan_fields(kind, id, field, value, version, actor) VALUES (?,?,?,?,?,?)"
        " ON CONFLICT(kind, id, field) DO UPDATE SET value = excluded.value, version = excluded.version,"
        " actor = excluded.actor",
        [(kind, record, c.field, json.dumps(c.value), seq, actor) for c in changes],
    )
    stored = app.append(
        ev.PlanChanged, scope_channel=None, scope_user=None, actor=actor, cid=cmd.id,
        record_kind=kind, record=record, changes=changes, created=before is None,
    )
    return fr.Ack(id=cmd.id, ts=now_ms(), seq=stored.seq)


FEATURE = features.register(features.RelayFeature(
    name="projects",
    migrations=_MIGRATIONS,
    commands={rules.PlanSet: plan_set},
))
