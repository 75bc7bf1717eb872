"""Cache feature `tasks`: tasks, their history, board columns, capacities and lost-edit
notices; reads overlay the outbox so offline creates and edits show at once as pending."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol import tasks as rules
from desktop.protocol.ids import new_client_id
from desktop.store import features
from desktop.store.changes import ChangeLog
from desktop.store.database import Connection

NAME = "tasks"
_LISTS = ("assignees", "labels")

_MIGRATIONS = (
    (
        """CREATE TABLE tasks (
            id TEXT PRIMARY KEY, channel TEXT NOT NULL, number INTEGER NOT NULL,
            creator TEXT, created_ts INTEGER NOT NULL, source_msg INTEGER,
            fields TEXT NOT NULL,      -- JSON: field -> value
            versions TEXT NOT NULL,    -- JSON: field -> [seq, actor]
            updated_ts INTEGER NOT NULL)""",
        "CREATE INDEX tasks_channel ON tasks(channel)",
        "CREATE INDEX tasks_source ON tasks(source_msg)",
        """CREATE TABLE task_history (
            seq INTEGER NOT NULL, task TEXT NOT NULL, actor TEXT, ts INTEGER NOT NULL,
            field TEXT NOT NULL, value TEXT, lost_actor TEXT, lost_value TEXT,
            PRIMARY KEY (seq, field))""",
        "CREATE INDEX task_history_task ON task_history(task, seq)",
        "CREATE TABLE task_columns (channel TEXT PRIMARY KEY, columns TEXT NOT NULL)",
        "CREATE TABLE task_capacity (user TEXT PRIMARY KEY, hours REAL NOT NULL)",
        """CREATE TABLE task_notices (
            seq INTEGER NOT NULL, task TEXT NOT NULL, field TEXT NOT NULL, mine TEXT,
            winner TEXT, theirs TEXT, seen INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (seq, field))""",
    ),
)


# ---- rows ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskRow:
    """A task as shown. `pending` names fields (or "create") not yet confirmed by the relay;
    `failed` is the relay's reason when one of those changes was refused."""

    id: str
    number: int | None
    channel: str
    title: str
    description: str
    status: str
    assignees: tuple[str, ...]
    start: str | None
    due: str | None
    estimate: float | None
    priority: str
    labels: tuple[str, ...]
    rank: float | None
    source_msg: int | None
    creator: str | None
    created_ts: int
    versions: dict = field(default_factory=dict)
    pending: frozenset[str] = frozenset()
    failed: str | None = None
    failed_cids: tuple[str, ...] = ()  # the refused outbox items (retry or discard them)

    @property
    def ref(self) -> str:
        return f"T{self.number}" if self.number is not None else self.id[-8:]

    @property
    def order(self) -> tuple:
        return (self.rank if self.rank is not None else float(self.number or 1 << 50), self.created_ts)

    def value(self, name: str):
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    seq: int
    actor: str | None
    ts: int
    field: str  # a task field, "created" or "comment"
    value: object
    lost_actor: str | None = None
    lost_value: object = None


@dataclass(frozen=True, slots=True)
class Notice:
    """Someone's concurrent edit replaced my value of a field."""

    seq: int
    task: str
    field: str
    mine: object
    winner: str | None
    theirs: object


def _row(r: tuple) -> TaskRow:
    tid, channel, number, creator, created_ts, source_msg, fields_json, versions_json = r
    values = {**rules.DEFAULTS, **json.loads(fields_json)}
    return TaskRow(
        id=tid, number=number, channel=channel, creator=creator, created_ts=created_ts,
        source_msg=source_msg, versions=json.loads(versions_json),
        **{f: (tuple(values[f]) if f in _LISTS else values[f]) for f in rules.FIELDS},
    )


_COLS = "id, channel, number, creator, created_ts, source_msg, fields, versions"


# ---- event handlers (inside the ingest transaction; idempotent) -----------------


def _created(conn: Connection, log: ChangeLog, me, e: ev.TaskCreated) -> None:
    values = {c.field: c.value for c in e.changes}
    versions = {f: [e.seq, e.actor] for f in values}
    cur = conn.execute(
        f"INSERT OR IGNORE INTO tasks({_COLS}, updated_ts) VALUES (?,?,?,?,?,?,?,?,?)",
        (e.task, e.channel, e.number, e.actor, e.ts, e.source_msg, json.dumps(values), json.dumps(versions), e.ts),
    )
    if cur.rowcount:
        _history(conn, e, [ev.TaskChange(field="created", value=values.get("title"))])
        log.feature(NAME, e.task)


def _updated(conn: Connection, log: ChangeLog, me, e: ev.TaskUpdated) -> None:
    row = conn.execute("SELECT fields, versions FROM tasks WHERE id = ?", (e.task,)).fetchone()
    _history(conn, e, e.changes)
    if row is not None:
        values, versions = json.loads(row[0]), json.loads(row[1])
        changed = False
        for c in e.changes:
            if versions.get(c.field, [0])[0] < e.seq:  # per-field last writer wins, by seq
                values[c.field] = c.value
                versions[c.field] = [e.seq, e.actor]
                changed = True
        if changed:
            conn.execute(
                "UPDATE tasks SET fields = ?, versions = ?, updated_ts = ? WHERE id = ?",
                (json.dumps(values), json.dumps(versions), e.ts, e.task),
            )
    for c in e.changes:
        if c.lost is not None and me is not None and c.lost.actor == me and e.actor != me:
            conn.execute(
                "INSERT OR IGNORE INTO task_notices(seq, task, field, mine, winner, theirs) VALUES (?,?,?,?,?,?)",
                (e.seq, e.task, c.field, json.dumps(c.lost.value), e.actor, json.dumps(c.value)),
            )
            log.feature("task_notices", e.task)
    log.feature(NAME, e.task)


def _commented(conn: Connection, log: ChangeLog, me, e: ev.TaskCommented) -> None:
    _history(conn, e, [ev.TaskChange(field="comment", value=e.text)])
    log.feature(NAME, e.task)


def _columns_set(conn: Connection, log: ChangeLog, me, e: ev.TaskColumnsSet) -> None:
    conn.execute(
        "INSERT INTO task_columns(channel, columns) VALUES (?, ?)"
        " ON CONFLICT(channel) DO UPDATE SET columns = excluded.columns",
        (e.channel, json.dumps([[c.key, c.name] for c in e.columns])),
    )
    log.feature(NAME)


def _capacity_set(conn: Connection, log: ChangeLog, me, e: ev.TaskCapacitySet) -> None:
    conn.execute(
        "INSERT INTO task_capacity(user, hours) VALUES (?, ?) ON CONFLICT(user) DO UPDATE SET hours = excluded.hours",
        (e.user, e.hours),
    )
    log.feature(NAME)


def _history(conn: Connection, e: ev.EventBase, changes) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO task_history(seq, task, actor, ts, field, value, lost_actor, lost_value)"
        " VALUES (?,?,?,?,?,?,?,?)",
        [
            (e.seq, e.task, e.actor, e.ts, c.field, json.dumps(c.value),
             c.lost.actor if c.lost else None, json.dumps(c.lost.value) if c.lost else None)
            for c in changes
        ],
    )


FEATURE = features.register(features.Feature(
    name=NAME,
    migrations=_MIGRATIONS,
    handlers={
        ev.TaskCreated: _created,
        ev.TaskUpdated: _updated,
        ev.TaskCommented: _commented,
        ev.TaskColumnsSet: _columns_set,
        ev.TaskCapacitySet: _capacity_set,
    },
    synced_tables=("tasks", "task_history", "task_columns", "task_capacity"),
))


# ---- reads ---------------------------------------------------------------------


def _overlay(conn: Connection, rows: dict[str, TaskRow]) -> dict[str, TaskRow]:
    """Apply my unconfirmed task commands (outbox order) on top of the cached rows."""
    items = conn.execute(
        "SELECT kind, frame, state, error, created_ts FROM outbox"
        " WHERE kind IN ('task_create', 'task_edit') ORDER BY pos"
    ).fetchall()
    if not items:
        return rows
    from desktop.protocol import codec

    me = conn.execute("SELECT user FROM sync_state").fetchone()[0]
    for kind, frame, state, error, created_ts in items:
        cmd = codec.decode_client_frame(frame)
        failed = error if state == "failed" else None
        if kind == "task_create" and cmd.id not in rows:
            values = dict(rules.DEFAULTS)
            values.update({c.field: c.value for c in cmd.changes})
            rows[cmd.id] = TaskRow(
                id=cmd.id, number=None, channel=cmd.channel, creator=me, created_ts=created_ts,
                source_msg=cmd.source_msg, pending=frozenset({"create"}), failed=failed,
                **{f: (tuple(values[f] or ()) if f in _LISTS else values[f]) for f in rules.FIELDS},
            )
            if failed:
                rows[cmd.id] = replace(rows[cmd.id], failed_cids=(cmd.id,))
        elif kind == "task_edit" and cmd.task in rows:
            row = rows[cmd.task]
            if failed:
                # A refused change is not shown as the task's value; the card says it was refused.
                rows[cmd.task] = replace(row, failed=row.failed or failed, failed_cids=row.failed_cids + (cmd.id,))
                continue
            update = {c.field: (tuple(c.value or ()) if c.field in _LISTS else c.value) for c in cmd.changes}
            rows[cmd.task] = replace(row, **update, pending=row.pending | set(update))
    return rows


def _all(conn: Connection, where: str = "", params: tuple = ()) -> dict[str, TaskRow]:
    rows = {r[0]: _row(r) for r in conn.execute(f"SELECT {_COLS} FROM tasks {where}", params)}
    return _overlay(conn, rows)


def tasks(store, channel: str | None = None, *, assignee: str | None = None) -> list[TaskRow]:
    """Tasks (cached + pending), optionally of one channel and/or assigned to a user."""
    with store._db.read() as conn:
        if channel is None:
            rows = list(_all(conn).values())
        else:
            rows = list(_all(conn, "WHERE channel = ?", (channel,)).values())
    if channel is not None:
        rows = [r for r in rows if r.channel == channel]
    if assignee is not None:
        rows = [r for r in rows if assignee in r.assignees]
    return sorted(rows, key=lambda r: r.order)


def task(store, task_id: str) -> TaskRow | None:
    with store._db.read() as conn:
        return _all(conn).get(task_id)


def resolve(store, ref: str) -> TaskRow | None:
    """`T12`, `12`, a full id or the end of one (as `tasks` prints pending tasks)."""
    ref = ref.strip()
    rows = tasks(store)
    number = ref[1:] if ref[:1] in "Tt" else ref
    if number.isdigit():
        found = [r for r in rows if r.number == int(number)]
        if found:
            return found[0]
    found = [r for r in rows if r.id == ref] or [r for r in rows if len(ref) >= 6 and r.id.endswith(ref)]
    return found[0] if len(found) == 1 else None


def for_message(store, msg: int) -> list[TaskRow]:
    """Tasks created from a message (the message's link back to them)."""
    return [r for r in tasks(store) if r.source_msg == msg]


def history(store, task_id: str) -> list[HistoryEntry]:
    with store._db.read() as conn:
        rows = conn.execute(
            "SELECT seq, actor, ts, field, value, lost_actor, lost_value FROM task_history"
            " WHERE task = ? ORDER BY seq, field", (task_id,)
        ).fetchall()
    return [
        HistoryEntry(s, a, ts, f, json.loads(v) if v is not None else None, la,
                     json.loads(lv) if lv is not None else None)
        for s, a, ts, f, v, la, lv in rows
    ]


def columns(store, channel: str) -> list[tuple[str, str]]:
    """(key, name) of a board's columns, in order; To do / In progress / Done by default."""
    with store._db.read() as conn:
        row = conn.execute("SELECT columns FROM task_columns WHERE channel = ?", (channel,)).fetchone()
        pending = conn.execute(
            "SELECT frame FROM outbox WHERE kind = 'task_set_columns' AND channel = ? AND state != 'failed'"
            " ORDER BY pos DESC LIMIT 1",
            (channel,),
        ).fetchone()
    if pending is not None:
        from desktop.protocol import codec

        return [(c.key, c.name) for c in codec.decode_client_frame(pending[0]).columns]
    if row is None:
        return list(rules.DEFAULT_COLUMNS)
    return [tuple(c) for c in json.loads(row[0])]


def capacities(store) -> dict[str, float]:
    with store._db.read() as conn:
        return dict(conn.execute("SELECT user, hours FROM task_capacity").fetchall())


def notices(store, *, unseen: bool = True) -> list[Notice]:
    with store._db.read() as conn:
        rows = conn.execute(
            "SELECT seq, task, field, mine, winner, theirs FROM task_notices"
            + (" WHERE seen = 0" if unseen else "") + " ORDER BY seq"
        ).fetchall()
    return [Notice(s, t, f, json.loads(m), w, json.loads(th)) for s, t, f, m, w, th in rows]


def mark_notices_seen(store) -> None:
    def write(conn: Connection, log: ChangeLog) -> None:
        if conn.execute("UPDATE task_notices SET seen = 1 WHERE seen = 0").rowcount:
            log.feature("task_notices")

    store._write(write)


# ---- commands (the caller enqueues them) ------------------------------------------


def create_command(channel: str, title: str, *, source_msg: int | None = None, **values) -> fr.TaskCreate:
    """A TaskCreate; raises ValueError (plain reason) on a bad value."""
    changes = {"title": rules.check("title", title)}
    for name, value in values.items():
        changes[name] = rules.check(name, value)
    rules.check_window(changes.get("start"), changes.get("due"))
    return fr.TaskCreate(
        id=new_client_id(), channel=channel, source_msg=source_msg,
        changes=[fr.TaskFieldEdit(field=f, value=v) for f, v in changes.items()],
    )


def edit_command(row: TaskRow, **values) -> fr.TaskEdit | None:
    """A TaskEdit of the changed fields, each based on the version this client last saw
    (so the relay can tell a concurrent edit); None when nothing changes."""
    changes = []
    after = {f: row.value(f) for f in rules.FIELDS}
    for name, value in values.items():
        value = rules.check(name, value)
        current = list(row.value(name)) if name in _LISTS else row.value(name)
        if value == current and name not in row.pending:
            continue
        after[name] = value
        base = row.versions.get(name, [0])[0]
        changes.append(fr.TaskFieldEdit(field=name, value=value, base=base))
    if not changes:
        return None
    rules.check_window(after["start"], after["due"])
    return fr.TaskEdit(id=new_client_id(), task=row.id, changes=changes)


# ---- workload inputs ------------------------------------------------------------------


def work(row: TaskRow):
    """The domain's view of a task (desktop.domain.workload.Work)."""
    import datetime as dt

    from desktop.domain.workload import Work

    def day(text):
        return dt.date.fromisoformat(text) if text else None

    return Work(id=row.id, title=row.title, assignees=tuple(row.assignees), start=day(row.start),
                due=day(row.due), estimate=row.estimate, done=row.status == "done")


# Absence sources (leave, DND...) register here: fn(store) -> {user: [(start, end), ...]}.
ABSENCE_SOURCES: list = []


def absences(store) -> dict:
    merged: dict = {}
    for source in ABSENCE_SOURCES:
        for user, spans in source(store).items():
            merged.setdefault(user, []).extend(spans)
    return merged


def _status_absences(store) -> dict:
    """From the work status/DND cache (attention feature), when that feature is present."""
    import datetime as dt

    from desktop.domain.workload import status_absences

    with store._db.read() as conn:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'att_status'").fetchone() is None:
            return {}
        rows = conn.execute("SELECT user, emoji, text, until, dnd_until FROM att_status").fetchall()
    today = dt.date.today()
    found = {}
    for user, emoji, text, until, dnd_until in rows:
        spans = status_absences(emoji=emoji or "", text=text or "", until=until, dnd_until=dnd_until, today=today)
        if spans:
            found[user] = spans
    return found


ABSENCE_SOURCES.append(_status_absences)
