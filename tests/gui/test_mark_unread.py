"""'Mark unread' on a message: the channel's marker goes back to just before it, the
"New messages" line moves there, and the channel stays unread while it is open (it is
read again after leaving it and coming back). Main window over a real cache, no relay:
commands go to the outbox; the relay side is tests/unit/server_stub/test_commands.py."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.actions import Actions
from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.ui.views.main_window import MainWindow
from tests.gui.app_kit import ME, make_store


@pytest.fixture
def win(qtbot, tmp_path):
    store, seeder = make_store(tmp_path, messages=60)
    ids = [m.id for m in store.messages("C1", limit=None)]
    seeder.apply(ev.ReadMarked, actor=ME, channel="C1", upto=ids[-1])
    window = MainWindow(store, Actions(store), ME, initial_channel="C1")
    store.subscribe(window.apply_changes)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, store, ids
    window.close()
    store.close()


def _action(menu, text: str):
    found = [a for a in menu.actions() if a.text() == text]
    return found[0] if found else None


def _queued(store, frame_type) -> list:
    return [o.frame for o in store.outbox() if isinstance(o.frame, frame_type)]


def test_mark_unread_from_a_message_keeps_the_channel_unread_while_open(qtbot, win):
    window, store, ids = win
    assert store.channel("C1").unread == 0
    target = next(m for m in store.messages("C1", limit=None) if m.id == ids[50])
    action = _action(window.message_menu(target), "Mark unread")
    assert action is not None
    reads_before = len(_queued(store, fr.MarkRead))
    action.trigger()
    row = store.channel("C1")
    assert row.read_upto == ids[50] - 1 and row.unread == 10  # messages 50..59, none of them mine
    assert [f.msg for f in _queued(store, fr.MarkUnread)] == [ids[50]]
    # The sidebar shows it unread at once (offline: the local marker moved with the queueing).
    qtbot.waitUntil(lambda: window.channels.channel("C1").unread == 10)
    # The line sits above that message, and the window does not read the channel again
    # while it stays open, though the newest message is on screen.
    assert window.unread.first_unread == ids[50] and window.unread.row() == window.timeline.row_of(ids[50])
    window.view.scrollToBottom()
    window._maybe_mark_read()
    qtbot.wait(400)  # the read timer's interval: nothing fires
    assert len(_queued(store, fr.MarkRead)) == reads_before and store.channel("C1").unread == 10
    # Leave and come back: read as usual.
    window.open_channel("C2")
    window.open_channel("C1")
    qtbot.waitUntil(lambda: any(f.upto == ids[-1] for f in _queued(store, fr.MarkRead)[reads_before:]))
    assert store.channel("C1").unread == 0


def test_no_mark_unread_on_thread_replies_or_deleted_messages(win):
    window, store, ids = win
    message = next(m for m in store.messages("C1", limit=None) if m.id == ids[10])
    assert _action(window.message_menu(message), "Mark unread") is not None
    reply = dataclasses.replace(message, thread=ids[9])
    assert _action(window.message_menu(reply), "Mark unread") is None  # unread counts are per channel
    assert window.message_menu(dataclasses.replace(message, deleted=True)) is None
