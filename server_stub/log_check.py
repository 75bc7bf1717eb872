"""Checksums of the relay's log: each event row carries a CRC-32 of its fields, written
on append and verified whenever the row is read, so a flipped byte on the relay's disk
is refused (and the operator told) instead of being served as data.

CRC-32 catches every burst of up to 32 flipped bits in a row, which covers the damage a
bad sector or a stray write leaves; it is no defence against someone who can write the
database (they can recompute it) — see docs/RELIABILITY.md.
"""

from __future__ import annotations

import sqlite3
import zlib

CHECKSUM_META = "log_checksums"  # meta key: set once every row carries its checksum


class LogDamaged(Exception):
    """A row of the relay's log (or the database under it) is damaged."""

    def __init__(self, detail: str, seq: int | None = None):
        super().__init__(detail)
        self.seq = seq

    def operator_line(self) -> str:
        return (f"the relay's database is damaged ({self}); it refuses to serve what it cannot verify. "
                "Stop the relay, keep the damaged folder, and restore the data folder from a backup")


def _field(value) -> bytes:
    # None and "" must differ, and no field may run into the next one.
    return b"\x00" if value is None else b"\x01" + value.encode("utf-8", "surrogatepass") + b"\x00"


def checksum(seq: int, kind: str, scope_channel: str | None, scope_user: str | None, body: bytes) -> int:
    head = seq.to_bytes(8, "big", signed=True) + _field(kind) + _field(scope_channel) + _field(scope_user)
    return zlib.crc32(body, zlib.crc32(head))


def verified(row) -> tuple:
    """(seq, kind, scope_channel, scope_user, body) from a row that also ends in its crc."""
    seq, kind, scope_channel, scope_user, body, crc = row
    try:
        ok = (isinstance(seq, int) and isinstance(kind, str) and isinstance(body, bytes)
              and isinstance(crc, int) and checksum(seq, kind, scope_channel, scope_user, body) == crc)
    except (TypeError, AttributeError, OverflowError, UnicodeError):
        ok = False
    if not ok:
        raise LogDamaged(f"event {seq!r} does not match its checksum", seq if isinstance(seq, int) else None)
    return seq, kind, scope_channel, scope_user, body


def backfill(conn: sqlite3.Connection) -> int:
    """Checksum the rows an older relay wrote without one (once, at upgrade: damage that
    happened before it cannot be told from data). Returns how many rows it filled."""
    from server_stub import db

    if db.get_meta(conn, CHECKSUM_META) == "1":
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        rows = conn.execute(
            "SELECT seq, kind, scope_channel, scope_user, body FROM events WHERE crc IS NULL").fetchall()
        conn.executemany("UPDATE events SET crc = ? WHERE seq = ?",
                         [(checksum(*r), r[0]) for r in rows])
        conn.execute("INSERT INTO meta(key, value) VALUES (?, '1')"
                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (CHECKSUM_META,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(rows)


def open_checked(connect, data_dir, **kwargs) -> sqlite3.Connection:
    """connect(data_dir) with SQLite's "malformed"/"not a database" errors as LogDamaged."""
    try:
        return connect(data_dir, **kwargs)
    except sqlite3.OperationalError:
        raise  # locked, disk full, I/O: not damage
    except sqlite3.DatabaseError as exc:
        raise LogDamaged(f"SQLite: {exc}") from None


def verify(conn: sqlite3.Connection) -> tuple[int, float]:
    """The whole database checked: SQLite's own integrity check (pages, and every index
    against its table: a flipped member or channel row shows there), no seq missing from
    the log, every event's checksum. Raises LogDamaged; returns (events, seconds)."""
    import time

    from server_stub import db

    started = time.perf_counter()
    try:
        # PostgreSQL checks its own pages (data checksums, amcheck): not from here.
        problems = ["ok"] if db.is_postgres(conn) else [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
        if problems != ["ok"]:
            raise LogDamaged("SQLite integrity check: " + "; ".join(problems)[:300])
        count, top = conn.execute("SELECT count(*), coalesce(max(seq), 0) FROM events").fetchone()
        if count != top:
            raise LogDamaged(f"{top - count} event(s) missing from a log whose head is {top}")
        rows = conn.execute("SELECT seq, kind, scope_channel, scope_user, body, crc FROM events ORDER BY seq")
        expected = 1
        for row in rows:
            seq = verified(row)[0]
            if seq != expected:
                raise LogDamaged(f"event {expected} is missing", expected)
            expected += 1
    except sqlite3.DatabaseError as exc:
        raise LogDamaged(f"SQLite: {exc}") from None
    return count, time.perf_counter() - started
