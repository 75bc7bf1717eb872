"""Wires files into a running BeaconApp: the Files menu, the composer's attach button
and transfers strip, drag and drop onto the window, pasting an image."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop.domain.files import human_size
from desktop.filecache.safe_write import write_new
from desktop.ui.files.card import FileCards, png_bytes
from desktop.ui.files.controller import FilesController
from desktop.ui.files.window import FilesWindow, TransfersStrip


class AttachDialog(QDialog):
    """Confirms the files to send and takes an optional caption."""

    def __init__(self, paths: list[Path], channel_label: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Send files"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Send to %1:").replace("%1", channel_label), self))
        for p in paths:
            layout.addWidget(QLabel(f"{p.name}  ({human_size(p.stat().st_size)})", self))
        self.caption = QLineEdit(self)
        self.caption.setPlaceholderText(self.tr("Add a caption (optional)"))
        layout.addWidget(self.caption)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Send"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class _DropAndPaste(QObject):
    def __init__(self, ui: FilesUi):
        super().__init__(ui.app)
        self.ui = ui

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if _local_files(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            paths = _local_files(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.ui.ask_and_send(paths)
                return True
        elif kind == QEvent.Type.KeyPress and obj is self.ui.app.window.composer.edit_box:
            if event.matches(QKeySequence.StandardKey.Paste):
                mime = QGuiApplication.clipboard().mimeData()
                if mime is not None and mime.hasImage() and not mime.hasText():
                    self.ui.paste_image(mime.imageData())
                    return True
                files = _local_files(mime) if mime is not None else []
                if files:
                    self.ui.ask_and_send(files)
                    return True
        return False


def _local_files(mime) -> list[Path]:
    if mime is None or not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()]


class FilesUi:
    def __init__(self, app):
        self.app = app
        window = app.window
        self.controller = FilesController(app.store, app.engine.url, app.engine.token,
                                          wake=app.engine.outbox_changed, parent=app)
        self.controller.failed.connect(lambda text: window.statusBar().showMessage(text, 15_000))
        self.window = FilesWindow(self.controller, app.store)
        self.window.jump.connect(lambda channel, msg: (app.raise_window(), window.jump_to(channel, msg)))
        app.store_bridge.changed.connect(self._changed)
        self.tab_pages: list[FilesWindow] = []
        window.tab_factories["files"] = self._tab_page  # the channel's Files tab
        self.cards = FileCards(self.controller, self._repaint, self.window.open_file)
        for delegate in (window.delegate, window.thread.delegate):
            delegate.attachments = self.cards

        menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "F&iles"))
        self.menu = menu
        here = menu.addAction(QCoreApplication.translate("MainWindow", "Files of this channel"), lambda: self.window.show_channel(window.current))
        here.setShortcut(QKeySequence("Ctrl+Shift+I"))
        menu.addAction(QCoreApplication.translate("MainWindow", "All files"), lambda: self.window.show_channel(None))
        menu.addSeparator()
        attach = menu.addAction(QCoreApplication.translate("MainWindow", "Attach files…"), self.choose_and_send)
        attach.setShortcut(QKeySequence("Ctrl+Shift+U"))
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("MainWindow", "Offline file cache size…"), self.ask_budget)

        composer = window.composer
        composer.set_attach(self.choose_and_send)  # the 📎 in the composer's frame
        self.attach_button = composer.attach_button
        self.attach_button.setToolTip(QCoreApplication.translate("MainWindow", "Send files (or drop them on the window, or paste an image)"))
        self.strip = TransfersStrip(self.controller, composer)
        composer.layout().addWidget(self.strip)

        window.setAcceptDrops(True)
        self._filter = _DropAndPaste(self)
        window.installEventFilter(self._filter)
        composer.edit_box.installEventFilter(self._filter)
        self._paste_dir: Path | None = None
        # Owned and stopped by us: must not fire after shutdown closed the cache.
        self._resume = QTimer(window, singleShot=True, interval=1000)
        self._resume.timeout.connect(self.controller.resume_pending)
        self._resume.start()
        self.controller.cache.sweep_temp()

    def ask_budget(self) -> float | None:
        files = self.controller.files
        used, pinned = files.cache_usage()
        gb, ok = QInputDialog.getDouble(
            self.app.window, QCoreApplication.translate("MainWindow", "Offline file cache"),
            QCoreApplication.translate("MainWindow", "Keep up to this many GB of downloaded files (now %1 in use, plus %2 kept offline):")
            .replace("%1", human_size(used)).replace("%2", human_size(pinned)),
            files.budget() / 1024 ** 3, 0.0, 10_000.0, 1)
        if not ok:
            return None
        files.set_budget(int(gb * 1024 ** 3))
        self.controller.cache.evict()
        return gb

    def _changed(self, changes) -> None:
        if "files" in changes.features:
            self.cards.invalidate()
            for page in (self.window, *self.tab_pages):
                if page.isVisible():
                    page.reload()

    def _tab_page(self, parent):
        window = self.app.window
        page = FilesWindow(self.controller, self.app.store, parent)
        page.jump.connect(lambda channel, msg: (window.tabs.select(0), window.jump_to(channel, msg)))
        self.tab_pages.append(page)
        return page

    def _repaint(self) -> None:
        # Card sizes change (a thumbnail arrived): let the views measure rows again.
        for view in (self.app.window.view, self.app.window.thread.view):
            view.scheduleDelayedItemsLayout()
            view.viewport().update()

    def _channel_label(self) -> str:
        c = self.app.store.channel(self.app.window.current) if self.app.window.current else None
        if c is None:
            return ""
        return ("@" + c.title) if c.dm else ("#" + c.name)

    def choose_and_send(self) -> None:
        if not self.app.window.current:
            return
        names, _ = QFileDialog.getOpenFileNames(self.app.window, QCoreApplication.translate("MainWindow", "Attach files"))
        if names:
            self.ask_and_send([Path(n) for n in names])

    def ask_and_send(self, paths: list[Path]) -> None:
        channel = self.app.window.current
        if not channel or not paths:
            return
        dialog = AttachDialog(paths, self._channel_label(), self.app.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.send(paths, channel, dialog.caption.text().strip()))
        dialog.open()

    def send(self, paths: list[Path], channel: str, caption: str = ""):
        return self.controller.upload(paths, channel, caption)

    def paste_image(self, image) -> None:
        """Save the clipboard image as a PNG in a private folder, then send it like a file."""
        if self._paste_dir is None:
            self._paste_dir = Path(tempfile.mkdtemp(prefix="beacon-paste-"))  # 0700
        name = dt.datetime.now().strftime("Pasted image %Y-%m-%d %H%M%S.png")
        data = png_bytes(image)
        if data is None:
            self.app.window.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Could not read the pasted image"), 10_000)
            return
        # A new 0600 file, never through a link; a second paste in the same second is "… (2).png".
        try:
            path = write_new(self._paste_dir, name, [data], exists="number")
        except OSError as exc:
            self.app.window.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Could not keep the pasted image: %1").replace("%1", str(exc)), 10_000)
            return
        self.ask_and_send([path])

    async def close(self) -> None:
        self._resume.stop()
        self.window.close()
        await self.controller.close()
        if self._paste_dir is not None:
            shutil.rmtree(self._paste_dir, ignore_errors=True)


def install(app) -> FilesUi:
    return FilesUi(app)
