"""Cache feature "files": shared files (synced), and the local file-cache bookkeeping
(what is held encrypted on disk, LRU use, offline pins, pending uploads, the key)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from desktop.domain.files import kind_of
from desktop.protocol import events as ev
from desktop.store import features
from desktop.store.changes import ChangeLog
from desktop.store.database import Connection

NAME = "files"
DEFAULT_BUDGET = 2 * 1024 * 1024 * 1024

MIGRATIONS = (
    (
        "CREATE TABLE files (id INTEGER PRIMARY KEY, channel TEXT NOT NULL, sender TEXT, msg INTEGER,"
        " sha256 TEXT NOT NULL, size INTEGER NOT NULL, name TEXT NOT NULL, mime TEXT NOT NULL,"
        " caption TEXT NOT NULL DEFAULT '', ts INTEGER NOT NULL, cid TEXT)",
        "CREATE INDEX files_channel ON files(channel, ts)",
        "CREATE INDEX files_sha ON files(sha256)",
        # Local only: blobs held in the encrypted cache directory.
        "CREATE TABLE file_cache (sha256 TEXT PRIMARY KEY, bytes INTEGER NOT NULL, last_used INTEGER NOT NULL)",
        "CREATE TABLE file_pins (file INTEGER PRIMARY KEY)",
        "CREATE TABLE file_channel_pins (channel TEXT PRIMARY KEY)",
        "CREATE TABLE file_settings (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
        "CREATE TABLE file_uploads (cid TEXT PRIMARY KEY, channel TEXT NOT NULL, path TEXT NOT NULL,"
        " sha256 TEXT, size INTEGER NOT NULL, name TEXT NOT NULL, mime TEXT NOT NULL,"
        " caption TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL)",
    ),
)


def _on_shared(conn: Connection, log: ChangeLog, me: str | None, event: ev.FileShared) -> None:
    conn.execute(
        "INSERT INTO files(id, channel, sender, msg, sha256, size, name, mime, caption, ts, cid)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
        (event.file, event.channel, event.actor, event.msg, event.sha256, event.size, event.name,
         event.mime, event.caption, event.ts, event.cid),
    )
    if event.cid:
        conn.execute("DELETE FROM file_uploads WHERE cid = ?", (event.cid,))
    log.feature(NAME, event.file)


FEATURE = features.register(
    features.Feature(name=NAME, migrations=MIGRATIONS, handlers={ev.FileShared: _on_shared}, synced_tables=("files",))
)


@dataclass(frozen=True)
class FileRow:
    id: int
    channel: str
    sender: str | None
    msg: int | None
    sha256: str
    size: int
    name: str
    mime: str
    caption: str
    ts: int
    cid: str | None
    cached: bool
    pinned: bool  # this file, or its channel, is kept offline

    @property
    def kind(self) -> str:
        return kind_of(self.name, self.mime)


@dataclass(frozen=True)
class PendingUpload:
    cid: str
    channel: str
    path: str
    sha256: str | None
    size: int
    name: str
    mime: str
    caption: str


_SELECT = (
    "SELECT f.id, f.channel, f.sender, f.msg, f.sha256, f.size, f.name, f.mime, f.caption, f.ts, f.cid,"
    " c.sha256 IS NOT NULL,"
    " EXISTS(SELECT 1 FROM file_pins p WHERE p.file = f.id)"
    " OR EXISTS(SELECT 1 FROM file_channel_pins q WHERE q.channel = f.channel)"
    " FROM files f LEFT JOIN file_cache c ON c.sha256 = f.sha256"
)


def _now() -> int:
    return int(time.time() * 1000)


class FileStore:
    """Reads and writes of the files feature, over the Store's connections.

    Uses the Store's private write/read helpers: this module is part of the cache
    package, the Store facade stays free of feature code.
    """

    def __init__(self, store):
        self.store = store
        self._db = store._db

    def _write(self, fn):
        return self.store._write(fn)[0]

    # ---- the key of the encrypted file cache ----

    def master_key(self) -> bytes:
        """Random 256-bit key kept inside the encrypted database (stable across passphrase changes)."""
        with self._db.read() as conn:
            row = conn.execute("SELECT value FROM file_settings WHERE key = 'master'").fetchone()
        if row:
            return bytes(row[0])

        def write(conn, log):
            conn.execute("INSERT INTO file_settings(key, value) VALUES ('master', ?) ON CONFLICT DO NOTHING",
                         (secrets.token_bytes(32),))
            return bytes(conn.execute("SELECT value FROM file_settings WHERE key = 'master'").fetchone()[0])

        return self._write(write)

    def budget(self) -> int:
        with self._db.read() as conn:
            row = conn.execute("SELECT value FROM file_settings WHERE key = 'budget'").fetchone()
        return int(row[0]) if row else DEFAULT_BUDGET

    def set_budget(self, size: int) -> None:
        if size < 0:
            raise ValueError("the cache budget cannot be negative")
        self._write(lambda conn, log: conn.execute(
            "INSERT INTO file_settings(key, value) VALUES ('budget', ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (size,)))

    # ---- shared files ----

    def files(self, channel: str | None = None, *, kind: str | None = None, query: str = "") -> list[FileRow]:
        """Newest first; `query` matches the name (case-insensitive), offline."""
        where, args = [], []
        if channel:
            where.append("f.channel = ?")
            args.append(channel)
        if query:
            where.append("f.name LIKE ? ESCAPE '\\'")
            args.append("%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY f.ts DESC, f.id DESC"
        with self._db.read() as conn:
            rows = [FileRow(*r[:11], bool(r[11]), bool(r[12])) for r in conn.execute(sql, args)]
        return [r for r in rows if kind is None or r.kind == kind]

    def file(self, file_id: int) -> FileRow | None:
        with self._db.read() as conn:
            r = conn.execute(_SELECT + " WHERE f.id = ?", (file_id,)).fetchone()
        return FileRow(*r[:11], bool(r[11]), bool(r[12])) if r else None

    def file_by_cid(self, cid: str) -> FileRow | None:
        with self._db.read() as conn:
            r = conn.execute(_SELECT + " WHERE f.cid = ?", (cid,)).fetchone()
        return FileRow(*r[:11], bool(r[11]), bool(r[12])) if r else None

    def file_for_message(self, msg: int) -> FileRow | None:
        with self._db.read() as conn:
            r = conn.execute(_SELECT + " WHERE f.msg = ?", (msg,)).fetchone()
        return FileRow(*r[:11], bool(r[11]), bool(r[12])) if r else None

    # ---- offline pins ----

    def pin(self, file_id: int, on: bool = True) -> None:
        def write(conn, log):
            if on:
                conn.execute("INSERT INTO file_pins(file) VALUES (?) ON CONFLICT DO NOTHING", (file_id,))
            else:
                conn.execute("DELETE FROM file_pins WHERE file = ?", (file_id,))
            log.feature(NAME, file_id)
        self._write(write)

    def pin_channel(self, channel: str, on: bool = True) -> None:
        def write(conn, log):
            if on:
                conn.execute("INSERT INTO file_channel_pins(channel) VALUES (?) ON CONFLICT DO NOTHING", (channel,))
            else:
                conn.execute("DELETE FROM file_channel_pins WHERE channel = ?", (channel,))
            log.feature(NAME)
        self._write(write)

    def channel_pinned(self, channel: str) -> bool:
        with self._db.read() as conn:
            return conn.execute("SELECT 1 FROM file_channel_pins WHERE channel = ?", (channel,)).fetchone() is not None

    # ---- what the encrypted cache directory holds ----

    def cached(self, sha256: str) -> bool:
        with self._db.read() as conn:
            return conn.execute("SELECT 1 FROM file_cache WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def mark_cached(self, sha256: str, nbytes: int) -> None:
        def write(conn, log):
            conn.execute(
                "INSERT INTO file_cache(sha256, bytes, last_used) VALUES (?,?,?)"
                " ON CONFLICT(sha256) DO UPDATE SET bytes = excluded.bytes, last_used = excluded.last_used",
                (sha256, nbytes, _now()))
            log.feature(NAME, *[r[0] for r in conn.execute("SELECT id FROM files WHERE sha256 = ?", (sha256,))])
        self._write(write)

    def touch(self, sha256: str) -> None:
        self._write(lambda conn, log: conn.execute(
            "UPDATE file_cache SET last_used = max(last_used + 1, ?) WHERE sha256 = ?", (_now(), sha256)))

    def forget_cached(self, sha256: str) -> None:
        def write(conn, log):
            conn.execute("DELETE FROM file_cache WHERE sha256 = ?", (sha256,))
            log.feature(NAME, *[r[0] for r in conn.execute("SELECT id FROM files WHERE sha256 = ?", (sha256,))])
        self._write(write)

    def cache_usage(self) -> tuple[int, int]:
        """(bytes held that count against the budget, bytes held that are pinned)."""
        with self._db.read() as conn:
            rows = conn.execute(f"SELECT c.bytes, {self._pinned_sql()} FROM file_cache c").fetchall()
        return sum(b for b, p in rows if not p), sum(b for b, p in rows if p)

    @staticmethod
    def _pinned_sql() -> str:
        return (
            "EXISTS(SELECT 1 FROM files f WHERE f.sha256 = c.sha256 AND ("
            " f.id IN (SELECT file FROM file_pins) OR f.channel IN (SELECT channel FROM file_channel_pins)))"
        )

    def eviction_order(self) -> list[tuple[str, int]]:
        """Unpinned cached blobs, least recently used first: (sha256, bytes)."""
        with self._db.read() as conn:
            return [tuple(r) for r in conn.execute(
                f"SELECT c.sha256, c.bytes FROM file_cache c WHERE NOT {self._pinned_sql()}"
                " ORDER BY c.last_used, c.sha256")]

    def pinned_missing(self) -> list[FileRow]:
        """Files kept offline whose bytes are not in the cache yet (to download)."""
        return [r for r in self.files() if r.pinned and not r.cached]

    # ---- uploads that survive a restart ----

    def add_upload(self, up: PendingUpload) -> None:
        self._write(lambda conn, log: conn.execute(
            "INSERT INTO file_uploads(cid, channel, path, sha256, size, name, mime, caption, created)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (up.cid, up.channel, up.path, up.sha256, up.size, up.name, up.mime, up.caption, _now())))

    def set_upload_sha(self, cid: str, sha256: str) -> None:
        self._write(lambda conn, log: conn.execute(
            "UPDATE file_uploads SET sha256 = ? WHERE cid = ?", (sha256, cid)))

    def uploads(self) -> list[PendingUpload]:
        with self._db.read() as conn:
            return [PendingUpload(*r) for r in conn.execute(
                "SELECT cid, channel, path, sha256, size, name, mime, caption FROM file_uploads ORDER BY created")]

    def drop_upload(self, cid: str) -> None:
        self._write(lambda conn, log: conn.execute("DELETE FROM file_uploads WHERE cid = ?", (cid,)))
