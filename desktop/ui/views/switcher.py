"""Quick switcher (Ctrl+K): type to find a channel or a person, Enter to go."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout


class QuickSwitcher(QDialog):
    """Signals: channel_chosen(str channel_id), person_chosen(str user)."""

    channel_chosen = Signal(str)
    person_chosen = Signal(str)

    def __init__(self, store, me: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Jump to…"))
        self.setModal(True)
        self.resize(420, 360)
        self._store = store
        self._me = me
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Channel or person"))
        self.filter.setAccessibleName(self.tr("Channel or person"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Matches"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._refill)
        self.filter.returnPressed.connect(self._choose_current)
        self.list.itemActivated.connect(self._choose)
        self._entries = self._collect()
        self._refill("")

    def _collect(self) -> list[tuple[str, str, str]]:
        """(kind, key, label) for every channel I am in and every person."""
        entries = []
        dm_users = set()
        for c in self._store.channels():
            if not c.am_member:
                continue
            if c.dm:
                dm_users.add(c.dm_user)
                entries.append(("channel", c.id, f"@ {c.title}"))
            else:
                entries.append(("channel", c.id, f"# {c.name}"))
        for u in self._store.users():
            if u.name != self._me and u.name not in dm_users:
                entries.append(("person", u.name, f"@ {u.display_name} ({u.name})"))
        return entries

    def _refill(self, text: str) -> None:
        needle = text.strip().casefold().lstrip("#@")
        self.list.clear()
        for kind, key, label in self._entries:
            if needle and needle not in label.casefold() and needle not in key.casefold():
                continue
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, (kind, key))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.count():
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            self.list.setCurrentRow((self.list.currentRow() + step) % self.list.count())
            return
        super().keyPressEvent(event)

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        kind, key = item.data(Qt.ItemDataRole.UserRole)
        (self.channel_chosen if kind == "channel" else self.person_chosen).emit(key)
        self.accept()
