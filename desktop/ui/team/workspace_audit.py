"""Workspace settings, Audit log page (owners and admins): who did what, newest first,
with "Load older" paging back. The relay never puts message text in it."""

from __future__ import annotations

import asyncio
import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.protocol import team as tm
from desktop.ui.team.relay import Unavailable

PAGE = 100


class AuditPage(QWidget):
    def __init__(self, relay, parent=None):
        super().__init__(parent)
        self.relay = relay
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("Action"), self.tr("Target"),
                                   self.tr("Details")])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 130)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.older = QPushButton(self.tr("Load older"), self)
        self.older.setEnabled(False)
        self.older.clicked.connect(lambda: self._go(self.entries[-1].id if self.entries else None))
        reload = QPushButton(self.tr("Refresh"), self)
        reload.clicked.connect(self.refresh)
        row = QHBoxLayout()
        row.addWidget(self.older)
        row.addStretch(1)
        row.addWidget(reload)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.entries: list[tm.AuditEntry] = []
        self.task: asyncio.Task | None = None

    def refresh(self) -> None:
        self.entries = []
        self.tree.clear()
        self._go(None)

    def _go(self, before: int | None) -> None:
        self.task = asyncio.ensure_future(self._load(before))

    async def _load(self, before: int | None) -> None:
        try:
            page = await self.relay.query(tm.AuditList(id=self.relay.new_id(), before=before, limit=PAGE))
        except Unavailable as exc:
            self.status.setText(str(exc))
            return
        for e in page.entries:
            when = dt.datetime.fromtimestamp(e.ts / 1000).strftime("%Y-%m-%d %H:%M")
            who = e.actor or self.tr("the relay's operator")
            self.tree.addTopLevelItem(QTreeWidgetItem([when, who, e.action, e.target, e.detail]))
        self.entries.extend(page.entries)
        self.older.setEnabled(page.more)
        self.status.setText(self.tr("%n entry(ies) shown.", "", len(self.entries)))

    def audit_actions(self) -> list[str]:
        return [e.action for e in self.entries]
