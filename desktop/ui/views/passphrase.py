"""Asking for the cache passphrase where no OS keychain exists."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget


class PassphraseDialog(QDialog):
    def __init__(self, *, is_new: bool, reason: str = "", error: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.is_new = is_new
        self.setWindowTitle(self.tr("Choose a passphrase") if is_new else self.tr("Unlock Beacon"))
        if is_new:
            text = self.tr(
                "This computer has no system keychain Beacon can use, so your local cache is "
                "encrypted with a passphrase instead. You will be asked for it each time Beacon starts.\n\n"
                "If you forget it, the cache must be reset: messages are downloaded again from the relay, "
                "but messages you wrote offline and have not sent yet are lost."
            )
        else:
            text = self.tr("Enter the passphrase that protects Beacon's cache on this computer.")
        explain = QLabel(text, self)
        explain.setWordWrap(True)
        self.first = QLineEdit(self)
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(self.tr("Passphrase"))
        self.second = QLineEdit(self)
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(self.tr("Repeat passphrase"))
        self.error = QLabel(error, self)
        self.error.setStyleSheet("color: #d13438")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(error))
        form = QFormLayout()
        form.addRow(self.tr("Passphrase"), self.first)
        if is_new:
            form.addRow(self.tr("Repeat"), self.second)
        else:
            self.second.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _check(self) -> None:
        if not self.first.text():
            self.error.setText(self.tr("The passphrase cannot be empty."))
        elif self.is_new and len(self.first.text()) < 8:
            self.error.setText(self.tr("Use at least 8 characters."))
        elif self.is_new and self.first.text() != self.second.text():
            self.error.setText(self.tr("The two passphrases differ."))
        else:
            self.accept()
            return
        self.error.show()

    def passphrase(self) -> str:
        return self.first.text()
