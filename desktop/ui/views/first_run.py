"""First run: sign in to a relay with a token, or try the demo workspace."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout


class FirstRunDialog(QDialog):
    """`choice` is "signin" (with relay_url/token) or "demo" after accept()."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to Beacon"))
        self.choice = ""
        intro = QLabel(self.tr(
            "Sign in with the relay address and the token your administrator gave you.\n"
            "Everything you can see is kept encrypted on this computer, so Beacon works offline too."
        ), self)
        intro.setWordWrap(True)
        self.relay = QLineEdit(self)
        self.relay.setPlaceholderText("wss://relay.example.com")
        self.relay.setAccessibleName(self.tr("Relay address"))
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName(self.tr("Token"))
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #d13438")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Relay address"), self.relay)
        form.addRow(self.tr("Token"), self.token)
        buttons = QDialogButtonBox(self)
        self.sign_in = buttons.addButton(self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.demo = QPushButton(self.tr("Try the demo workspace"), self)
        buttons.addButton(self.demo, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.sign_in.clicked.connect(self._sign_in)
        self.demo.clicked.connect(self._demo)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _sign_in(self) -> None:
        url, token = self.relay.text().strip(), self.token.text().strip()
        if not url.startswith(("ws://", "wss://")):
            self.show_error(self.tr("The relay address starts with wss:// (or ws:// on a local network)."))
            self.relay.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not token:
            self.show_error(self.tr("Paste the token you were given."))
            self.token.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.choice = "signin"
        self.accept()

    def _demo(self) -> None:
        self.choice = "demo"
        self.accept()

    @property
    def relay_url(self) -> str:
        return self.relay.text().strip()

    @property
    def token_text(self) -> str:
        return self.token.text().strip()
