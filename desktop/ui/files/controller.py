"""Uploads and downloads on the qasync loop, with progress for the UI; the cache
and the relay's /files endpoint do the work (desktop.filecache, desktop.net.transfer)."""

from __future__ import annotations

import asyncio
import itertools
import logging
import mimetypes
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.domain.files import Rate
from desktop.errors import KnownError
from desktop.filecache.cache import FileCache
from desktop.net.transfer import FileClient, FileTooLarge
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.store.files import FileRow, FileStore, PendingUpload

logger = logging.getLogger(__name__)


@dataclass
class Transfer:
    id: int
    name: str
    total: int
    upload: bool
    done: int = 0
    speed: float = 0.0
    left: float | None = None
    task: asyncio.Task | None = field(default=None, repr=False)


class FilesController(QObject):
    """Signals: transfers_changed(), failed(str message), saved(str path), opened(str path)."""

    transfers_changed = Signal()
    failed = Signal(str)
    finished = Signal(int)  # transfer id

    def __init__(self, store, url: str, token: str, wake=None, parent=None):
        super().__init__(parent)
        self.store = store
        self.files = FileStore(store)
        self.cache = FileCache(store.path.parent, self.files)
        self.client = FileClient(url, token)
        self.wake = wake or (lambda: None)
        self.transfers: dict[int, Transfer] = {}
        self._ids = itertools.count(1)
        # Blocking cache work runs here; close() waits for it, so nothing writes to
        # the cache after the app closed it (a cancelled task's thread keeps going).
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="files")
        self._jobs: set[Future] = set()

    async def in_thread(self, fn, *args):
        job = self._pool.submit(fn, *args)
        self._jobs.add(job)
        job.add_done_callback(self._jobs.discard)
        return await asyncio.wrap_future(job)

    # ---- uploads ----

    def upload(self, paths: list[Path], channel: str, caption: str = "") -> list[Transfer]:
        """Start uploading; each file is shared in `channel` when its bytes are on the relay."""
        started = []
        for path in paths:
            path = Path(path)
            t = Transfer(next(self._ids), path.name, path.stat().st_size, True)
            self.transfers[t.id] = t
            t.task = asyncio.ensure_future(self._upload(t, path, channel, caption))
            started.append(t)
        self.transfers_changed.emit()
        return started

    def resume_pending(self) -> list[Transfer]:
        """Uploads interrupted by a quit or a crash continue (the relay kept what it got)."""
        started = []
        shared = {item.cid for item in self.store.outbox(("pending", "sending", "acked", "failed"))}
        for up in self.files.uploads():
            path = Path(up.path)
            if up.cid in shared:
                continue  # bytes were up; the share waits in the outbox
            if not path.is_file() or path.stat().st_size != up.size:
                self.files.drop_upload(up.cid)  # the file is gone or changed: nothing to resume
                continue
            t = Transfer(next(self._ids), up.name, up.size, True)
            self.transfers[t.id] = t
            t.task = asyncio.ensure_future(self._upload(t, path, up.channel, up.caption, pending=up))
            started.append(t)
        if started:
            self.transfers_changed.emit()
        return started

    async def _upload(self, t: Transfer, path: Path, channel: str, caption: str,
                      pending: PendingUpload | None = None) -> None:
        try:
            limit = await self.client.limit_bytes()
            if t.total > limit:
                raise FileTooLarge(t.total, limit)  # before a byte is sent
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if pending is None:
                pending = PendingUpload(new_client_id(), channel, str(path.resolve()), None, t.total,
                                        path.name[:255], mime, caption)
                await self.in_thread(self.files.add_upload, pending)
            mime = pending.mime
            keep = await self.in_thread(self.cache.intake)  # encrypted into the cache as it is sent
            try:
                result = await self.client.upload(path, channel, progress=self._meter(t), keep=keep)
            except BaseException:
                keep.abandon()
                raise
            await self.in_thread(self.cache.put_file, result.sha256, path, keep)
            self.store.enqueue(fr.ShareFile(id=pending.cid, channel=channel, sha256=result.sha256, size=t.total,
                                            name=pending.name, mime=mime, caption=caption))
            self.wake()
        except asyncio.CancelledError:
            raise
        except FileTooLarge as exc:
            if pending is not None:
                self.files.drop_upload(pending.cid)
            self.failed.emit(self.tr("Could not send %1: %2").replace("%1", t.name).replace("%2", str(exc)))
        except (KnownError, OSError) as exc:
            self.failed.emit(self.tr("Could not send %1: %2").replace("%1", t.name).replace("%2", str(exc)))
        finally:
            self._done(t)

    # ---- downloads ----

    def fetch(self, row: FileRow) -> Transfer | None:
        """Bring a file into the cache (no-op if held). Returns the transfer, if one started."""
        if self.cache.has(row.sha256):
            return None
        for t in self.transfers.values():
            if not t.upload and t.name == row.name and getattr(t, "file", None) == row.id:
                return t
        t = Transfer(next(self._ids), row.name, row.size, False)
        t.file = row.id  # type: ignore[attr-defined]
        self.transfers[t.id] = t
        t.task = asyncio.ensure_future(self._download(t, row))
        self.transfers_changed.emit()
        return t

    async def _download(self, t: Transfer, row: FileRow) -> None:
        sink = None
        try:
            sink = await self.in_thread(self.cache.writer, row.sha256)
            await self.client.download(row.id, sink, progress=self._meter(t))
            sink = None
            await self.in_thread(self.cache.evict)
        except asyncio.CancelledError:
            raise
        except (KnownError, OSError) as exc:
            self.failed.emit(self.tr("Could not download %1: %2").replace("%1", t.name).replace("%2", str(exc)))
        finally:
            if sink is not None:
                sink.abandon()
            self._done(t)

    async def ensure_cached(self, row: FileRow) -> bool:
        t = self.fetch(row)
        if t is not None and t.task is not None:
            try:
                await t.task
            except asyncio.CancelledError:
                return False
        return self.cache.has(row.sha256)

    # ---- common ----

    def cancel(self, transfer_id: int) -> None:
        t = self.transfers.get(transfer_id)
        if t is not None and t.task is not None:
            t.task.cancel()  # what reached the relay stays: a later try resumes

    def _meter(self, t: Transfer):
        rate = Rate(t.total)

        def progress(done: int, total: int) -> None:
            rate.update(time.monotonic(), done)
            t.done, t.total, t.speed, t.left = done, total, rate.speed, rate.seconds_left()
            self.transfers_changed.emit()

        return progress

    def _done(self, t: Transfer) -> None:
        self.transfers.pop(t.id, None)
        self.transfers_changed.emit()
        self.finished.emit(t.id)

    async def close(self) -> None:
        tasks = [t.task for t in self.transfers.values() if t.task is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
        if self._jobs:
            await asyncio.to_thread(futures_wait, list(self._jobs))
        self._pool.shutdown(wait=True)
