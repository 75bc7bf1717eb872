"""Your profile: display name, title and time zone as the workspace sees them, and the
way to set your password (the Account menu's PasswordDialog).

The relay's protocol has no command yet to change a display name, title or time zone
(docs/PROTOCOL.md; `beacon-relay admin` sets them), so this dialog shows them as the
directory (`people`) has them and says who can change them.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from desktop.protocol import team as tm
from desktop.ui.team.people_text import role_label
from desktop.ui.team.profile_card import local_time
from desktop.ui.team.relay import Unavailable


class YourProfileDialog(QDialog):
    """Signals: password_requested()."""

    password_requested = Signal()

    def __init__(self, relay, me: str, display_name: str, parent=None):
        super().__init__(parent)
        self.relay, self.me = relay, me
        self.setWindowTitle(self.tr("Your profile"))
        self.display_name, self.title, self.tz = (QLineEdit(self) for _ in range(3))
        self.display_name.setText(display_name)
        for box in (self.display_name, self.title, self.tz):
            box.setReadOnly(True)
        self.tz.setPlaceholderText(self.tr("Not set"))
        self.role = QLabel(self)
        self.time = QLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("User name"), QLabel("@" + me, self))
        form.addRow(self.tr("Display name"), self.display_name)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Time zone"), self.tz)
        form.addRow(self.tr("Your local time"), self.time)
        form.addRow(self.tr("Role"), self.role)
        self.status = QLabel(self.tr("Your workspace's relay operator sets display names, titles and time zones"
                                     " for now; this version of the relay cannot change them from the app."), self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        password = buttons.addButton(self.tr("Set password…"), QDialogButtonBox.ButtonRole.ActionRole)
        password.clicked.connect(self.password_requested)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.task: asyncio.Task | None = None
        self.time.setText(dt.datetime.now().strftime("%H:%M"))

    def refresh(self) -> None:
        self.task = asyncio.ensure_future(self._load())

    async def _load(self) -> None:
        try:
            found = await self.relay.query(tm.People(id=self.relay.new_id(), query=self.me))
        except Unavailable as exc:
            self.status.setText(str(exc))
            return
        person = next((p for p in found.people if p.user == self.me), None)
        if person is not None:
            self.display_name.setText(person.display_name)
            self.title.setText(person.title)
            self.tz.setText(person.tz)
            self.role.setText(role_label(person.role))
            self.time.setText(local_time(person.tz) or self.time.text())
