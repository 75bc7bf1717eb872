"""The blocking stages of a transfer, off the event loop and out of its way.

`Batches`: received messages go to one worker thread (hash, encrypt, write) in
batches of ~1 MiB, at most `depth` batches waiting, so the loop keeps receiving
while the worker works and memory stays at a few MiB (backpressure: once `depth`
batches wait, the loop stops reading the socket).

`HashingReader`: reads a file in batches of chunks on a worker thread, one batch
ahead of the socket, hands each batch to the hash thread (desktop/net/hashing.py)
and, for an upload that also fills the encrypted cache, to `keep` — one read of the
file feeds hashing, encryption and the socket, each on its own thread, so the
slowest of them sets the pace. The relay has its own copy of the batching idea
(server_stub/batches.py): it imports nothing from the client.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from desktop.net.hashing import BackgroundHash

logger = logging.getLogger(__name__)

BATCH_BYTES = 1024 * 1024


class FileChanged(Exception):
    """The file got shorter while it was being read."""


class Batches:
    def __init__(self, fn, *, batch_bytes: int = BATCH_BYTES, depth: int = 2):
        self._fn = fn  # fn(list[bytes]), run on the worker in order
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="transfer")
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
            self._pending.popleft().result()  # a failed step raises here
        if len(self._pending) >= self.depth:
            await asyncio.wrap_future(self._pending.popleft())
        self._pending.append(self._pool.submit(self._fn, batch))

    async def drain(self) -> None:
        """Everything added so far went through `fn` (or its error is raised)."""
        if self._batch:
            await self._submit()
        while self._pending:
            await asyncio.wrap_future(self._pending.popleft())

    def close(self) -> None:
        self._batch, self._bytes = [], 0
        for fut in self._pending:
            fut.cancel()
        self._pending.clear()
        self._pool.shutdown(wait=True)


class HashingReader:
    """Bytes `start`..`size` of `path` in chunks of `chunk` bytes, hashed as read
    (`hashing`: then start must be 0, the hash covers the whole file)."""

    def __init__(self, path: Path, size: int, chunk: int, *, start: int = 0, hashing: bool = True,
                 keep=None, batch_bytes: int = BATCH_BYTES):
        if hashing and start:
            raise ValueError("a hash covers the file from its first byte")
        self._f = open(path, "rb")
        self._f.seek(start)
        self.size, self.chunk = size, chunk
        self.per_batch = max(1, batch_bytes // chunk)
        self.hash = BackgroundHash() if hashing else None  # hashes while the next batch is read
        self.pos = start
        self.keep = keep  # .take(pos, chunks): e.g. the encrypted file cache, same pass
        self._ahead: asyncio.Future | None = None

    def read_batch(self) -> list[bytes]:
        """The next chunks (empty at the end). Blocking: runs on a worker thread."""
        out = []
        first = self.pos
        for _ in range(self.per_batch):
            want = min(self.chunk, self.size - self.pos)
            if want <= 0:
                break
            block = self._f.read(want)
            if len(block) != want:
                raise FileChanged("the file got shorter while it was being sent")
            out.append(block)
            self.pos += want
        if self.hash is not None and out:
            self.hash.update(out)  # on the hash thread, while this one goes on
        if self.keep is not None and out:
            try:
                self.keep.take(first, out)
            except Exception:  # noqa: BLE001 - a cache copy that fails must not fail the upload
                logger.warning("could not keep an encrypted copy while uploading", exc_info=True)
                self.keep = None  # it stays short: the caller encrypts the file afterwards
        return out

    async def next(self) -> list[bytes]:
        """The next batch (empty at the end); the one after it is read meanwhile."""
        if self._ahead is None:
            self._ahead = asyncio.ensure_future(asyncio.to_thread(self.read_batch))
        batch = await self._ahead
        self._ahead = asyncio.ensure_future(asyncio.to_thread(self.read_batch)) if batch else None
        return batch

    async def close(self) -> None:
        if self._ahead is not None:  # let the read in flight finish before closing its file
            try:
                await self._ahead
            except BaseException:  # noqa: BLE001 - its result is not wanted any more
                pass
            self._ahead = None
        self._f.close()
        if self.hash is not None:
            self.hash.close()
