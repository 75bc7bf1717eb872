"""Workspace settings, Audit log page (owners and admins): who did what, newest first,
with "Load older" paging back. The relay never puts message text in it."""

from __future__ import annotations

import asyncio
import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.protocol import team as tm
from desktop.ui.team.relay import Unavailable

PAGE = 100

# The relay's action codes, in words (an unknown code is shown as it is).
ACTIONS = {
    "invite.created": QT_TRANSLATE_NOOP("AuditPage", "created an invitation"),
    "invite.used": QT_TRANSLATE_NOOP("AuditPage", "joined with an invitation"),
    "invite.revoked": QT_TRANSLATE_NOOP("AuditPage", "revoked an invitation"),
    "role.changed": QT_TRANSLATE_NOOP("AuditPage", "changed a role"),
    "user.deactivated": QT_TRANSLATE_NOOP("AuditPage", "deactivated"),
    "user.reactivated": QT_TRANSLATE_NOOP("AuditPage", "reactivated"),
    "member.added": QT_TRANSLATE_NOOP("AuditPage", "added to a channel"),
    "member.removed": QT_TRANSLATE_NOOP("AuditPage", "removed from a channel"),
    "channel.archived": QT_TRANSLATE_NOOP("AuditPage", "archived a channel"),
    "channel.unarchived": QT_TRANSLATE_NOOP("AuditPage", "unarchived a channel"),
    "message.removed": QT_TRANSLATE_NOOP("AuditPage", "removed a message (moderation)"),
    "device.signed_out": QT_TRANSLATE_NOOP("AuditPage", "signed out a device"),
}


def action_text(code: str) -> str:
    source = ACTIONS.get(code)
    return QCoreApplication.translate("AuditPage", source) if source else code


class AuditPage(QWidget):
    def __init__(self, relay, parent=None, *, store=None):
        super().__init__(parent)
        self.relay = relay
        self.store = store  # names channels and people the entries point at (ids otherwise)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("Action"), self.tr("Target"),
                                   self.tr("Details")])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 130)
        self.tree.setColumnWidth(1, 170)
        self.tree.setColumnWidth(3, 140)
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
        self._names = {u.name: u.display_name for u in self.store.users()} if self.store is not None else {}
        for e in page.entries:
            when = dt.datetime.fromtimestamp(e.ts / 1000).strftime("%Y-%m-%d %H:%M")
            who = self._person(e.actor) if e.actor else self.tr("the relay's operator")
            item = QTreeWidgetItem([when, who, action_text(e.action), self._target(e.target), self._detail(e.detail)])
            item.setToolTip(4, e.detail)
            item.setToolTip(2, e.action)
            self.tree.addTopLevelItem(item)
        self.entries.extend(page.entries)
        self.older.setEnabled(page.more)
        self.status.setText(self.tr("%n entry(ies) shown.", "", len(self.entries)))

    def _person(self, user: str) -> str:
        names = getattr(self, "_names", {})  # read once per page (_load), not per entry
        return f"{names[user]} (@{user})" if user in names else user

    def _detail(self, detail: str) -> str:
        """The relay's detail ("user=li at creation", "user=li use=1/10") with names and words."""
        words = []
        for part in detail.split():
            key, _, value = part.partition("=")
            if key == "user" and value:
                words.append(self._person(value))
            elif key == "use" and value:
                words.append(self.tr("use %1").replace("%1", value))
            else:
                words.append(part)
        text = " ".join(words)
        return text.replace(" at creation", " " + self.tr("(when the channel was made)"))

    def _target(self, target: str) -> str:
        row = self.store.channel(target) if self.store is not None and target else None
        if row is not None:
            return row.title if row.dm else f"#{row.name}"
        return self._person(target)

    def audit_actions(self) -> list[str]:
        return [e.action for e in self.entries]
