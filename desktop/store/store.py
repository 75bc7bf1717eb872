"""The Store facade: the only way the rest of the client reads or writes the cache."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from desktop.errors import BugError, KnownError, StorageFullError
from desktop.protocol import events as ev
from desktop.protocol import frames
from desktop.store.keys import CacheKey
from desktop.domain.search_query import SearchQuery
from desktop.store import (
    channels, drafts, features, indexer, migrations, outbox, pins, search, search_filters, timeline,
)
from desktop.store.changes import ChangeLog, Changes
from desktop.store.database import Connection, Database
from desktop.store.ingest import Applier
from desktop.store.rows import Account, ChannelRow, MessageRow, OutboxItem, SearchHit, SearchHits, UserRow
from desktop.store.unread import set_me

logger = logging.getLogger(__name__)

Listener = Callable[[Changes], None]
AnyEvent = ev.EventBase | ev.UnknownEvent
_T = TypeVar("_T")


class Store:
    """The encrypted local cache. Safe to call from any thread.

    Writes (the sync engine's worker thread, the composer) go through one write
    connection, one transaction per call; reads use pooled read connections and never
    wait for a write. After each write commits, every subscriber is called with the
    Changes, on the writing thread, in commit order. A subscriber must return quickly
    (e.g. emit a Qt signal) and must not wait for another thread that may be writing.

    A big catch-up is readable before it is searchable: its messages are indexed by a
    background thread (desktop.store.indexer) unless `background_index` is False; then
    only index_pending() indexes them. Search results say how many are not indexed yet.
    """

    def __init__(self, db: Database, *, background_index: bool = True):
        self._db = db
        self._listeners: tuple[Listener, ...] = ()
        self._listeners_lock = threading.Lock()
        write = lambda fn: self._write(fn)[0]  # noqa: E731
        self._indexer = indexer.BackgroundIndexer(write) if background_index else None

    @classmethod
    def open(cls, path: Path, key: CacheKey, *, background_index: bool = True) -> Store:
        """Open (or create) the cache; WrongKeyError leaves an existing file untouched.
        A search index left behind (a close or crash mid-backlog) is resumed."""
        db = open_database(path, key)
        try:
            try:
                with db.transaction() as conn:
                    outbox.requeue_unconfirmed(conn, acked=False)
            except StorageFullError:
                # A full disk must not stop reading; 'sending' rows are resent anyway.
                logger.info("disk full: outbox rows cut off mid-send stay 'sending' for now")
        except BaseException:
            db.close()
            raise
        store = cls(db, background_index=background_index)
        if store._indexer is not None and not db.exclusive:
            with db.read() as conn:
                behind = indexer.maybe_behind(conn)
            if behind:
                store._indexer.poke()
        return store

    @property
    def path(self) -> Path:
        return self._db.path

    def close(self) -> None:
        """Close the cache (a background index batch in progress is finished first)."""
        if self._indexer is not None:
            self._indexer.stop()
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Call `callback(changes)` after every write that changed something; returns
        a function that unsubscribes."""
        with self._listeners_lock:
            self._listeners = (*self._listeners, callback)

        def unsubscribe() -> None:
            with self._listeners_lock:
                self._listeners = tuple(cb for cb in self._listeners if cb is not callback)

        return unsubscribe

    # ---- sync state -------------------------------------------------------------

    def account(self) -> Account:
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT relay_url, user, display_name, epoch, cursor FROM sync_state"
            ).fetchone()
        return Account(*row)

    def cursor(self) -> int:
        return self.account().cursor

    def epoch(self) -> str | None:
        return self.account().epoch

    def set_account(self, relay_url: str, user: str | None, display_name: str | None) -> None:
        """Record who this cache belongs to (from the relay's welcome); a None user or
        display name means "not known yet" and keeps the stored one.

        A cache holds one user's view (private channels, DMs, outbox): signing in as
        a different user needs a different profile, so that raises KnownError.
        """

        def write(conn: Connection, log: ChangeLog) -> None:
            (stored,) = conn.execute("SELECT user FROM sync_state").fetchone()
            if user is not None and stored is not None and stored != user:
                raise KnownError(
                    f"This profile belongs to {stored}; use another profile to sign in as {user}."
                )
            conn.execute(
                "UPDATE sync_state SET relay_url = ?, user = coalesce(?, user),"
                " display_name = coalesce(?, display_name)",
                (relay_url, user, display_name),
            )
            if stored is None and user is not None:
                set_me(conn, user)  # events applied before the user was known
                log.channel_list = True
                log.counts.update(c for (c,) in conn.execute("SELECT id FROM channels"))

        self._write(write)

    def token(self) -> str | None:
        """The relay login token (kept here because the cache is encrypted at rest)."""
        with self._db.read() as conn:
            return conn.execute("SELECT token FROM sync_state").fetchone()[0]

    def set_token(self, token: str) -> None:
        self._write(lambda conn, log: conn.execute("UPDATE sync_state SET token = ?", (token,)))

    # ---- sync writes ------------------------------------------------------------

    def apply_events(
        self, events: Sequence[AnyEvent], *, epoch: str | None = None, defer_index: bool = False
    ) -> Changes:
        """Apply a batch of live or catch-up events in one transaction.

        `defer_index` (catch-up): a batch of indexer.DEFER_MIN posts or more is readable
        at once and searchable once the background indexer reaches it (index_backlog()).

        Events at or below the cursor are skipped; the cursor moves to the highest
        seq in the batch (UnknownEvent included). `epoch`, if given, must match the
        stored one unless nothing has been synced yet (else call reset_for_resync).
        """

        def write(conn: Connection, log: ChangeLog) -> None:
            me, stored_epoch, cursor = conn.execute("SELECT user, epoch, cursor FROM sync_state").fetchone()
            if epoch is not None and epoch != stored_epoch:
                if cursor > 0:
                    raise BugError(
                        f"epoch {epoch!r} differs from the cache's {stored_epoch!r}: reset_for_resync first"
                    )
                conn.execute("UPDATE sync_state SET epoch = ?", (epoch,))
            defer = defer_index and sum(type(e) is ev.MessagePosted for e in events) >= indexer.DEFER_MIN
            applier = Applier(conn, log, me=me, defer_index=defer)
            applier.apply(e for e in events if e.seq > cursor)
            top = max((e.seq for e in events), default=None)
            log.max_seq = top
            if top is not None and top > cursor:
                conn.execute("UPDATE sync_state SET cursor = ?", (top,))
                applier.confirm_acked(top)
                applier.index.finish(top)
            return applier.index

        return self._written(write)

    def apply_history(self, channel: str, events: Sequence[AnyEvent]) -> Changes:
        """Apply a page of one channel's older events; the cursor does not move.

        Events of other channels are ignored. Safe to apply any page any number of
        times, in any order relative to live events.
        """

        def write(conn: Connection, log: ChangeLog) -> None:
            (me,) = conn.execute("SELECT user FROM sync_state").fetchone()
            applier = Applier(conn, log, me=me)
            applier.apply(e for e in events if getattr(e, "channel", None) == channel)
            log.max_seq = max((e.seq for e in events), default=None)
            return applier.index

        return self._written(write)

    def _written(self, write: Callable[[Connection, ChangeLog], indexer.Position]) -> Changes:
        """Run an ingest write; wake the indexer if it left messages unindexed."""
        index, changes = self._write(write)
        if index.deferred and self._indexer is not None:
            self._indexer.poke(catch_up=index.catch_up)
        return changes

    def reset_for_resync(self, epoch: str) -> Changes:
        """Forget everything synced (the relay refused our cursor); keep outbox and drafts."""

        def write(conn: Connection, log: ChangeLog) -> None:
            for table in synced_tables():
                conn.execute(f"DELETE FROM {table}")
            search.clear(conn)
            conn.execute("UPDATE sync_state SET cursor = 0, epoch = ?, indexed_upto = 0", (epoch,))
            outbox.requeue_unconfirmed(conn, acked=True)
            log.reset = log.channel_list = log.users = log.outbox = True
            posts = conn.execute("SELECT DISTINCT channel FROM outbox WHERE kind = 'post'")
            log.pending.update(c for (c,) in posts)

        return self._write(write)[1]

    # ---- outbox -----------------------------------------------------------------

    def enqueue(self, cmd: frames.Command) -> OutboxItem:
        """Queue a command durably (committed on return). A MarkRead (MarkUnread) also
        moves the local read marker at once, so unread counts drop (come back) while offline.

        The commit is then checkpointed into cache.db and the -wal emptied, so a queued
        command survives a damaged -wal frame (docs/reliability-cache.md)."""

        def write(conn: Connection, log: ChangeLog) -> OutboxItem:
            item = outbox.enqueue(conn, log, cmd)
            if isinstance(cmd, frames.MarkRead):
                (me,) = conn.execute("SELECT user FROM sync_state").fetchone()
                Applier(conn, log, me=me).mark_read(cmd.channel, cmd.upto)
            elif isinstance(cmd, frames.MarkUnread):
                found = conn.execute("SELECT channel FROM messages WHERE id = ?", (cmd.msg,)).fetchone()
                if found is not None:
                    (me,) = conn.execute("SELECT user FROM sync_state").fetchone()
                    Applier(conn, log, me=me).mark_unread(found[0], cmd.msg - 1)
            return item

        with self._db.write_lock:
            item = self._write(write)[0]
            try:
                self._db.checkpoint()
            except KnownError as exc:
                # Committed all the same (in the -wal): saying "not queued" would invite a duplicate.
                logger.warning("queued %s, but could not checkpoint the cache: %s", item.cid, exc)
        return item

    def outbox(self, states: Sequence[str] = ("pending",)) -> list[OutboxItem]:
        """Outbox items in the given states, in queue order."""
        with self._db.read() as conn:
            return outbox.items(conn, states)

    def pending_posts(self, channel: str) -> list[OutboxItem]:
        """Unconfirmed posts of a channel (any state), for the bottom of its timeline."""
        with self._db.read() as conn:
            return outbox.pending_posts(conn, channel)

    def pending_count(self, states: Sequence[str] = ("pending", "sending")) -> int:
        with self._db.read() as conn:
            return outbox.count(conn, states)

    def mark_sending(self, cid: str) -> bool:
        return self._write(lambda conn, log: outbox.mark_sending(conn, log, cid))[0]

    def mark_acked(self, cid: str, ack: frames.Ack) -> bool:
        def write(conn: Connection, log: ChangeLog) -> bool:
            (cursor,) = conn.execute("SELECT cursor FROM sync_state").fetchone()
            return outbox.mark_acked(conn, log, cid, ack, cursor)

        return self._write(write)[0]

    def mark_failed(self, cid: str, code: str, message: str) -> bool:
        return self._write(lambda conn, log: outbox.mark_failed(conn, log, cid, code, message))[0]

    def retry(self, cid: str) -> bool:
        """failed -> pending, keeping its original place in the queue."""
        return self._write(lambda conn, log: outbox.retry(conn, log, cid))[0]

    def discard(self, cid: str) -> bool:
        return self._write(lambda conn, log: outbox.discard(conn, log, cid))[0]

    # ---- reads ------------------------------------------------------------------

    def channels(self) -> list[ChannelRow]:
        with self._db.read() as conn:
            return channels.all_channels(conn, _me(conn))

    def channel(self, channel_id: str) -> ChannelRow | None:
        with self._db.read() as conn:
            return channels.by_id(conn, channel_id, _me(conn))

    def channel_by_ref(self, ref: str) -> ChannelRow | None:
        """`general`, `#general`, a channel id, or `@bob` (the DM with bob)."""
        with self._db.read() as conn:
            return channels.by_ref(conn, ref, _me(conn))

    def members(self, channel: str) -> list[UserRow]:
        with self._db.read() as conn:
            return channels.members(conn, channel)

    def users(self) -> list[UserRow]:
        with self._db.read() as conn:
            return channels.users(conn)

    def messages(
        self, channel: str, *, before: int | None = None, after: int | None = None, limit: int | None = 50
    ) -> list[MessageRow]:
        """Top-level messages, oldest first: the newest `limit` before `before`, or
        (with only `after`) the first `limit` after `after`. limit=None: no limit."""
        with self._db.read() as conn:
            return timeline.page(conn, channel, before=before, after=after, limit=limit)

    def thread(self, root_id: int) -> list[MessageRow]:
        with self._db.read() as conn:
            return timeline.thread(conn, root_id)

    def message(self, msg_id: int) -> MessageRow | None:
        with self._db.read() as conn:
            return timeline.by_ids(conn, [msg_id]).get(msg_id)

    def count(self, channel: str) -> int:
        with self._db.read() as conn:
            return timeline.count(conn, channel)

    def pinned_messages(self, channel: str) -> list:
        with self._db.read() as conn:
            found = pins.ids(conn, channel)
        return [m for m in (self.message(i) for i in found) if m is not None]

    def pinned_count(self, channel: str) -> int:
        with self._db.read() as conn:
            return pins.count(conn, channel)

    def search(self, query: str, *, channel: str | None = None, limit: int = 50) -> SearchHits:
        """Messages containing every whitespace-separated term of `query`, newest first,
        among the indexed ones (`.incomplete` if some are not indexed yet)."""
        with self._db.read() as conn:
            ids, plan = search.find(conn, query, channel=channel, limit=limit)
            return _hits(conn, ids, plan)

    def search_query(self, q: SearchQuery, *, channel: str | None = None, limit: int = 50) -> SearchHits:
        """Like `search`, with the filters of desktop.domain.search_query (from:, in:, has:...)."""
        with self._db.read() as conn:
            ids, plan = search_filters.find(conn, q, channel=channel, limit=limit)
            # Filters alone walk the messages table, not the index: complete as they are.
            return _hits(conn, ids, plan, complete=not q.text.strip())

    # ---- search index backlog ---------------------------------------------------

    def index_backlog(self) -> int:
        """Cached messages the search index has not reached yet (0: search is complete)."""
        with self._db.read() as conn:
            return indexer.backlog(conn)

    def index_pending(self, *, batches: int | None = None) -> int:
        """Index the backlog now, on this thread (the CLI, before a one-shot search), in
        the indexer's batches (at most `batches` of them); returns how many it indexed."""
        done = 0
        while batches is None or batches > 0:
            n = self._write(indexer.index_batch)[0]
            if not n:
                break
            done += n
            batches = None if batches is None else batches - 1
        return done

    def wait_indexed(self, timeout: float | None = None) -> bool:
        """Wait until the background indexer has worked the backlog off; True if it has."""
        if self._indexer is not None:
            self._indexer.wait_idle(timeout)
        return self.index_backlog() == 0

    def draft(self, channel: str) -> str:
        with self._db.read() as conn:
            return drafts.get(conn, channel)

    def set_draft(self, channel: str, text: str) -> None:
        self._write(lambda conn, log: drafts.put(conn, channel, text))

    def change_passphrase(self, current: str, new: str) -> None:
        """Re-encrypt a passphrase-protected cache under `new`; `current` must be the one
        it was opened with (KeyUnavailableError otherwise, nothing changed)."""
        from desktop.errors import KeyUnavailableError

        old = self._db._key
        if not old.is_passphrase:
            raise KeyUnavailableError("This cache's key is kept in the system keychain: it has no passphrase to change.")
        if not old.same_as(CacheKey.from_passphrase(current)):
            raise KeyUnavailableError("The current passphrase is not right; nothing was changed.")
        fresh = CacheKey.from_passphrase(new)  # refuses an empty one
        self._db.rekey(fresh)

    # ---- integrity --------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """Damage found by reading every page (empty: none). Slow on a big cache: run
        it in a worker thread."""
        return self._db.integrity_problems()

    def interrupt_integrity_check(self) -> None:
        """Make a running integrity_problems() return soon (at shutdown)."""
        self._db.interrupt_check()

    @property
    def read_only_disk_full(self) -> bool:
        """Opened on a full disk: reads work, writes fail with StorageFullError."""
        return self._db.exclusive

    # ---- internals --------------------------------------------------------------

    def _write(self, fn: Callable[[Connection, ChangeLog], _T]) -> tuple[_T, Changes]:
        """Run `fn` in one write transaction, then tell the listeners what changed."""
        log = ChangeLog()
        # Listeners run under the write lock so they see changes in commit order.
        with self._db.write_lock:
            with self._db.transaction() as conn:
                result = fn(conn, log)
            changes = log.freeze()
            if changes:
                self._notify(changes)
        return result, changes

    def _notify(self, changes: Changes) -> None:
        for callback in self._listeners:
            try:
                callback(changes)
            except Exception:
                # The write is committed; a broken listener must not undo it or starve the others.
                logger.exception("cache change listener %r failed", callback)


def open_database(path: Path, key: CacheKey) -> Database:
    """The cache's Database at its newest schema (core and every feature)."""
    db = Database.open(path, key, setup=search.register_functions)
    try:
        migrations.migrate(db)
        features.migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def synced_tables() -> list[str]:
    """Tables holding only what the relay's log gives back."""
    return [*migrations.SYNCED_TABLES, *features.synced_tables()]


def _me(conn: Connection) -> str | None:
    return conn.execute("SELECT user FROM sync_state").fetchone()[0]


def _hits(conn: Connection, ids: list[int], plan: search.Plan | None, *, complete: bool = False) -> SearchHits:
    rows = timeline.by_ids(conn, ids)
    hits = SearchHits(unindexed=0 if complete else indexer.backlog(conn))
    for msg_id in ids:
        row = rows[msg_id]
        text, ranges = search.snippet(row.text, plan.terms if plan else ())
        hits.append(SearchHit(message=row, snippet=text, highlights=ranges))
    return hits
