"""Turns new messages in the cache into desktop notifications and the tray badge."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from desktop.domain import notify
from desktop.net.state import Link


class Alerts(QObject):
    """Watches cache changes; asks `desktop.domain.notify` whether to notify.

    Messages that arrive while catching up (old news after being offline) do not
    pop up; only live ones do. The tray badge counts unread messages everywhere.
    """

    def __init__(self, store, window, notifier, tray, link_state, parent=None):
        super().__init__(parent)
        self._store = store
        self._window = window
        self._notifier = notifier
        self._tray = tray
        self._link_state = link_state  # callable -> LinkState
        self.dnd = False  # wired by the do-not-disturb feature (desktop.ui.attention)
        self.mentions_only = lambda channel_id: False
        self.breaks_through = lambda msg, author: False  # an urgent message through DND?
        self.held = lambda notification: None  # what DND held back (for the digest)
        window.channel_changed.connect(notifier.withdraw)

    def apply(self, changes) -> None:
        if changes.channel_list or changes.counts or changes.reset:
            unread, _mentions = self._window.channels.total_unread()
            self._tray.set_unread(unread)
        if self._link_state().link is not Link.ONLINE:
            return
        me = self._store.account().user
        for channel_id, delta in changes.channels.items():
            fresh = list(delta.appended) + [i for ids in delta.replies.values() for i in ids]
            if not fresh:
                continue
            row = self._store.channel(channel_id)
            if row is None:
                continue
            state = notify.ChannelState(
                title=row.title if row.dm else row.name, dm=row.dm, read_upto=row.read_upto,
                muted=self._window.is_muted(channel_id), mentions_only=self.mentions_only(channel_id),
            )
            focus = notify.Focus(
                window_active=self._window.isActiveWindow() and QApplication.applicationState().name == "ApplicationActive",
                channel=self._window.current,
                thread=self._window.thread.model.thread_root if not self._window.thread.isHidden() else None,
            )
            for msg_id in sorted(fresh):
                message = self._store.message(msg_id)
                if message is None or message.deleted:
                    continue
                incoming = notify.Incoming(
                    msg=message.id, channel=channel_id, author=message.author, text=message.text,
                    thread=message.thread, author_name=message.author_name,
                )
                shown = notify.decide(incoming, me=me, channel=state, focus=focus)
                if shown is not None and self.dnd and not self.breaks_through(message.id, message.author):
                    self.held(shown)
                    continue
                if shown is not None:
                    self._notifier.notify(shown)
