"""The outbox: the user's commands, durable until the relay's event for them arrives."""

# Lifecycle: pending -> sending -> acked -> (its event is applied: row deleted).
# A refused command becomes 'failed' with the relay's reason and stays until the user
# retries or discards it. A retried command keeps its original place in the queue:
# later commands may depend on it (an edit or reaction queued after a post) and the
# user saw them in that order.

from __future__ import annotations

import time
from collections.abc import Sequence

from desktop.errors import BugError
from desktop.protocol import codec, frames
from desktop.store.changes import ChangeLog
from desktop.store.database import Connection
from desktop.store.rows import OutboxItem

STATES = ("pending", "sending", "acked", "failed")
_COLUMNS = "cid, kind, channel, frame, state, error_code, error, attempts, created_ts, seq"


def kind_of(cmd: frames.Command) -> str:
    return type(cmd).__struct_config__.tag  # type: ignore[attr-defined]


def enqueue(conn: Connection, log: ChangeLog, cmd: frames.Command) -> OutboxItem:
    if not isinstance(cmd, frames.Command) or isinstance(cmd, frames.QUERY_TYPES):
        raise BugError(f"only state-changing commands are queued, not {type(cmd).__name__}")
    kind = kind_of(cmd)
    channel = getattr(cmd, "channel", None)
    msg = getattr(cmd, "msg", None)
    if channel is None and msg is not None:
        row = conn.execute("SELECT channel FROM messages WHERE id = ?", (msg,)).fetchone()
        channel = row[0] if row else None
    if conn.execute("SELECT 1 FROM outbox WHERE cid = ?", (cmd.id,)).fetchone():
        raise BugError(f"command id {cmd.id} is already in the outbox")
    row = conn.execute(
        f"INSERT INTO outbox(cid, kind, channel, msg, frame, created_ts) VALUES (?, ?, ?, ?, ?, ?)"
        f" RETURNING {_COLUMNS}",
        (cmd.id, kind, channel, msg, codec.encode(cmd), int(time.time() * 1000)),
    ).fetchall()[0]
    _changed(log, kind, channel)
    return _item(row)


def items(conn: Connection, states: Sequence[str]) -> list[OutboxItem]:
    _check_states(states)
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE state IN ({','.join('?' * len(states))}) ORDER BY pos",
        tuple(states),
    )
    return [_item(r) for r in rows]


def pending_posts(conn: Connection, channel: str) -> list[OutboxItem]:
    # Every post still here is unconfirmed: applying its event deletes the row.
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE kind = 'post' AND channel = ? ORDER BY pos", (channel,)
    )
    return [_item(r) for r in rows]


def count(conn: Connection, states: Sequence[str]) -> int:
    _check_states(states)
    return conn.execute(
        f"SELECT count(*) FROM outbox WHERE state IN ({','.join('?' * len(states))})", tuple(states)
    ).fetchone()[0]


def mark_sending(conn: Connection, log: ChangeLog, cid: str) -> bool:
    """pending (or sending, when resent after a reconnect) -> sending; attempts += 1."""
    return _update(
        conn, log, cid,
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1"
        " WHERE cid = ? AND state IN ('pending', 'sending') RETURNING kind, channel",
        (cid,),
    )


def mark_acked(conn: Connection, log: ChangeLog, cid: str, ack: frames.Ack, cursor: int) -> bool:
    """The relay accepted the command. Done now if it changed nothing or its event is
    already applied; otherwise kept as 'acked' until apply_events sees its event."""
    done = ack.seq is None or ack.seq <= cursor
    if not done and ack.msg is not None:
        # A post whose event came in a history page (the cursor has not passed it).
        found = conn.execute("SELECT 1 FROM messages WHERE id = ? AND cid = ?", (ack.msg, cid)).fetchone()
        done = found is not None
    if done:
        return _update(conn, log, cid, "DELETE FROM outbox WHERE cid = ? RETURNING kind, channel", (cid,))
    return _update(
        conn, log, cid,
        "UPDATE outbox SET state = 'acked', seq = ?, error_code = NULL, error = NULL"
        " WHERE cid = ? RETURNING kind, channel",
        (ack.seq, cid),
    )


def mark_failed(conn: Connection, log: ChangeLog, cid: str, code: str, message: str) -> bool:
    return _update(
        conn, log, cid,
        "UPDATE outbox SET state = 'failed', error_code = ?, error = ? WHERE cid = ? RETURNING kind, channel",
        (code, message, cid),
    )


def retry(conn: Connection, log: ChangeLog, cid: str) -> bool:
    """failed -> pending, keeping its place in the queue."""
    return _update(
        conn, log, cid,
        "UPDATE outbox SET state = 'pending', error_code = NULL, error = NULL"
        " WHERE cid = ? AND state = 'failed' RETURNING kind, channel",
        (cid,),
    )


def discard(conn: Connection, log: ChangeLog, cid: str) -> bool:
    return _update(conn, log, cid, "DELETE FROM outbox WHERE cid = ? RETURNING kind, channel", (cid,))


def requeue_unconfirmed(conn: Connection, *, acked: bool) -> None:
    """'sending' (and, after a resync, 'acked') back to 'pending'.

    At startup a 'sending' row was cut off by a crash or disconnect; after a resync an
    acked seq belongs to the old log. Resending is safe: the relay answers a command
    id it has seen with the original ack.
    """
    states = ("sending", "acked") if acked else ("sending",)
    conn.execute(
        f"UPDATE outbox SET state = 'pending', seq = NULL WHERE state IN ({','.join('?' * len(states))})",
        states,
    )


def _update(conn: Connection, log: ChangeLog, cid: str, sql: str, params: tuple) -> bool:
    # fetchall: a RETURNING statement left unfinished would keep the transaction busy.
    rows = conn.execute(sql, params).fetchall()
    for row in rows:
        _changed(log, *row)
    return bool(rows)


def _changed(log: ChangeLog, kind: str, channel: str | None) -> None:
    log.outbox = True
    if kind == "post" and channel is not None:
        log.pending.add(channel)


def _check_states(states: Sequence[str]) -> None:
    if isinstance(states, str) or not set(states) <= set(STATES):
        raise BugError(f"outbox states are a sequence drawn from {STATES}, not {states!r}")


def _item(row: tuple) -> OutboxItem:
    cid, kind, channel, frame, state, error_code, error, attempts, created_ts, seq = row
    cmd = codec.decode_client_frame(frame)
    if not isinstance(cmd, frames.Command):
        raise BugError(f"outbox row {cid} does not hold a command")
    return OutboxItem(
        cid=cid, kind=kind, channel=channel, frame=cmd, state=state, error_code=error_code,
        error=error, attempts=attempts, created_ts=created_ts, seq=seq,
    )
