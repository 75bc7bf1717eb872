"""Account dialogs: set your password, invite people (owners and admins), approve a
new device's link code. Each talks to the relay's /signin endpoint with this
device's token and shows refusals in plain words."""

from __future__ import annotations

import asyncio

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QSpinBox, QVBoxLayout,
)
from PySide6.QtCore import Qt

from desktop.net import signin as net
from desktop.protocol import signin as sp


class _RelayDialog(QDialog):
    """A form with a status line and one action that calls the relay."""

    def __init__(self, relay_url: str, token: str, title: str, action: str, parent=None):
        super().__init__(parent)
        self.relay_url, self._token = relay_url, token
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(self)
        self.go = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.go.clicked.connect(self._go)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.buttons)
        self.task: asyncio.Task | None = None

    def _go(self) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self.run())

    async def call(self, request):
        try:
            return await net.call(self.relay_url, request, token=self._token)
        except net.SigninRefused as exc:
            self.status.setText(self.explain(exc))
        except net.Unreachable as exc:
            self.status.setText(self.tr("Beacon cannot reach the relay: %1").replace("%1", str(exc)))
        return None

    def explain(self, exc: net.SigninRefused) -> str:
        return str(exc)

    async def run(self) -> None:  # pragma: no cover - each dialog defines it
        raise NotImplementedError


class PasswordDialog(_RelayDialog):
    """Set or change the password used to sign in on other devices."""

    def __init__(self, relay_url: str, token: str, user: str, parent=None):
        super().__init__(relay_url, token, self.tr("Password"), self.tr("Set password"), parent)
        self.user = user
        self.old, self.new, self.again = (QLineEdit(self) for _ in range(3))
        for box in (self.old, self.new, self.again):
            box.setEchoMode(QLineEdit.EchoMode.Password)
        self.old.setPlaceholderText(self.tr("Leave empty if you have none yet"))
        self.form.addRow(self.tr("Current password"), self.old)
        self.form.addRow(self.tr("New password"), self.new)
        self.form.addRow(self.tr("New password again"), self.again)

    def explain(self, exc: net.SigninRefused) -> str:
        if exc.code == sp.BAD_CREDENTIALS:
            return self.tr("The current password is wrong.")
        if exc.code == sp.LOCKED:
            return self.tr("Too many failed attempts. Try again later.")
        return str(exc)

    async def run(self) -> None:
        new = self.new.text()
        if new != self.again.text():
            self.status.setText(self.tr("The two new passwords differ."))
            return
        if sp.password_problem(new, self.user):
            self.status.setText(self.tr("A password needs at least %1 characters and must not be your user name.")
                                .replace("%1", str(sp.MIN_PASSWORD_CHARS)))
            return
        if await self.call(sp.PasswordSet(old=self.old.text(), new=new)) is not None:
            for box in (self.old, self.new, self.again):
                box.clear()
            self.status.setText(self.tr("Password set. Use it to sign in on your other devices."))


class InviteDialog(_RelayDialog):
    """Make an invitation (uses, expiry, role, default channels); shows the link and code once."""

    ROLES = ("member", "guest", "admin", "owner")

    def __init__(self, relay_url: str, token: str, channels: list[tuple[str, str]], parent=None):
        super().__init__(relay_url, token, self.tr("Invite people"), self.tr("Create invitation"), parent)
        self.uses = QSpinBox(self)
        self.uses.setRange(1, sp.MAX_INVITE_USES)
        self.days = QSpinBox(self)
        self.days.setRange(1, 90)
        self.days.setValue(7)
        self.days.setSuffix(self.tr(" days"))
        self.role = QComboBox(self)
        labels = {"member": self.tr("Member"), "guest": self.tr("Guest"), "admin": self.tr("Admin"),
                  "owner": self.tr("Owner")}
        for role in self.ROLES:
            self.role.addItem(labels[role], role)
        self.channels = QListWidget(self)
        for channel_id, name in channels:
            item = QListWidgetItem("#" + name, self.channels)
            item.setData(Qt.ItemDataRole.UserRole, channel_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.form.addRow(self.tr("People who may join"), self.uses)
        self.form.addRow(self.tr("Valid for"), self.days)
        self.form.addRow(self.tr("Role"), self.role)
        self.form.addRow(self.tr("They join"), self.channels)
        self.link = QLineEdit(self)
        self.link.setReadOnly(True)
        self.code = QLineEdit(self)
        self.code.setReadOnly(True)
        self.copy = QPushButton(self.tr("Copy link"), self)
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.link.text()))
        self.form.addRow(self.tr("Link"), self.link)
        self.form.addRow(self.tr("Code"), self.code)
        self.form.addRow("", self.copy)
        self.made: sp.Invite | None = None

    def explain(self, exc: net.SigninRefused) -> str:
        if exc.code == "forbidden":
            return self.tr("Only owners and admins can invite people, and not above their own role.")
        return str(exc)

    async def run(self) -> None:
        checked = [self.channels.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.channels.count())
                   if self.channels.item(i).checkState() == Qt.CheckState.Checked]
        made = await self.call(sp.InviteCreate(max_uses=self.uses.value(), expires_in_s=self.days.value() * 86400,
                                               role=self.role.currentData(), channels=checked))
        if made is None:
            return
        self.made = made
        self.link.setText(sp.join_url(self.relay_url, made.secret))
        self.code.setText(sp.format_code(made.code))
        self.status.setText(self.tr("Send the link (or the code with the relay address %1). It is shown only now.")
                            .replace("%1", self.relay_url))


class ApproveDeviceDialog(_RelayDialog):
    """Sign in a new device that shows a code (`beacon login --user NAME --link`)."""

    def __init__(self, relay_url: str, token: str, parent=None):
        super().__init__(relay_url, token, self.tr("Sign in a new device"), self.tr("Approve"), parent)
        self.code = QLineEdit(self)
        self.code.setPlaceholderText("XXXX-XXXX")
        self.form.addRow(self.tr("Code shown on the new device"), self.code)

    def explain(self, exc: net.SigninRefused) -> str:
        if exc.code == sp.LINK_UNKNOWN:
            return self.tr("No device is waiting with this code for your account.")
        if exc.code == sp.LINK_EXPIRED:
            return self.tr("This code has expired. Ask the new device for a new one.")
        return str(exc)

    async def run(self) -> None:
        linked = await self.call(sp.LinkApprove(code=self.code.text().strip() or "-"))
        if linked is not None:
            self.code.clear()
            self.status.setText(self.tr("%1 is signed in.").replace("%1", linked.name))
