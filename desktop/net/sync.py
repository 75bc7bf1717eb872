"""The sync engine: keeps the encrypted cache in step with the relay.

connect -> hello -> resume from the cursor -> apply events in batched
transactions -> live; meanwhile the outbox is sent in order and each answer is
recorded. Cache writes run on a worker thread, never on the event loop's thread
(which is the UI thread under qasync).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from desktop.protocol import codec
from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.errors import TRANSIENT_ERRORS, ErrorCode
from desktop.protocol.ids import new_client_id
from desktop.protocol.session import Accepted, Answer, CaughtUp, ClientSession, NewEvents, Refused
from desktop.protocol.version import MAX_FRAME_BYTES
from desktop.net.retry import Backoff, RelayRefused, classify
from desktop.net.state import Link, LinkState

if TYPE_CHECKING:  # websockets is imported with the first connection (~70 ms), not at start-up
    from websockets.asyncio.client import ClientConnection

logger = logging.getLogger(__name__)

# Commands sent but not yet answered, at most. Well under the relay's burst
# allowance, so a long outbox is never rate-limited into reordering.
WINDOW = 64
# Events applied in one cache transaction at most (several frames are merged).
APPLY_BATCH = 2000


@dataclass
class SyncReport:
    """What one connection did, for the CLI and logs."""

    events: int = 0
    sent: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (cid, reason)
    reset: bool = False
    caught_up: bool = False
    # One-shot only: commands the relay kept refusing with a retryable server
    # error (`internal`, e.g. its disk is full). Still pending in the outbox.
    unstored: list[str] = field(default_factory=list)


class SyncEngine:
    """Owns the connection to one relay for one profile.

    Listeners registered with `subscribe` get a LinkState on every change.
    """

    def __init__(
        self,
        store,
        url: str,
        token: str,
        *,
        backoff: Backoff | None = None,
        ssl_context: ssl.SSLContext | None = None,
        open_timeout: float = 10.0,
        client_name: str = "beacon",
        internal_attempts: int = 3,
    ):
        self.store = store
        self.url, self.token = url, token
        self.backoff = backoff or Backoff()
        self.ssl_context = ssl_context
        self.open_timeout = open_timeout
        self.client_name = client_name
        # sync_once gives up on a command after this many `internal` answers
        # (about 2 s apart) instead of waiting forever; run() keeps retrying.
        self.internal_attempts = internal_attempts
        self._once = False
        self._internal: dict[str, int] = {}  # cid -> `internal` answers this session
        self._given_up: set[str] = set()
        # run(): commands answered `internal` internal_attempts times in a row, shown on
        # the connection line until they are acked, refused or leave the outbox.
        self._unstored: set[str] = set()
        self.state = LinkState(Link.OFFLINE)
        self.server_offset_ms = 0  # relay clock minus ours, from the welcome
        self._listeners: list[Callable[[LinkState], None]] = []
        self._wake = asyncio.Event()
        self._stopping = False
        self._ws: ClientConnection | None = None
        self._inflight: dict[str, object] = {}
        # Answered this session: a flusher snapshot taken before the answer was
        # recorded must not send these again.
        self._answered: set[str] = set()
        self._history: dict[str, str] = {}  # query id -> channel
        self._report = SyncReport()
        self._last_synced: int | None = None

    # ---- observers -------------------------------------------------------

    def subscribe(self, listener: Callable[[LinkState], None]) -> None:
        self._listeners.append(listener)

    def _set(self, link: Link, reason: str = "", retry_in: float | None = None, progress: int = 0) -> None:
        self.state = LinkState(link, reason, retry_in, self._last_synced, progress, len(self._unstored))
        for listener in list(self._listeners):
            listener(self.state)

    def outbox_changed(self) -> None:
        """Call after enqueuing: wakes the flusher if connected."""
        self._wake.set()

    # ---- running ---------------------------------------------------------

    async def run(self) -> None:
        """Stay connected until stop(): reconnect with backoff on retryable failures."""
        self._stopping = False
        while not self._stopping:
            try:
                await self._session(once=False)
            except asyncio.CancelledError:
                raise
            except BaseException as exc:  # classify() re-raises our own bugs
                verdict = classify(exc)
                if not verdict.retry:
                    self._set(Link.ERROR, verdict.reason)
                    return
                if self._stopping:
                    break
                delay = self.backoff.next_delay()
                logger.info("offline: %s; retrying in %.1f s", verdict.reason, delay)
                self._set(Link.OFFLINE, verdict.reason, retry_in=delay)
                await asyncio.sleep(delay)
        self._set(Link.OFFLINE, "stopped")

    async def sync_once(self) -> SyncReport:
        """Connect, catch up, flush the outbox, wait for every answer, disconnect.

        Raises what `classify` judges (the caller reports it) if the relay cannot
        be reached or refuses us.
        """
        return await self._session(once=True)

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._ws is not None:
            await self._ws.close()

    # ---- one connection -------------------------------------------------

    async def _session(self, *, once: bool) -> SyncReport:
        self._report = report = SyncReport()
        self._inflight.clear()
        self._answered.clear()
        self._history.clear()
        self._internal.clear()
        self._given_up.clear()
        self._once = once
        self._set(Link.CONNECTING)
        cursor, epoch = await asyncio.to_thread(lambda: (self.store.cursor(), self.store.epoch()))
        session = ClientSession(self.token, cursor=cursor, epoch=epoch, client=self.client_name)
        resumed = bool(cursor)
        from websockets.asyncio.client import connect

        async with connect(
            self.url,
            ssl=self.ssl_context,
            open_timeout=self.open_timeout,
            max_size=MAX_FRAME_BYTES,
            compression=None,
            ping_interval=20,
            ping_timeout=20,
            max_queue=64,
        ) as ws:
            self._ws = ws
            await ws.send(session.hello(), text=True)
            welcome = await asyncio.wait_for(ws.recv(), self.open_timeout)
            for item in session.receive(welcome):
                if isinstance(item, Refused):
                    raise RelayRefused(item.error.code, item.error.message)
                assert isinstance(item, Accepted)
                await self._accepted(item)
                report.reset = item.reset
                resumed = resumed and not item.reset
            self._set(Link.CATCHING_UP)
            flusher = asyncio.create_task(self._flush(ws))
            try:
                await self._receive(ws, session, resumed, once)
            finally:
                flusher.cancel()
                self._ws = None
        return report

    async def _accepted(self, item: Accepted) -> None:
        welcome = item.welcome
        self.server_offset_ms = welcome.server_ts - int(time.time() * 1000)

        def record():
            if item.reset:
                self.store.reset_for_resync(welcome.epoch)
            self.store.set_account(self.url, welcome.user, welcome.display_name)

        await asyncio.to_thread(record)
        self.user = welcome.user
        self.epoch = welcome.epoch

    async def _receive(self, ws: ClientConnection, session: ClientSession, resumed: bool, once: bool) -> None:
        report = self._report
        frames: asyncio.Queue = asyncio.Queue(maxsize=16)  # bounded: backpressure to the socket
        reader = asyncio.create_task(_read_into(ws, frames))
        live = False
        try:
            while True:
                pending: list = []
                raw = await frames.get()
                while True:
                    if isinstance(raw, BaseException):
                        raise raw
                    for item in session.receive(raw):
                        if isinstance(item, NewEvents):
                            pending.extend(item.events)
                        elif isinstance(item, CaughtUp):
                            live = True
                        elif isinstance(item, Answer):
                            await self._answer(ws, item.frame)
                        elif isinstance(item, Refused):
                            logger.warning("relay error: %s %s", item.error.code, item.error.message)
                    # Merge frames that have already arrived into one transaction.
                    if frames.empty() or len(pending) >= APPLY_BATCH:
                        break
                    raw = frames.get_nowait()
                if pending:
                    await self._apply(ws, pending, backfill=resumed or live, catching_up=not live)
                    report.events += len(pending)
                    if not live:
                        self._set(Link.CATCHING_UP, progress=report.events)
                if live:
                    if not report.caught_up:
                        report.caught_up = True
                        self._last_synced = int(time.time() * 1000) + self.server_offset_ms
                        self.backoff.reset()
                        self._set(Link.ONLINE)
                    if once and await self._idle():
                        await ws.close()
                        return
        finally:
            reader.cancel()

    async def _apply(self, ws: ClientConnection, events: list, *, backfill: bool, catching_up: bool) -> None:
        # Catch-up is readable first; its search index is built in the background.
        await asyncio.to_thread(self.store.apply_events, events, epoch=self.epoch, defer_index=catching_up)
        if backfill:
            for event in events:
                if isinstance(event, ev.MemberAdded) and event.user == self.user:
                    await self._request_history(ws, event.channel, before=event.seq)

    async def _request_history(self, ws: ClientConnection, channel: str, before: int | None) -> None:
        qid = new_client_id()
        self._history[qid] = channel
        await ws.send(codec.encode(fr.History(id=qid, channel=channel, before=before, limit=500)), text=True)

    async def _idle(self) -> bool:
        if self._inflight or self._history:
            return False
        pending = await asyncio.to_thread(self.store.outbox, ("pending", "sending"))
        return not [item for item in pending if item.cid not in self._given_up]

    # ---- outbox -----------------------------------------------------------

    async def _flush(self, ws: ClientConnection) -> None:
        """Send outbox commands in order, at most WINDOW unanswered at a time."""
        from websockets.exceptions import ConnectionClosed

        try:
            while True:
                self._wake.clear()
                items = await asyncio.to_thread(self.store.outbox, ("pending", "sending"))
                self._forget_unstored(self._unstored - {item.cid for item in items})
                for item in items:
                    if item.cid in self._inflight or item.cid in self._given_up:
                        continue
                    if item.cid in self._answered and item.state == "sending":
                        continue  # stale snapshot; a retried item is "pending" again
                    if len(self._inflight) >= WINDOW:
                        break
                    self._inflight[item.cid] = item
                    await asyncio.to_thread(self.store.mark_sending, item.cid)
                    await ws.send(codec.encode(item.frame), text=True)
                await self._wake.wait()
        except ConnectionClosed:
            pass  # the receive loop sees the same closure and reports it

    async def _answer(self, ws: ClientConnection, frame) -> None:
        report = self._report
        if isinstance(frame, fr.HistoryResult):
            channel = self._history.pop(frame.id, None)
            if channel is not None:
                await asyncio.to_thread(self.store.apply_history, channel, frame.events)
                if frame.more and frame.events:
                    await self._request_history(ws, channel, before=frame.events[0].seq)
            return
        if isinstance(frame, fr.Pong):
            return
        if frame.id in self._history:  # a history query refused (e.g. removed meanwhile)
            self._history.pop(frame.id)
            return
        if frame.id not in self._inflight:
            return
        if isinstance(frame, fr.Ack):
            self._forget_unstored({frame.id})
            self._answered.add(frame.id)
            await asyncio.to_thread(self.store.mark_acked, frame.id, frame)
            self._inflight.pop(frame.id)
            report.sent += 1
        elif frame.code not in TRANSIENT_ERRORS:
            # Refused for a reason resending cannot change (or a code this version
            # does not know): kept as failed with the relay's words, never dropped.
            self._forget_unstored({frame.id})
            self._answered.add(frame.id)
            await asyncio.to_thread(self.store.mark_failed, frame.id, frame.code, frame.message)
            self._inflight.pop(frame.id)
            report.failed.append((frame.id, frame.message))
        else:
            # rate_limited / internal: leave it pending and send it again later.
            if frame.code == ErrorCode.INTERNAL:
                self._internal[frame.id] = answers = self._internal.get(frame.id, 0) + 1
                if self._once and answers >= self.internal_attempts:
                    # A one-shot sync must end: the relay keeps failing to store this
                    # (disk full...). It stays queued for a later sync, sent with the same
                    # id, so it is applied exactly once.
                    self._given_up.add(frame.id)
                    self._inflight.pop(frame.id)
                    report.unstored.append(frame.id)
                    logger.warning("relay could not store %s: %s", frame.id, frame.message)
                    self._wake.set()
                    return
                if answers >= self.internal_attempts and frame.id not in self._unstored:
                    logger.warning("relay could not store %s: %s; it stays queued", frame.id, frame.message)
                    self._unstored.add(frame.id)
                    self._set(self.state.link, self.state.reason, self.state.retry_in, self.state.progress)
            delay = (frame.retry_after_ms or 2000) / 1000 if frame.code == ErrorCode.RATE_LIMITED else 2.0
            asyncio.get_running_loop().call_later(delay, self._retry_later, frame.id)
            return
        self._wake.set()

    def _forget_unstored(self, cids: set[str]) -> None:
        if cids & self._unstored:
            self._unstored -= cids
            self._set(self.state.link, self.state.reason, self.state.retry_in, self.state.progress)

    def _retry_later(self, cid: str) -> None:
        self._inflight.pop(cid, None)
        self._wake.set()


async def _read_into(ws: ClientConnection, frames: asyncio.Queue) -> None:
    """Move frames off the socket into a bounded queue; end with why it stopped."""
    try:
        async for raw in ws:
            await frames.put(raw)
        ended: BaseException = ws.protocol.close_exc
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # handed to the receive loop, which raises it
        ended = exc
    await frames.put(ended)
