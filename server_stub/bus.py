"""The relay cluster's event bus: committed log batches over NATS JetStream (issue #14).

Each node publishes every batch it committed to PostgreSQL as one JetStream message
(more when a batch exceeds the server's max_payload; an event larger than that on
its own is not published and receivers fill it from the database). Every node,
the publisher too, receives all batches and hands them to `on_events` strictly in
log order, each seq at most once.

Choices:
- Dedup on publish: `Nats-Msg-Id` = "FIRST-LAST" (the log seq range of the message;
  chunking is deterministic), so a retry or another node publishing the same batch
  inside the stream's duplicate window is dropped by the server (PubAck.duplicate).
  Outside that window, and for overlapping ranges, the consumer drops every seq <=
  the last one delivered.
- No `Nats-Expected-Last-Sequence` / `Nats-Expected-Last-Subject-Sequence`: the
  stream sequence counts messages, not log seqs, and several nodes publish. To use
  it each publisher would need the stream sequence of the previous batch, so the
  nodes' publishes would be serialised through the bus and every concurrent commit
  would see "wrong last sequence" and retry; a commit must never wait for the bus.
  The guard that matters, no silent hole, is kept on the consumer side instead:
  every message carries its seq range, so a hole is visible to every receiver.
  Batches of two nodes may reach the stream out of commit order; a receiver holds
  the later one for `gap_grace` seconds, and only if the hole is still there calls
  `on_gap(after_seq, upto_seq)`: it returns (or awaits) the events in that range
  from PostgreSQL, which the bus delivers; None means the node delivered the range
  itself; an exception is retried. A lost *last* batch shows only at the next
  message: call notify_head(db head) now and then, and when `connected` turns True.
- Resume is by log seq, not by stream sequence: on start and after every reconnect
  the bus binary-searches the stream (message gets) for the first message
  with seq > last delivered, rewinds a few messages for batches that arrived out of
  order, and starts an ordered consumer there. After nats-server loses its newest
  messages (kill -9 before its file store was flushed) the stream sequence may
  repeat; resuming by log seq cannot skip a batch because of that.
- While disconnected `connected` is False and `publish` raises BusUnavailable at
  once (never blocks a commit). The node then feeds the pipeline itself:
  `inject(events)` for its own commits, `notify_head(seq)` for what the database
  holds (the bus asks `on_gap` for the rest). Bus messages, injected events and
  fills all go through one ordered queue, so on_events never sees a seq twice or
  out of order, whichever source came first.
- Wire format: server_stub.bus_wire (msgpack via msgspec, version first).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import inspect
import itertools
import logging
import statistics
import time
from collections import deque
from typing import Awaitable, Callable

import nats
from nats.js import api as js_api
from nats.js import errors as js_errors

from server_stub.bus_wire import chunks, decode, encode
from server_stub.log import StoredEvent

logger = logging.getLogger(__name__)

REWIND = 32  # messages to start before the searched position (out-of-order arrivals)
OnEvents = Callable[[list[StoredEvent]], None]
OnGap = Callable[[int, int], "list[StoredEvent] | None | Awaitable[list[StoredEvent] | None]"]


class BusUnavailable(RuntimeError):
    """The bus cannot take the batch now (disconnected, timed out, refused)."""


class EventBus:
    def __init__(
        self,
        url: str,
        *,
        stream: str = "BEACON",
        subject: str = "beacon.events",
        node: str,
        on_gap: OnGap | None = None,
        gap_grace: float = 0.25,
        publish_timeout: float = 2.0,
        connect_timeout: float = 5.0,
        max_age: float = 24 * 3600,
        max_bytes: int = 1 << 30,
        duplicate_window: float = 120.0,
    ):
        self.url, self.stream, self.subject, self.node = url, stream, subject, node
        self.on_gap = on_gap
        self.gap_grace = gap_grace
        self.publish_timeout = publish_timeout
        self.connect_timeout = connect_timeout
        self._stream_limits = dict(max_age=max_age, max_bytes=max_bytes, duplicate_window=duplicate_window)
        self.last_seq = 0  # highest seq delivered to on_events (or filled)
        self._stats: dict = dict.fromkeys(
            ("published", "publish_duplicates", "publish_failures", "oversize", "received", "duplicates_dropped",
             "undecodable", "gaps", "gap_fill_errors", "reconnects", "disconnects", "delivered_events"), 0)
        self._lags: deque[float] = deque(maxlen=2000)
        self._nc = None
        self._js = None
        self._sub = None
        self._subscribed = False
        self._on_events: OnEvents | None = None
        self._queue: asyncio.Queue = asyncio.Queue()
        self._pending: list = []  # heap of (first seq, n, events) not yet deliverable
        self._order = itertools.count()
        self._head = 0  # highest seq known committed (notify_head)
        self._deliverer: asyncio.Task | None = None
        self._resubscribing: asyncio.Task | None = None
        self._closed = False

    @property
    def connected(self) -> bool:
        return self._nc is not None and self._nc.is_connected and self._subscribed

    async def start(self, on_events: OnEvents, after_seq: int, *, on_gap: OnGap | None = None) -> None:
        """Connect, make the stream if absent, deliver every batch with seq > after_seq.

        Raises BusUnavailable if nats-server cannot be reached within connect_timeout."""
        self._on_events = on_events
        if on_gap is not None:
            self.on_gap = on_gap
        self.last_seq = self._head = after_seq
        try:
            self._nc = await asyncio.wait_for(
                nats.connect(
                    self.url, name=self.node, allow_reconnect=True, max_reconnect_attempts=-1,
                    reconnect_time_wait=0.2, connect_timeout=2, ping_interval=5, max_outstanding_pings=2,
                    disconnected_cb=self._disconnected, reconnected_cb=self._reconnected,
                    error_cb=self._error, pending_size=8 * 1024 * 1024,
                ),
                self.connect_timeout,
            )
        except (OSError, asyncio.TimeoutError, nats.errors.Error) as e:
            raise BusUnavailable(f"cannot reach {self.url}: {e!r}") from e
        self._js = self._nc.jetstream(timeout=self.publish_timeout)
        self._deliverer = asyncio.create_task(self._deliver_loop(), name=f"bus-deliver-{self.node}")
        try:
            await self._ensure_stream()
            await self._subscribe()
        except Exception as e:
            await self.close()
            raise BusUnavailable(f"JetStream on {self.url} is not usable: {e!r}") from e

    async def close(self) -> None:
        self._closed = True
        self._subscribed = False
        for t in (self._deliverer, self._resubscribing):
            if t is not None:
                t.cancel()
        for t in (self._deliverer, self._resubscribing):
            if t is not None:
                with contextlib.suppress(BaseException):
                    await t
        if self._nc is not None:
            with contextlib.suppress(Exception):
                await self._nc.close()

    async def _ensure_stream(self) -> None:
        try:
            await self._js.stream_info(self.stream)
            return
        except js_errors.NotFoundError:
            pass
        config = js_api.StreamConfig(
            name=self.stream, subjects=[self.subject], storage=js_api.StorageType.FILE,
            retention=js_api.RetentionPolicy.LIMITS, discard=js_api.DiscardPolicy.OLD, num_replicas=1,
            **self._stream_limits,
        )
        try:
            await self._js.add_stream(config)
        except js_errors.BadRequestError:  # another node created it first
            await self._js.stream_info(self.stream)

    async def publish(self, events: list[StoredEvent]) -> None:
        """Publish one committed batch; raises BusUnavailable at once when disconnected."""
        if not events:
            return
        if self._js is None or not self._nc.is_connected:
            self._stats["publish_failures"] += 1
            raise BusUnavailable("not connected to the bus")
        runs, oversize = chunks(events, max(4096, self._nc.max_payload - 4096))
        self._stats["oversize"] += len(oversize)
        ts = int(time.time() * 1000)
        for run in runs:
            payload = encode(self.node, run, ts)
            try:
                ack = await self._js.publish(
                    self.subject, payload, timeout=self.publish_timeout, stream=self.stream,
                    headers={"Nats-Msg-Id": f"{run[0].seq}-{run[-1].seq}"},
                )
            except (nats.errors.Error, js_errors.Error, asyncio.TimeoutError, OSError) as e:
                self._stats["publish_failures"] += 1
                raise BusUnavailable(f"publish {run[0].seq}-{run[-1].seq} failed: {e!r}") from e
            self._stats["publish_duplicates" if ack.duplicate else "published"] += 1

    def inject(self, events: list[StoredEvent]) -> None:
        """Committed events known locally (e.g. a batch whose publish failed)."""
        if events:
            self._queue.put_nowait(("events", None, list(events)))

    def notify_head(self, seq: int) -> None:
        """The database holds everything up to `seq`: fill what the bus does not bring."""
        self._queue.put_nowait(("head", seq, None))

    async def _message_at(self, sseq: int) -> list[StoredEvent] | None:
        try:
            raw = await self._js.get_msg(self.stream, sseq)
        except js_errors.NotFoundError:
            return None
        got = decode(raw.data or b"")
        return got[2] if got else None

    async def _start_position(self, after: int) -> int:
        """Stream sequence of the first message that may hold a seq > after (rewound)."""
        state = (await self._js.stream_info(self.stream)).state
        lo, hi = state.first_seq, state.last_seq
        if state.messages == 0:
            return hi + 1
        first, found = lo, hi + 1
        while lo <= hi:
            mid = (lo + hi) // 2
            events = await self._message_at(mid)
            if events and events[-1].seq > after:
                found, hi = mid, mid - 1
            else:
                lo = mid + 1
        return max(first, found - REWIND)

    async def _subscribe(self) -> None:
        start = await self._start_position(self.last_seq)
        self._sub = await self._js.subscribe(
            self.subject, stream=self.stream, cb=self._on_msg, ordered_consumer=True, idle_heartbeat=1.0,
            deliver_policy=js_api.DeliverPolicy.BY_START_SEQUENCE,
            config=js_api.ConsumerConfig(opt_start_seq=start, inactive_threshold=30.0),
        )
        self._subscribed = True

    async def _on_msg(self, msg) -> None:
        self._stats["received"] += 1
        self._queue.put_nowait(("msg", time.time() * 1000, msg.data))

    async def _disconnected(self) -> None:
        self._subscribed = False
        self._stats["disconnects"] += 1
        self._queue.put_nowait(("wake", None, None))

    async def _reconnected(self) -> None:
        self._stats["reconnects"] += 1
        if not self._closed and (self._resubscribing is None or self._resubscribing.done()):
            self._resubscribing = asyncio.create_task(self._resubscribe())

    async def _resubscribe(self) -> None:
        """The server may have restarted (its ephemeral consumer is gone): start anew by log seq."""
        old, self._sub = self._sub, None
        if old is not None:
            with contextlib.suppress(Exception):
                await old.unsubscribe()
        delay = 0.1
        while not self._closed and self._nc.is_connected:
            try:
                await self._ensure_stream()
                await self._subscribe()
                self._queue.put_nowait(("wake", None, None))
                return
            except Exception as e:  # JetStream still recovering its store
                logger.info("bus %s: resubscribe failed (%r), retrying", self.node, e)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def _error(self, e: Exception) -> None:
        logger.debug("bus %s: %r", self.node, e)

    async def _deliver_loop(self) -> None:
        deadline: float | None = None  # when a hole is reported if nothing fills it
        while True:
            upto = self._hole()
            if upto is None:
                deadline = None
            elif deadline is None:
                deadline = time.monotonic() + (self.gap_grace if self.connected else 0.0)
            if deadline is not None and time.monotonic() >= deadline:
                try:
                    await self._fill(upto)
                except Exception:  # a bad fill must not stop delivery for good
                    logger.exception("bus %s: gap fill %d..%d", self.node, self.last_seq + 1, upto)
                    self._stats["gap_fill_errors"] += 1
                    await asyncio.sleep(0.5)
                deadline = None
                continue
            timeout = None if deadline is None else deadline - time.monotonic()
            try:
                item = await asyncio.wait_for(self._queue.get(), timeout)
            except asyncio.TimeoutError:
                continue
            while item is not None:
                self._take(item)
                item = self._queue.get_nowait() if not self._queue.empty() else None
            self._drain()

    def _take(self, item) -> None:
        kind, arg, data = item
        if kind == "msg":
            got = decode(data)
            if got is None or not got[2]:
                self._stats["undecodable"] += got is None
                return
            _node, ts, events = got
            lag = max(0.0, arg - ts)
            if events[-1].seq > self.last_seq:
                self._lags.append(lag)
            self._push(events)
        elif kind == "events":
            self._push(data)
        elif kind == "head":
            self._head = max(self._head, arg)

    def _push(self, events: list[StoredEvent]) -> None:
        events = sorted(events, key=lambda e: e.seq)
        if events[-1].seq <= self.last_seq:
            self._stats["duplicates_dropped"] += 1
            return
        heapq.heappush(self._pending, (events[0].seq, next(self._order), events))

    def _drain(self) -> None:
        """Deliver every pending run that continues last_seq, dropping what was delivered."""
        while self._pending and self._pending[0][0] <= self.last_seq + 1:
            _first, _n, events = heapq.heappop(self._pending)
            out: list[StoredEvent] = []
            for i, e in enumerate(events):
                if e.seq <= self.last_seq:
                    continue
                if e.seq != self.last_seq + 1:  # a hole inside the message: keep the rest
                    heapq.heappush(self._pending, (e.seq, next(self._order), events[i:]))
                    break
                out.append(e)
                self.last_seq = e.seq
            if not out:
                self._stats["duplicates_dropped"] += 1
                continue
            self._deliver(out)
        self._head = max(self._head, self.last_seq)

    def _deliver(self, events: list[StoredEvent]) -> None:
        self._stats["delivered_events"] += len(events)
        try:
            self._on_events(events)
        except Exception:
            logger.exception("bus %s: on_events failed", self.node)

    def _hole(self) -> int | None:
        """The seq up to which events are missing after last_seq, or None."""
        if self._pending:
            return self._pending[0][0] - 1
        return self._head if self._head > self.last_seq else None

    async def _fill(self, upto: int) -> None:
        after = self.last_seq
        self._stats["gaps"] += 1
        if self.on_gap is None:
            logger.warning("bus %s: events %d..%d missing and no on_gap: skipped", self.node, after + 1, upto)
            self.last_seq = upto
            return
        try:
            got = self.on_gap(after, upto)
            if inspect.isawaitable(got):
                got = await got
        except Exception:
            self._stats["gap_fill_errors"] += 1
            logger.exception("bus %s: filling %d..%d failed; retrying", self.node, after + 1, upto)
            await asyncio.sleep(0.5)
            return
        # The database is the truth for the range: deliver what it returned, in order,
        # and treat a seq it did not return as not existing.
        out: list[StoredEvent] = []
        for e in sorted(got or (), key=lambda e: e.seq):
            if after < e.seq <= upto and e.seq > self.last_seq:
                out.append(e)
                self.last_seq = e.seq
        self.last_seq = max(self.last_seq, upto)
        if out:
            self._deliver(out)
        self._drain()

    @property
    def caught_up(self) -> bool:
        """Connected, with no hole waiting to be filled (for /readyz)."""
        return self.connected and self._hole() is None

    @property
    def lag(self) -> int:
        """Events the bus is behind the database head it was last told (for /metrics)."""
        return max(0, self._head - self.last_seq)

    @property
    def stats(self) -> dict:
        """Counters, and the publish->receive lag in ms (last, median, max of the last 2000)."""
        lags = list(self._lags)
        return {
            **self._stats,
            "lag_ms": lags[-1] if lags else None,
            "lag_ms_median": statistics.median(lags) if lags else None,
            "lag_ms_max": max(lags) if lags else None,
            "lag_samples": len(lags),
        }
