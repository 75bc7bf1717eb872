"""Hands received upload messages to one worker thread in batches (relay side).

One thread hand-off per ~1 MiB instead of one per websocket message; at most `depth`
batches wait for the worker, so a fast sender is held back by backpressure (the loop
stops reading the socket) and memory stays at a few MiB whatever the file's size.
`BackgroundHash`: SHA-256 on its own thread, in order, so hashing overlaps with the
write (two cores at once; hashlib releases the GIL), at most `depth` batches waiting.

The client has its own copies (desktop/net/pipeline.py, desktop/net/hashing.py): the
relay imports nothing from the client beyond the shared protocol.
"""

from __future__ import annotations

import asyncio
import hashlib
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


def _update(digest, chunks) -> None:
    for chunk in chunks:
        digest.update(chunk)


class BackgroundHash:
    def __init__(self, *, depth: int = 2):
        self._digest = hashlib.sha256()
        self._pool: ThreadPoolExecutor | None = None
        self._pending: deque[Future] = deque()
        self.depth = depth

    def update(self, chunks) -> None:
        """Hash `chunks` after everything given before (returns at once unless `depth`
        batches already wait). The chunks must not change until they are hashed."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256")
        while len(self._pending) >= self.depth:
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(_update, self._digest, list(chunks)))

    def update_now(self, data) -> None:
        self.wait()
        self._digest.update(data)

    def wait(self) -> None:
        while self._pending:
            self._pending.popleft().result()

    def hexdigest(self) -> str:
        self.wait()
        return self._digest.hexdigest()

    def close(self) -> None:
        for fut in self._pending:
            fut.cancel()
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
