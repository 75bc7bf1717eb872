"""Preferences: each one takes effect at once and persists in the profile (a second
app on the same profile starts with them); the About box names the bundled parts
and shows their licence texts."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtWidgets import QApplication

from desktop.ui.application import BeaconApp
from desktop.ui.models.timeline import Role
from tests.gui.app_kit import make_store, shut_down


@pytest.fixture
def rig(qtbot, tmp_path):
    store, seeder = make_store(tmp_path, messages=30)
    app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(app.window)
    app.window.resize(900, 700)
    app.window.show()
    app.window.open_channel("C1")
    yield app, store, tmp_path
    shut_down(app)


def _row_height(window) -> int:
    view = window.view
    index = view.model().index(view.model().rowCount() - 1, 0)
    assert index.data(Role.ITEM) is not None
    return window.delegate.sizeHint(_option(view), index).height()


def _option(view):
    from PySide6.QtWidgets import QStyleOptionViewItem

    opt = QStyleOptionViewItem()
    opt.initFrom(view)
    opt.rect.setWidth(view.viewport().width())
    return opt


def test_preferences_apply_at_once_and_persist(qtbot, tmp_path):
    store, _seeder = make_store(tmp_path, messages=30)
    app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(app.window)
    app.window.resize(900, 700)
    app.window.show()
    app.window.open_channel("C1")
    prefs = app.preferences
    assert any(a.text() == "Preferences…" for a in prefs.menu_actions)
    dialog = prefs.show()
    base_point = QApplication.font().pointSizeF()
    cozy = _row_height(app.window)
    # Density: compact rows are shorter, at once.
    dialog.density.setCurrentIndex(dialog.density.findData(True))
    assert app.window.delegate.compact and _row_height(app.window) < cozy
    # Text size: the application font grows.
    dialog.text_size.setValue(120)
    assert QApplication.font().pointSizeF() == pytest.approx(base_point * 1.2, rel=0.02)
    assert "120%" in dialog.size_label.text()
    # Notifications: no preview, no sound reach the notifier.
    dialog.preview.setChecked(False)
    dialog.sound.setChecked(False)
    assert (app.notifier.preview, app.notifier.sound) == (False, False)
    # Theme and language are kept for the next start (the theme also switches now).
    from desktop.ui import theme
    from desktop.ui.settings import UiSettings

    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    assert theme.current_scheme() == "dark"
    assert (UiSettings(store.path.parent).theme, UiSettings(store.path.parent).language) == ("dark", "zh_CN")
    dialog.theme.setCurrentIndex(dialog.theme.findData(None))  # the theme is global to the test run
    # Keyboard shortcuts list the window's keys.
    rows = {dialog.shortcut_table.item(r, 0).text(): dialog.shortcut_table.item(r, 1).text()
            for r in range(dialog.shortcut_table.rowCount())}
    assert rows["Jump to channel or person"] == "Ctrl+K" and "Preferences" in rows
    dialog.close()
    app.settings.sync()

    # A second app on the same profile starts with them.
    saved = UiSettings(store.path.parent)
    assert (saved.compact, saved.text_scale, saved.notify_preview, saved.notify_sound) == (True, 120, False, False)
    assert (saved.theme, saved.language) == (None, "zh_CN")
    shut_down(app)
    from desktop.store import Store

    again = Store.open(store.path, store.test_key)
    second = BeaconApp(again, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(second.window)
    try:
        assert second.window.delegate.compact and second.window.thread.delegate.compact
        assert (second.notifier.preview, second.notifier.sound) == (False, False)
        assert second.preferences.show().density.currentData() is True
        assert QApplication.font().pointSizeF() == pytest.approx(base_point * 1.2, rel=0.02)
    finally:
        second.preferences.set("text_scale", 100)  # the QApplication is shared by the tests
        shut_down(second)


def test_about_names_bundled_parts_and_shows_their_licences(rig, qtbot):
    app, _store, _ = rig
    about = app.preferences.show_about()
    texts = [about.parts.item(i).text() for i in range(about.parts.count())]
    assert texts[0].startswith("Noto Color Emoji") and "SIL Open Font License" in texts[0]
    assert "Open Font License" in about.licence.toPlainText() and len(about.licence.toPlainText()) > 1000
    about.parts.setCurrentRow(1)
    assert "MIT License" in about.licence.toPlainText()
    assert "0.1.0" in about.findChildren(type(about.facts))[0].text()


def test_change_passphrase_from_preferences(qtbot, tmp_path):
    from desktop.errors import WrongKeyError
    from desktop.secrets import CacheKey, Profile, save_profile
    from desktop.store import Store

    store, _seeder = make_store(tmp_path, messages=20, key=CacheKey.from_passphrase("old words"))
    save_profile(store.path.parent, Profile(id="0" * 32, key_mode="passphrase"))
    app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(app.window)
    try:
        dialog = app.preferences.show()
        assert not dialog.passphrase_button.isHidden()
        answers = iter(["old words", "new words", "different"])
        assert not app.preferences.change_passphrase(ask=lambda *_: next(answers))
        assert "differ" in app.preferences.last_outcome
        answers = iter(["wrong", "new words", "new words"])
        assert not app.preferences.change_passphrase(ask=lambda *_: next(answers))
        assert "not right" in app.preferences.last_outcome
        answers = iter(["old words", "new words", "new words"])
        assert app.preferences.change_passphrase(ask=lambda *_: next(answers))
        assert len(store.messages("C1", limit=None)) == 20  # the app goes on with the same cache
    finally:
        shut_down(app)
    with pytest.raises(WrongKeyError):
        Store.open(store.path, CacheKey.from_passphrase("old words"))
    Store.open(store.path, CacheKey.from_passphrase("new words")).close()
