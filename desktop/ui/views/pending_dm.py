"""A direct message opens at once, even offline (issue 13).

Picking a person with whom there is no conversation yet queues `open_dm` and shows
the conversation straight away: its intro, and a composer whose text is kept as a
draft in the cache (so nothing written is lost across a restart). The relay assigns
the conversation's id; until its `channel.created` arrives there is nowhere to post,
so sending keeps the text and says so. When the conversation arrives the window
switches to it with the draft moved over, and it is an ordinary DM from then on.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.protocol import frames as fr

PREFIX = "pending-dm:"  # the window's `current` while the relay has not made the DM yet


def key(user: str) -> str:
    return PREFIX + user


def user_of(current: str | None) -> str | None:
    return current[len(PREFIX):] if current and current.startswith(PREFIX) else None


def existing_dm(store, user: str) -> str | None:
    """The id of my DM with `user` in the cache, if there is one."""
    return next((c.id for c in store.channels() if c.dm and c.am_member and c.dm_user == user), None)


class PendingDm(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def open(self, user: str) -> None:
        """Open the DM with `user`: the real one if cached, else a pending one at once."""
        w = self.window
        found = existing_dm(w.store, user)
        if found is not None:
            w.open_channel(found)
            return
        if not any(isinstance(i.frame, fr.OpenDm) and i.frame.user == user
                   for i in w.store.outbox(("pending", "sending"))):
            w.actions.open_dm(user)
        w.composer.cancel_edit()
        w.composer.flush_draft()
        w.current = key(user)
        name = next((u.display_name for u in w.store.users() if u.name == user), user)
        w.header.show_channel(None)
        w.header.title.setText(f"@ {name}")
        w.header.topic.setText(self.tr("Starting the conversation… it opens here as soon as the relay has it."))
        w.header.topic.setVisible(True)  # show_channel(None) hid it
        w.timeline.load_channel(None)
        w.intro.hint.set_text("\n\n".join([
            self.tr("This is the beginning of your conversation with %1.").replace("%1", name),
            self.tr("Beacon is asking the relay to start it (offline: when you are back online). "
                    "Write now: your text is kept and can be sent the moment it opens."),
        ]))
        w.intro.hint.update()
        w.composer.set_text(w.store.draft(w.current))
        w.composer.set_placeholder(self.tr("Message %1").replace("%1", name))
        w.sidebar.clearSelection()
        w.channel_changed.emit(w.current)

    def refuse_post(self, text: str) -> None:
        """Send while pending: nothing to post into yet; the text stays (as a draft)."""
        w = self.window
        w.store.set_draft(w.current, text)
        w.composer.set_text(text)
        w.statusBar().showMessage(self.tr("Not sent yet: the conversation has not started. Your text is kept."), 8000)

    def check(self) -> None:
        """After cache changes: if the pending DM has arrived, move the draft and open it."""
        w = self.window
        user = user_of(w.current)
        if user is None:
            return
        found = existing_dm(w.store, user)
        if found is None:
            return
        w.composer.flush_draft()
        text = w.store.draft(w.current)
        if text and not w.store.draft(found):
            w.store.set_draft(found, text)
        w.store.set_draft(w.current, "")
        w.current = None
        w.open_channel(found)
