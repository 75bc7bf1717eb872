"""Workspace settings, Invitations page: the invitations still open (role, uses, expiry,
who made them), Revoke, and New invitation… (the Account menu's InviteDialog)."""

from __future__ import annotations

import asyncio
import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.protocol import signin as sp
from desktop.ui.team.people_text import role_label
from desktop.ui.team.relay import Unavailable

ID = Qt.ItemDataRole.UserRole


def _when(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M")


class InvitesPage(QWidget):
    """Signals: new_requested(): open the invitation dialog."""

    new_requested = Signal()

    def __init__(self, relay, parent=None):
        super().__init__(parent)
        self.relay = relay
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Role"), self.tr("Used"), self.tr("Expires"), self.tr("Made by"),
                                   self.tr("Channels")])
        self.tree.setRootIsDecorated(False)
        self.tree.currentItemChanged.connect(lambda *_: self.revoke.setEnabled(self.tree.currentItem() is not None))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.new = QPushButton(self.tr("New invitation…"), self)
        self.new.clicked.connect(self.new_requested)
        self.revoke = QPushButton(self.tr("Revoke"), self)
        self.revoke.setEnabled(False)
        self.revoke.clicked.connect(self.revoke_selected)
        reload = QPushButton(self.tr("Refresh"), self)
        reload.clicked.connect(self.refresh)
        row = QHBoxLayout()
        row.addWidget(self.new)
        row.addWidget(self.revoke)
        row.addStretch(1)
        row.addWidget(reload)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.invites: list[sp.InviteInfo] = []
        self.task: asyncio.Task | None = None
        self.channel_names = lambda: {}

    def refresh(self) -> None:
        self.task = asyncio.ensure_future(self._load())

    async def _load(self) -> None:
        try:
            answer = await self.relay.signin(sp.InviteList())
        except Unavailable as exc:
            self.status.setText(str(exc))
            return
        names = self.channel_names()
        self.invites = [i for i in answer.invites if i.revoked_ts is None]
        self.tree.clear()
        for i in self.invites:
            channels = ", ".join("#" + names.get(c, c) for c in i.channels)
            maker = i.creator or self.tr("the relay's operator")
            item = QTreeWidgetItem([role_label(i.role), f"{i.uses}/{i.max_uses}", _when(i.expires_ts), maker, channels])
            item.setData(0, ID, i.id)
            self.tree.addTopLevelItem(item)
        self.status.setText(self.tr("%n open invitation(s).", "", len(self.invites)))

    def revoke_selected(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.task = asyncio.ensure_future(self._revoke(item.data(0, ID)))

    async def _revoke(self, invite: str) -> None:
        try:
            await self.relay.signin(sp.InviteRevoke(invite=invite))
        except Unavailable as exc:
            self.status.setText(str(exc))
            return
        await self._load()
        self.status.setText(self.tr("Revoked: that link and code no longer work."))
