"""Colour emoji from the bundled font, the emoji picker, recent emoji, `:shortcode:` completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QStyleOptionViewItem

from desktop.actions import Actions
from desktop.protocol import events as ev
from desktop.ui.emoji import fonts
from desktop.ui.emoji.install import install as install_emoji
from desktop.ui.emoji.library import EmojiLibrary
from desktop.ui.emoji.picker import COLUMNS, EmojiPicker
from desktop.ui.settings import UiSettings
from desktop.ui.views.main_window import MainWindow
from tests.gui.app_kit import ME, make_store

ROOT = Path(__file__).resolve().parents[2]


def coloured(image: QImage, rect: QRect | None = None) -> int:
    """Pixels whose channels differ a lot (grey text and frames never do)."""
    rect = rect or image.rect()
    count = 0
    for y in range(max(rect.top(), 0), min(rect.bottom() + 1, image.height())):
        for x in range(max(rect.left(), 0), min(rect.right() + 1, image.width())):
            c = image.pixelColor(x, y)
            if max(c.red(), c.green(), c.blue()) - min(c.red(), c.green(), c.blue()) > 60:
                count += 1
    return count


PROBE = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QImage, QPainter
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    app.setFont(QFont("Sans Serif", 10))  # the X11 default: a fontconfig alias, not a family
    width = lambda: QFontMetrics(app.font()).horizontalAdvance("Alice Chen 9:59 AM #42 * 1")
    def draw():
        img = QImage(120, 40, QImage.Format.Format_ARGB32)
        img.fill(QColor("white"))
        p = QPainter(img); f = app.font(); f.setPixelSize(24); p.setFont(f); p.setPen(QColor("black"))
        p.drawText(img.rect(), Qt.AlignmentFlag.AlignCenter, "👍🎉🔕📌"); p.end()
        n = 0
        for y in range(img.height()):
            for x in range(img.width()):
                c = img.pixelColor(x, y)
                n += max(c.red(), c.green(), c.blue()) - min(c.red(), c.green(), c.blue()) > 60
        return n
    families = QFontDatabase.families()
    before, width_before = draw(), width()
    from desktop.ui.emoji import fonts
    ok = fonts.install()
    print(json.dumps({"families": families, "before": before, "installed": ok, "after": draw(),
                      "width_before": width_before, "width_after": width()}))
""")


def test_the_bundled_font_draws_colour_emoji_where_the_system_has_none(tmp_path):
    """In a fresh process (the font cannot be unloaded from this one) whose fontconfig sees
    only the DejaVu fonts, so no system emoji font whatever this machine has installed:
    emoji draw without colour; with the bundled font, in colour, and plain text is unchanged."""
    dejavu = next((d for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu") if Path(d).is_dir()), None)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
        <fontconfig>{f"<dir>{dejavu}</dir>" if dejavu else ""}<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>""")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "FONTCONFIG_FILE": str(conf)}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60, check=True)
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert not [f for f in probe["families"] if "emoji" in f.lower()], probe["families"]
    assert probe["before"] == 0
    assert probe["installed"] is True
    assert probe["after"] > 400  # four emoji of 24 px
    # Text keeps its metrics: spaces, digits, "#" and "*" must not come from the emoji font.
    assert probe["width_after"] == probe["width_before"]


@pytest.fixture
def app(qtbot, qapp, tmp_path):
    """A main window with the emoji feature installed as BeaconApp installs it."""
    assert fonts.install()
    store, seeder = make_store(tmp_path, messages=3)
    actions = Actions(store, wake=lambda: None)
    win = MainWindow(store, actions, ME)
    store.subscribe(win.apply_changes)
    qtbot.addWidget(win)
    beacon = SimpleNamespace(window=win, settings=UiSettings(tmp_path), actions=actions, store=store, seeder=seeder)
    beacon.emoji_ui = install_emoji(beacon)
    win.resize(900, 600)
    win.show()
    win.open_channel("C1")
    yield beacon
    win.close()
    store.close()


def test_reactions_and_the_pinned_mark_draw_in_colour(qtbot, app):
    msg = app.seeder.post("C1", "ship it", author="li")  # after bob's: a header of its own
    app.seeder.apply(ev.ReactionAdded, actor="bob", msg=msg, emoji="🎉")
    app.seeder.apply(ev.MessagePinned, actor="li", msg=msg)
    win = app.window
    qtbot.waitUntil(lambda: win.store.message(msg).pinned and win.timeline.rowCount() >= 4)
    row = next(r for r in range(win.timeline.rowCount()) if getattr(win.timeline.item(r), "id", None) == msg)
    index = win.timeline.index(row)
    win.view.scrollTo(index)
    qtbot.wait(50)
    shot = win.view.viewport().grab().toImage()
    top = win.view.visualRect(index).topLeft()
    option = QStyleOptionViewItem()
    win.view.initViewItemOption(option)
    option.rect = win.view.visualRect(index)
    lay, _ = win.delegate.layout(option, index)
    assert lay.header is not None and [emoji for _, emoji in lay.chips] == ["🎉"]
    chip = lay.chips[0][0]
    assert coloured(shot, chip.translated(top)) > 40
    header = lay.header.translated(top)  # name, time and "📌 pinned" (the avatar is left of it)
    assert coloured(shot, header) > 20


def test_status_label_and_react_menu_draw_in_colour(qtbot, app):
    label = QLabel("🔕 do not disturb")
    qtbot.addWidget(label)
    label.show()
    assert coloured(label.grab().toImage()) > 20
    menu = app.window.message_menu(app.window.timeline.item(0))
    react = next(a.menu() for a in menu.actions() if a.menu() is not None)
    react.popup(app.window.mapToGlobal(app.window.rect().center()))
    qtbot.waitExposed(react)
    assert coloured(react.grab().toImage()) > 100
    react.close()


def test_picker_searches_in_english_and_chinese_and_by_shortcode(qtbot):
    picker = EmojiPicker(EmojiLibrary(), popup=False)
    qtbot.addWidget(picker)
    picker.show()
    assert picker.shown()[:3] == ["😀", "😃", "😄"]  # no recent emoji yet: smileys
    qtbot.keyClicks(picker.search, "thumbs")
    assert picker.shown()[:2] == ["👍", "👎"]
    assert "thumbs up" in picker.name.text()
    picker.search.clear()
    commit = QInputMethodEvent()  # how a Chinese input method delivers text (keyClicks cannot)
    commit.setCommitString("拇指")
    QApplication.sendEvent(picker.search, commit)
    assert "👍" in picker.shown()[:3]
    picker.search.setText("猫")
    assert "🐱" in picker.shown()[:5]
    picker.search.setText(":tada")
    assert picker.shown()[0] == "🎉"
    picker.search.setText("zzqqxx")
    assert picker.shown() == [] and "zzqqxx" in picker.name.text()


def test_picker_keyboard_arrows_enter_and_escape(qtbot):
    picker = EmojiPicker(EmojiLibrary(), popup=False)
    qtbot.addWidget(picker)
    picker.show()
    picker.search.setFocus()
    qtbot.keyClicks(picker.search, "face")
    assert len(picker.shown()) > COLUMNS
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)  # one row down in the grid, focus stays in the search box
    expected = picker.shown()[COLUMNS]
    with qtbot.waitSignal(picker.picked) as picked:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picked.args == [expected]
    assert not picker.isVisible()
    again = EmojiPicker(EmojiLibrary(), popup=False)
    qtbot.addWidget(again)
    again.show()
    qtbot.keyClick(again.search, Qt.Key.Key_Escape)
    assert not again.isVisible()


def test_recent_emoji_persist_in_the_profile_settings(qtbot, tmp_path):
    picker = EmojiPicker(EmojiLibrary(UiSettings(tmp_path)), popup=False)
    qtbot.addWidget(picker)
    picker.choose("🎉")
    picker.library.used("👀")
    picker.library._settings.sync()
    reopened = EmojiPicker(EmojiLibrary(UiSettings(tmp_path)), popup=False)  # as after a restart
    qtbot.addWidget(reopened)
    assert reopened.library.recent() == ["👀", "🎉"]
    assert reopened.group == "recent" and reopened.shown() == ["👀", "🎉"]


def test_more_emoji_reacts_with_the_picked_emoji_and_it_becomes_a_quick_reaction(qtbot, app):
    win = app.window
    item = win.timeline.item(win.timeline.rowCount() - 1)
    labels = lambda m: [a.text() for a in m.actions()]
    react = next(a.menu() for a in win.message_menu(item).actions() if a.menu() is not None)
    assert "🦄" not in labels(react)
    more = next(a for a in react.actions() if a.text() == "More emoji…")
    more.trigger()
    picker = win.findChildren(EmojiPicker)[-1]
    qtbot.waitExposed(picker)
    qtbot.keyClicks(picker.search, "unicorn")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    sent = [o.frame for o in win.store.outbox() if o.kind == "react"]
    assert [(f.msg, f.emoji) for f in sent] == [(item.id, "🦄")]
    react = next(a.menu() for a in win.message_menu(item).actions() if a.menu() is not None)
    assert labels(react)[0] == "🦄"
    assert react.actions()[0].font().pixelSize() == 20  # quick reactions drawn large enough to tell apart
    assert app.settings.recent_emoji == ["🦄"]


def test_shortcode_completion_inserts_the_emoji_without_sending(qtbot, app):
    edit = app.window.composer.edit_box
    edit.setFocus()
    qtbot.keyClicks(edit, "ship it :thumbsu")
    popup = app.window.composer.emoji.shortcodes.popup
    assert popup.isVisible() and popup.item(0).text().startswith("👍")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.toPlainText() == "ship it 👍 "
    assert not popup.isVisible()
    assert not [o for o in app.store.outbox() if o.kind == "post"]  # Enter chose, it did not send
    qtbot.keyClicks(edit, "and :tada:")
    assert edit.toPlainText() == "ship it 👍 and 🎉"
    qtbot.keyClicks(edit, " at 12:30 :zzqq")
    assert not popup.isVisible() and edit.toPlainText().endswith("12:30 :zzqq")
    assert app.settings.recent_emoji[:2] == ["🎉", "👍"]


def test_composer_emoji_button_opens_the_picker_and_inserts_at_the_cursor(qtbot, app):
    composer = app.window.composer
    composer.set_text("hello ")
    qtbot.mouseClick(composer.emoji.button, Qt.MouseButton.LeftButton)
    picker = composer.emoji.picker
    qtbot.waitExposed(picker)
    picker.search.setText("wave")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert composer.text() == "hello 👋"


def test_the_font_has_every_code_point_the_picker_offers(qapp):
    from PySide6.QtGui import QRawFont

    from desktop.ui.emoji.library import bundled_index

    raw = QRawFont(str(fonts.FONT_FILE), 16)
    assert raw.isValid()
    joiners = {0x200D, 0xFE0F} | set(range(0xE0020, 0xE0080))  # ZWJ, VS16, tag characters
    missing = [e.char for e in bundled_index().emoji
               if not all(raw.supportsCharacter(ord(c)) for c in e.char if ord(c) not in joiners)]
    assert missing == []


def test_picker_categories_and_an_empty_recent_list(qtbot):
    picker = EmojiPicker(EmojiLibrary(), popup=False)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.mouseClick(picker._buttons["flags"], Qt.MouseButton.LeftButton)
    assert picker.group == "flags" and "🇨🇳" in picker.shown() and "😀" not in picker.shown()
    qtbot.mouseClick(picker._buttons["recent"], Qt.MouseButton.LeftButton)
    assert picker.shown() == [] and picker.name.text() == "Emoji you use show up here."
    picker.search.setText("cat")
    assert picker.group_buttons.checkedButton() is None  # a search spans every category
    picker.search.clear()
    assert picker._buttons["recent"].isChecked()
