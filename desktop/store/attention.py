"""Cache feature "attention": my DND settings, everyone's status and DND, my scheduled
messages, urgent marks, and the relay clock offset (all from relay events but the offset)."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.attention import DndSettings
from desktop.store import features

NAME = "attention"
_settings = msgspec.json.Decoder(DndSettings)

MIGRATIONS = (
    (
        "CREATE TABLE att_dnd (id INTEGER PRIMARY KEY CHECK (id = 1), settings BLOB NOT NULL)",
        "CREATE TABLE att_status (user TEXT PRIMARY KEY, emoji TEXT NOT NULL DEFAULT '',"
        " text TEXT NOT NULL DEFAULT '', until INTEGER, dnd_until INTEGER, seq INTEGER NOT NULL)",
        "CREATE TABLE att_scheduled (sched TEXT PRIMARY KEY, channel TEXT, text TEXT NOT NULL,"
        " thread INTEGER, at INTEGER NOT NULL, state TEXT NOT NULL, msg INTEGER, late INTEGER NOT NULL,"
        " until_dnd_ends INTEGER NOT NULL, urgent INTEGER NOT NULL, error TEXT NOT NULL, seq INTEGER NOT NULL)",
        "CREATE TABLE att_urgent (msg INTEGER PRIMARY KEY)",
        "CREATE TABLE att_meta (key TEXT PRIMARY KEY, value INTEGER)",
    ),
    ("ALTER TABLE att_status ADD COLUMN presence TEXT NOT NULL DEFAULT 'offline'",),
)


@dataclass(frozen=True, slots=True)
class Status:
    user: str
    emoji: str = ""
    text: str = ""
    until: int | None = None
    dnd_until: int | None = None  # -1: until turned off
    presence: str = "offline"  # online / away / offline


@dataclass(frozen=True, slots=True)
class Scheduled:
    sched: str
    channel: str | None
    text: str
    at: int
    state: str  # pending / sent / cancelled / failed, or "queued" (in the outbox, not at the relay yet)
    thread: int | None = None
    msg: int | None = None
    late: bool = False
    until_dnd_ends: bool = False
    urgent: bool = False
    error: str = ""


# ---- event handlers (idempotent) ----------------------------------------------


def _on_dnd(conn, log, me, e: ev.DndChanged) -> None:
    if me is not None and e.actor != me:
        return
    conn.execute(
        "INSERT INTO att_dnd(id, settings) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET settings = excluded.settings",
        (msgspec.json.encode(e.settings),),
    )
    log.feature(NAME, "dnd")


def _on_status(conn, log, me, e: ev.StatusChanged) -> None:
    conn.execute(
        "INSERT INTO att_status(user, emoji, text, until, dnd_until, presence, seq) VALUES (?,?,?,?,?,?,?)"
        " ON CONFLICT(user) DO UPDATE SET emoji = excluded.emoji, text = excluded.text, until = excluded.until,"
        " dnd_until = excluded.dnd_until, presence = excluded.presence, seq = excluded.seq"
        " WHERE excluded.seq > att_status.seq",
        (e.user, e.emoji, e.text, e.until, e.dnd_until, e.presence, e.seq),
    )
    log.feature(NAME, "status:" + e.user)


def _on_scheduled(conn, log, me, e: ev.ScheduledChanged) -> None:
    conn.execute(
        "INSERT INTO att_scheduled(sched, channel, text, thread, at, state, msg, late, until_dnd_ends, urgent,"
        " error, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(sched) DO UPDATE SET channel = excluded.channel,"
        " text = excluded.text, thread = excluded.thread, at = excluded.at, state = excluded.state,"
        " msg = excluded.msg, late = excluded.late, until_dnd_ends = excluded.until_dnd_ends,"
        " urgent = excluded.urgent, error = excluded.error, seq = excluded.seq WHERE excluded.seq > att_scheduled.seq",
        (e.sched, e.channel, e.text, e.thread, e.at, e.state, e.msg, int(e.late), int(e.until_dnd_ends),
         int(e.urgent), e.error, e.seq),
    )
    log.feature(NAME, "scheduled:" + e.sched)


def _on_urgent(conn, log, me, e: ev.MessageUrgent) -> None:
    conn.execute("INSERT OR IGNORE INTO att_urgent(msg) VALUES (?)", (e.msg,))
    log.feature(NAME, "urgent:%d" % e.msg)


FEATURE = features.register(features.Feature(
    name=NAME,
    migrations=MIGRATIONS,
    handlers={
        ev.DndChanged: _on_dnd,
        ev.StatusChanged: _on_status,
        ev.ScheduledChanged: _on_scheduled,
        ev.MessageUrgent: _on_urgent,
    },
    synced_tables=("att_dnd", "att_status", "att_scheduled", "att_urgent"),
))


# ---- reads and local writes (called with the Store) ----------------------------


def dnd_settings(store) -> DndSettings:
    """My DND settings: the relay's copy, with my queued (not yet confirmed) changes on top."""
    queued = [i.frame for i in store.outbox(("pending", "sending", "acked")) if isinstance(i.frame, fr.SetDnd)]
    if queued:
        return queued[-1].settings
    with store._db.read() as conn:
        row = conn.execute("SELECT settings FROM att_dnd WHERE id = 1").fetchone()
    return _settings.decode(row[0]) if row else DndSettings()


def status(store, user: str) -> Status:
    with store._db.read() as conn:
        row = conn.execute(
            "SELECT user, emoji, text, until, dnd_until, presence FROM att_status WHERE user = ?", (user,)
        ).fetchone()
    return Status(*row) if row else Status(user)


def statuses(store) -> dict[str, Status]:
    with store._db.read() as conn:
        rows = conn.execute("SELECT user, emoji, text, until, dnd_until, presence FROM att_status").fetchall()
    return {r[0]: Status(*r) for r in rows}


def is_urgent(store, msg: int) -> bool:
    with store._db.read() as conn:
        return conn.execute("SELECT 1 FROM att_urgent WHERE msg = ?", (msg,)).fetchone() is not None


def scheduled(store, states: tuple[str, ...] = ("queued", "pending")) -> list[Scheduled]:
    """My scheduled messages, soonest first; 'queued' ones wait in the encrypted outbox."""
    with store._db.read() as conn:
        rows = conn.execute(
            "SELECT sched, channel, text, at, state, thread, msg, late, until_dnd_ends, urgent, error"
            " FROM att_scheduled ORDER BY at, sched"
        ).fetchall()
    known = {r[0] for r in rows}
    out = [Scheduled(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), bool(r[8]), bool(r[9]), r[10])
           for r in rows if r[4] in states]
    if "queued" in states:
        for item in store.outbox(("pending", "sending", "failed")):
            f = item.frame
            if isinstance(f, fr.Schedule) and f.id not in known:
                out.append(Scheduled(f.id, f.channel, f.text, f.at, "failed" if item.state == "failed" else "queued",
                                     f.thread, until_dnd_ends=f.until_dnd_ends, urgent=f.urgent, error=item.error or ""))
    out.sort(key=lambda s: (s.at, s.sched))
    return out


def scheduled_one(store, sched: str) -> Scheduled | None:
    return next((s for s in scheduled(store, ("queued", "pending", "sent", "cancelled", "failed")) if s.sched == sched), None)


def clock_offset(store) -> int | None:
    """The relay's clock minus ours (ms) as last measured; None if never connected."""
    with store._db.read() as conn:
        row = conn.execute("SELECT value FROM att_meta WHERE key = 'clock_offset'").fetchone()
    return row[0] if row else None


def set_clock_offset(store, offset_ms: int) -> None:
    store._write(lambda conn, log: conn.execute(
        "INSERT INTO att_meta(key, value) VALUES ('clock_offset', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (int(offset_ms),),
    ))
