"""The files window: per channel or across channels; filter by type, search by name;
open, save as, keep offline, jump to the message. Plus the transfers strip."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.files import KINDS, human_size
from desktop.filecache.crypto import CacheTampered
from desktop.filecache.safe_names import safe_name
from desktop.ui.files.controller import FilesController
from desktop.ui.files.model import FilesModel
from desktop.ui.window_keys import close_on_escape_and_ctrl_w
from desktop.ui.empty_state import EmptyHint


class FilesWindow(QWidget):
    """Signals: jump(channel, msg)."""

    jump = Signal(str, "qlonglong")

    def __init__(self, controller: FilesController, store, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        self.store = store
        self.setWindowTitle(self.tr("Files"))
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # a side window never quits Beacon
        self.resize(820, 480)
        close_on_escape_and_ctrl_w(self)
        self._users: dict[str, str] = {}
        self.model = FilesModel(controller.files, lambda name: self._users.get(name, name), self)

        self.scope = QComboBox(self)
        self.scope.setAccessibleName(self.tr("Channel"))
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Type"))
        self.kind.addItem(self.tr("All types"), None)
        for k in KINDS:
            self.kind.addItem(self.model.kind_label(k), k)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search by name"))
        self.search.setClearButtonEnabled(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self._no_files = self.tr(
            "No files here yet. Share one with Attach… under the message box, by dropping it on the"
            " window or by pasting an image; shared files are listed here and searchable offline."
        )
        self._no_match = self.tr("No file matches this name or type. Clear the search or choose All types.")
        self.empty_hint = EmptyHint(self.table, self._no_files)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.open_button = QPushButton(self.tr("Open"), self)
        self.save_button = QPushButton(self.tr("Save as…"), self)
        self.keep_button = QPushButton(self.tr("Keep offline"), self)
        self.keep_button.setCheckable(True)
        self.channel_keep = QPushButton(self.tr("Keep this channel offline"), self)
        self.channel_keep.setCheckable(True)
        self.jump_button = QPushButton(self.tr("Show message"), self)
        self.library_button = QPushButton(self.tr("Save to library…"), self)
        self.library_button.setToolTip(self.tr("Keep this file in the team's solution library, with a title and tags"))
        self.library_button.hide()  # until the knowledge feature gives it a saver
        self._library_saver = None
        self.library_button.clicked.connect(self._save_to_library)
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.keep_button.clicked.connect(self._keep)
        self.channel_keep.clicked.connect(self._keep_channel)
        self.jump_button.clicked.connect(self._jump)

        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(self.kind)
        top.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.save_button, self.keep_button, self.jump_button, self.library_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.channel_keep)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.scope.currentIndexChanged.connect(self._refilter)
        self.kind.currentIndexChanged.connect(self._refilter)
        self.search.textChanged.connect(self._refilter)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._fill_scopes()

    def _fill_scopes(self, channel: str | None = None) -> None:
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(self.tr("All channels"), None)
        for c in self.store.channels():
            if c.am_member:
                self.scope.addItem(("@" + c.title) if c.dm else ("#" + c.name), c.id)
        index = self.scope.findData(channel) if channel else 0
        self.scope.setCurrentIndex(max(0, index))
        self.scope.blockSignals(False)
        self._refilter()

    def show_channel(self, channel: str | None) -> None:
        self._fill_scopes(channel)
        self.show()
        self.raise_()
        self.activateWindow()

    def _refilter(self, *_args) -> None:
        self._users = {u.name: u.display_name for u in self.store.users()}
        self.model.set_filter(channel=self.scope.currentData(), kind=self.kind.currentData(),
                              query=self.search.text().strip())
        filtered = bool(self.search.text().strip()) or self.kind.currentData() is not None
        self.empty_hint.set_text(self._no_match if filtered else self._no_files)
        self._update_buttons()

    def reload(self) -> None:
        selected = self.selected()
        self._users = {u.name: u.display_name for u in self.store.users()}
        self.model.reload()
        if selected is not None:
            for i, r in enumerate(self.model.rows):
                if r.id == selected.id:
                    self.table.selectRow(i)
        self._update_buttons()

    def selected(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        for b in (self.open_button, self.save_button, self.keep_button, self.jump_button):
            b.setEnabled(row is not None)
        self.keep_button.setChecked(bool(row and row.pinned))
        self.library_button.setEnabled(row is not None and row.id > 0)
        channel = self.scope.currentData()
        self.channel_keep.setEnabled(channel is not None)
        self.channel_keep.setChecked(bool(channel and self.controller.files.channel_pinned(channel)))

    # ---- actions ----

    def open_selected(self):
        row = self.selected()
        return asyncio.ensure_future(self.open_file(row)) if row else None

    async def open_file(self, row) -> Path | None:
        if not await self.controller.ensure_cached(row):
            return None
        try:
            path = await self.controller.in_thread(self.controller.cache.open_temp, row)
        except (OSError, CacheTampered) as exc:
            self.controller.failed.emit(self.tr("Could not open %1: %2").replace("%1", row.name).replace("%2", str(exc)))
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def save_selected(self, target: str | None = None):
        row = self.selected()
        if row is None:
            return None
        if target is None:
            # We ask before replacing (save_file, links included): the dialog must not ask too.
            target, _ = QFileDialog.getSaveFileName(self, self.tr("Save file"), safe_name(row.name),
                                                    options=QFileDialog.Option.DontConfirmOverwrite)
            if not target:
                return None
        return asyncio.ensure_future(self.save_file(row, Path(target)))

    async def save_file(self, row, target: Path) -> Path | None:
        if not await self.controller.ensure_cached(row):
            return None
        overwrite = False
        target = target.parent.resolve() / target.name
        name = safe_name(target.name)
        if os.path.lexists(target.parent / name):  # a link there, even a dangling one, counts
            if not self._ask_replace(name):
                return None
            overwrite = True
        try:
            # Never through a link; replaces only what the user agreed to (safe_write).
            return await self.controller.in_thread(
                lambda: self.controller.cache.save_as(row, target.parent, name=name, overwrite=overwrite))
        except FileExistsError:  # appeared after we asked: never replaced without asking
            self.controller.failed.emit(self.tr("Not saved: %1 appeared meanwhile; try again").replace("%1", name))
        except (OSError, CacheTampered) as exc:
            self.controller.failed.emit(self.tr("Could not save %1: %2").replace("%1", name).replace("%2", str(exc)))
        return None

    def _ask_replace(self, name: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Replace file?"), self.tr("%1 already exists. Replace it?").replace("%1", name))
        return answer == QMessageBox.StandardButton.Yes

    def _keep(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.controller.files.pin(row.id, not row.pinned)
        if not row.pinned:
            self.controller.fetch(row)
        self.reload()

    def _keep_channel(self) -> None:
        channel = self.scope.currentData()
        if channel is None:
            return
        on = not self.controller.files.channel_pinned(channel)
        self.controller.files.pin_channel(channel, on)
        if on:
            for row in self.controller.files.pinned_missing():
                self.controller.fetch(row)
        self.reload()

    def set_library_saver(self, save) -> None:
        """save(row): offer to save the selected shared file to the library."""
        self._library_saver = save
        self.library_button.setVisible(save is not None)

    def _save_to_library(self):
        row = self.selected()
        if row is not None and self._library_saver is not None:
            return self._library_saver(row)
        return None

    def _jump(self) -> None:
        row = self.selected()
        if row is not None and row.msg:
            self.jump.emit(row.channel, row.msg)


class TransfersStrip(QWidget):
    """One line per running transfer: name, progress bar, speed and time left, cancel."""

    def __init__(self, controller: FilesController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._rows: dict[int, tuple[QWidget, QLabel, QProgressBar]] = {}
        controller.transfers_changed.connect(self.refresh)
        self.hide()

    def refresh(self) -> None:
        live = self.controller.transfers
        for tid in list(self._rows):
            if tid not in live:
                widget = self._rows.pop(tid)[0]
                widget.setParent(None)
                widget.deleteLater()
        for tid, t in live.items():
            if tid not in self._rows:
                w = QWidget(self)
                row = QHBoxLayout(w)
                row.setContentsMargins(0, 0, 0, 0)
                label = QLabel(w)
                bar = QProgressBar(w)
                bar.setRange(0, 1000)
                bar.setTextVisible(False)
                bar.setMaximumHeight(10)
                cancel = QPushButton(self.tr("Cancel"), w)
                cancel.clicked.connect(lambda _=False, i=tid: self.controller.cancel(i))
                bar.setFixedWidth(160)
                row.addWidget(label, 1)
                row.addWidget(bar)
                row.addWidget(cancel)
                self._layout.addWidget(w)
                self._rows[tid] = (w, label, bar)
            _w, label, bar = self._rows[tid]
            bar.setValue(1000 if t.total == 0 else int(1000 * t.done / t.total))
            verb = self.tr("Sending %1") if t.upload else self.tr("Downloading %1")
            text = verb.replace("%1", t.name) + f" — {human_size(t.done)} / {human_size(t.total)}"
            if t.speed > 0:
                text += " · " + self.tr("%1/s").replace("%1", human_size(int(t.speed)))
            if t.left is not None:
                text += " · " + self.tr("%1 s left").replace("%1", str(int(t.left + 0.5)))
            label.setText(text)
        self.setVisible(bool(live))
