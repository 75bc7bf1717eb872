"""Group commit: one thread owns the write connection and commits commands in batches.

A command's future resolves only after its transaction is durably committed
(fsync). The same thread polls for changes made by `beacon-relay admin` in another
process, so the log is published to the hub gap-free and in order.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
import time
from pathlib import Path
from typing import Callable, NamedTuple

import msgspec

from desktop.protocol import codec
from desktop.protocol import frames as fr
from desktop.protocol.errors import ErrorCode
from server_stub import commands, db, features, prefetch
from server_stub import log as evlog
from server_stub.config import RelayConfig
from server_stub.log import StoredEvent

logger = logging.getLogger(__name__)

_STOP = object()
_CALL = object()
_ack_decoder = msgspec.json.Decoder(fr.Ack)

# publish(events, own, then): `events` committed, in seq order (maybe with other nodes'
# or the admin CLI's events before this node's own), `own` those this node committed
# (the bus carries them to the other nodes); `then` answers the commands once published.
Publish = Callable[[list[StoredEvent], list[StoredEvent], Callable[[], None]], None]
Outcome = fr.Ack | commands.Rejected


class _Write(NamedTuple):
    fn: Callable[..., object]
    args: tuple


class Writer:
    """Owns the only write connection of the serving relay.

    `publish(events, own, then)` and `on_revoked(hashes)` are called on the event loop.
    `known_head()` (read from the writer thread) is the highest seq the node has
    published by any route; events up to it are not read again.
    """

    def __init__(
        self,
        data_dir: Path,
        loop: asyncio.AbstractEventLoop,
        publish: Publish,
        on_revoked: Callable[[set[str]], None],
        config: RelayConfig = RelayConfig(),
    ):
        self._data_dir = data_dir
        self._loop = loop
        self._publish = publish
        self._on_revoked = on_revoked
        self._config = config
        self._clock = config.clock or evlog.now_ms
        # PostgreSQL: each command's savepoint is a subtransaction, and a backend keeps
        # only 64 of them in shared memory; a transaction with more makes every other
        # session's snapshots slower (the "subtransaction overflow" pitfall).
        self._acks: dict = {}  # the current batch's stored acks (_commit)
        self._max_batch = min(config.max_batch, 60) if config.database else config.max_batch
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._conn = db.connect(data_dir)
        self.published_head = evlog.head(self._conn)
        self.known_head: Callable[[], int] = lambda: self.published_head
        self._revocations = db.get_meta(self._conn, "revocations")
        self._thread = threading.Thread(target=self._run, name="relay-writer", daemon=True)
        self._seen: dict[str, int] = {}  # token hash -> last connect (ms), written at the next poll
        self._seen_lock = threading.Lock()
        self.on_commit: Callable[[float], None] | None = None  # seconds per group commit (metrics)

    def start(self) -> None:
        self._thread.start()

    def submit(self, user: str, cmd: fr.Command) -> asyncio.Future:
        fut = self._loop.create_future()
        self._queue.put((user, cmd, fut))
        return fut

    def submit_write(self, fn: Callable[..., object], *args) -> asyncio.Future:
        """Run `fn(conn, *args)` on the writer thread inside the next group commit, for
        relay-internal records that are no client command (e.g. who uploaded a blob).
        The future resolves after the commit with fn's result, or a `Rejected`
        (`internal`) if it raised or the commit failed; fn must not append events."""
        fut = self._loop.create_future()
        self._queue.put((None, _Write(fn, args), fut))
        return fut


    def call(self, fn: Callable[[evlog.Appender], object]) -> asyncio.Future:
        """Run fn(appender) on the writer thread in its own write transaction (used by
        feature endpoints such as /signin); its events are published before the future
        resolves with fn's result or exception."""
        fut = self._loop.create_future()
        self._queue.put((_CALL, fn, fut))
        return fut

    def seen(self, token_hash: str) -> None:
        """A device connected: its tokens.last_seen_ts is updated at the next poll."""
        with self._seen_lock:
            self._seen[token_hash] = self._clock()

    def _flush_seen(self) -> None:
        with self._seen_lock:
            seen, self._seen = self._seen, {}
        if seen:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("UPDATE tokens SET last_seen_ts = ? WHERE hash = ?", [(ts, h) for h, ts in seen.items()])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    async def stop(self) -> None:
        self._queue.put(_STOP)
        await asyncio.get_running_loop().run_in_executor(None, self._thread.join)
        self._conn.close()

    # ---- writer thread ----------------------------------------------------

    def _run(self) -> None:
        last_poll = time.monotonic()
        while True:
            try:
                first = self._queue.get(timeout=self._config.poll_interval_s)
            except queue.Empty:
                self._poll()
                last_poll = time.monotonic()
                continue
            batch = [first]
            while len(batch) < self._max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = any(item is _STOP for item in batch)
            calls = [item for item in batch if item is not _STOP and item[0] is _CALL]
            items = [item for item in batch if item is not _STOP and item[0] is not _CALL]
            if items:
                self._commit(items)
            for _, fn, fut in calls:
                self._call(fn, fut)
            if stop:
                return
            # Poll on time under steady load too: an idle-only poll would never
            # notice a token revocation while commands keep arriving.
            if time.monotonic() - last_poll >= self._config.poll_interval_s:
                self._poll()
                last_poll = time.monotonic()

    def _commit(self, items: list) -> None:
        conn = self._conn
        results: list[tuple[asyncio.Future, Outcome]] = []
        own: list[StoredEvent] = []
        try:
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            app = evlog.Appender(conn, clock=self._clock)
            self._acks = _known_acks(conn, items)
            prefetch.batch(conn, [(user, cmd) for user, cmd, _fut in items if not isinstance(cmd, _Write)])
            for user, cmd, fut in items:
                results.append((fut, self._apply(app, user, cmd)))
            conn.execute("COMMIT")  # synchronous=FULL: durable when this returns
            events = own = app.appended
            if self.on_commit is not None:
                self.on_commit(time.perf_counter() - started)
        except sqlite3.Error as exc:
            # Disk full, I/O error, database locked for too long: nothing of this
            # batch was committed, so nothing is acknowledged; clients retry.
            logger.error("commit failed, %d commands not applied: %s", len(items), exc)
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the connection is gone (PostgreSQL restarting): nothing to roll back
            failure = commands.Rejected(ErrorCode.INTERNAL, "the relay could not store this; retry later")
            results = [(fut, failure) for _user, _cmd, fut in items]
            events = []
        try:
            events = self._with_gap(events)
        except sqlite3.Error as exc:  # committed, but the gap before it is unreadable now:
            logger.warning("reading the events before %s failed: %s", events[0].seq if events else "-", exc)
        self._loop.call_soon_threadsafe(self._deliver, events, own, results)

    def _call(self, fn, fut: asyncio.Future) -> None:
        conn = self._conn
        events: list[StoredEvent] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                app = evlog.Appender(conn, clock=self._clock)
                result, error = fn(app), None
                conn.execute("COMMIT")
                events = app.appended
            except BaseException:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                raise
        except Exception as exc:  # handed to the caller, who answers its client
            result, error = None, exc
        own = events
        try:
            events = self._with_gap(events)
        except sqlite3.Error as exc:
            logger.warning("reading the events before this call's failed: %s", exc)

        def then() -> None:
            if not fut.done():
                fut.set_exception(error) if error is not None else fut.set_result(result)

        self._loop.call_soon_threadsafe(self._publish, events, own, then)

    def _apply(self, app: evlog.Appender, user: str, cmd: fr.Command) -> Outcome:
        """Apply one command in its own savepoint. `self._acks`: (user, command id) -> the
        ack already stored, for the whole batch (read once, then kept current)."""
        conn = app.conn
        acks = self._acks
        if isinstance(cmd, _Write):
            return self._write(conn, cmd)
        stored = acks.get((user, cmd.id))
        if stored is not None:
            ack = _ack_decoder.decode(stored)
            ack.duplicate = True
            return ack
        mark = len(app.appended)
        conn.execute("SAVEPOINT cmd")
        try:
            ack = commands.execute(app, user, cmd)
            encoded = codec.encode(ack)
            conn.execute("INSERT INTO commands(user, cid, ack) VALUES (?,?,?)", (user, cmd.id, encoded))
            conn.execute("RELEASE cmd")
            acks[(user, cmd.id)] = encoded  # the same id again later in this batch: a duplicate
            return ack
        except commands.Rejected as rejected:
            outcome: Outcome = rejected
        except sqlite3.Error:
            raise  # storage trouble: the whole batch fails (handled by the caller)
        except Exception:
            logger.exception("bug while applying %s", type(cmd).__name__)
            outcome = commands.Rejected(ErrorCode.INTERNAL, "the relay failed on this command")
        conn.execute("ROLLBACK TO cmd")
        conn.execute("RELEASE cmd")
        app.rollback_to(mark)
        return outcome

    def _write(self, conn: sqlite3.Connection, job: "_Write"):
        conn.execute("SAVEPOINT job")
        try:
            result = job.fn(conn, *job.args)
            conn.execute("RELEASE job")
            return result
        except sqlite3.Error:
            raise  # storage trouble: the whole batch fails (handled by the caller)
        except Exception:
            logger.exception("bug in relay write %s", getattr(job.fn, "__name__", job.fn))
        conn.execute("ROLLBACK TO job")
        conn.execute("RELEASE job")
        return commands.Rejected(ErrorCode.INTERNAL, "the relay failed on this write")

    def _with_gap(self, events: list[StoredEvent]) -> list[StoredEvent]:
        """Prepend events another process (admin, another node) committed since the last
        publish. What the node has published meanwhile by another route is not read again;
        the sequencer drops any overlap."""
        base = max(self.published_head, self.known_head())
        if events and events[0].seq == base + 1:
            self.published_head = events[-1].seq
            return events
        top = events[0].seq - 1 if events else evlog.head(self._conn)
        missing = evlog.read_range(self._conn, base, top) if top > base else []
        events = missing + events
        if events:
            self.published_head = events[-1].seq
        return events

    def _tick(self) -> list[StoredEvent]:
        """Let features act on the clock (due scheduled posts...) in one transaction."""
        ticks = features.ticks()
        if not ticks:
            return []
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            app = evlog.Appender(conn, clock=self._clock)
            now = self._clock()
            for tick in ticks:
                tick(app, now)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return app.appended

    def _poll(self) -> None:
        try:
            self._flush_seen()
            own = self._tick()
            events = self._with_gap(own)
            if events:
                self._loop.call_soon_threadsafe(self._deliver, events, own, [])
            gen = db.get_meta(self._conn, "revocations")
            if gen != self._revocations:
                self._revocations = gen
                revoked = {r[0] for r in self._conn.execute("SELECT hash FROM tokens WHERE revoked_ts IS NOT NULL")}
                self._loop.call_soon_threadsafe(self._on_revoked, revoked)
        except sqlite3.Error as exc:
            logger.warning("poll failed: %s", exc)
        except RuntimeError:
            pass  # event loop closed during shutdown

    def _deliver(self, events: list[StoredEvent], own: list[StoredEvent], results: list) -> None:
        def then() -> None:
            for fut, outcome in results:
                if not fut.done():
                    fut.set_result(outcome)

        self._publish(events, own, then)


def _known_acks(conn, items: list) -> dict:
    """The stored acks of the batch's command ids, in one query per 256 (instead of one
    round trip per command: on PostgreSQL that round trip was most of a post's cost).
    Statement texts come in a few fixed sizes, so they stay prepared."""
    pairs = list(dict.fromkeys((user, cmd.id) for user, cmd, _fut in items
                               if user is not None and not isinstance(cmd, _Write)))
    found: dict = {}
    for chunk in prefetch.padded(pairs) if pairs else ():
        # Both columns of the key as IN lists (an index range per value, on either
        # database; an OR of 64 pairs took PostgreSQL ~2 ms to plan), exact pairs kept.
        marks = ",".join("?" * len(chunk))
        params = [user for user, _cid in chunk] + [cid for _user, cid in chunk]
        wanted = set(chunk)
        for user, cid, ack in conn.execute(
                f"SELECT user, cid, ack FROM commands WHERE user IN ({marks}) AND cid IN ({marks})", params):
            if (user, cid) in wanted:
                found[(user, cid)] = ack
    return found


def run_admin(data_dir: Path, fn: Callable[[evlog.Appender], object]) -> object:
    """Run one admin change in its own durable transaction (used by the admin CLI)."""
    conn = db.connect(data_dir)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(evlog.Appender(conn))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return result
    finally:
        conn.close()

