"""The composer's frame and keys on a real app and cache: Enter posts, Shift+Enter breaks the
line and continues lists, Ctrl+B / Ctrl+I / Ctrl+Shift+C wrap the selection, the box grows to
eight lines, attach and emoji sit inside the frame, and drafts and Up-to-edit still work."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog

from desktop.ui.application import BeaconApp
from tests.gui.app_kit import ME, make_store

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def app(qtbot, tmp_path):
    store, seeder = make_store(tmp_path, messages=5)
    beacon = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(beacon.window)
    beacon.window.show()
    beacon.window.open_channel("C1")
    beacon.seeder = seeder
    yield beacon
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(beacon.shutdown())  # every feature's timers stop; the cache closes
    finally:
        loop.close()


def posts(store):
    return [o.text for o in store.outbox(("pending",)) if o.kind == "post"]


def select(box, start: int, end: int) -> None:
    cursor = box.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    box.setTextCursor(cursor)


def test_shift_enter_breaks_the_line_and_enter_posts(qtbot, app):
    box = app.window.composer.edit_box
    qtbot.keyClicks(box, "first line")
    qtbot.keyClick(box, Qt.Key.Key_Return, SHIFT)
    qtbot.keyClicks(box, "second line")
    assert box.toPlainText() == "first line\nsecond line" and posts(app.store) == []
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert posts(app.store) == ["first line\nsecond line"] and box.toPlainText() == ""


def test_ctrl_b_i_and_shift_c_wrap_the_selection(qtbot, app):
    box = app.window.composer.edit_box
    qtbot.keyClicks(box, "ship it today")
    select(box, 5, 7)  # "it"
    qtbot.keyClick(box, Qt.Key.Key_B, CTRL)
    assert box.toPlainText() == "ship **it** today"
    assert box.textCursor().selectedText() == "it"  # still selected: a second key adds a second style
    qtbot.keyClick(box, Qt.Key.Key_I, CTRL)  # *italic*: what the message view draws in italics
    assert box.toPlainText() == "ship ***it*** today"
    qtbot.keyClick(box, Qt.Key.Key_B, CTRL)  # again: bold comes off, italic stays
    assert box.toPlainText() == "ship *it* today" and box.textCursor().selectedText() == "it"
    qtbot.keyClick(box, Qt.Key.Key_I, CTRL)
    assert box.toPlainText() == "ship it today"
    select(box, 0, 4)
    qtbot.keyClick(box, Qt.Key.Key_C, CTRL | SHIFT)
    assert box.toPlainText() == "`ship` it today"
    select(box, 0, 6)  # "`ship`" selected with its markers: the key takes them off too
    qtbot.keyClick(box, Qt.Key.Key_C, CTRL | SHIFT)
    assert box.toPlainText() == "ship it today"
    select(box, 5, 7)
    qtbot.keyClick(box, Qt.Key.Key_B, CTRL)
    select(box, 5, 11)  # "**it**" with its markers: Ctrl+I adds italic, Ctrl+B takes bold off
    qtbot.keyClick(box, Qt.Key.Key_I, CTRL)
    assert box.toPlainText() == "ship ***it*** today"
    select(box, 5, 13)
    qtbot.keyClick(box, Qt.Key.Key_B, CTRL)
    assert box.toPlainText() == "ship *it* today"
    select(box, 5, 9)
    qtbot.keyClick(box, Qt.Key.Key_I, CTRL)
    assert box.toPlainText() == "ship it today"
    # Inside Chinese text, with no spaces around it.
    box.moveCursor(QTextCursor.MoveOperation.End)
    box.insertPlainText(" 这是重点文字")
    whole = box.toPlainText()
    select(box, whole.index("重点"), whole.index("重点") + 2)
    qtbot.keyClick(box, Qt.Key.Key_B, CTRL)
    assert box.toPlainText().endswith("这是**重点**文字")
    # No selection: both markers, the cursor between them.
    box.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(box, " ")
    qtbot.keyClick(box, Qt.Key.Key_B, CTRL)
    qtbot.keyClicks(box, "now")
    assert box.toPlainText() == "ship it today 这是**重点**文字 **now**"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert posts(app.store) == ["ship it today 这是**重点**文字 **now**"]


def test_format_buttons_wrap_like_the_keys(qtbot, app):
    composer = app.window.composer
    composer.set_text("plain")
    select(composer.edit_box, 0, 5)
    qtbot.mouseClick(composer.frame.bold, Qt.MouseButton.LeftButton)
    assert composer.text() == "**plain**"


def test_shift_enter_continues_a_list_and_an_empty_item_ends_it(qtbot, app):
    box = app.window.composer.edit_box
    qtbot.keyClicks(box, "todo:")
    qtbot.keyClick(box, Qt.Key.Key_Return, SHIFT)
    qtbot.keyClicks(box, "- milk")
    qtbot.keyClick(box, Qt.Key.Key_Return, SHIFT)
    qtbot.keyClicks(box, "eggs")
    assert box.toPlainText() == "todo:\n- milk\n- eggs"
    qtbot.keyClick(box, Qt.Key.Key_Return, SHIFT)
    qtbot.keyClick(box, Qt.Key.Key_Return, SHIFT)  # on the empty "- ": the bullet goes
    assert box.toPlainText() == "todo:\n- milk\n- eggs\n"
    qtbot.keyClicks(box, "1. one")
    qtbot.keyClick(box, Qt.Key.Key_Return, SHIFT)
    qtbot.keyClicks(box, "two")
    assert box.toPlainText().endswith("\n1. one\n2. two")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert posts(app.store) == ["todo:\n- milk\n- eggs\n1. one\n2. two"]


def test_the_box_grows_with_the_text_up_to_eight_lines(qtbot, app):
    composer = app.window.composer
    box = composer.edit_box
    one = box.height()
    composer.set_text("a\nb\nc")
    three = box.height()
    composer.set_text("\n".join("line" for _ in range(8)))
    eight = box.height()
    composer.set_text("\n".join("line" for _ in range(30)))
    assert one < three < eight == box.height()
    assert box.verticalScrollBar().maximum() > 0  # past eight lines it scrolls


def test_attach_and_emoji_sit_inside_the_frame(qtbot, app, monkeypatch):
    composer = app.window.composer
    frame = composer.frame
    for button in (composer.attach_button, composer.emoji.button, app.attention_ui.send_later):
        assert frame.isAncestorOf(button) and button.isVisible()
    assert frame.isAncestorOf(composer.counter)
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (asked.append(a), ([], ""))[1])
    qtbot.mouseClick(composer.attach_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1  # the files feature's Attach files… ran
    composer.set_text("hi ")
    qtbot.mouseClick(composer.emoji.button, Qt.MouseButton.LeftButton)
    picker = composer.emoji.picker
    qtbot.waitExposed(picker)
    picker.search.setText("wave")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert composer.text() == "hi 👋"


def test_drafts_and_up_to_edit_still_work(qtbot, app):
    window, box = app.window, app.window.composer.edit_box
    qtbot.keyClicks(box, "half **done**")
    window.open_channel("C2")
    assert app.store.draft("C1") == "half **done**" and window.composer.text() == ""
    window.open_channel("C1")
    assert window.composer.text() == "half **done**"
    box.clear()
    app.seeder.post("C1", "my own words", author=ME)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert window.composer.editing is not None and window.composer.text() == "my own words"
    select(box, 3, 6)
    qtbot.keyClick(box, Qt.Key.Key_B, CTRL)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    [edit] = [o for o in app.store.outbox(("pending",)) if o.kind == "edit"]
    assert edit.frame.text == "my **own** words"


def test_what_the_keys_write_is_what_the_timeline_draws(qtbot, app):
    from desktop.ui.markdown import render

    box = app.window.composer.edit_box
    box.insertPlainText("这是重点和代码")
    select(box, 2, 4)  # 重点
    qtbot.keyClick(box, Qt.Key.Key_B, CTRL)
    qtbot.keyClick(box, Qt.Key.Key_I, CTRL)  # the same words, still selected
    select(box, 11, 13)  # 代码
    qtbot.keyClick(box, Qt.Key.Key_C, CTRL | SHIFT)
    assert box.toPlainText() == "这是***重点***和`代码`"
    doc = render(box.toPlainText())  # kept: its blocks die with it
    block = doc.begin()
    formats = {}
    it = block.begin()
    while not it.atEnd():
        f = it.fragment()
        formats[f.text()] = f.charFormat()
        it += 1
    assert formats["重点"].fontItalic() and formats["重点"].fontWeight() >= 700
    assert formats["代码"].fontFixedPitch() or "mono" in formats["代码"].fontFamilies()[0].lower()
