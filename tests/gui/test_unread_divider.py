"""The "New messages" line, the jump-to-unread pill, "Jump to latest" and the exact-time
tooltip, on the main window over a real cache (no relay; read marks go to the outbox)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import QAbstractItemView

from desktop.actions import Actions
from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.ui.views.main_window import MainWindow
from tests.gui.app_kit import ME, make_store


@pytest.fixture
def rig(qtbot, tmp_path):
    store, seeder = make_store(tmp_path, messages=120)
    ids = [m.id for m in store.messages("C1", limit=None)]
    made = []

    def open_with(read_upto: int | None) -> MainWindow:
        if read_upto is not None:
            seeder.apply(ev.ReadMarked, actor=ME, channel="C1", upto=read_upto)
        win = MainWindow(store, Actions(store), ME, initial_channel="C1")
        store.subscribe(win.apply_changes)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        made.append(win)
        return win

    yield store, seeder, ids, open_with
    for win in made:
        win.close()
    store.close()


def row_height(win, row: int) -> int:
    return win.view.visualRect(win.timeline.index(row)).height()


def on_screen(win, row: int) -> bool:
    rect = win.view.visualRect(win.timeline.index(row))
    return rect.bottom() >= 0 and rect.top() < win.view.viewport().height()


def test_the_line_sits_right_after_the_last_read_message_and_stays(qtbot, rig):
    store, seeder, ids, open_with = rig
    last_read = ids[113]  # six unread below it
    win = open_with(last_read)
    assert win.unread.first_unread == ids[114] and win.unread.count == 6
    row = win.unread.row()
    assert row == win.timeline.row_of(last_read) + 1
    line = win.view.visualRect(win.timeline.index(row))
    read = win.view.visualRect(win.timeline.index(row - 1))
    assert line.top() == read.bottom() + 1  # directly under the last read message
    # The row carries the band: it is taller than the same row without it.
    with_band = row_height(win, row)
    assert with_band - row_height(win, row + 1) >= 20
    assert win.delegate.layout(_option(win, row), win.timeline.index(row))[0].unread is not None
    assert win.delegate.layout(_option(win, row - 1), win.timeline.index(row - 1))[0].unread is None
    assert not win.unread.pill.isVisible()  # the line is on screen: no pill
    # The channel is read (the newest message is on screen) but the line stays while it is open.
    qtbot.waitUntil(lambda: any(isinstance(o.frame, fr.MarkRead) for o in store.outbox()))
    seeder.apply(ev.ReadMarked, actor=ME, channel="C1", upto=ids[-1])
    assert win.unread.row() == row
    # Open another channel and come back: nothing unread, no line.
    win.open_channel("C2")
    win.open_channel("C1")
    assert win.unread.first_unread is None and win.unread.row() == -1
    assert row_height(win, row) < with_band


def test_posting_an_answer_clears_the_line(qtbot, rig):
    store, seeder, ids, open_with = rig
    win = open_with(ids[113])
    assert win.unread.active() and win.unread.row() >= 0
    win._post("on it")  # Enter in the composer
    assert not win.unread.active() and win.unread.row() == -1


def _option(win, row):
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.initFrom(win.view)
    option.rect = win.view.visualRect(win.timeline.index(row))
    return option


def test_no_line_when_all_is_read_and_none_for_my_own_messages(qtbot, rig):
    store, seeder, ids, open_with = rig
    seeder.post("C1", "my own words", author=ME)
    win = open_with(ids[-1])
    assert win.unread.first_unread is None and not win.unread.pill.isVisible()


def test_the_pill_jumps_to_an_unread_line_beyond_the_loaded_window(qtbot, rig):
    store, seeder, ids, open_with = rig
    win = open_with(ids[9])  # 110 unread: the first one is not in the newest page
    assert win.unread.first_unread == ids[10] and win.unread.row() == -1
    pill = win.unread.pill
    qtbot.waitUntil(pill.isVisible)
    assert "110 new messages" in pill.button.text()
    assert pill.geometry().top() < win.view.viewport().height() // 2  # at the top of the timeline
    qtbot.mouseClick(pill.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.unread.row() >= 0 and on_screen(win, win.unread.row()))
    row = win.unread.row()
    assert win.timeline.item(row - 1).id == ids[9]
    qtbot.waitUntil(lambda: not pill.isVisible())
    # The window now ends before the newest message: "Jump to latest" brings it back.
    qtbot.waitUntil(win.latest.isVisible)
    qtbot.mouseClick(win.latest, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.timeline.newest_id() == ids[-1] and win.view.at_bottom())
    assert not win.latest.isVisible()


def test_the_pill_appears_when_scrolled_past_the_line_and_can_be_dismissed(qtbot, rig):
    store, seeder, ids, open_with = rig
    win = open_with(None)
    win.resize(900, 420)  # too short for twenty messages
    seeder.apply(ev.ReadMarked, actor=ME, channel="C1", upto=ids[99])  # 20 unread, inside the window
    win.open_channel("C2")
    win.open_channel("C1")
    pill = win.unread.pill
    row = win.unread.row()
    assert row >= 0
    qtbot.waitUntil(lambda: win.view.at_bottom())
    assert not on_screen(win, row)
    qtbot.waitUntil(pill.isVisible)
    assert "20 new messages" in pill.button.text()
    # Scrolling up to the line retires the pill, also when going back down.
    win.view.reveal(win.timeline.index(row), QAbstractItemView.ScrollHint.PositionAtCenter)
    qtbot.waitUntil(lambda: not pill.isVisible())
    win.view.scrollToBottom()
    qtbot.waitUntil(lambda: win.view.at_bottom())
    qtbot.wait(50)
    assert not pill.isVisible()
    # Read (the newest is on screen); thirty more while elsewhere: a new line above them, ✕ dismisses its pill.
    qtbot.waitUntil(lambda: any(isinstance(o.frame, fr.MarkRead) and o.frame.upto == ids[-1] for o in store.outbox()))
    win.open_channel("C2")
    news = [seeder.post("C1", f"later {i}") for i in range(30)]
    win.open_channel("C1")
    assert win.unread.first_unread == news[0]
    qtbot.waitUntil(pill.isVisible)
    assert "30 new messages" in pill.button.text()
    qtbot.mouseClick(pill.close_button, Qt.MouseButton.LeftButton)
    assert not pill.isVisible()
    win.view.verticalScrollBar().setValue(win.view.verticalScrollBar().value() - 40)
    qtbot.wait(50)
    assert not pill.isVisible()  # dismissed for this visit


def test_jump_to_latest_shows_when_scrolled_up(qtbot, rig):
    store, seeder, ids, open_with = rig
    win = open_with(ids[-1])
    qtbot.waitUntil(lambda: win.view.at_bottom())
    assert not win.latest.isVisible()
    win.view.scrollTo(win.timeline.index(5), QAbstractItemView.ScrollHint.PositionAtTop)
    qtbot.waitUntil(win.latest.isVisible)
    button = win.latest.geometry()
    viewport = win.view.viewport().geometry()
    assert button.bottom() <= viewport.bottom() and button.right() <= viewport.right()
    assert button.top() > viewport.center().y()  # bottom right
    qtbot.mouseClick(win.latest, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.view.at_bottom() and not win.latest.isVisible())


def test_a_message_tooltip_gives_its_exact_time(qtbot, rig):
    store, seeder, ids, open_with = rig
    win = open_with(ids[-1])
    row = win.timeline.row_of(ids[-1])
    message = win.timeline.item(row)
    tip = win.timeline.data(win.timeline.index(row), Qt.ItemDataRole.ToolTipRole)
    when = QDateTime.fromMSecsSinceEpoch(message.ts)
    assert tip == QLocale().toString(when, QLocale.FormatType.LongFormat)
    assert str(when.date().year()) in tip and when.toString("mm") in tip


def test_hovering_a_message_shows_the_tooltip(qtbot, rig):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    store, seeder, ids, open_with = rig
    win = open_with(ids[-1])
    qtbot.waitUntil(lambda: win.view.at_bottom())
    row = win.timeline.row_of(ids[-1])
    pos = win.view.visualRect(win.timeline.index(row)).center()
    viewport = win.view.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == win.timeline.data(win.timeline.index(row), Qt.ItemDataRole.ToolTipRole)
    QToolTip.hideText()
