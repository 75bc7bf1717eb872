"""A person's profile card: display name, title, time zone and their local time,
status, a Message button (opens the direct message) and the channels you share.

Title and time zone come from the relay's directory (`people`); offline the card
shows what the cache knows and says so.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.protocol import team as tm
from desktop.protocol.attention import valid_zone, zone
from desktop.store import attention as sa
from desktop.store import team as st
from desktop.ui.avatar import avatar_icon
from desktop.ui.team.people_text import role_label, status_line
from desktop.ui.team.relay import Unavailable


def local_time(tz: str, now: dt.datetime | None = None) -> str:
    """"14:05 (UTC+08:00)" in `tz`, or "" for an unknown zone."""
    if not tz or not valid_zone(tz):
        return ""
    moment = (now or dt.datetime.now(dt.timezone.utc)).astimezone(zone(tz))
    offset = moment.strftime("%z")
    return f"{QLocale().toString(moment.time(), QLocale.FormatType.ShortFormat)} (UTC{offset[:3]}:{offset[3:]})"


def shared_channels(store, me: str, user: str) -> list[str]:
    """Names of the (non-DM) channels both `me` and `user` are in, from the cache."""
    names = []
    for c in store.channels():
        if c.am_member and not c.dm and not c.archived and user in {m.name for m in store.members(c.id)}:
            names.append(c.name)
    return names


class ProfileCard(QDialog):
    """Signals: message_requested(str user)."""

    message_requested = Signal(str)

    def __init__(self, store, relay, me: str, user: str, parent=None):
        super().__init__(parent)
        self.store, self.relay, self.me, self.user = store, relay, me, user
        self.person: tm.Person | None = None
        known = {u.name: u.display_name for u in store.users()}
        name = known.get(user, user)
        self.setWindowTitle(self.tr("Profile of %1").replace("%1", name))
        self.setWindowFlag(Qt.WindowType.Tool)
        self.setMinimumWidth(340)
        self.avatar = QLabel(self)
        self.avatar.setPixmap(avatar_icon(user, name, 56).pixmap(56, 56))
        self.name = QLabel(name, self)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.name.setFont(font)
        self.handle = QLabel("@" + user, self)
        self.handle.setEnabled(False)
        head = QVBoxLayout()
        head.addWidget(self.name)
        head.addWidget(self.handle)
        top = QHBoxLayout()
        top.addWidget(self.avatar)
        top.addLayout(head, 1)
        self.title_label, self.role, self.tz, self.time, self.status_label, self.shared, self.skills = (
            self._value() for _ in range(7))
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title_label)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Time zone"), self.tz)
        form.addRow(self.tr("Local time"), self.time)
        form.addRow(self.tr("Status"), self.status_label)
        form.addRow(self.tr("Skills"), self.skills)
        form.addRow(self.tr("Shared channels"), self.shared)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setEnabled(False)
        self.message = QPushButton(self.tr("Message"), self)
        self.message.setDefault(True)
        self.message.clicked.connect(self._message)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        self.shared.setWordWrap(True)
        self.skills.setWordWrap(True)
        self.skills.setText("—")
        self._fill_from_cache()
        self.task: asyncio.Task | None = None

    def _value(self) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _fill_from_cache(self) -> None:
        self.status_label.setText(status_line(sa.status(self.store, self.user)))
        self.role.setText(role_label(st.person(self.store, self.user).role))
        shared = shared_channels(self.store, self.me, self.user)
        self.shared.setText(", ".join("#" + n for n in shared) if shared else self.tr("None"))
        title, tz = st.profile(self.store, self.user)  # as the last user.updated told: offline too
        if title or tz:
            self.title_label.setText(title or "—")
            self.tz.setText(tz or self.tr("Not set"))
            self.time.setText(local_time(tz) or "—")
        listed = st.skills(self.store).get(self.user)
        if listed:
            self.skills.setText(", ".join(listed))
        if not st.person(self.store, self.user).active:
            self.message.setEnabled(False)
            self.note.setText(self.tr("This account is deactivated."))

    def refresh(self) -> None:
        self.task = asyncio.ensure_future(self._load())

    async def _load(self) -> None:
        try:
            found = await self.relay.query(tm.People(id=self.relay.new_id(), query=self.user))
        except Unavailable as exc:
            self.note.setText(self.tr("Title and time zone need the relay. %1").replace("%1", str(exc)))
            return
        person = next((p for p in found.people if p.user == self.user), None)
        if person is None:
            self.note.setText(self.tr("The relay does not list this person."))
            return
        self.person = person
        self.name.setText(person.display_name)
        self.title_label.setText(person.title or "—")
        self.role.setText(role_label(person.role))
        self.tz.setText(person.tz or self.tr("Not set"))
        self.time.setText(local_time(person.tz) or "—")
        self.skills.setText(", ".join(person.skills) or "—")
        if not person.active:
            self.message.setEnabled(False)
            self.note.setText(self.tr("This account is deactivated."))

    def _message(self) -> None:
        self.message_requested.emit(self.user)
        self.accept()
