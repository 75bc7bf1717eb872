"""What an empty conversation shows instead of a blank pane: whose it is, their status,
and what to do next (Slack's "This is the very beginning of…", Lark's greeting card)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.store import attention
from desktop.ui.empty_state import EmptyHint


class ConversationIntro(QObject):
    def __init__(self, view, store, parent=None):
        super().__init__(parent or view)
        self._store = store
        self.hint = EmptyHint(view, "")

    def text_for(self, row) -> str:
        if row is None:
            return self.tr("Pick a channel or a person on the left, or press Ctrl+K to jump to one.")
        if row.dm:
            lines = [self.tr("This is the beginning of your conversation with %1.").replace("%1", row.title)]
            status = attention.status(self._store, row.dm_user) if row.dm_user else None
            if status is not None and (status.text or status.emoji):
                lines.append(f"{status.emoji} {status.text}".strip())
            lines.append(self.tr("Say hello. What you write offline is sent when you are back online."))
        else:
            lines = [self.tr("This is the very beginning of #%1.").replace("%1", row.name)]
            if row.topic:
                lines.append(row.topic)
            lines.append(self.tr(
                "Post an update, share a file with 📎 in the message box (or drop it here), or turn a message into a task."
            ))
        return "\n\n".join(lines)

    def show_for(self, row) -> None:
        self.hint.set_text(self.text_for(row))
        self.hint.update()
