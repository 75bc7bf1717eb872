"""File transfer with the relay's `/files` endpoint: resumable, streaming uploads and
downloads (see docs/PROTOCOL.md "Files"). Memory use is a few chunks, whatever the size."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from desktop.errors import KnownError
from desktop.net.retry import Backoff, classify
from desktop.protocol import files as fp
from desktop.protocol.version import MAX_FRAME_BYTES

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (bytes done, total)
_HASH_BLOCK = 1024 * 1024


class TransferError(KnownError):
    """The relay refused the transfer (`code`), or the network kept failing."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class FileTooLarge(TransferError):
    def __init__(self, size: int, limit: int):
        super().__init__("too_large", f"the file is {size} bytes; the relay accepts at most {limit}")
        self.size, self.limit = size, limit


@dataclass(frozen=True)
class UploadResult:
    sha256: str
    size: int
    resumed_from: int  # bytes the relay already had when the last attempt started
    deduplicated: bool
    attempts: int


def files_url(relay_url: str) -> str:
    return relay_url.rstrip("/") + fp.FILES_PATH


def sha256_of(path: Path) -> str:
    """Streaming hash (never reads the whole file). Blocking: run in a thread."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _refused(msg) -> TransferError:
    if isinstance(msg, fp.FileError):
        return TransferError(msg.code, msg.message)
    return TransferError("bad_frame", f"unexpected answer from the relay: {type(msg).__name__}")


_RETRYABLE_CODES = {"busy", "interrupted", "corrupt"}


class Pipeline:
    """Runs blocking steps (hash, encrypt, write) in order on one worker thread while
    the event loop keeps receiving; at most `depth` chunks wait, so memory stays flat."""

    def __init__(self, depth: int = 4):
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="transfer")
        self._pending: list = []
        self.depth = depth

    async def put(self, fn, *args) -> None:
        self._pending.append(asyncio.wrap_future(self._pool.submit(fn, *args)))
        if len(self._pending) > self.depth:
            await self._pending.pop(0)

    async def drain(self) -> None:
        while self._pending:
            await self._pending.pop(0)

    def close(self) -> None:
        for fut in self._pending:
            fut.cancel()
        self._pending.clear()
        self._pool.shutdown(wait=True)


class FileClient:
    """One authenticated connection to `/files` at a time; reconnects on failure."""

    def __init__(self, relay_url: str, token: str, *, open_timeout: float = 10.0,
                 retries: int = 5, backoff: Backoff | None = None):
        self.url = files_url(relay_url)
        self.token = token
        self.open_timeout = open_timeout
        self.retries = retries
        self.backoff = backoff or Backoff(base=0.2, cap=5.0)
        self.limit: int | None = None

    async def _session(self):
        ws = await connect(self.url, open_timeout=self.open_timeout, max_size=MAX_FRAME_BYTES,
                           compression=None, close_timeout=2.0)
        try:
            await ws.send(fp.encode(fp.Auth(token=self.token)))
            ready = fp.decode_server(await asyncio.wait_for(ws.recv(), self.open_timeout))
            if not isinstance(ready, fp.Ready):
                raise _refused(ready)
            self.limit = ready.max_file_bytes
            return ws
        except BaseException:
            await ws.close()
            raise

    async def _with_retries(self, attempt_fn):
        attempts = 0
        while True:
            attempts += 1
            try:
                return await attempt_fn(attempts)
            except TransferError as exc:
                if exc.code not in _RETRYABLE_CODES or attempts > self.retries:
                    raise
                reason = exc.args[0]
            except (ConnectionClosed, InvalidHandshake, OSError, TimeoutError) as exc:
                verdict = classify(exc)
                if not verdict.retry or attempts > self.retries:
                    raise TransferError("network", verdict.reason) from None
                reason = verdict.reason
            delay = self.backoff.next_delay()
            logger.info("transfer attempt %d failed (%s); retrying in %.1f s", attempts, reason, delay)
            await asyncio.sleep(delay)

    async def limit_bytes(self) -> int:
        """The relay's file size limit (asks the relay once)."""
        if self.limit is None:
            async def attempt(_n: int) -> None:  # retried like a transfer: the relay may be restarting
                ws = await self._session()
                await ws.close()

            await self._with_retries(attempt)
        return self.limit  # type: ignore[return-value]

    async def upload(self, path: Path, channel: str, *, sha256: str | None = None,
                     progress: Progress | None = None) -> UploadResult:
        """Upload `path` as a blob for `channel`, resuming whatever the relay already holds."""
        path = Path(path)
        size = path.stat().st_size
        limit = await self.limit_bytes()
        if size > limit:
            raise FileTooLarge(size, limit)  # before a single byte is sent
        if sha256 is None:
            sha256 = await asyncio.to_thread(sha256_of, path)
        state = {"resumed": 0, "dedup": False}

        async def attempt(n: int) -> UploadResult:
            ws = await self._session()
            try:
                await ws.send(fp.encode(fp.Put(channel=channel, sha256=sha256, size=size)))
                reply = fp.decode_server(await ws.recv())
                if not isinstance(reply, fp.PutOk):
                    raise _refused(reply)
                state["resumed"], state["dedup"] = reply.offset, reply.have
                if progress:
                    progress(reply.offset, size)
                if not reply.have:
                    await self._send_from(ws, path, reply.offset, size, progress)
                    done = fp.decode_server(await ws.recv())
                    if not isinstance(done, fp.Stored):
                        raise _refused(done)
                return UploadResult(sha256, size, state["resumed"], state["dedup"], n)
            finally:
                await ws.close()

        return await self._with_retries(attempt)

    @staticmethod
    async def _send_from(ws, path: Path, offset: int, size: int, progress: Progress | None) -> None:
        with open(path, "rb") as f:
            f.seek(offset)
            while offset < size:
                block = f.read(min(fp.CHUNK_BYTES, size - offset))
                if not block:
                    raise TransferError("changed", "the file got shorter while it was being sent")
                await ws.send(block)  # waits while the socket buffer is full: flat memory
                offset += len(block)
                if progress:
                    progress(offset, size)

    async def download(self, file_id: int, sink, *, progress: Progress | None = None) -> None:
        """Stream file `file_id` into `sink` (has .offset, .write(bytes), .finish()),
        resuming from sink.offset after a failure."""

        async def attempt(n: int) -> None:
            ws = await self._session()
            try:
                await ws.send(fp.encode(fp.Get(file=file_id, offset=sink.offset)))
                head = fp.decode_server(await ws.recv())
                if not isinstance(head, fp.GetOk):
                    raise _refused(head)
                if progress:
                    progress(sink.offset, head.size)
                got = sink.offset
                pipeline = Pipeline()  # decrypt/encrypt and hash overlap with receiving
                try:
                    while True:
                        data = await ws.recv()
                        if isinstance(data, str):
                            end = fp.decode_server(data)
                            if not isinstance(end, fp.Done):
                                raise _refused(end)
                            break
                        got += len(data)
                        await pipeline.put(sink.write, data)
                        if progress:
                            progress(got, head.size)
                    await pipeline.drain()
                finally:
                    try:
                        await pipeline.drain()  # sink.offset must match what it holds
                    finally:
                        await asyncio.to_thread(pipeline.close)
                if sink.offset != head.size:
                    raise TransferError("interrupted", "the download ended early")
                await asyncio.to_thread(sink.finish)
            finally:
                await ws.close()

        await self._with_retries(attempt)


class RateMeter:
    """Wraps a progress callback with speed and time left (desktop.domain.files.Rate)."""

    def __init__(self, total: int, report: Callable[[int, int, float, float | None], None]):
        from desktop.domain.files import Rate

        self.rate = Rate(total)
        self.report = report

    def __call__(self, done: int, total: int) -> None:
        self.rate.total = total
        self.rate.update(time.monotonic(), done)
        self.report(done, total, self.rate.speed, self.rate.seconds_left())
