"""The strip above the timeline: the channel's name and topic, and on the right its
member count (opens the team feature's members panel via `window.members_opener`)
and pinned-message count (opens search on this channel's pins)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QToolTip, QVBoxLayout, QWidget

NAMES_IN_TOOLTIP = 12


class ChannelHeader(QWidget):
    def __init__(self, window, store, parent=None):
        super().__init__(parent or window)
        self.window_, self._store = window, store
        self.channel: str | None = None
        self.dm = False
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.topic = QLabel(self)
        self.topic.setTextFormat(Qt.TextFormat.PlainText)
        self.topic.setEnabled(False)  # drawn dimmed
        self.members = self._button(self.tr("Members"))
        self.members.clicked.connect(self.open_members)
        self.pins = self._button(self.tr("Pinned messages"))
        self.pins.clicked.connect(self.open_pins)
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.title)
        text.addWidget(self.topic)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 4)
        row.addLayout(text, 1)
        row.addWidget(self.pins, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.members, 0, Qt.AlignmentFlag.AlignTop)
        self.member_names: list[str] = []
        self.show_channel(None)

    def _button(self, name: str) -> QToolButton:
        b = QToolButton(self)
        b.setAutoRaise(True)
        b.setAccessibleName(name)
        b.setCursor(Qt.CursorShape.PointingHandCursor)
        b.hide()
        return b

    def show_channel(self, row) -> None:
        """A channel (a ChannelRow, or None) opened."""
        self.channel = row.id if row else None
        self.dm = bool(row and row.dm)
        self.title.setText((f"@ {row.title}" if row.dm else f"# {row.name}") if row else "")
        self.topic.setText(row.topic if row else "")
        self.topic.setToolTip(row.topic if row else "")
        self.topic.setVisible(bool(row and row.topic))
        self.refresh()
        # Tell the window's layout now: before it is shown, a late LayoutRequest would
        # grow the header after the first layout and lay the timeline's rows out again.
        self.updateGeometry()

    def refresh(self) -> None:
        """Recount members and pins (cheap: an indexed count each)."""
        if self.channel is None:
            self.members.hide()
            self.pins.hide()
            return
        locale = QLocale()
        users = self._store.members(self.channel)
        self.member_names = [u.display_name or u.name for u in users]
        n = len(users)
        self.members.setText(f"👥 {locale.toString(n)}")
        self.members.setToolTip(self._members_tip())
        self.members.setVisible(not self.dm)  # a DM's two people need no count
        pins = self._store.pinned_count(self.channel)
        self.pins.setText(f"📌 {locale.toString(pins)}")
        self.pins.setToolTip(self.tr("1 pinned message") if pins == 1 else self.tr("%n pinned messages", "", pins))
        self.pins.setVisible(pins > 0)

    def _members_tip(self) -> str:
        n = len(self.member_names)
        head = self.tr("1 member") if n == 1 else self.tr("%n members", "", n)
        names = ", ".join(self.member_names[:NAMES_IN_TOOLTIP])
        if n > NAMES_IN_TOOLTIP:
            names += " " + self.tr("and %n more", "", n - NAMES_IN_TOOLTIP)
        return f"{head}: {names}" if names else head

    def apply(self, changes) -> None:
        """Keep the counts current: members change with the channel list, pins with message updates."""
        if self.channel is None:
            return
        delta = changes.channels.get(self.channel)
        if (changes.channel_list or changes.reset) and not self.dm:
            row = self._store.channel(self.channel)  # renamed, or a new topic
            if row is not None:
                self.show_channel(row)
                return
        if changes.channel_list or changes.users or changes.reset or (delta is not None and delta.updated):
            self.refresh()

    def open_members(self) -> None:
        opener = getattr(self.window_, "members_opener", None)
        if self.channel is None:
            return
        if opener is not None:
            opener(self.channel)
        else:  # no members panel in this build: at least say who is here
            QToolTip.showText(QCursor.pos(), self._members_tip(), self.members)

    def open_pins(self) -> None:
        if self.channel is None:
            return
        win = self.window_
        win.open_search(only_here=True)
        win.search.query.setText("has:pin")
        win.search.run()
