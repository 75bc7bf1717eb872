"""The durable, append-only event log: appending inside a transaction, reading back."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import Iterator

from desktop.protocol import codec
from desktop.protocol.events import EventBase, MessagePosted
from server_stub.log_check import checksum, verified


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One committed event as the hub fans it out: raw bytes plus its audience."""

    seq: int
    kind: str
    scope_channel: str | None
    scope_user: str | None
    body: bytes


def now_ms() -> int:
    return int(time.time() * 1000)


class Appender:
    """Assigns sequence numbers inside one write transaction (BEGIN IMMEDIATE holds
    the database write lock, so max(seq)+1 cannot race with another process)."""

    def __init__(self, conn: sqlite3.Connection, clock=now_ms):
        self.conn = conn
        self.clock = clock  # the relay's clock; the demo seeds history with past times
        self._next = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM events").fetchone()[0]
        self.appended: list[StoredEvent] = []

    def peek_seq(self) -> int:
        return self._next

    def append(
        self,
        event_type: type[EventBase],
        *,
        scope_channel: str | None,
        scope_user: str | None,
        **fields,
    ) -> StoredEvent:
        seq = self._next
        if event_type is MessagePosted and fields.get("msg") is None:
            # A message's id is the seq of its message.posted event. Only there: other
            # events use msg=None for "no message" (schedule.changed while pending).
            fields["msg"] = seq
        event = event_type(seq=seq, ts=fields.pop("ts", None) or self.clock(), **fields)
        body = codec.encode(event)
        kind = event_type.__struct_config__.tag
        self.conn.execute(
            "INSERT INTO events(seq, kind, scope_channel, scope_user, body, crc) VALUES (?,?,?,?,?,?)",
            (seq, kind, scope_channel, scope_user, body, checksum(seq, kind, scope_channel, scope_user, body)),
        )
        self._next += 1
        stored = StoredEvent(seq, kind, scope_channel, scope_user, body)
        self.appended.append(stored)
        return stored

    def rollback_to(self, count: int) -> None:
        """Forget events appended after `count` (the caller rolled back a savepoint)."""
        del self.appended[count:]
        self._next = (self.appended[-1].seq + 1) if self.appended else self.conn.execute(
            "SELECT coalesce(max(seq), 0) + 1 FROM events"
        ).fetchone()[0]


def head(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]


# Every read takes the checksum too and verifies it (log_check.LogDamaged if it fails).
_COLUMNS = "seq, kind, scope_channel, scope_user, body, crc"


def read_range(conn: sqlite3.Connection, after: int, upto: int) -> list[StoredEvent]:
    """Every event with after < seq <= upto, whatever its audience (for fan-out)."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM events WHERE seq > ? AND seq <= ? ORDER BY seq", (after, upto))
    return [StoredEvent(*verified(r)) for r in rows]


_VISIBLE = """
    AND (scope_channel IN (SELECT channel FROM members WHERE user = :user)
         OR scope_user = :user
         OR (scope_channel IS NULL AND scope_user IS NULL))
"""


# A guest sees workspace-wide events only about what they share: a channel event
# (public channel created, renamed...) if they are in the channel, a person event
# (user.created, user.role...) if that person shares a channel with them.
_GUEST_VISIBLE = """
    AND (scope_channel IN (SELECT channel FROM members WHERE user = :user)
         OR scope_user = :user
         OR (scope_channel IS NULL AND scope_user IS NULL AND (
             CASE WHEN json_extract(CAST(body AS TEXT), '$.channel') IS NOT NULL
                  THEN json_extract(CAST(body AS TEXT), '$.channel') IN (SELECT channel FROM members WHERE user = :user)
                  ELSE coalesce(json_extract(CAST(body AS TEXT), '$.user') = :user
                                OR json_extract(CAST(body AS TEXT), '$.user') IN (
                                    SELECT b.user FROM members a JOIN members b ON a.channel = b.channel
                                    WHERE a.user = :user), TRUE)
             END)))
"""


def read_visible(
    conn: sqlite3.Connection, user: str, after: int, upto: int, limit: int, *, guest: bool = False
) -> list[tuple[int, bytes]]:
    """Events `user` may see with after < seq <= upto, oldest first, at most `limit`."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM events WHERE seq > :after AND seq <= :upto {_GUEST_VISIBLE if guest else _VISIBLE}"
        " ORDER BY seq LIMIT :limit",
        {"user": user, "after": after, "upto": upto, "limit": limit},
    )
    return [(seq, body) for seq, _k, _c, _u, body in map(verified, rows)]


def read_visible_now(
    conn: sqlite3.Connection, user: str, after: int, upto: int, limit: int
) -> list[tuple[int, bytes]]:
    """read_visible with `user`'s workspace role as it is now (replay and catch-up)."""
    row = conn.execute("SELECT role FROM users WHERE name = ?", (user,)).fetchone()
    return read_visible(conn, user, after, upto, limit, guest=row is not None and row[0] == "guest")


def iter_visible(conn: sqlite3.Connection, user: str, batch: int = 1000) -> Iterator[tuple[int, bytes]]:
    """The whole log as `user` may see it now (used by tests and admin checks)."""
    after, top = 0, head(conn)
    while True:
        rows = read_visible_now(conn, user, after, top, batch)
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1][0]


def read_channel_before(
    conn: sqlite3.Connection, channel: str, before: int | None, limit: int
) -> list[tuple[int, bytes]]:
    """Newest `limit` events of one channel older than `before`, returned oldest first."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM events WHERE scope_channel = ? AND seq < ?"
        " ORDER BY seq DESC LIMIT ?",
        # Clamped: the wire allows any int, SQLite binds at most int64 (OverflowError).
        (channel, min(before, 1 << 62) if before is not None else 1 << 62, limit),
    ).fetchall()
    rows.reverse()
    return [(seq, body) for seq, _k, _c, _u, body in map(verified, rows)]
