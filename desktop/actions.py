"""What the user does, as outbox commands: written to the cache first, sent later."""

from __future__ import annotations

from typing import Callable

from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id


class Actions:
    """Turns user intentions into outbox items. `wake` tells the sync engine."""

    def __init__(self, store, wake: Callable[[], None] = lambda: None):
        self.store = store
        self.wake = wake

    def _enqueue(self, frame: fr.Command):
        item = self.store.enqueue(frame)
        self.wake()
        return item

    def post(self, channel: str, text: str, thread: int | None = None):
        if not text.strip():
            return None
        return self._enqueue(fr.Post(id=new_client_id(), channel=channel, text=text, thread=thread))

    def edit(self, msg: int, text: str):
        if not text.strip():
            return None
        return self._enqueue(fr.Edit(id=new_client_id(), msg=msg, text=text))

    def delete(self, msg: int):
        return self._enqueue(fr.Delete(id=new_client_id(), msg=msg))

    def toggle_reaction(self, msg: int, emoji: str, me: str):
        row = self.store.message(msg)
        mine = row is not None and me in row.reactions.get(emoji, ())
        frame = fr.Unreact if mine else fr.React
        return self._enqueue(frame(id=new_client_id(), msg=msg, emoji=emoji))

    def toggle_pin(self, msg: int):
        row = self.store.message(msg)
        frame = fr.Unpin if row is not None and row.pinned else fr.Pin
        return self._enqueue(frame(id=new_client_id(), msg=msg))

    def mark_read(self, channel: str, upto: int):
        return self._enqueue(fr.MarkRead(id=new_client_id(), channel=channel, upto=upto))

    def mark_unread(self, msg: int):
        """Unread from `msg` on: the channel's marker goes back to just before it."""
        return self._enqueue(fr.MarkUnread(id=new_client_id(), msg=msg))

    def open_dm(self, user: str):
        return self._enqueue(fr.OpenDm(id=new_client_id(), user=user))

    def retry(self, cid: str) -> None:
        self.store.retry(cid)
        self.wake()

    def discard(self, cid: str) -> None:
        self.store.discard(cid)
