"""Moving a message elsewhere: forwarding it (views/forward_dialog.py) and following a
beacon://message link inside Beacon (from "Copy link" or a forwarded message's "View
original"). Such a link only ever shows a message you can already see; anything else
gets a plain answer. Functions of the main window, kept apart from it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox


def forward(window, item):
    """Open the forward dialog for `item`; on Forward the quote is queued as a post."""
    from desktop.ui.views.forward_dialog import ForwardDialog

    dialog = ForwardDialog(window.store, window.me, item, window)
    dialog.finished.connect(lambda _result: _forwarded(window, dialog))
    dialog.open()
    return dialog


def _forwarded(window, dialog) -> None:
    if dialog.forwarded is None:
        return
    channel, text = dialog.forwarded
    window.actions.post(channel, text)
    row = window.channels.channel(channel)
    where = (row.title if row.dm else "#" + row.name) if row else channel
    window.statusBar().showMessage(QCoreApplication.translate("MessageLinks", "Forwarded to %1").replace("%1", where), 5000)


def open_message_link(window, text: str) -> bool:
    """Show the message a beacon://message link names, if it is one you can see."""
    from desktop import linkscheme  # on first use: not on the start-up path

    try:
        link = linkscheme.parse_message(text)
    except linkscheme.LinkError:
        QMessageBox.warning(
            window, QCoreApplication.translate("MessageLinks", "Link not opened"),
            QCoreApplication.translate(
                "MessageLinks", "Beacon opens only links of the form beacon://message/<channel>/<message id>."),
        )
        return False
    row = window.store.message(link.message)
    if row is None or row.channel != link.channel or window.channels.channel(link.channel) is None:
        QMessageBox.information(
            window, QCoreApplication.translate("MessageLinks", "Message not found"),
            QCoreApplication.translate(
                "MessageLinks", "That message is not in this workspace, or it is in a conversation you are not in."),
        )
        return False
    window.jump_to(row.channel, row.thread or row.id)
    if row.thread is not None:
        window.open_thread(row.thread)
    return True
