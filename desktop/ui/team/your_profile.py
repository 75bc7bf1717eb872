"""Your profile: display name, title and time zone as the workspace sees them, changed
with `profile.set` (queued like every command: offline it goes when the relay is
back; a refusal is shown in the relay's words), and the way to set your password
(the Account menu's PasswordDialog).
"""

from __future__ import annotations

import asyncio
import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from desktop.protocol import team as tm
from desktop.protocol.attention import valid_zone
from desktop.protocol.library import clean_tags
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
        self.display_name, self.title, self.tz, self.skills = (QLineEdit(self) for _ in range(4))
        self.skills.setPlaceholderText(self.tr("what you know about, separated by commas: NPU 算力评估, 双活数据库"))
        self.skills.setToolTip(self.tr("Shown with your name when someone asks “Who knows…” about it"))
        self.display_name.setText(display_name)
        self.display_name.setMaxLength(80)
        self.title.setMaxLength(80)
        self.title.setPlaceholderText(self.tr("e.g. 架构师 / Solution architect"))
        self.tz.setMaxLength(64)
        self.tz.setPlaceholderText(self.tr("e.g. Asia/Shanghai (empty: not set)"))
        self.loaded = (display_name, "", "", [])  # what the relay has; Save sends what differs
        self.role = QLabel(self)
        self.time = QLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("User name"), QLabel("@" + me, self))
        form.addRow(self.tr("Display name"), self.display_name)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Time zone"), self.tz)
        form.addRow(self.tr("Skills"), self.skills)
        form.addRow(self.tr("Your local time"), self.time)
        form.addRow(self.tr("Role"), self.role)
        self.status = QLabel(self.tr("Everyone in your workspace sees your display name, title and local time."), self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self)
        self.save = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save.clicked.connect(self.submit)
        for box in (self.display_name, self.title, self.tz, self.skills):
            box.textChanged.connect(self._edited)
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
            self.skills.setText(", ".join(person.skills))
            self.loaded = (person.display_name, person.title, person.tz, list(person.skills))
        self._edited()

    def changes(self) -> dict:
        return {k: v for k, v, was in zip(("display_name", "title", "tz", "skills"), self._now(), self.loaded) if v != was}

    def _now(self) -> tuple:
        skills = clean_tags(self.skills.text().replace("，", ",").split(","))[:20]
        return (self.display_name.text().strip(), self.title.text().strip(), self.tz.text().strip(),
                [t[:40] for t in skills])

    def _edited(self, *_args) -> None:
        changes = self.changes()
        tz = self.tz.text().strip()
        bad = ("display_name" in changes and not changes["display_name"]) or (tz and not valid_zone(tz))
        self.save.setEnabled(bool(changes) and not bad)
        if tz and not valid_zone(tz):
            self.status.setText(self.tr("Unknown time zone: use a name like Asia/Shanghai or Europe/Berlin."))
        else:
            self.time.setText(local_time(tz) or dt.datetime.now().strftime("%H:%M"))

    def submit(self) -> str | None:
        changes = self.changes()
        if not changes:
            return None
        cid = self.relay.submit(tm.SetProfile(id=self.relay.new_id(), **changes))
        self.loaded = self._now()
        self.status.setText(self.tr("Saved. Everyone sees the change once the relay has it."))
        self._edited()
        return cid
