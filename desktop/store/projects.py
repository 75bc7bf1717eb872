"""Cache feature `projects`: planning records (projects, demands, leave, people's
calendars, holiday calendars) with per-field versions; reads overlay the outbox so
offline re-plans show at once as pending. Also builds the domain's inputs for the board."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from desktop.protocol import events as ev
from desktop.protocol import projects as rules
from desktop.protocol.ids import new_client_id
from desktop.store import features
from desktop.store.changes import ChangeLog
from desktop.store.database import Connection

NAME = "projects"

_MIGRATIONS = (
    (
        """CREATE TABLE plan (
            kind TEXT NOT NULL, id TEXT NOT NULL, creator TEXT, created_ts INTEGER NOT NULL,
            fields TEXT NOT NULL,      -- JSON: field -> value
            versions TEXT NOT NULL,    -- JSON: field -> [seq, actor]
            PRIMARY KEY (kind, id))""",
        """CREATE TABLE plan_lost (
            seq INTEGER NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL, mine TEXT,
            winner TEXT, theirs TEXT, seen INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (seq, field))""",
    ),
)


@dataclass(frozen=True, slots=True)
class Record:
    """A planning record as shown: cached values with my unconfirmed changes on top."""

    kind: str
    id: str
    values: dict
    versions: dict = field(default_factory=dict)
    creator: str | None = None
    pending: frozenset[str] = frozenset()  # field names, or "create"
    failed: str | None = None

    def __getitem__(self, name: str):
        return self.values.get(name, rules.DEFAULTS[self.kind].get(name))


# ---- event handler (inside the ingest transaction; idempotent) -------------------


def _changed(conn: Connection, log: ChangeLog, me, e: ev.PlanChanged) -> None:
    row = conn.execute("SELECT fields, versions FROM plan WHERE kind = ? AND id = ?", (e.record_kind, e.record)).fetchone()
    if row is None:
        values, versions = {}, {}
        conn.execute(
            "INSERT INTO plan(kind, id, creator, created_ts, fields, versions) VALUES (?,?,?,?,'{}','{}')",
            (e.record_kind, e.record, e.actor if e.created else None, e.ts),
        )
    else:
        values, versions = json.loads(row[0]), json.loads(row[1])
    for c in e.changes:
        if versions.get(c.field, [0])[0] < e.seq:  # per-field last writer wins, by seq
            values[c.field] = c.value
            versions[c.field] = [e.seq, e.actor]
        if c.lost is not None and me is not None and c.lost.actor == me and e.actor != me:
            conn.execute(
                "INSERT OR IGNORE INTO plan_lost(seq, kind, id, field, mine, winner, theirs) VALUES (?,?,?,?,?,?,?)",
                (e.seq, e.record_kind, e.record, c.field, json.dumps(c.lost.value), e.actor, json.dumps(c.value)),
            )
    conn.execute(
        "UPDATE plan SET fields = ?, versions = ? WHERE kind = ? AND id = ?",
        (json.dumps(values), json.dumps(versions), e.record_kind, e.record),
    )
    log.feature(NAME, f"{e.record_kind}:{e.record}")


FEATURE = features.register(features.Feature(
    name=NAME,
    migrations=_MIGRATIONS,
    handlers={ev.PlanChanged: _changed},
    synced_tables=("plan", "plan_lost"),
))


# ---- reads ---------------------------------------------------------------------


def _overlay(
    conn: Connection, rows: dict[tuple[str, str], Record], kind: str, record_id: str | None = None,
) -> dict[tuple[str, str], Record]:
    items = conn.execute(
        "SELECT frame, state, error FROM outbox WHERE kind = 'plan.set' ORDER BY pos"
    ).fetchall()
    if not items:
        return rows
    from desktop.protocol import codec

    for frame, state, error in items:
        cmd = codec.decode_client_frame(frame)
        if cmd.record_kind != kind or (record_id is not None and cmd.record != record_id):
            continue
        key = (cmd.record_kind, cmd.record)
        row = rows.get(key)
        if state == "failed":
            if row is not None:
                rows[key] = Record(row.kind, row.id, row.values, row.versions, row.creator, row.pending, error)
            continue
        values = dict(row.values) if row else dict(rules.DEFAULTS[cmd.record_kind])
        values.update({c.field: c.value for c in cmd.changes})
        pending = (row.pending if row else frozenset({"create"})) | {c.field for c in cmd.changes}
        rows[key] = Record(cmd.record_kind, cmd.record, values, row.versions if row else {},
                           row.creator if row else None, frozenset(pending), row.failed if row else None)
    return rows


def _read(store, kind: str, record_id: str | None) -> dict[tuple[str, str], Record]:
    where, params = ("kind = ?", (kind,)) if record_id is None else ("kind = ? AND id = ?", (kind, record_id))
    with store._db.read() as conn:
        rows = {
            (kind, i): Record(kind, i, {**rules.DEFAULTS[kind], **json.loads(f)}, json.loads(v), c)
            for i, c, f, v in conn.execute(
                f"SELECT id, creator, fields, versions FROM plan WHERE {where} ORDER BY created_ts, id", params
            )
        }
        return _overlay(conn, rows, kind, record_id)


def records(store, kind: str, *, removed: bool = False) -> list[Record]:
    """Records of one kind (cached + pending), oldest first; removed ones only if asked."""
    return [r for r in _read(store, kind, None).values() if removed or not r["removed"]]


def record(store, kind: str, record_id: str) -> Record | None:
    """One record (cached + pending), removed or not."""
    return _read(store, kind, record_id).get((kind, record_id))


def lost_edits(store, *, mark_seen: bool = True) -> list[tuple]:
    """(kind, id, field, my value, winner, their value) of my edits a concurrent one replaced."""
    def write(conn: Connection, log: ChangeLog):
        rows = conn.execute(
            "SELECT kind, id, field, mine, winner, theirs FROM plan_lost WHERE seen = 0 ORDER BY seq"
        ).fetchall()
        if mark_seen and rows:
            conn.execute("UPDATE plan_lost SET seen = 1 WHERE seen = 0")
        return [(k, i, f, json.loads(m), w, json.loads(t)) for k, i, f, m, w, t in rows]

    return store._write(write)[0]


# ---- commands (the caller enqueues them) -----------------------------------------


def set_command(kind: str, record_id: str | None = None, **values) -> rules.PlanSet | None:
    """A PlanSet creating (record_id None or unknown to the caller) or changing a record:
    only changed fields, each based on the version last seen. None if nothing changes.
    Raises ValueError (a plain reason) on a bad value. Pass `current=` (a Record) to edit."""
    current: Record | None = values.pop("current", None)
    after = dict(current.values) if current else dict(rules.DEFAULTS[kind])
    changes = []
    for name, value in values.items():
        value = rules.check(kind, name, value)
        if current is not None and value == current[name] and name not in current.pending:
            continue
        after[name] = value
        base = current.versions.get(name, [0])[0] if current else 0
        changes.append(rules.PlanFieldEdit(field=name, value=value, base=base))
    if not changes:
        return None
    if kind == "leave" and not after.get("user"):
        after["user"] = "(me)"  # the relay makes new leave the sender's
    rules.check_record(kind, after)
    return rules.PlanSet(id=new_client_id(), record_kind=kind, record=record_id or new_client_id(), changes=changes)
