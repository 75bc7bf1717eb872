"""The main window on a real cache (no relay): composing, drafts, editing, switcher, search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.actions import Actions
from desktop.secrets import CacheKey
from desktop.store import Store
from desktop.ui.models.timeline import Role
from desktop.ui.views.main_window import MainWindow
from tests.gui.app_kit import ME, make_store


@pytest.fixture
def window(qtbot, tmp_path):
    store, seeder = make_store(tmp_path, messages=120)
    woken = []
    win = MainWindow(store, Actions(store, wake=lambda: woken.append(1)), ME)
    store.subscribe(win.apply_changes)
    qtbot.addWidget(win)
    win.show()
    win.open_channel("C1")
    win.woken = woken
    win.seeder = seeder
    yield win
    win.close()
    store.close()  # idempotent


def type_and_send(qtbot, win, text):
    qtbot.keyClicks(win.composer.edit_box, text)
    qtbot.keyClick(win.composer.edit_box, Qt.Key.Key_Return)


def test_enter_sends_shift_enter_breaks_the_line(qtbot, window):
    box = window.composer.edit_box
    qtbot.keyClicks(box, "line one")
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(box, "line two")
    assert window.store.outbox(("pending",)) == []
    qtbot.keyClick(box, Qt.Key.Key_Return)
    [item] = window.store.outbox(("pending",))
    assert item.text == "line one\nline two" and item.channel == "C1"
    assert box.toPlainText() == ""
    assert window.woken  # the sync engine was told
    last = window.timeline.rowCount() - 1
    assert window.timeline.data(window.timeline.index(last), Role.PENDING) == "pending"
    assert "1 message" in window.status_label.text()


def test_draft_is_kept_per_channel_and_survives_restart(qtbot, window, tmp_path):
    qtbot.keyClicks(window.composer.edit_box, "half-written ")
    window.composer.edit_box.insertPlainText("草稿")  # QTest types ASCII only
    window.open_channel("C2")
    assert window.composer.text() == ""
    window.open_channel("C1")
    assert window.composer.text() == "half-written 草稿"
    window.close()  # flushes the draft
    store = window.store
    assert store.draft("C1") == "half-written 草稿"
    store.close()
    reopened = Store.open(store.path, store.test_key)
    try:
        again = MainWindow(reopened, Actions(reopened), ME)
        qtbot.addWidget(again)
        again.open_channel("C1")
        assert again.composer.text() == "half-written 草稿"
        again.open_channel("C2")
        assert again.composer.text() == ""
        again.close()
    finally:
        reopened.close()



def test_up_edits_my_last_message(qtbot, window):
    window.seeder.post("C1", "my typo'd message", author=ME)
    qtbot.keyClick(window.composer.edit_box, Qt.Key.Key_Up)
    assert window.composer.editing is not None
    assert window.composer.text() == "my typo'd message"
    window.composer.edit_box.clear()
    qtbot.keyClicks(window.composer.edit_box, "my fixed message")
    qtbot.keyClick(window.composer.edit_box, Qt.Key.Key_Return)
    [item] = window.store.outbox(("pending",))
    assert item.kind == "edit" and item.frame.text == "my fixed message"
    assert window.composer.editing is None


def test_mention_completion_offers_channel_members(qtbot, window):
    box = window.composer.edit_box
    qtbot.keyClicks(box, "hi @b")
    popup = box._completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert box._completer.currentCompletion() == "bob"


def test_quick_switcher_opens_a_channel(qtbot, window):
    dialog = window.show_switcher()
    dialog.filter.setText("产品")  # QTest types ASCII only
    assert dialog.list.count() == 1
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    assert window.current == "C2"
    assert window.title.text() == "# 产品讨论"


def test_alt_arrows_move_between_channels(qtbot, window):
    order = window.channels.ordered_ids()
    window.step_channel(1)
    assert window.current == order[(order.index("C1") + 1) % len(order)]
    window.step_channel(-1)
    assert window.current == "C1"


def test_search_jumps_to_the_message(qtbot, window):
    window.open_search(only_here=False)
    qtbot.keyClicks(window.search.query, "message 7")
    qtbot.keyClick(window.search.query, Qt.Key.Key_Return)
    assert window.search.results.count() >= 1
    target = [i for i in range(window.search.results.count()) if window.search.results.item(i).text().endswith("message 7")]
    window.search._activated(window.search.results.item(target[0]))
    current = window.view.currentIndex()
    assert current.isValid() and current.data() == "message 7"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.search.isVisible()


def test_thread_panel_reply(qtbot, window):
    root = window.seeder.post("C1", "root of a thread")
    window.seeder.post("C1", "first reply", thread=root)
    window.open_thread(root)
    assert window.thread.isVisible()
    assert [window.thread.model.data(window.thread.model.index(i)) for i in range(2)] == ["root of a thread", "first reply"]
    qtbot.keyClicks(window.thread.composer.edit_box, "my reply")
    qtbot.keyClick(window.thread.composer.edit_box, Qt.Key.Key_Return)
    [item] = window.store.outbox(("pending",))
    assert item.frame.thread == root and item.text == "my reply"
    assert window.thread.model.rowCount() == 3  # the pending reply shows in the thread


def test_context_menu_offers_own_message_actions(qtbot, window):
    mine = window.seeder.post("C1", "mine", author=ME)
    theirs = window.timeline.item(0)
    labels = lambda menu: [a.text() for a in menu.actions()]
    mine_menu = window.message_menu(window.store.message(mine))
    assert "Edit" in labels(mine_menu) and "Delete…" in labels(mine_menu)
    their_menu = window.message_menu(theirs)
    assert "Edit" not in labels(their_menu) and "Reply in thread" in labels(their_menu)


def test_first_sync_opens_a_channel(qtbot, tmp_path):
    from desktop.protocol import events as ev
    from tests.gui.app_kit import Seeder

    store = Store.open(tmp_path / "empty.db", CacheKey.random())
    store.set_account("ws://x", ME, "Me")
    win = MainWindow(store, Actions(store), ME)
    store.subscribe(win.apply_changes)
    qtbot.addWidget(win)
    assert win.current is None  # nothing cached yet
    seeder = Seeder(store)
    seeder.apply(ev.UserCreated, user=ME, display_name="Me")
    seeder.apply(ev.ChannelCreated, actor=ME, channel="C9", name="first", members=[ME])
    assert win.current == "C9" and win.title.text() == "# first"
    win.close()
    store.close()


def test_thread_draft_is_kept(qtbot, window):
    root = window.seeder.post("C1", "a thread root")
    window.open_thread(root)
    qtbot.keyClicks(window.thread.composer.edit_box, "half a reply")
    window.thread.close_panel()
    window.thread.composer.flush_draft()
    other = window.seeder.post("C1", "another root")
    window.open_thread(other)
    assert window.thread.composer.text() == ""
    window.open_thread(root)
    assert window.thread.composer.text() == "half a reply"
    assert window.store.draft("C1") == ""  # the channel's own draft is separate


def test_escape_lets_go_of_the_selected_message(qtbot, window):
    index = window.view.model().index(window.view.model().rowCount() - 1, 0)
    window.view.setCurrentIndex(index)
    assert window.view.selectionModel().hasSelection()
    window.close_panels()  # what Esc does
    assert not window.view.selectionModel().hasSelection() and not window.view.currentIndex().isValid()


def test_an_empty_conversation_says_whose_it_is(qtbot, window):
    from desktop.protocol import events as ev

    window.seeder.apply(ev.StatusChanged, actor="li", user="li", emoji="📅", text="开会中")
    window.open_channel("D1")  # the DM with 李伟 has no messages
    hint = window.intro.hint.label
    assert hint.isVisible() and "conversation with 李伟" in hint.text() and "开会中" in hint.text()
    window.open_channel("C1")  # 120 messages: no intro in the way
    assert not hint.isVisible()
