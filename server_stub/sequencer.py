"""One node's order of publication: every committed event reaches the hub exactly once,
in seq order, whatever brought it — this node's writer, the bus (another node's commit),
or the database (a gap).

Why it can: the log's seqs are gap-free and in commit order (a write holds the database's
write lock until it has committed, server_stub.pg), so once seq N is known to be
committed every seq below it is committed and readable too. A batch that starts above
`head + 1` therefore has a hole that the database fills; a batch at or below `head` is a
duplicate (the bus and the writer's own poll both bring other nodes' commits) and is
dropped. The acknowledgements of a batch of this node's commands are answered only after
its events are published, as on a single relay.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from server_stub.log import StoredEvent

logger = logging.getLogger(__name__)

ReadRange = Callable[[int, int], Awaitable[list[StoredEvent]]]


class Sequencer:
    """Runs on the event loop only (the writer thread only reads `head`)."""

    def __init__(self, head: int, publish: Callable[[list[StoredEvent]], None], read_range: ReadRange,
                 retry_s: float = 0.05):
        self.head = head
        self._publish = publish
        self._read_range = read_range
        self._retry_s = retry_s
        self._queue: deque[tuple[list[StoredEvent], Callable[[], None] | None]] = deque()
        self._filling: asyncio.Task | None = None
        self._waiters: list[tuple[int, asyncio.Future]] = []
        self.stats = {"published": 0, "duplicates": 0, "gaps": 0, "filled": 0}

    def offer(self, events: list[StoredEvent], then: Callable[[], None] | None = None) -> None:
        """Committed events in seq order (maybe overlapping what was published); `then`
        runs once they (and everything before them) are published."""
        self._queue.append((events, then))
        if self._filling is None:
            self._drain()

    def behind(self, top: int) -> None:
        """The database's head is `top`: publish what is missing up to it."""
        if top > self.head and self._filling is None:
            self._filling = asyncio.get_running_loop().create_task(self._fill(top))

    async def reach(self, seq: int, timeout: float) -> bool:
        """Wait until everything up to `seq` is published (False on timeout)."""
        if self.head >= seq:
            return True
        fut = asyncio.get_running_loop().create_future()
        self._waiters.append((seq, fut))
        try:
            await asyncio.wait_for(fut, timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self._waiters = [(s, f) for s, f in self._waiters if f is not fut]

    @property
    def waiting(self) -> int:
        return len(self._queue)

    def _drain(self) -> None:
        while self._queue:
            events, then = self._queue[0]
            fresh = [e for e in events if e.seq > self.head]
            self.stats["duplicates"] += len(events) - len(fresh)
            if fresh and fresh[0].seq > self.head + 1:
                self.stats["gaps"] += 1
                self._filling = asyncio.get_running_loop().create_task(self._fill(fresh[0].seq - 1))
                return
            self._queue.popleft()
            if fresh:
                self._emit(fresh)
            if then is not None:
                then()

    def _emit(self, events: list[StoredEvent]) -> None:
        self.head = events[-1].seq
        self.stats["published"] += len(events)
        try:
            self._publish(events)
        except Exception:  # a fan-out bug must not stop the order for everyone else
            logger.exception("publishing events %d..%d failed", events[0].seq, events[-1].seq)
        for seq, fut in self._waiters:
            if seq <= self.head and not fut.done():
                fut.set_result(None)

    async def _fill(self, upto: int) -> None:
        try:
            while self.head < upto:
                try:
                    rows = await self._read_range(self.head, upto)
                except Exception as exc:  # the database is away: keep the order, try again
                    logger.warning("filling events %d..%d from the database failed: %s", self.head + 1, upto, exc)
                    await asyncio.sleep(self._retry_s * 10)
                    continue
                rows = [e for e in rows if e.seq > self.head]
                # Only a gap-free prefix may be published.
                count = 0
                for count, event in enumerate(rows):
                    if event.seq != self.head + 1 + count:
                        break
                else:
                    count = len(rows)
                if count:
                    self.stats["filled"] += count
                    self._emit(rows[:count])
                elif self.head < upto:
                    await asyncio.sleep(self._retry_s)
        finally:
            self._filling = None
        self._drain()
