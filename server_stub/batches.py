"""Hands received upload messages to one worker thread in batches (relay side).

One thread hand-off per ~1 MiB instead of one per websocket message; at most `depth`
batches wait for the worker, so a fast sender is held back by backpressure (the loop
stops reading the socket) and memory stays at a few MiB whatever the file's size.
The client has its own copy (desktop/net/pipeline.py): the relay imports nothing
from the client beyond the shared protocol.
"""

from __future__ import annotations

import asyncio
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

BATCH_BYTES = 1024 * 1024


class Batches:
    def __init__(self, fn, *, batch_bytes: int = BATCH_BYTES, depth: int = 2):
        self._fn = fn  # fn(list[bytes]), run on the worker in order
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="upload")
        self._pending: deque[Future] = deque()
        self._batch: list[bytes] = []
        self._bytes = 0
        self.batch_bytes, self.depth = batch_bytes, depth

    async def add(self, chunk: bytes) -> None:
        self._batch.append(chunk)
        self._bytes += len(chunk)
        if self._bytes >= self.batch_bytes:
            await self._submit()

    async def _submit(self) -> None:
        batch, self._batch, self._bytes = self._batch, [], 0
        while self._pending and self._pending[0].done():
            self._pending.popleft().result()  # a failed write raises here (OSError)
        if len(self._pending) >= self.depth:
            await asyncio.wrap_future(self._pending.popleft())
        self._pending.append(self._pool.submit(self._fn, batch))

    async def drain(self) -> None:
        """Everything added so far is written (or its error raised)."""
        if self._batch:
            await self._submit()
        while self._pending:
            await asyncio.wrap_future(self._pending.popleft())

    def drop(self) -> None:
        """Forget what was not handed over yet (after a failure)."""
        self._batch, self._bytes = [], 0

    def close(self) -> None:
        for fut in self._pending:
            fut.cancel()
        self._pending.clear()
        self._pool.shutdown(wait=True)
