"""What an empty conversation shows instead of a blank pane: whose it is, their status,
and what to do next (Slack's "This is the very beginning of…", Lark's greeting card)."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from PySide6.QtCore import QLocale, QObject, QTime

from desktop.protocol.attention import valid_zone, zone
from desktop.store import attention, team
from desktop.ui.empty_state import EmptyHint


class ConversationIntro(QObject):
    def __init__(self, view, store, parent=None):
        super().__init__(parent or view)
        self._store, self._view = store, view
        self._row = None
        # The hint (a label over the viewport) is made the first time the conversation
        # is empty: a channel with messages never pays for it before its first frame.
        view.model().modelReset.connect(self._maybe_hint)
        view.model().rowsRemoved.connect(self._maybe_hint)

    @cached_property
    def hint(self) -> EmptyHint:
        hint = EmptyHint(self._view, self.text_for(self._row))
        return hint

    def _maybe_hint(self, *_args) -> None:
        if "hint" not in self.__dict__ and self._view.model().rowCount() == 0:
            self.hint.update()

    def text_for(self, row) -> str:
        if row is None:
            return self.tr("Pick a channel or a person on the left, or press Ctrl+K to jump to one.")
        if row.dm:
            lines = [self.tr("This is the beginning of your conversation with %1.").replace("%1", row.title)]
            status = attention.status(self._store, row.dm_user) if row.dm_user else None
            facts = []
            title, tz = team.profile(self._store, row.dm_user) if row.dm_user else ("", "")
            if title:
                facts.append(title)
            if tz and valid_zone(tz):
                now = dt.datetime.now(dt.timezone.utc).astimezone(zone(tz))
                facts.append(self.tr("their local time %1").replace("%1", QLocale().toString(
                    QTime(now.hour, now.minute), QLocale.FormatType.ShortFormat)))
            if status is not None and (status.text or status.emoji):
                facts.append(f"{status.emoji} {status.text}".strip())
            if facts:
                lines.append(" · ".join(facts))
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
        self._row = row
        if "hint" not in self.__dict__ and self._view.model().rowCount() > 0:
            return  # made (with this text) if the conversation is ever empty
        self.hint.set_text(self.text_for(row))
        self.hint.update()
