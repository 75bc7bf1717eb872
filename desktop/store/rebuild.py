"""Rebuilding a damaged cache: the old files set aside, a new cache holding only what
the relay cannot give back, the rest synced again from the relay's log.

Kept: who this cache belongs to (relay, user, token), the outbox (commands cut off mid
send or acked but not yet seen become pending again: the relay answers a command id it
has seen with its original ack, so nothing is delivered twice), drafts, and every other
local table (those no feature lists as synced). Not kept: the cursor and epoch, so the
next sync starts from the beginning of the relay's log.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import sqlcipher3

from desktop.errors import CacheCorruptError
from desktop.store import damage, outbox
from desktop.store.database import Connection, connect_read_only
from desktop.store.keys import CacheKey
from desktop.store.store import open_database, synced_tables

logger = logging.getLogger(__name__)

REQUEST_FILE = "resync-requested"
_ACCOUNT = ("relay_url", "user", "display_name", "token")
_NOT_COPIED = ("sync_state", "feature_versions", "sqlite_sequence")


@dataclasses.dataclass(frozen=True)
class Rebuilt:
    aside: Path                 # where the old files are now
    outbox: int                 # commands carried over
    lost: tuple[str, ...] = ()  # what could not be read from the old cache, if anything

    def describe(self) -> str:
        text = f"{self.outbox} queued command(s) kept; the old files are in {self.aside}"
        if self.lost:
            text += "; could not read: " + "; ".join(self.lost)
        return text


def rebuild(path: Path, key: CacheKey) -> Rebuilt:
    """Move the cache at `path` aside and create a new one with what must be kept.
    The caller then syncs it (cursor 0: the whole log). Nothing may have it open."""
    path = path.absolute()
    if not path.exists():
        raise CacheCorruptError(f"There is no cache at {path} to rebuild.")
    aside = damage.set_aside(path, move=True)
    saved, lost = _salvage(aside / path.name, key)
    db = open_database(path, key)
    try:
        with db.transaction() as conn:
            if saved.get("sync_state"):
                cols, rows = saved.pop("sync_state")
                conn.execute(
                    f"UPDATE sync_state SET {', '.join(f'{c} = ?' for c in cols)}", rows[0]
                )
            for table, (cols, rows) in saved.items():
                conn.executemany(
                    f"INSERT OR IGNORE INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows
                )
            outbox.requeue_unconfirmed(conn, acked=True)
            (kept,) = conn.execute("SELECT count(*) FROM outbox").fetchone()
    finally:
        db.close()
    logger.info("rebuilt %s: %d outbox row(s) kept, old files in %s, unreadable: %s", path, kept, aside, lost)
    return Rebuilt(aside=aside, outbox=kept, lost=tuple(lost))


def request(profile_dir: Path) -> None:
    """Ask for a rebuild at the next open of this profile (the app's "rebuild" button)."""
    (profile_dir / REQUEST_FILE).write_text("rebuild the cache from the relay at the next start\n")


def requested(profile_dir: Path) -> bool:
    return (profile_dir / REQUEST_FILE).exists()


def done(profile_dir: Path) -> None:
    (profile_dir / REQUEST_FILE).unlink(missing_ok=True)


def _salvage(old: Path, key: CacheKey) -> tuple[dict[str, tuple[list[str], list[tuple]]], list[str]]:
    """{table: (columns, rows)} of what is kept, read from the set-aside copy without
    changing it; a table that cannot be read (fully) is named in the second value."""
    saved: dict[str, tuple[list[str], list[tuple]]] = {}
    lost: list[str] = []
    try:
        conn = connect_read_only(old, key)
    except Exception as exc:  # any failure: start empty, and say what was lost
        return saved, [f"the whole old cache ({exc})"]
    try:
        skip = set(synced_tables()) | set(_NOT_COPIED)
        try:
            tables = [name for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
                " AND name NOT LIKE 'messages_fts%' AND name NOT LIKE 'messages_short%'"
            )]
        except sqlcipher3.DatabaseError as exc:
            return saved, [f"the list of tables ({exc})"]
        for table in ["sync_state", *(t for t in tables if t not in skip)]:
            columns = _ACCOUNT if table == "sync_state" else None
            got = _read_table(conn, table, columns, lost)
            if got is not None:
                saved[table] = got
    finally:
        conn.close()
    return saved, lost


def _read_table(conn: Connection, table: str, columns, lost: list[str]):
    if columns is None:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    rows: list[tuple] = []
    try:
        # Row by row: a batch cut off by a damaged page would lose the rows before it.
        for row in conn.execute(f"SELECT {', '.join(columns)} FROM {table}"):
            rows.append(row)
    except sqlcipher3.DatabaseError as exc:
        lost.append(f"part of {table} ({exc}; {len(rows)} row(s) saved)")
    return (list(columns), rows) if rows else None
