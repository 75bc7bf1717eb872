"""Search over the offline cache; activating a result jumps to the message."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QToolButton, QVBoxLayout, QWidget

from desktop.ui.markdown import neutralize


class SearchPanel(QWidget):
    """Signals: jump(str channel, int msg), closed()."""

    jump = Signal(str, "qlonglong")
    closed = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self._store = store
        self.channel: str | None = None
        self.setAccessibleName(self.tr("Search"))
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("Search messages (works offline)"))
        self.query.setAccessibleName(self.tr("Search query"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.run)
        self.only_here = QCheckBox(self.tr("This channel only"), self)
        self.only_here.toggled.connect(self.run)
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName(self.tr("Close search"))
        close.clicked.connect(self.close_panel)
        self.summary = QLabel(self)
        self.results = QListWidget(self)
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.only_here)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)

    def open_search(self, channel: str | None, *, only_here: bool) -> None:
        self.channel = channel
        self.only_here.setChecked(only_here and channel is not None)
        self.show()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def run(self) -> None:
        text = self.query.text().strip()
        self.results.clear()
        if not text:
            self.summary.clear()
            return
        channel = self.channel if self.only_here.isChecked() else None
        hits = self._store.search(text, channel=channel, limit=50)
        names = {c.id: (c.title if c.dm else "#" + c.name) for c in self._store.channels()}
        for hit in hits:
            m = hit.message
            when = QLocale().toString(dt.datetime.fromtimestamp(m.ts / 1000), QLocale.FormatType.ShortFormat)
            item = QListWidgetItem(f"{names.get(m.channel, m.channel)} · {m.author_name} · {when}\n{neutralize(hit.snippet)}")
            item.setData(Qt.ItemDataRole.UserRole, (m.channel, m.id))
            self.results.addItem(item)
        self.summary.setText(self.tr("%n result(s)", "", len(hits)) if hits else self.tr("No matches in the cache"))

    def _activated(self, item: QListWidgetItem) -> None:
        channel, msg = item.data(Qt.ItemDataRole.UserRole)
        self.jump.emit(channel, msg)

    def close_panel(self) -> None:
        self.hide()
        self.closed.emit()
