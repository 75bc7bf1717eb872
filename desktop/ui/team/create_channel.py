"""Create a channel: name, topic, public or private, first members.

The command goes through the outbox. Online the dialog waits for the relay and
closes when the channel exists (or shows the relay's refusal, e.g. the name is
taken); offline it closes at once and the channel shows as pending in the sidebar
until Beacon reconnects.
"""

from __future__ import annotations

import msgspec
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QRadioButton,
    QVBoxLayout,
)

from desktop.protocol import frames as fr
from desktop.protocol.types import ChannelName, Topic
from desktop.ui.team.picker import PeoplePicker


def name_problem(text: str) -> bool:
    try:
        msgspec.convert(text, ChannelName)
        return False
    except msgspec.ValidationError:
        return True


class CreateChannelDialog(QDialog):
    """Signals: created(str name): the relay made the channel; queued(str name): offline, it waits."""

    created = Signal(str)
    queued = Signal(str)

    def __init__(self, relay, people: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.relay = relay
        self.cid: str | None = None
        self.setWindowTitle(self.tr("Create a channel"))
        self.resize(460, 520)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("e.g. design or 设计评审"))
        self.name.setMaxLength(80)
        self.topic = QLineEdit(self)
        self.topic.setPlaceholderText(self.tr("What is it about? (optional)"))
        self.topic.setMaxLength(250)
        self.public = QRadioButton(self.tr("Public: anyone in the workspace can find and join it"), self)
        self.private = QRadioButton(self.tr("Private: only people who are added can see it"), self)
        self.public.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.public)
        group.addButton(self.private)
        self.picker = PeoplePicker(people, self)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Topic"), self.topic)
        kind = QVBoxLayout()
        kind.addWidget(self.public)
        kind.addWidget(self.private)
        form.addRow(self.tr("Who can see it"), kind)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.create = self.buttons.addButton(self.tr("Create"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.create.setDefault(True)
        self.create.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        members = QHBoxLayout()
        members.addWidget(QLabel(self.tr("Add people now (optional)"), self))
        layout.addLayout(members)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        relay.done.connect(self._done)
        relay.refused.connect(self._refused)
        self._check()

    def channel_name(self) -> str:
        return self.name.text().strip().lstrip("#")

    def _check(self) -> None:
        text = self.channel_name()
        bad = bool(text) and name_problem(text)
        self.create.setEnabled(bool(text) and not bad and self.cid is None)
        self.status.setText(self.tr("A channel name has 1–80 characters, no spaces, and does not start with @.")
                            if bad else "")

    def submit(self) -> None:
        name, topic = self.channel_name(), self.topic.text().strip()
        if not name or name_problem(name) or self.cid is not None:
            return
        try:
            msgspec.convert(topic, Topic)
        except msgspec.ValidationError:
            self.status.setText(self.tr("The topic is too long."))
            return
        cmd = fr.CreateChannel(id=self.relay.new_id(), name=name, private=self.private.isChecked(), topic=topic,
                               members=self.picker.chosen())
        online = self.relay.online()
        self.cid = self.relay.submit(cmd, quiet=online)
        self._check()
        if online:
            self.status.setText(self.tr("Creating #%1…").replace("%1", name))
        else:
            self.queued.emit(name)
            self.accept()

    def _done(self, cid: str) -> None:
        if cid == self.cid:
            self.relay.unquiet(cid)
            self.created.emit(self.channel_name())
            self.accept()

    def _refused(self, cid: str, _what: str, reason: str) -> None:
        if cid == self.cid and self.isVisible():
            self.cid = None
            self._check()
            self.status.setText(self.tr("The relay refused: %1").replace("%1", reason))

    def done(self, code: int) -> None:  # noqa: A003 - QDialog.done
        if self.cid is not None:
            self.relay.unquiet(self.cid)  # closed before the answer: the app reports a refusal
        super().done(code)
