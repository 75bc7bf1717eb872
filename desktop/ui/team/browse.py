"""Browse channels: the public channels you are not in, with topic and member count,
a filter box (any script: `设计` finds 设计评审, `des` finds design) and a one-click Join.

The list comes from the relay (`channels.browse`); offline the dialog says so.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
)

from desktop.protocol import frames as fr
from desktop.protocol import team as tm
from desktop.ui.team.picker import matches
from desktop.ui.team.relay import Unavailable

ID = Qt.ItemDataRole.UserRole


class BrowseChannelsDialog(QDialog):
    """Signals: joined(str channel_id): the relay added you (the app opens it)."""

    joined = Signal(str)

    def __init__(self, relay, parent=None):
        super().__init__(parent)
        self.relay = relay
        self.setWindowTitle(self.tr("Browse channels"))
        self.resize(620, 440)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter by name or topic"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Filter channels"))
        self.filter.textChanged.connect(self._apply_filter)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Channel"), self.tr("Members"), self.tr("Topic"), ""])
        self.tree.setRootIsDecorated(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(0, 170)
        self.tree.setColumnWidth(1, 70)
        self.tree.setAccessibleName(self.tr("Public channels"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.channels: list[tm.ChannelSummary] = []
        self.join_buttons: dict[str, QPushButton] = {}
        self.joining: dict[str, str] = {}  # cid -> channel id
        self.task: asyncio.Task | None = None
        relay.done.connect(self._done)
        relay.refused.connect(self._refused)

    def refresh(self) -> None:
        self.status.setText(self.tr("Asking the relay…"))
        self.task = asyncio.ensure_future(self._load())

    async def _load(self) -> None:
        try:
            found = await self.relay.query(tm.BrowseChannels(id=self.relay.new_id(), query=""))
        except Unavailable as exc:
            self.status.setText(str(exc))
            return
        self.channels = found.channels
        self.tree.clear()
        self.join_buttons.clear()
        for c in self.channels:
            item = QTreeWidgetItem(["# " + c.name, str(c.members), c.topic])
            item.setData(0, ID, c.channel)
            item.setToolTip(2, c.topic)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
            self.tree.addTopLevelItem(item)
            button = QPushButton(self.tr("Join"), self.tree)
            button.setAccessibleName(self.tr("Join %1").replace("%1", c.name))
            button.clicked.connect(lambda _=False, c=c: self.join(c.channel))
            self.tree.setItemWidget(item, 3, button)
            self.join_buttons[c.channel] = button
        self._apply_filter(self.filter.text())

    def _apply_filter(self, text: str) -> None:
        shown = 0
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            summary = self.channels[i]
            hide = not matches(text, summary.name, summary.topic)
            item.setHidden(hide)
            shown += not hide
        if not self.channels:
            self.status.setText(self.tr("You are in every public channel already."))
        elif shown == 0:
            self.status.setText(self.tr("No public channel matches “%1”.").replace("%1", text.strip()))
        else:
            self.status.setText(self.tr("%n channel(s) you can join.", "", shown))

    def visible_names(self) -> list[str]:
        return [self.channels[i].name for i in range(self.tree.topLevelItemCount())
                if not self.tree.topLevelItem(i).isHidden()]

    def join(self, channel_id: str) -> None:
        button = self.join_buttons.get(channel_id)
        if button is not None:
            button.setEnabled(False)
            button.setText(self.tr("Joining…"))
        cid = self.relay.submit(fr.Join(id=self.relay.new_id(), channel=channel_id), quiet=True)
        self.joining[cid] = channel_id

    def _done(self, cid: str) -> None:
        channel_id = self.joining.pop(cid, None)
        if channel_id is None:
            return
        self.relay.unquiet(cid)
        button = self.join_buttons.get(channel_id)
        if button is not None:
            button.setText(self.tr("Joined"))
        self.joined.emit(channel_id)

    def _refused(self, cid: str, what: str, reason: str) -> None:
        channel_id = self.joining.pop(cid, None)
        if channel_id is None:
            return
        button = self.join_buttons.get(channel_id)
        if button is not None:
            button.setEnabled(True)
            button.setText(self.tr("Join"))
        self.status.setText(self.tr("The relay refused to %1: %2").replace("%1", what).replace("%2", reason))

    def done(self, code: int) -> None:  # noqa: A003 - QDialog.done
        for cid in self.joining:
            self.relay.unquiet(cid)
        super().done(code)
