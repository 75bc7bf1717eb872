"""The full-text index may trail the messages: catch-up stores first, indexes after.

Writing both FTS5 indexes in the catch-up transaction made applying 100,000 missed
events ~12x slower than receiving them (issue #17). So a big batch of new messages is
stored unindexed, and indexed afterwards here, oldest id first, a batch per
transaction. `sync_state.indexed_upto` is the position (migration 2):

- every message with id <= indexed_upto is in both indexes, with its current text;
- no message with id > indexed_upto is in either.

One transaction indexes a batch and moves the position, so a crash (or a close) in
the middle of the backlog loses nothing and indexes nothing twice: the next open
goes on from the position. Ingest keeps the invariant for edits and deletes: above
the position it only changes the row (the indexer reads the text as it is when it
gets there), at or below it it also updates the indexes (desktop.store.ingest).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from desktop.errors import KnownError
from desktop.store import search
from desktop.store.changes import ChangeLog
from desktop.store.database import Connection

logger = logging.getLogger(__name__)

BATCH = 2000  # messages per transaction: well under 0.1 s holding the write lock
# A catch-up write with fewer posts than this indexes them itself if nothing
# waits: a short catch-up is searchable at once, and only a long one (whose batches
# are large: the sync engine merges frames that wait) leaves work for the indexer.
DEFER_MIN = 256
# The background indexer lets catch-up have the machine: it starts a batch only after
# SETTLE_S without a catch-up write that left messages unindexed (live writes do not
# hold it back), or after MAX_DEFER_S anyway.
SETTLE_S = 0.25
MAX_DEFER_S = 30.0
FEATURE = "search_index"  # Changes.features key after each batch ("search is more complete")


def position(conn: Connection) -> int:
    return conn.execute("SELECT indexed_upto FROM sync_state").fetchone()[0]


def set_position(conn: Connection, upto: int) -> None:
    conn.execute("UPDATE sync_state SET indexed_upto = ?", (upto,))


def maybe_behind(conn: Connection) -> bool:
    """Whether a backlog is possible, from sync_state alone (the open must not read
    other tables: a damaged page there is for the integrity check to find)."""
    return conn.execute("SELECT indexed_upto < cursor FROM sync_state").fetchone()[0]


def backlog(conn: Connection) -> int:
    """Cached messages the indexes have not reached yet (deleted ones included)."""
    return conn.execute(
        "SELECT count(*) FROM messages WHERE id > (SELECT indexed_upto FROM sync_state)"
    ).fetchone()[0]


def caught_up(conn: Connection, upto: int) -> bool:
    """Whether no message above `upto` is cached (nothing waits for the indexer)."""
    return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM messages WHERE id > ?)", (upto,)).fetchone()[0]


def index_batch(conn: Connection, log: ChangeLog, limit: int | None = None) -> int:
    """Index the next `limit` (BATCH) messages above the position and move it past
    them; returns how many messages were passed (0: the index is complete)."""
    limit = limit or BATCH
    upto = position(conn)
    rows = conn.execute(
        "SELECT id, text, channel FROM messages WHERE id > ? ORDER BY id LIMIT ?", (upto, limit)
    ).fetchall()
    if not rows:
        return 0
    search.index(conn, rows)  # deleted messages have text '' and are skipped
    top = rows[-1][0]
    if len(rows) < limit:  # nothing cached is left above: start from the cursor next time
        top = max(top, conn.execute("SELECT cursor FROM sync_state").fetchone()[0])
    set_position(conn, top)
    log.feature(FEATURE)
    return len(rows)


class Position:
    """The index position as one ingest transaction sees and moves it.

    With `defer` (a big catch-up batch), new messages above the position are left for
    the indexer. Without it (live events, short catch-up, history pages, direct callers)
    they are indexed at once if nothing waits for the indexer already (the position
    must not skip a message): else they wait too.
    Messages at or below the position are always indexed at once: history pages.
    """

    def __init__(self, conn: Connection, *, defer: bool):
        self._conn = conn
        self._defer = defer
        self.upto = position(conn)
        self._nothing_waits: bool | None = None  # looked up when first needed
        self.deferred = 0  # new messages left for the indexer
        self.catch_up = defer  # a big catch-up batch: the indexer should wait for the next

    def covers(self, msg: int) -> bool:
        """Whether `msg` is in the indexes (so an edit or delete must update them)."""
        return msg <= self.upto

    def to_index(self, rows: list[tuple]) -> list[tuple]:
        """Of new message rows (id first), those to index in this transaction; call it
        before inserting them. Moves the position past the ones indexed above it."""
        above = [r for r in rows if r[0] > self.upto]
        if not above:
            return rows
        if not self._defer and self._waits_nothing():
            self.upto = max(r[0] for r in above)
            set_position(self._conn, self.upto)
            return rows
        self._nothing_waits = False
        self.deferred += len(above)
        return [r for r in rows if r[0] <= self.upto]

    def finish(self, cursor: int) -> None:
        """At the end of a transaction that moved the cursor: if every cached message
        is indexed, the position moves to the cursor (an open then sees no backlog)."""
        if not self.deferred and cursor > self.upto and self._waits_nothing():
            self.upto = cursor
            set_position(self._conn, cursor)

    def _waits_nothing(self) -> bool:
        if self._nothing_waits is None:
            self._nothing_waits = caught_up(self._conn, self.upto)
        return self._nothing_waits


Write = Callable[[Callable[[Connection, ChangeLog], int]], int]


class BackgroundIndexer:
    """A daemon thread that works the backlog off through the store's write path.

    It uses no connection of its own: each batch is one transaction on the store's
    write connection, under its write lock, like every other write (SQLCipher
    connections are shared between threads only that way). `stop()` waits for the
    batch in progress, if any, so the store can then close its connections.
    """

    def __init__(self, write: Write, *, settle_s: float | None = None, max_defer_s: float | None = None):
        self._write = write
        self._settle_s = SETTLE_S if settle_s is None else settle_s
        self._max_defer_s = MAX_DEFER_S if max_defer_s is None else max_defer_s
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._last_deferral = 0.0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def poke(self, *, catch_up: bool = False) -> None:
        """Messages were left unindexed: work them off soon (after the catch-up, if this
        comes from one)."""
        if catch_up:
            self._last_deferral = time.monotonic()
        with self._lock:
            if self._stopping.is_set():
                return
            self._idle.clear()
            self._wake.set()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="beacon-indexer", daemon=True)
                self._thread.start()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until the backlog is worked off (or the indexer stopped or gave up)."""
        return self._idle.wait(timeout)

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
            self._wake.set()
            thread = self._thread
        if thread is not None:
            thread.join()
        self._idle.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            if self._stopping.is_set():
                return
            self._wake.clear()
            self._settle()
            if self._stopping.is_set():
                return
            try:
                while not self._stopping.is_set() and self._write(index_batch):
                    self._settle()
            except KnownError as exc:  # full disk, cache in use or damaged: next poke retries
                logger.warning("search index not brought up to date: %s", exc)
            except Exception:
                logger.exception("search indexer failed")
            if not self._wake.is_set():
                self._idle.set()

    def _settle(self) -> None:
        """Wait for a pause in catch-up writes (at most max_defer_s)."""
        start = time.monotonic()
        while not self._stopping.is_set():
            now = time.monotonic()
            quiet = now - self._last_deferral
            if quiet >= self._settle_s or now - start >= self._max_defer_s:
                return
            self._stopping.wait(min(self._settle_s - quiet, self._max_defer_s - (now - start)))
