"""Relay feature "attention": DND settings, work status, scheduled messages, urgent posts.

Scheduled messages live in the relay's database (they survive restarts) and are
posted by the writer thread's tick, which runs in one transaction with the state
change: a message is posted exactly once, and never before its time by the
relay's clock (the only clock that counts).
"""

from __future__ import annotations

import logging

import msgspec

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.attention import DndSettings, dnd_state, valid_zone
from desktop.protocol.errors import ErrorCode
from server_stub import commands, features
from server_stub.commands import Rejected
from server_stub.log import Appender

logger = logging.getLogger(__name__)
NAME = "attention"
LATE_AFTER_MS = 60_000  # posted this long after its time: the sender is told it was late
_settings = msgspec.json.Decoder(DndSettings)

MIGRATIONS = (
    (
        "CREATE TABLE att_dnd (user TEXT PRIMARY KEY, settings BLOB NOT NULL,"
        " dnd_until INTEGER, next_check INTEGER)",
        "CREATE TABLE att_status (user TEXT PRIMARY KEY, emoji TEXT NOT NULL DEFAULT '',"
        " text TEXT NOT NULL DEFAULT '', until INTEGER)",
        "CREATE TABLE att_scheduled (user TEXT NOT NULL, sched TEXT NOT NULL, channel TEXT NOT NULL,"
        " text TEXT NOT NULL, thread INTEGER, at INTEGER NOT NULL, until_dnd_ends INTEGER NOT NULL DEFAULT 0,"
        " urgent INTEGER NOT NULL DEFAULT 0, recipient TEXT, state TEXT NOT NULL DEFAULT 'pending',"
        " msg INTEGER, late INTEGER NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '',"
        " PRIMARY KEY (user, sched))",
        "CREATE INDEX att_scheduled_due ON att_scheduled(state, at)",
    ),
    (
        # Presence is a lease renewed by heartbeats; only its transitions are logged.
        "CREATE TABLE att_presence (user TEXT PRIMARY KEY, state TEXT NOT NULL, lease INTEGER NOT NULL)",
    ),
)
PRESENCE_LEASE_MS = 150_000  # a client sends a heartbeat every minute


# ---- DND and status -----------------------------------------------------------


def settings_of(conn, user: str) -> DndSettings | None:
    row = conn.execute("SELECT settings FROM att_dnd WHERE user = ?", (user,)).fetchone()
    return _settings.decode(row[0]) if row else None


def observers(conn, user: str) -> list[str]:
    """Everyone who shares a channel with `user`, and `user` (their other devices)."""
    rows = conn.execute(
        "SELECT DISTINCT b.user FROM members a JOIN members b ON a.channel = b.channel WHERE a.user = ?",
        (user,),
    )
    return sorted({user, *(r[0] for r in rows)})


def _publish_status(app: Appender, user: str, cid: str | None = None) -> int:
    """Tell every observer `user`'s current status and DND; returns the seq of the
    copy the user sees (so the command's ack names an event its devices receive)."""
    conn = app.conn
    row = conn.execute("SELECT emoji, text, until FROM att_status WHERE user = ?", (user,)).fetchone()
    emoji, text, until = row if row else ("", "", None)
    dnd = conn.execute("SELECT dnd_until FROM att_dnd WHERE user = ?", (user,)).fetchone()
    dnd_until = dnd[0] if dnd else None
    seen = conn.execute("SELECT state FROM att_presence WHERE user = ?", (user,)).fetchone()
    presence = seen[0] if seen else "offline"
    own = 0
    for observer in observers(conn, user):
        stored = app.append(
            ev.StatusChanged, scope_channel=None, scope_user=observer, actor=user,
            cid=cid if observer == user else None,
            user=user, emoji=emoji, text=text, until=until, dnd_until=dnd_until, presence=presence,
        )
        if observer == user:
            own = stored.seq
    return own


def _refresh_dnd(app: Appender, user: str, now: int, *, force: bool = False, cid: str | None = None) -> int | None:
    conn = app.conn
    settings = settings_of(conn, user)
    state = dnd_state(settings, now)
    until = state.until if state.active else None
    row = conn.execute("SELECT dnd_until FROM att_dnd WHERE user = ?", (user,)).fetchone()
    conn.execute(
        "UPDATE att_dnd SET dnd_until = ?, next_check = ? WHERE user = ?", (until, state.next_change, user)
    )
    if force or row is None or row[0] != until:
        return _publish_status(app, user, cid)
    return None


def set_dnd(app: Appender, actor: str | None, cmd: fr.SetDnd) -> fr.Ack:
    if actor is None:
        raise Rejected(ErrorCode.INVALID, "DND settings belong to a user")
    s = cmd.settings
    if not valid_zone(s.tz):
        raise Rejected(ErrorCode.INVALID, f"unknown time zone {s.tz!r}")
    if s.hours and len(s.hours) != 7:
        raise Rejected(ErrorCode.INVALID, "working hours need seven days, Monday first")
    now = app.clock()
    app.conn.execute(
        "INSERT INTO att_dnd(user, settings) VALUES (?, ?) ON CONFLICT(user) DO UPDATE SET settings = excluded.settings",
        (actor, msgspec.json.encode(s)),
    )
    stored = app.append(ev.DndChanged, scope_channel=None, scope_user=actor, actor=actor, cid=cmd.id, settings=s)
    _refresh_dnd(app, actor, now)
    return fr.Ack(id=cmd.id, ts=now, seq=stored.seq)


def set_status(app: Appender, actor: str | None, cmd: fr.SetStatus) -> fr.Ack:
    if actor is None:
        raise Rejected(ErrorCode.INVALID, "a status belongs to a user")
    now = app.clock()
    if cmd.until is not None and cmd.until <= now:
        raise Rejected(ErrorCode.INVALID, "the status would already have expired")
    app.conn.execute(
        "INSERT INTO att_status(user, emoji, text, until) VALUES (?,?,?,?) ON CONFLICT(user) DO UPDATE"
        " SET emoji = excluded.emoji, text = excluded.text, until = excluded.until",
        (actor, cmd.emoji, cmd.text.strip(), cmd.until if (cmd.text.strip() or cmd.emoji) else None),
    )
    return fr.Ack(id=cmd.id, ts=now, seq=_publish_status(app, actor, cmd.id))


# ---- scheduled messages ---------------------------------------------------------

_COLS = "user, sched, channel, text, thread, at, until_dnd_ends, urgent, state, msg, late, error"


def _row(conn, user: str, sched: str):
    row = conn.execute(f"SELECT {_COLS} FROM att_scheduled WHERE user = ? AND sched = ?", (user, sched)).fetchone()
    if row is None:
        raise Rejected(ErrorCode.NOT_FOUND, f"no scheduled message {sched}")
    return row


def _announce(app: Appender, user: str, sched: str, cid: str | None = None) -> int:
    r = app.conn.execute(f"SELECT {_COLS} FROM att_scheduled WHERE user = ? AND sched = ?", (user, sched)).fetchone()
    return app.append(
        ev.ScheduledChanged, scope_channel=None, scope_user=user, actor=user, channel=r[2], cid=cid,
        sched=r[1], text=r[3], thread=r[4], at=r[5], until_dnd_ends=bool(r[6]), urgent=bool(r[7]),
        state=r[8], msg=r[9], late=bool(r[10]), error=r[11],
    ).seq


def _post_now(app: Appender, user: str, sched: str, now: int, *, late_ok: bool = True) -> None:
    """Post a pending scheduled message (inside the caller's transaction)."""
    conn = app.conn
    r = _row(conn, user, sched)
    mark = len(app.appended)
    conn.execute("SAVEPOINT att_post")
    try:
        ack = commands.execute(app, user, fr.Post(id=sched, channel=r[2], text=r[3], thread=r[4]))
        if r[7]:
            app.append(ev.MessageUrgent, scope_channel=r[2], scope_user=None, actor=user, channel=r[2], msg=ack.msg)
        late = late_ok and not r[6] and r[5] > 0 and now - r[5] > LATE_AFTER_MS
        conn.execute(
            "UPDATE att_scheduled SET state = 'sent', msg = ?, late = ? WHERE user = ? AND sched = ?",
            (ack.msg, int(late), user, sched),
        )
        conn.execute("RELEASE att_post")
    except Rejected as exc:
        conn.execute("ROLLBACK TO att_post")
        conn.execute("RELEASE att_post")
        app.rollback_to(mark)
        conn.execute(
            "UPDATE att_scheduled SET state = 'failed', error = ? WHERE user = ? AND sched = ?",
            (exc.message, user, sched),
        )


def _dm_recipient(conn, channel: str, actor: str) -> str:
    row = conn.execute("SELECT dm_key FROM channels WHERE id = ?", (channel,)).fetchone()
    if row is None or row[0] is None:
        raise Rejected(ErrorCode.INVALID, "\"deliver when their DND ends\" is for direct messages")
    others = [u for u in row[0].split("|") if u != actor]
    return others[0] if others else actor


def schedule(app: Appender, actor: str | None, cmd: fr.Schedule) -> fr.Ack:
    if actor is None:
        raise Rejected(ErrorCode.INVALID, "only users schedule messages")
    conn = app.conn
    commands._require_member(conn, cmd.channel, actor)
    if not cmd.text.strip():
        raise Rejected(ErrorCode.INVALID, "message text is empty")
    recipient = _dm_recipient(conn, cmd.channel, actor) if cmd.until_dnd_ends else None
    now = app.clock()
    conn.execute(
        "INSERT INTO att_scheduled(user, sched, channel, text, thread, at, until_dnd_ends, urgent, recipient)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        (actor, cmd.id, cmd.channel, cmd.text, cmd.thread, cmd.at or now, int(cmd.until_dnd_ends),
         int(cmd.urgent), recipient),
    )
    if not cmd.until_dnd_ends and (cmd.at or now) <= now:
        _post_now(app, actor, cmd.id, now)  # its time passed while the sender was offline
    seq = _announce(app, actor, cmd.id, cmd.id)
    return fr.Ack(id=cmd.id, ts=now, seq=seq, channel=cmd.channel)


def _pending(conn, actor: str, sched: str):
    r = _row(conn, actor, sched)
    if r[8] != "pending":
        what = {"sent": "was already sent", "cancelled": "was cancelled", "failed": "failed"}[r[8]]
        raise Rejected(ErrorCode.CONFLICT, f"the scheduled message {what}")
    return r


def edit(app: Appender, actor: str | None, cmd: fr.ScheduleEdit) -> fr.Ack:
    conn = app.conn
    _pending(conn, actor or "", cmd.sched)
    if cmd.text is not None:
        if not cmd.text.strip():
            raise Rejected(ErrorCode.INVALID, "message text is empty")
        conn.execute("UPDATE att_scheduled SET text = ? WHERE user = ? AND sched = ?", (cmd.text, actor, cmd.sched))
    now = app.clock()
    if cmd.at is not None:
        conn.execute("UPDATE att_scheduled SET at = ? WHERE user = ? AND sched = ?", (cmd.at, actor, cmd.sched))
        if cmd.at <= now:
            _post_now(app, actor, cmd.sched, now, late_ok=False)
    return fr.Ack(id=cmd.id, ts=now, seq=_announce(app, actor, cmd.sched, cmd.id))


def cancel(app: Appender, actor: str | None, cmd: fr.ScheduleCancel) -> fr.Ack:
    conn = app.conn
    _pending(conn, actor or "", cmd.sched)
    conn.execute("UPDATE att_scheduled SET state = 'cancelled' WHERE user = ? AND sched = ?", (actor, cmd.sched))
    return fr.Ack(id=cmd.id, ts=app.clock(), seq=_announce(app, actor, cmd.sched, cmd.id))


def send_now(app: Appender, actor: str | None, cmd: fr.ScheduleSendNow) -> fr.Ack:
    _pending(app.conn, actor or "", cmd.sched)
    now = app.clock()
    _post_now(app, actor, cmd.sched, now, late_ok=False)
    return fr.Ack(id=cmd.id, ts=now, seq=_announce(app, actor, cmd.sched, cmd.id))


def set_presence(app: Appender, actor: str | None, cmd: fr.SetPresence) -> fr.Ack:
    if actor is None:
        raise Rejected(ErrorCode.INVALID, "presence belongs to a user")
    conn, now = app.conn, app.clock()
    state = "online" if cmd.state == "active" else "away"
    row = conn.execute("SELECT state FROM att_presence WHERE user = ?", (actor,)).fetchone()
    conn.execute(
        "INSERT INTO att_presence(user, state, lease) VALUES (?,?,?) ON CONFLICT(user) DO UPDATE"
        " SET state = excluded.state, lease = excluded.lease", (actor, state, now + PRESENCE_LEASE_MS),
    )
    if row is not None and row[0] == state:
        return fr.Ack(id=cmd.id, ts=now)  # a plain heartbeat: nothing to tell anyone
    return fr.Ack(id=cmd.id, ts=now, seq=_publish_status(app, actor, cmd.id))


def post_urgent(app: Appender, actor: str | None, cmd: fr.PostUrgent) -> fr.Ack:
    ack = commands.execute(app, actor, fr.Post(id=cmd.id, channel=cmd.channel, text=cmd.text, thread=cmd.thread))
    app.append(ev.MessageUrgent, scope_channel=cmd.channel, scope_user=None, actor=actor,
               channel=cmd.channel, msg=ack.msg)
    return ack


# ---- the clock ----------------------------------------------------------------


def tick(app: Appender, now: int) -> None:
    conn = app.conn
    due = conn.execute(
        "SELECT user, sched, until_dnd_ends, recipient, at FROM att_scheduled"
        " WHERE state = 'pending' AND at <= ? ORDER BY at, user, sched", (now,),
    ).fetchall()
    for user, sched, until_dnd, recipient, _at in due:
        if until_dnd and dnd_state(settings_of(conn, recipient), now).active:
            continue
        mark = len(app.appended)
        conn.execute("SAVEPOINT att_due")
        try:
            _post_now(app, user, sched, now)
            conn.execute("RELEASE att_due")
        except Exception:  # a bug: fail this one message (told to its sender), keep the writer alive
            logger.exception("scheduled message %s of %s could not be posted", sched, user)
            conn.execute("ROLLBACK TO att_due")
            conn.execute("RELEASE att_due")
            app.rollback_to(mark)
            conn.execute(
                "UPDATE att_scheduled SET state = 'failed', error = 'the relay failed on this message'"
                " WHERE user = ? AND sched = ?", (user, sched),
            )
        _announce(app, user, sched)
    expired = conn.execute(
        "SELECT user FROM att_status WHERE until IS NOT NULL AND until <= ?", (now,)
    ).fetchall()
    for (user,) in expired:
        conn.execute("UPDATE att_status SET emoji = '', text = '', until = NULL WHERE user = ?", (user,))
        _publish_status(app, user)
    gone = conn.execute(
        "SELECT user FROM att_presence WHERE state != 'offline' AND lease <= ?", (now,)
    ).fetchall()
    for (user,) in gone:
        conn.execute("UPDATE att_presence SET state = 'offline' WHERE user = ?", (user,))
        _publish_status(app, user)
    changing = conn.execute(
        "SELECT user FROM att_dnd WHERE next_check IS NOT NULL AND next_check <= ?", (now,)
    ).fetchall()
    for (user,) in changing:
        _refresh_dnd(app, user, now)


FEATURE = features.register(features.RelayFeature(
    name=NAME,
    migrations=MIGRATIONS,
    commands={
        fr.SetDnd: set_dnd,
        fr.SetStatus: set_status,
        fr.Schedule: schedule,
        fr.ScheduleEdit: edit,
        fr.ScheduleCancel: cancel,
        fr.ScheduleSendNow: send_now,
        fr.PostUrgent: post_urgent,
        fr.SetPresence: set_presence,
    },
    tick=tick,
))
