"""Add people to a channel (channel managers, owners and admins) with a searchable picker.

One `add_member` per person through the outbox; the dialog closes when the relay
added them all, or lists who could not be added and the relay's reason.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from desktop.protocol import frames as fr
from desktop.ui.team.picker import PeoplePicker


class AddPeopleDialog(QDialog):
    def __init__(self, relay, channel_id: str, channel_name: str, people: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.relay, self.channel_id, self.channel_name = relay, channel_id, channel_name
        self.setWindowTitle(self.tr("Add people to #%1").replace("%1", channel_name))
        self.resize(420, 460)
        self.picker = PeoplePicker(people, self)
        self.picker.changed.connect(self._check)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add = self.buttons.addButton(self.tr("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not people:
            layout.addWidget(QLabel(self.tr("Everyone is in this channel already."), self))
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.pending: dict[str, str] = {}  # cid -> user
        self.added: list[str] = []
        self.refusals: list[str] = []
        relay.done.connect(self._done)
        relay.refused.connect(self._refused)
        self._check()

    def _check(self) -> None:
        self.add.setEnabled(bool(self.picker.chosen()) and not self.pending)

    def submit(self) -> None:
        users = self.picker.chosen()
        if not users or self.pending:
            return
        self.added, self.refusals = [], []
        online = self.relay.online()
        for user in users:
            cmd = fr.AddMember(id=self.relay.new_id(), channel=self.channel_id, user=user)
            self.pending[self.relay.submit(cmd, quiet=online)] = user
        self._check()
        if not online:
            self.pending.clear()
            self.accept()  # queued; the app reports a refusal later
            return
        self.status.setText(self.tr("Adding %n person(s)…", "", len(users)))

    def _done(self, cid: str) -> None:
        user = self.pending.pop(cid, None)
        if user is not None:
            self.relay.unquiet(cid)
            self.added.append(user)
            self.picker.set_checked(user, False)
            self._finish()

    def _refused(self, cid: str, _what: str, reason: str) -> None:
        user = self.pending.pop(cid, None)
        if user is not None:
            self.refusals.append(f"@{user}: {reason}")
            self._finish()

    def _finish(self) -> None:
        if self.pending:
            return
        self._check()
        if not self.refusals:
            self.accept()
            return
        self.status.setText(self.tr("The relay refused: %1").replace("%1", "; ".join(self.refusals)))

    def done(self, code: int) -> None:  # noqa: A003 - QDialog.done
        for cid in self.pending:
            self.relay.unquiet(cid)
        super().done(code)
