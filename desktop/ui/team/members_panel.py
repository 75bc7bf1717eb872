"""The members panel beside the timeline: avatar, name, role, presence and status of
everyone in a channel; channel managers (and owners and admins) get Remove and Add people.

Roles and managers come from the relay (`channel.members`); offline the panel shows
the cache's members and says so. Double-click (or Enter) opens a profile card.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QToolButton, QVBoxLayout, QWidget,
)

from desktop.protocol import frames as fr
from desktop.protocol import team as tm
from desktop.store import attention as sa
from desktop.store import team as st
from desktop.ui.avatar import avatar_icon
from desktop.ui.team.people_text import role_label, status_line
from desktop.ui.team.relay import Unavailable

USER = Qt.ItemDataRole.UserRole
MANAGING_ROLES = ("owner", "admin")


class MembersPanel(QWidget):
    """Signals: closed(), add_requested(str channel), profile_requested(str user)."""

    closed = Signal()
    add_requested = Signal(str)
    profile_requested = Signal(str)

    def __init__(self, store, relay, me: str, parent=None):
        super().__init__(parent)
        self.store, self.relay, self.me = store, relay, me
        self.channel: str | None = None
        self.members: list[tm.Member] = []
        self.from_relay = False
        self.setAccessibleName(self.tr("Members"))
        self.title = QLabel(self.tr("Members"), self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip(self.tr("Close members (Esc)"))
        close.setAccessibleName(self.tr("Close members"))
        close.clicked.connect(self.close_panel)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(close)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Channel members"))
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda item: self.profile_requested.emit(item.data(USER)))
        self.list.currentItemChanged.connect(lambda *_: self._buttons())
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.add = QPushButton(self.tr("Add people…"), self)
        self.add.clicked.connect(lambda: self.channel and self.add_requested.emit(self.channel))
        self.remove = QPushButton(self.tr("Remove from channel"), self)
        self.remove.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.removing: dict[str, str] = {}  # cid -> user
        self.task: asyncio.Task | None = None
        self._later = QTimer(self, singleShot=True, interval=400)
        self._later.timeout.connect(self.refresh)
        relay.done.connect(self._done)
        relay.refused.connect(self._refused)

    # ---- loading ----------------------------------------------------------------

    def open_channel(self, channel_id: str) -> None:
        self.channel = channel_id
        row = self.store.channel(channel_id)
        self.title.setText(self.tr("Members of #%1").replace("%1", row.name if row else channel_id))
        self.from_relay = False
        self.refresh()

    def refresh(self) -> None:
        if self.channel is None:
            return
        if not self.from_relay:
            self._show(self._cached())
        self.task = asyncio.ensure_future(self._load(self.channel))

    def _cached(self) -> list[tm.Member]:
        managers = st.managers(self.store, self.channel)
        members = []
        for u in self.store.members(self.channel):
            person = st.person(self.store, u.name)
            members.append(tm.Member(user=u.name, display_name=u.display_name, role=person.role or "member",
                                     manager=u.name in managers, active=person.active))
        return members

    async def _load(self, channel: str) -> None:
        try:
            found = await self.relay.query(tm.ChannelMembers(id=self.relay.new_id(), channel=channel))
        except Unavailable as exc:
            if channel == self.channel:
                self.from_relay = False
                self.status.setText(self.tr("Showing the members kept on this computer. %1").replace("%1", str(exc)))
            return
        if channel == self.channel:
            self.from_relay = True
            self._show(found.members)
            self.status.setText(self.tr("%n member(s)", "", len(found.members)))

    def _show(self, members: list[tm.Member]) -> None:
        current = self.list.currentItem().data(USER) if self.list.currentItem() else None
        self.members = members
        statuses = sa.statuses(self.store)
        self.list.clear()
        line = QFontMetrics(self.list.font()).lineSpacing()
        for m in members:
            marks = [role_label(m.role)]
            if m.manager:
                marks.append(self.tr("channel manager"))
            if not m.active:
                marks.append(self.tr("deactivated"))
            you = self.tr(" (you)") if m.user == self.me else ""
            marks.append(status_line(statuses.get(m.user, sa.Status(m.user))))
            text = f"{m.display_name}{you}  @{m.user}\n{' · '.join(marks)}"
            item = QListWidgetItem(avatar_icon(m.user, m.display_name, 28), text, self.list)
            item.setSizeHint(QSize(0, max(34, 2 * line + 10)))  # two lines, whatever the script
            item.setData(USER, m.user)
            if m.user == current:
                self.list.setCurrentItem(item)
        self._buttons()

    def i_manage(self) -> bool:
        mine = next((m for m in self.members if m.user == self.me), None)
        if mine is not None and (mine.manager or mine.role in MANAGING_ROLES):
            return True
        return st.person(self.store, self.me).role in MANAGING_ROLES

    def _buttons(self) -> None:
        manage = self.i_manage()
        item = self.list.currentItem()
        self.add.setVisible(manage)
        self.remove.setVisible(manage)
        self.remove.setEnabled(manage and item is not None and item.data(USER) != self.me)

    def member_users(self) -> list[str]:
        return [m.user for m in self.members]

    # ---- removing -----------------------------------------------------------------

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or self.channel is None or item.data(USER) == self.me:
            return
        user = item.data(USER)
        cid = self.relay.submit(fr.RemoveMember(id=self.relay.new_id(), channel=self.channel, user=user), quiet=True)
        self.removing[cid] = user
        self.status.setText(self.tr("Removing @%1…").replace("%1", user))

    def _done(self, cid: str) -> None:
        user = self.removing.pop(cid, None)
        if user is not None:
            self.relay.unquiet(cid)
            self.status.setText(self.tr("@%1 was removed.").replace("%1", user))
            self.refresh()

    def _refused(self, cid: str, _what: str, reason: str) -> None:
        if self.removing.pop(cid, None) is not None:
            self.status.setText(self.tr("The relay refused: %1").replace("%1", reason))

    # ---- keeping up ---------------------------------------------------------------

    def apply_changes(self, changes) -> None:
        """Members, roles or someone's status changed: show it (the relay is asked again shortly)."""
        if self.isHidden() or self.channel is None or self.relay.closed:
            return
        if changes.channel_list or changes.users or changes.reset or "team" in changes.features:
            if self.store.channel(self.channel) is None:
                return
            self._later.start()
        elif "attention" in changes.features:
            self._show(self.members)

    def shutdown(self) -> None:
        self._later.stop()
        if self.task is not None:
            self.task.cancel()

    def close_panel(self) -> None:
        self.hide()
        self.closed.emit()
