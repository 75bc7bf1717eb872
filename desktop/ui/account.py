"""The Account menu of a running BeaconApp: invite people, set your password,
signed-in devices (sign one out remotely), approve a new device's code, and sign
this device out (optionally deleting the local cache; default: keep)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QLabel, QMessageBox, QPushButton, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout,
)

from desktop.net import signin as net
from desktop.protocol import signin as sp
from desktop.ui.views.account_dialogs import ApproveDeviceDialog, InviteDialog, PasswordDialog

logger = logging.getLogger(__name__)


def _time(ms: int | None) -> str:
    if not ms:
        return QCoreApplication.translate("DevicesDialog", "never")
    return dt.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M")


class DevicesDialog(QDialog):
    """Lists this account's signed-in devices; signs the selected one out."""

    def __init__(self, relay_url: str, token: str, parent=None):
        super().__init__(parent)
        self.relay_url, self._token = relay_url, token
        self.setWindowTitle(self.tr("Signed-in devices"))
        self.resize(560, 300)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Device"), self.tr("Signed in"), self.tr("Last seen")])
        self.tree.setRootIsDecorated(False)
        self.tree.currentItemChanged.connect(self._selected)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.sign_out = QPushButton(self.tr("Sign out the selected device"), self)
        self.sign_out.setEnabled(False)
        self.sign_out.clicked.connect(self._sign_out_selected)
        buttons.addButton(self.sign_out, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.devices: list[sp.DeviceInfo] = []
        self.task: asyncio.Task | None = None

    def refresh(self) -> None:
        self.task = asyncio.ensure_future(self._load())

    async def _call(self, request):
        try:
            return await net.call(self.relay_url, request, token=self._token)
        except (net.SigninRefused, net.Unreachable) as exc:
            self.status.setText(self.tr("The relay could not be asked: %1").replace("%1", str(exc)))
            return None

    async def _load(self) -> None:
        answer = await self._call(sp.DeviceList())
        if answer is None:
            return
        self.devices = answer.devices
        self.tree.clear()
        for d in self.devices:
            name = d.name + (self.tr(" (this computer)") if d.current else "")
            item = QTreeWidgetItem([name, _time(d.created_ts), _time(d.last_seen_ts)])
            item.setData(0, Qt.ItemDataRole.UserRole, d.id)
            item.setData(0, Qt.ItemDataRole.UserRole + 1, d.current)
            self.tree.addTopLevelItem(item)
        self.status.setText(self.tr("%n device(s) signed in.", "", len(self.devices)))

    def _selected(self, item, _previous=None) -> None:
        self.sign_out.setEnabled(item is not None and not item.data(0, Qt.ItemDataRole.UserRole + 1))

    def _sign_out_selected(self) -> None:
        item = self.tree.currentItem()
        if item is None or item.data(0, Qt.ItemDataRole.UserRole + 1):
            return
        device = item.data(0, Qt.ItemDataRole.UserRole)

        async def run():
            if await self._call(sp.DeviceRevoke(device=device)) is not None:
                await self._load()
                self.status.setText(self.tr("Signed out. That device has to sign in again."))

        self.task = asyncio.ensure_future(run())


class AccountUi:
    """Installs the Account menu on `app` (a BeaconApp)."""

    def __init__(self, app):
        self.app = app
        self.delete_cache = False  # set by sign_out(); the app deletes it after shutdown
        self.dialog: DevicesDialog | None = None
        self.open_dialog: QDialog | None = None
        menu = app.window.menuBar().addMenu(QCoreApplication.translate("AccountUi", "&Account"))
        for text, slot in (
            (QCoreApplication.translate("AccountUi", "Invite people…"), self.show_invite),
            (QCoreApplication.translate("AccountUi", "Set password…"), self.show_password),
            (QCoreApplication.translate("AccountUi", "Signed-in devices…"), self.show_devices),
            (QCoreApplication.translate("AccountUi", "Sign in a new device with a code…"), self.show_approve),
        ):
            menu.addAction(text).triggered.connect(slot)
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("AccountUi", "Sign out…")).triggered.connect(
            lambda: asyncio.ensure_future(self.sign_out()))

    def _relay(self) -> tuple[str, str]:
        return self.app.store.account().relay_url or "", self.app.store.token() or ""

    def _show(self, dialog: QDialog) -> QDialog:
        self.open_dialog = dialog
        dialog.show()
        return dialog

    def show_invite(self) -> InviteDialog:
        url, token = self._relay()
        channels = [(c.id, c.name) for c in self.app.store.channels() if c.am_member and not c.dm and not c.archived]
        return self._show(InviteDialog(url, token, channels, self.app.window))

    def show_password(self) -> PasswordDialog:
        url, token = self._relay()
        return self._show(PasswordDialog(url, token, self.app.store.account().user or "", self.app.window))

    def show_approve(self) -> ApproveDeviceDialog:
        url, token = self._relay()
        return self._show(ApproveDeviceDialog(url, token, self.app.window))

    def show_devices(self) -> DevicesDialog:
        url, token = self._relay()
        self.dialog = DevicesDialog(url, token, self.app.window)
        self.dialog.show()
        self.dialog.refresh()
        return self.dialog

    async def confirm_sign_out(self) -> tuple[bool, bool]:
        """(sign out, also delete the cache): asks without a nested event loop (replaced in tests)."""
        box = QMessageBox(
            QMessageBox.Icon.Question, QCoreApplication.translate("AccountUi", "Sign out"),
            QCoreApplication.translate(
                "AccountUi", "Sign out of Beacon on this computer? You will need an invitation or your password"
                " to sign in again."),
            QMessageBox.StandardButton.Cancel, self.app.window)
        accept = box.addButton(QCoreApplication.translate("AccountUi", "Sign out"), QMessageBox.ButtonRole.AcceptRole)
        delete = QCheckBox(QCoreApplication.translate(
            "AccountUi", "Also delete the messages kept on this computer (they stay encrypted otherwise)"), box)
        box.setCheckBox(delete)
        done = asyncio.get_running_loop().create_future()
        box.finished.connect(lambda _code: done.done() or done.set_result(None))
        box.open()
        await done
        return box.clickedButton() is accept, delete.isChecked()

    async def sign_out(self) -> bool:
        go, delete = await self.confirm_sign_out()
        if not go:
            return False
        url, token = self._relay()
        try:
            await net.call(url, sp.Logout(), token=token)
        except (net.SigninRefused, net.Unreachable) as exc:
            logger.warning("signing out on the relay failed (%s): signed out on this computer only", exc)
        self.app.store.set_token(None)
        self.delete_cache = delete
        self.app.quit_requested.emit()
        return True


def install(app) -> AccountUi:
    return AccountUi(app)
