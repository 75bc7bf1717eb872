"""Opening links from untrusted text: only http(s), only after the user saw the target."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.ui.markdown import link_is_safe, neutralize



def open_link(parent: QWidget | None, url: QUrl, *, confirm=None, opener=QDesktopServices.openUrl) -> bool:
    """Ask, then open. Returns True if the link was opened.

    `confirm(title, text) -> bool` and `opener(url)` are injectable for tests.
    """
    target = neutralize(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
    if not link_is_safe(url):
        QMessageBox.warning(
            parent, QCoreApplication.translate("LinkGuard", "Link not opened"),
            QCoreApplication.translate("LinkGuard", "Beacon only opens web links (http and https). This link was not opened:\n\n%1").replace("%1", target),
        )
        return False
    if confirm is None:
        def confirm(title, text):
            answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
            return answer == QMessageBox.StandardButton.Open
    if not confirm(QCoreApplication.translate("LinkGuard", "Open link?"), QCoreApplication.translate("LinkGuard", "Open this address in your browser?\n\n%1").replace("%1", target)):
        return False
    opener(url)
    return True
