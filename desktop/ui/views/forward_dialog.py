"""Forward a message (Slack's "Forward", Lark's 转发): pick a conversation, add a word,
and the original goes there quoted, with who said it, where, and a link back.

The new message is an ordinary post (queued like any other, also offline); its text
comes from desktop.domain.forward. A message from a private channel or a DM may reach
people who were not in it: the dialog says so before you send.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QVBoxLayout,
)

from desktop.domain import forward, name_match
from desktop.linkscheme import MessageLink
from desktop.ui.avatar import avatar_icon
from desktop.ui.views.switcher import romanizer


def _where(row) -> str:
    return row.title if row.dm else "#" + row.name


class ForwardDialog(QDialog):
    """`forwarded` (after accept): (channel id, text) of the post to queue, else None."""

    def __init__(self, store, me: str, message, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Forward message"))
        self.setModal(True)
        self.resize(480, 520)
        self._store, self._message = store, message
        self.source = store.channel(message.channel)
        self.forwarded: tuple[str, str] | None = None
        self.author_name = message.author_name or message.author or ""
        preview = QLabel(self)
        preview.setTextFormat(Qt.TextFormat.PlainText)  # untrusted: shown as text, never as rich text
        lines = message.text.strip().splitlines() or [""]
        more = "…" if len(lines[0]) > 120 or len(lines) > 1 else ""
        preview.setText(f"{self.author_name}: {lines[0][:120]}{more}")
        preview.setWordWrap(True)
        preview.setAccessibleName(self.tr("Message to forward"))
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Forward to… (channel or person; pinyin works)"))
        self.filter.setAccessibleName(self.tr("Forward to"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Conversations"))
        self.empty = QLabel(self.tr("No conversation matches. Try a channel name or a person's name."), self)
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #c4314b;")
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText(self.tr("Add a message (optional)"))
        self.comment.setAccessibleName(self.tr("Your message"))
        self.comment.setMaximumHeight(90)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.send = buttons.addButton(self.tr("Forward"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (preview, self.filter, self.list, self.empty, self.warning, self.comment, buttons):
            layout.addWidget(widget)
        romanize = romanizer()
        rows = [c for c in store.channels() if c.am_member and not c.archived]
        rows.sort(key=lambda c: (c.id == message.channel, -(c.last_msg_ts or 0)))  # the source last
        self._entries = [
            (c, name_match.keys(c.title if c.dm else c.name, romanize, *((c.dm_user,) if c.dm and c.dm_user else ())))
            for c in rows
        ]
        self.filter.textChanged.connect(self._refill)
        self.filter.returnPressed.connect(self._accept)
        self.list.currentItemChanged.connect(lambda *_: self._update())
        self.list.itemActivated.connect(lambda _item: self._accept())
        self._refill("")
        self.filter.setFocus()

    def _refill(self, text: str) -> None:
        self.list.clear()
        ranked = sorted(
            ((-s, order, row) for order, (row, keys) in enumerate(self._entries)
             if (s := name_match.score(text, keys)) is not None),
            key=lambda r: (r[0], r[1]),
        )
        for _s, _o, row in ranked:
            label = ("@ " + row.title) if row.dm else ("# " + row.name)
            item = QListWidgetItem(avatar_icon(row.dm_user or row.id, row.title, square=not row.dm), label)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        self.empty.setVisible(self.list.count() == 0)
        self.list.setVisible(self.list.count() > 0)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update()

    def target(self):
        item = self.list.currentItem()
        return self._store.channel(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _update(self) -> None:
        target = self.target()
        self.send.setEnabled(target is not None)
        private = self.source is not None and (self.source.private or self.source.dm)
        if target is not None and private and target.id != self.source.id:
            self.warning.setText(self.tr(
                "This message is from a private conversation: everyone in %1 will see it, "
                "including people who were not in it."
            ).replace("%1", _where(target)))
            self.warning.show()
        else:
            self.warning.hide()

    def _accept(self) -> None:
        target = self.target()
        if target is None:
            return
        where = _where(self.source) if self.source is not None else ""
        text = forward.forwarded_text(
            self._message.text, author=self.author_name, where=where,
            link=MessageLink(self._message.channel, self._message.id).url(),
            comment=self.comment.toPlainText(),
            heading=self.tr("%1 in %2:"), view=self.tr("View original"),
        )
        self.forwarded = (target.id, text)
        self.accept()
