"""File transfer with the relay's `/files` endpoint: resumable, streaming uploads and
downloads (see docs/PROTOCOL.md "Files"). Memory use is a few chunks, whatever the size."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from desktop.errors import KnownError
from desktop.net.pipeline import Batches, FileChanged, HashingReader
from desktop.net.retry import Backoff, classify
from desktop.protocol import files as fp
from desktop.protocol.version import MAX_FRAME_BYTES

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (bytes done, total)
_HASH_BLOCK = 1024 * 1024
# Files at least this big are sent while they are hashed (streaming put) when the
# hash is not known yet; smaller ones are hashed first (a few ms), which lets the
# relay deduplicate them ("already have it": nothing sent).
STREAM_MIN_BYTES = 8 * 1024 * 1024


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
        self.stream = False  # the relay accepts streaming uploads (ready.stream)
        self.stream_min_bytes = STREAM_MIN_BYTES

    async def _session(self):
        # max_queue: received messages waiting for the loop; the pipeline behind it holds
        # a few MiB more, so 8 (~2 MiB) keeps the socket drained without doubling memory.
        ws = await connect(self.url, open_timeout=self.open_timeout, max_size=MAX_FRAME_BYTES,
                           compression=None, close_timeout=2.0, max_queue=8)
        try:
            await ws.send(fp.encode(fp.Auth(token=self.token)))
            ready = fp.decode_server(await asyncio.wait_for(ws.recv(), self.open_timeout))
            if not isinstance(ready, fp.Ready):
                raise _refused(ready)
            self.limit, self.stream = ready.max_file_bytes, ready.stream
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

    def upload_id(self, path: Path, size: int, channel: str) -> str:
        """A streaming upload's id: the same for the same file (path, size, mtime) into the
        same channel, so a retry or a later run (after a crash) resumes the relay's
        partial; keyed with the token, so it says nothing about the path to the relay."""
        st = os.stat(path)
        key = f"{Path(path).resolve()}\0{size}\0{st.st_mtime_ns}\0{channel}".encode()
        return hmac.new(self.token.encode(), key, hashlib.sha256).hexdigest()[:32]

    async def upload(self, path: Path, channel: str, *, sha256: str | None = None,
                     progress: Progress | None = None, keep=None) -> UploadResult:
        """Upload `path` as a blob for `channel`, resuming whatever the relay already holds.

        With `sha256` known (or a small file, or an older relay) the hash goes first:
        the relay may answer "already have it" (nothing sent) or resume its partial.
        Otherwise the bytes are sent while they are hashed (streaming put) and the
        hash follows the last byte; the relay checks it against its own. `keep`
        (FileCache.intake()) then gets the file's bytes in the same pass, to encrypt
        them into the cache; afterwards FileCache.put_file(sha256, path, keep)."""
        path = Path(path)
        size = path.stat().st_size
        limit = await self.limit_bytes()
        if size > limit:
            raise FileTooLarge(size, limit)  # before a single byte is sent
        stream = sha256 is None and self.stream and size >= self.stream_min_bytes
        if sha256 is None and not stream:
            sha256 = await asyncio.to_thread(sha256_of, path)
        upload_id = self.upload_id(path, size, channel) if stream else None
        state = {"resumed": 0, "dedup": False}

        async def attempt(n: int) -> UploadResult:
            ws = await self._session()
            try:
                await ws.send(fp.encode(fp.Put(channel=channel, size=size, sha256=sha256, upload=upload_id)))
                reply = fp.decode_server(await ws.recv())
                if not isinstance(reply, fp.PutOk):
                    raise _refused(reply)
                state["resumed"], state["dedup"] = reply.offset, reply.have
                if progress:
                    progress(reply.offset, size)
                if reply.have:
                    return UploadResult(sha256, size, state["resumed"], True, n)
                digest = await self._send_from(ws, path, reply.offset, size, progress, known=sha256,
                                               keep=keep if stream else None)
                if stream:
                    await ws.send(fp.encode(fp.PutEnd(sha256=digest)))
                done = fp.decode_server(await ws.recv())
                if not isinstance(done, fp.Stored):
                    raise _refused(done)
                if done.sha256 != digest:
                    raise TransferError("bad_frame", "the relay stored another hash than the one sent")
                return UploadResult(digest, size, state["resumed"], False, n)
            finally:
                await ws.close()

        return await self._with_retries(attempt)

    @staticmethod
    async def _send_from(ws, path: Path, offset: int, size: int, progress: Progress | None,
                         known: str | None, keep=None) -> str:
        """Send bytes offset..size. Returns the hash: `known`, or else the SHA-256 of
        bytes 0..size hashed in the same pass as reading (the bytes before `offset`
        of a resumed streaming upload are read and hashed, not sent)."""
        reader = HashingReader(path, size, fp.CHUNK_BYTES, start=offset if known else 0, hashing=known is None,
                               keep=keep)
        try:
            while batch := await reader.next():
                pos = reader.pos - sum(len(b) for b in batch)
                for block in batch:
                    end = pos + len(block)
                    if end > offset:
                        # ws.send waits while the socket buffer is full: flat memory
                        await ws.send(block if pos >= offset else block[offset - pos:])
                    pos = end
                if progress and pos > offset:
                    progress(pos, size)
            return known or await asyncio.to_thread(reader.hash.hexdigest)
        except FileChanged as exc:
            raise TransferError("changed", str(exc)) from None
        finally:
            await reader.close()

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
                write_many = getattr(sink, "write_many", None) or (lambda batch: [sink.write(b) for b in batch])
                pipeline = Batches(write_many)  # hash + encrypt + write overlap with receiving
                try:
                    while True:
                        data = await ws.recv()
                        if isinstance(data, str):
                            end = fp.decode_server(data)
                            if not isinstance(end, fp.Done):
                                raise _refused(end)
                            break
                        got += len(data)
                        await pipeline.add(data)
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
