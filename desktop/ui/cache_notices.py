"""What the app tells the user about a damaged cache.

- `repaired_box`: the -wal was damaged at open (CacheRepairedError): files set aside,
  what may be lost; the app then opens the cache again.
- `CacheCheck`: after start, the whole cache is checked in a worker thread
  (Store.integrity_problems; seconds on a big cache, the window is usable meanwhile).
  Damage found: a dialog offering a rebuild from the relay at the next start (outbox,
  drafts and sign-in kept; desktop.store.rebuild).
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import CacheRepairedError
from desktop.store import integrity, rebuild

logger = logging.getLogger(__name__)


def repaired_box(parent: QWidget | None, exc: CacheRepairedError) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("CacheNotices", "Beacon repaired its cache"),
        QCoreApplication.translate(
            "CacheNotices",
            "Part of the cache was damaged, probably by a crash or a disk fault, and could not be read."
            " Messages you queued are safe. Recent read markers and drafts may be lost; everything else"
            " comes back from the relay.\n\nThe damaged files are kept in:\n%1",
        ).replace("%1", str(exc.aside)),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setDetailedText(str(exc))
    return box


class CacheCheck(QObject):
    """Checks the open cache once, in a worker thread; offers a rebuild if it is damaged."""

    finished = Signal(list)  # the problems found (empty: none)

    def __init__(self, store, window: QWidget, parent: QObject | None = None):
        super().__init__(parent)
        self._store = store
        self._window = window
        self._task: asyncio.Task | None = None
        self._thread_job: asyncio.Future | None = None
        self._stopping = False
        self.box: QMessageBox | None = None

    def start(self) -> None:
        if self._store.read_only_disk_full:
            # One shared connection: a check would hold up every read for its duration.
            logger.info("disk full: the background cache check is skipped")
            return
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        """Interrupt a running check and wait for its thread: the cache closes next, and a
        worker thread still inside SQLite when the app and its loop go away can crash."""
        self._stopping = True
        if self.box is not None:
            self.box.close()
        if self._task is None:
            return
        self._store.interrupt_integrity_check()
        if self._thread_job is not None:
            await asyncio.wait([self._thread_job])
        self._task.cancel()
        try:
            await self._task
        except (asyncio.CancelledError, Exception):
            pass

    async def _run(self) -> None:
        started = time.perf_counter()
        self._thread_job = asyncio.get_running_loop().run_in_executor(None, self._store.integrity_problems)
        try:
            problems = await asyncio.shield(self._thread_job)
        except Exception:  # interrupted at shutdown, or worse: logged, not shown
            if not self._stopping:
                logger.exception("background cache check failed")
            return
        if self._stopping:  # interrupted: what it says is not about the cache
            return
        logger.info("cache check of %s: %s (%.1f s)", self._store.path, integrity.summary(problems),
                    time.perf_counter() - started)
        if problems:
            self._offer(problems)
        self.finished.emit(problems)

    def _offer(self, problems: list[str]) -> None:
        profile_dir: Path = self._store.path.parent
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("The cache is damaged"),
            self.tr(
                "Beacon found damage in its cache; some messages, tasks or files may not show."
                "\n\nIt can rebuild the cache from the relay when it next starts. Messages you queued,"
                " drafts and your sign-in are kept; the damaged files are set aside in %1."
            ).replace("%1", str(profile_dir)),
            QMessageBox.StandardButton.NoButton,
            self._window,
        )
        box.setDetailedText("\n".join(problems))
        rebuild_button = box.addButton(self.tr("Rebuild at next start"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Not now"), QMessageBox.ButtonRole.RejectRole)

        def answered() -> None:
            if box.clickedButton() is rebuild_button:
                rebuild.request(profile_dir)
                done = QMessageBox(
                    QMessageBox.Icon.Information, self.tr("Rebuild at next start"),
                    self.tr("Quit Beacon and start it again: it will rebuild its cache from the relay."),
                    QMessageBox.StandardButton.Ok, self._window,
                )
                self.box = done
                done.open()

        box.finished.connect(answered)
        self.box = box
        box.open()
