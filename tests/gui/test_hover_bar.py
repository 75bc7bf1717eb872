"""The action bar over the hovered message, on the main window over a real cache: it follows
the mouse, React toggles a reaction, Reply in thread opens the thread panel, More is the
message menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.actions import Actions
from desktop.ui.views.main_window import MainWindow
from tests.gui.app_kit import ME, make_store


@pytest.fixture
def window(qtbot, tmp_path):
    store, seeder = make_store(tmp_path, messages=30)
    win = MainWindow(store, Actions(store), ME, initial_channel="C1")
    store.subscribe(win.apply_changes)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.view.at_bottom())
    win.seeder = seeder
    yield win
    win.close()
    store.close()


def hover(qtbot, win, row: int) -> None:
    rect = win.view.visualRect(win.timeline.index(row))
    qtbot.mouseMove(win.view.viewport(), QPoint(rect.left() + 80, rect.center().y()))
    qtbot.waitUntil(lambda: win.hover_bar.isVisible() and win.hover_bar.index.row() == row)


def labels(menu):
    return [a.text() for a in menu.actions() if a.text()]


def test_the_bar_follows_the_mouse_to_the_row_under_it(qtbot, window):
    bar = window.hover_bar
    last = window.timeline.rowCount() - 1
    hover(qtbot, window, last)
    row_rect = window.view.visualRect(window.timeline.index(last))
    assert bar.geometry().right() <= row_rect.right() and bar.geometry().left() > row_rect.center().x()
    hover(qtbot, window, last - 2)
    assert bar.item().id == window.timeline.item(last - 2).id
    # Pending posts have nothing to act on yet.
    window.actions.post("C1", "on its way")
    pending = window.timeline.rowCount() - 1
    qtbot.waitUntil(lambda: window.timeline.item(pending).__class__.__name__ == "OutboxItem")
    rect = window.view.visualRect(window.timeline.index(pending))
    bar.show_for(window.timeline.index(pending))
    assert not bar.isVisible() and rect.isValid()


def test_reply_in_thread_opens_the_thread_panel(qtbot, window):
    row = window.timeline.rowCount() - 3
    root = window.timeline.item(row)
    hover(qtbot, window, row)
    assert window.thread.isHidden()
    qtbot.mouseClick(window.hover_bar.reply, Qt.MouseButton.LeftButton)
    assert not window.thread.isHidden() and window.right.isVisible()
    assert window.thread.model.thread_root == root.id
    assert window.thread.composer.edit_box.hasFocus()


def test_react_offers_the_quick_reactions_and_toggles_mine(qtbot, window):
    row = window.timeline.rowCount() - 1
    target = window.timeline.item(row)
    hover(qtbot, window, row)
    qtbot.mouseClick(window.hover_bar.react, Qt.MouseButton.LeftButton)
    menu = window.hover_bar.menu
    qtbot.waitUntil(menu.isVisible)
    assert labels(menu)[:6] == window.quick_reactions()[:6]
    menu.actions()[0].trigger()
    [react] = [o.frame for o in window.store.outbox() if o.kind == "react"]
    assert (react.msg, react.emoji) == (target.id, window.quick_reactions()[0])
    menu.close()


def test_more_is_the_message_menu(qtbot, window):
    window.seeder.post("C1", "mine to edit", author=ME)
    row = window.timeline.rowCount() - 1
    qtbot.waitUntil(lambda: window.view.at_bottom())
    qtbot.wait(20)
    hover(qtbot, window, row)
    qtbot.mouseClick(window.hover_bar.more, Qt.MouseButton.LeftButton)
    menu = window.hover_bar.menu
    qtbot.waitUntil(menu.isVisible)
    assert labels(menu) == labels(window.message_menu(window.timeline.item(row)))
    assert "Edit" in labels(menu) and "Copy link" in labels(menu)
    next(a for a in menu.actions() if a.text() == "Edit").trigger()
    assert window.composer.editing == window.timeline.item(row).id and window.composer.text() == "mine to edit"
    menu.close()


def test_in_the_thread_panel_the_bar_reacts_but_has_no_reply(qtbot, window):
    root = window.timeline.item(window.timeline.rowCount() - 1)
    window.seeder.post("C1", "a reply", author="li", thread=root.id)
    window.open_thread(root.id)
    view, bar = window.thread.view, window.thread_hover_bar
    qtbot.waitUntil(lambda: window.thread.model.rowCount() == 2 and view.isVisible())
    qtbot.wait(20)
    rect = view.visualRect(window.thread.model.index(1))
    qtbot.mouseMove(view.viewport(), QPoint(rect.left() + 60, rect.center().y()))
    qtbot.waitUntil(lambda: bar.isVisible() and bar.index.row() == 1)
    assert bar.reply.isHidden() and bar.react.isVisible() and bar.more.isVisible()
    qtbot.mouseClick(bar.react, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(bar.menu.isVisible)
    bar.menu.actions()[1].trigger()
    [react] = [o.frame for o in window.store.outbox() if o.kind == "react"]
    assert react.msg == window.thread.model.item(1).id and react.emoji == window.quick_reactions()[1]
    bar.menu.close()


def test_the_keyboard_opens_the_bar_s_actions_on_the_selected_message(qtbot, window):
    """Without a mouse: Tab to the list, arrow keys select a message and the bar goes
    with it; R opens React, . opens More, T replies in the thread. Typing in the
    composer is not taken, nor Ctrl+R."""
    bar, view = window.hover_bar, window.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    last = window.timeline.rowCount() - 1
    view.setCurrentIndex(window.timeline.index(last))
    qtbot.keyClick(view, Qt.Key.Key_Up)
    row = view.currentIndex().row()
    assert row == last - 1
    assert bar.isVisible() and bar.index.row() == row  # the bar is on the selected message
    target = window.timeline.item(row)

    qtbot.keyClick(view, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: bar.menu is not None and bar.menu.isVisible())
    assert labels(bar.menu)[:6] == window.quick_reactions()[:6]
    bar.menu.actions()[0].trigger()
    bar.menu.close()
    [react] = [o.frame for o in window.store.outbox() if o.kind == "react"]
    assert (react.msg, react.emoji) == (target.id, window.quick_reactions()[0])

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Period)
    qtbot.waitUntil(lambda: bar.menu.isVisible())
    assert labels(bar.menu) == labels(window.message_menu(target))
    bar.menu.close()

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not bar.menu.isVisible()  # Ctrl+R is not the bar's
    assert window.thread.isHidden()
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert not window.thread.isHidden() and window.thread.model.thread_root == target.id
    assert window.thread.composer.edit_box.hasFocus()

    window.composer.edit_box.setFocus()
    qtbot.keyClick(window.composer.edit_box, Qt.Key.Key_R)
    assert window.composer.text().endswith("r") and not bar.menu.isVisible()  # typing stays typing


def test_the_keys_do_nothing_on_a_pending_post_or_without_a_selection(qtbot, window):
    bar, view = window.hover_bar, window.view
    view.setFocus()
    view.setCurrentIndex(window.timeline.index(-1))  # nothing selected
    assert bar.key_action(Qt.Key.Key_R) is None
    window.actions.post("C1", "on its way")
    pending = window.timeline.rowCount() - 1
    qtbot.waitUntil(lambda: window.timeline.item(pending).__class__.__name__ == "OutboxItem")
    view.setCurrentIndex(window.timeline.index(pending))
    assert bar.key_action(Qt.Key.Key_R) is None and bar.key_action(Qt.Key.Key_Period) is None
    view.setCurrentIndex(window.timeline.index(pending - 1))
    assert bar.key_action(Qt.Key.Key_R) == bar.open_react and bar.key_action(Qt.Key.Key_X) is None
