"""First run: join with an invitation, sign in with a user name and password, or try
the demo workspace. (Relay address + token stays, for administrators, on its own tab.)"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from desktop import linkscheme
from desktop.net import signin as net
from desktop.net.retry import classify
from desktop.protocol import signin as sp

logger = logging.getLogger(__name__)


@dataclass
class SignedIn:
    """What the dialog got from the relay: stored by `keep()`."""

    relay_url: str
    user: str
    display_name: str
    token: str
    channels: list[str] = field(default_factory=list)


class FirstRunDialog(QDialog):
    """After accept(), `choice` is "joined" (with `signed_in`), "signin" (with
    relay_url/token_text), or "demo"."""

    def __init__(self, parent=None, *, link: linkscheme.JoinLink | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to Beacon"))
        self.setMinimumWidth(560)  # room for a relay address and the intro in either language
        self.choice = ""
        self.signed_in: SignedIn | None = None
        self._busy: asyncio.Task | None = None
        intro = QLabel(self.tr(
            "Join your team with the invitation you were sent, or sign in with your user name and password.\n"
            "Everything you can see is kept encrypted on this computer, so Beacon works offline too."
        ), self)
        intro.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._join_page(), self.tr("Join with an invitation"))
        self.tabs.addTab(self._password_page(), self.tr("Sign in"))
        self.tabs.addTab(self._token_page(), self.tr("Token (administrators)"))
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #d13438")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(self)
        self.go = buttons.addButton(self.tr("Join"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.demo = QPushButton(self.tr("Try the demo workspace"), self)
        buttons.addButton(self.demo, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.go.clicked.connect(self._go)
        self.demo.clicked.connect(self._demo)
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        if link is not None:
            self.invite.setText(link.url())

    # ---- pages --------------------------------------------------------------

    def _join_page(self) -> QWidget:
        page = QWidget(self)
        self.invite = QLineEdit(page)
        self.invite.setPlaceholderText(self.tr("Paste an invitation link or code"))
        self.invite.setAccessibleName(self.tr("Invitation link or code"))
        self.invite.textChanged.connect(self._invite_changed)
        self.join_relay = QLineEdit(page)
        self.join_relay.setPlaceholderText(self.tr("Only with a code: wss://relay.example.com"))
        self.join_relay.setAccessibleName(self.tr("Relay address"))
        self.display_name = QLineEdit(page)
        self.display_name.setAccessibleName(self.tr("Your name"))
        self.display_name.setPlaceholderText(self.tr("As your colleagues will see it"))
        self.user_name = QLineEdit(page)
        self.user_name.setAccessibleName(self.tr("User name"))
        self.user_name.setPlaceholderText(self.tr("a-z, 0-9, dot, dash, underscore"))
        form = QFormLayout(page)
        form.addRow(self.tr("Invitation"), self.invite)
        form.addRow(self.tr("Relay address"), self.join_relay)
        form.addRow(self.tr("Your name"), self.display_name)
        form.addRow(self.tr("User name"), self.user_name)
        return page

    def _password_page(self) -> QWidget:
        page = QWidget(self)
        self.login_relay = QLineEdit(page)
        self.login_relay.setPlaceholderText("wss://relay.example.com")
        self.login_relay.setAccessibleName(self.tr("Relay address"))
        self.login_user = QLineEdit(page)
        self.login_user.setAccessibleName(self.tr("User name"))
        self.password = QLineEdit(page)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        form = QFormLayout(page)
        form.addRow(self.tr("Relay address"), self.login_relay)
        form.addRow(self.tr("User name"), self.login_user)
        form.addRow(self.tr("Password"), self.password)
        self.use_code = QPushButton(self.tr("No password? Get a code to approve on a signed-in device"), page)
        self.use_code.clicked.connect(self._link)
        self.link_code = QLabel(page)
        self.link_code.setWordWrap(True)
        self.link_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", self.use_code)
        form.addRow("", self.link_code)
        return page

    def _token_page(self) -> QWidget:
        page = QWidget(self)
        self.relay = QLineEdit(page)
        self.relay.setPlaceholderText("wss://relay.example.com")
        self.relay.setAccessibleName(self.tr("Relay address"))
        self.token = QLineEdit(page)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName(self.tr("Token"))
        form = QFormLayout(page)
        form.addRow(self.tr("Relay address"), self.relay)
        form.addRow(self.tr("Token"), self.token)
        return page

    # ---- behaviour ----------------------------------------------------------

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _tab_changed(self, _index: int) -> None:
        self._label_button()
        self.error.hide()

    def _label_button(self) -> None:
        self.go.setText(self.tr("Join") if self.tabs.currentIndex() == 0 else self.tr("Sign in"))

    def _invite_changed(self, text: str) -> None:
        text = text.strip()
        if linkscheme.looks_like_link(text):
            try:
                link = linkscheme.parse_join(text)
            except linkscheme.LinkError:
                self.join_relay.setEnabled(True)
                return
            self.join_relay.setText(link.relay_url)
            self.join_relay.setEnabled(False)
        else:
            self.join_relay.setEnabled(True)

    def _refuse(self, text: str, widget: QWidget) -> None:
        self.show_error(text)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _go(self) -> None:
        if self._busy is not None and not self._busy.done():
            return
        page = self.tabs.currentIndex()
        if page == 0:
            self._join()
        elif page == 1:
            self._login()
        else:
            self._sign_in_with_token()

    def _join(self) -> None:
        text = self.invite.text().strip()
        if linkscheme.looks_like_link(text):
            try:
                link = linkscheme.parse_join(text)
            except linkscheme.LinkError:
                return self._refuse(self.tr("This invitation link is damaged or incomplete; copy it again."), self.invite)
            url, invite = link.relay_url, link.secret
        else:
            invite = sp.normalize_code(text) or ""
            if not invite:
                return self._refuse(self.tr("Paste the invitation link, or the 12-character code (XXXX-XXXX-XXXX)."), self.invite)
            url = self.join_relay.text().strip()
            if not url.startswith(("ws://", "wss://")):
                return self._refuse(self.tr("With a code, also give the relay address (it starts with wss://)."), self.join_relay)
        display, user = self.display_name.text().strip(), self.user_name.text().strip()
        if sp.display_name_problem(display):
            return self._refuse(self.tr("Type your name as your colleagues should see it (at most 80 characters)."), self.display_name)
        if sp.user_name_problem(user):
            return self._refuse(self.tr("A user name is 1-32 of a-z, 0-9, dot, dash and underscore, starting with a letter or digit."), self.user_name)
        device = net.default_device_name()
        self._run(url, net.redeem(url, invite, user, display, device))

    def _login_target(self) -> tuple[str, str] | None:
        url, user = self.login_relay.text().strip(), self.login_user.text().strip()
        if not url.startswith(("ws://", "wss://")):
            self._refuse(self.tr("The relay address starts with wss:// (or ws:// on a local network)."), self.login_relay)
            return None
        if sp.user_name_problem(user):
            self._refuse(self.tr("Type your user name."), self.login_user)
            return None
        return url, user

    def _link(self) -> None:
        """Sign in by a code shown here and approved on a device already signed in."""
        if (self._busy is not None and not self._busy.done()) or (target := self._login_target()) is None:
            return
        url, user = target

        def show(pending: sp.LinkPending) -> None:
            self.link_code.setText(self.tr(
                "On a device where you are signed in, choose Account → Sign in a new device with a code,"
                " and enter %1. Waiting…").replace("%1", sp.format_code(pending.code)))

        self.use_code.setEnabled(False)
        self._run(url, net.link(url, user, net.default_device_name(), show))
        self._busy.add_done_callback(lambda _task: self.use_code.setEnabled(True))

    def _login(self) -> None:
        if (target := self._login_target()) is None:
            return
        url, user = target
        password = self.password.text()
        if not password:
            return self._refuse(self.tr("Type your password."), self.password)
        self._run(url, net.login(url, user, password, net.default_device_name()))

    def _run(self, url: str, request) -> None:
        self.error.hide()
        self.go.setEnabled(False)
        self.go.setText(self.tr("Signing in…"))

        async def attempt():
            try:
                signed = await request
            except net.SigninRefused as exc:
                self.show_error(self.explain(exc.code, str(exc), exc.retry_after_ms))
            except net.Unreachable as exc:
                self.show_error(self.tr("Beacon cannot reach the relay: %1").replace("%1", str(exc)))
            else:
                self.signed_in = SignedIn(url, signed.user, signed.display_name, signed.token, list(signed.channels))
                self.choice = "joined"
                self.accept()
                return
            self.go.setEnabled(True)
            self._label_button()

        self._busy = asyncio.ensure_future(attempt())

    def explain(self, code: str, message: str, retry_after_ms: int | None) -> str:
        """The relay's refusal in the interface's language."""
        texts = {
            sp.INVITE_UNKNOWN: self.tr("This invitation is not valid: check the link or code."),
            sp.INVITE_EXPIRED: self.tr("This invitation has expired. Ask for a new one."),
            sp.INVITE_USED_UP: self.tr("This invitation has already been used. Ask for a new one."),
            sp.INVITE_REVOKED: self.tr("This invitation was withdrawn. Ask for a new one."),
            sp.NAME_TAKEN: self.tr("This user name is taken. Choose another one."),
            sp.BAD_CREDENTIALS: self.tr("Wrong user name or password."),
            sp.DEACTIVATED: self.tr("This account is deactivated. Ask an administrator."),
            sp.LOCKED: self.tr("Too many failed attempts. Try again in %1 min."),
            sp.LINK_EXPIRED: self.tr("The code was not approved in time. Try again."),
            "rate_limited": self.tr("Too many attempts. Try again in %1 min."),
        }
        text = texts.get(code)
        if text is None:
            return message
        minutes = max(1, round((retry_after_ms or 0) / 60_000))
        return text.replace("%1", str(minutes))

    def _sign_in_with_token(self) -> None:
        url, token = self.relay.text().strip(), self.token.text().strip()
        if not url.startswith(("ws://", "wss://")):
            return self._refuse(self.tr("The relay address starts with wss:// (or ws:// on a local network)."), self.relay)
        if not token:
            return self._refuse(self.tr("Paste the token you were given."), self.token)
        self.choice = "signin"
        self.accept()

    def reject(self) -> None:
        if self._busy is not None and not self._busy.done():
            self._busy.cancel()  # e.g. stop waiting for a device-link approval
        super().reject()

    def _demo(self) -> None:
        self.choice = "demo"
        self.accept()

    @property
    def relay_url(self) -> str:
        return self.relay.text().strip()

    @property
    def token_text(self) -> str:
        return self.token.text().strip()


async def keep(store, signed: SignedIn, settings) -> None:
    """Store a sign-in from the dialog (the token goes to the encrypted cache, whose key
    is in the OS keychain), fetch the workspace once, and open the first default channel."""
    from desktop import __version__
    from desktop.net.sync import SyncEngine

    store.set_account(signed.relay_url, signed.user, signed.display_name)
    store.set_token(signed.token)
    engine = SyncEngine(store, signed.relay_url, signed.token, open_timeout=10.0, client_name=f"beacon/{__version__}")
    try:
        await asyncio.wait_for(engine.sync_once(), 30)
    except Exception as exc:  # offline now: the app's engine keeps trying (classify re-raises our bugs)
        logger.info("first sync after signing in failed: %s", classify(exc).reason)
    if signed.channels:
        settings.last_channel = signed.channels[0]
        settings.sync()
