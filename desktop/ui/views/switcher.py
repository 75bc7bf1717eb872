"""Quick switcher (Ctrl+K): type to find a channel or a person, Enter to go.

Recent conversations first; each row has an avatar and its unread count. Chinese
names match by pinyin and initials too ("li", "lw" find 李伟), see
desktop.domain.name_match; pypinyin is warmed off the start-up path by `warm()`.
"""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from desktop.domain import name_match
from desktop.ui.avatar import avatar_icon

_romanizer: name_match.Romanize | None = None
_lock = threading.Lock()


def romanizer() -> name_match.Romanize | None:
    """The pinyin romanizer; loads it on first use (about 0.25 s) unless warm() did."""
    global _romanizer
    with _lock:
        if _romanizer is None:
            # Names and channel names need the per-character readings only: pypinyin's
            # phrase dictionary would add ~45 MB of RSS (56 MB -> 12 MB) for readings of
            # multi-character words that names rarely are (docs/PERFORMANCE.md).
            os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
            os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
            try:
                _romanizer = name_match.pinyin_romanizer()
                _romanizer("李")  # loads the dictionary now, not on the first keystroke
            except ImportError:  # a build without pypinyin still matches characters
                return None
        return _romanizer


def warm() -> threading.Thread:
    """Load pinyin in the background so the first Ctrl+K does not wait for it."""
    thread = threading.Thread(target=romanizer, name="pinyin-warm", daemon=True)
    thread.start()
    return thread


class QuickSwitcher(QDialog):
    """Signals: channel_chosen(str channel_id), person_chosen(str user)."""

    channel_chosen = Signal(str)
    person_chosen = Signal(str)

    def __init__(self, store, me: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Jump to…"))
        self.setModal(True)
        self.resize(440, 380)
        self._store = store
        self._me = me
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Channel or person (pinyin works: li, lw)"))
        self.filter.setAccessibleName(self.tr("Channel or person"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Matches"))
        self.empty = QLabel(self.tr("Nothing matches. Try a channel name, a person's name or its pinyin."), self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        self.filter.textChanged.connect(self._refill)
        self.filter.returnPressed.connect(self._choose_current)
        self.list.itemActivated.connect(self._choose)
        self._entries = self._collect()
        self._refill("")

    def _collect(self) -> list[dict]:
        """Every channel I am in (most recent first) and every other person."""
        romanize = romanizer()
        entries, dm_users = [], set()
        channels = [c for c in self._store.channels() if c.am_member and not c.archived]
        channels.sort(key=lambda c: -(c.last_msg_ts or 0))
        for c in channels:
            if c.dm:
                dm_users.add(c.dm_user)
                label, key, extra = f"@ {c.title}", c.dm_user or c.id, (c.dm_user or "",)
                title = c.title
            else:
                label, key, extra, title = f"# {c.name}", c.id, (), c.name
            entries.append({
                "kind": "channel", "key": c.id, "label": label, "unread": c.unread, "mentions": c.mentions,
                "icon": avatar_icon(key, title, square=not c.dm),
                "keys": name_match.keys(title, romanize, *extra),
            })
        for u in self._store.users():
            if u.name != self._me and u.name not in dm_users:
                entries.append({
                    "kind": "person", "key": u.name, "label": f"@ {u.display_name} ({u.name})",
                    "unread": 0, "mentions": 0, "icon": avatar_icon(u.name, u.display_name),
                    "keys": name_match.keys(u.display_name, romanize, u.name),
                })
        return entries

    def _refill(self, text: str) -> None:
        self.list.clear()
        ranked = []
        for order, entry in enumerate(self._entries):
            s = name_match.score(text, entry["keys"])
            if s is not None:
                ranked.append((-s, order, entry))  # best match, then recency
        for _s, _o, entry in sorted(ranked, key=lambda r: (r[0], r[1])):
            label = entry["label"]
            if entry["mentions"]:
                label += "   " + self.tr("@%n", "", entry["mentions"])
            elif entry["unread"]:
                label += "   " + self.tr("%n new", "", entry["unread"])
            item = QListWidgetItem(entry["icon"], label)
            item.setData(Qt.ItemDataRole.UserRole, (entry["kind"], entry["key"]))
            if entry["unread"]:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
        self.empty.setVisible(self.list.count() == 0)
        self.list.setVisible(self.list.count() > 0)
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
