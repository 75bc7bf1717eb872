"""Starred conversations (their own sidebar section, kept on this device) and the
unread-only filter, in the real app window on a real cache."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt

from desktop.protocol import events as ev
from desktop.store import Store
from desktop.ui.application import BeaconApp
from desktop.ui.models.channels import Role
from desktop.ui.settings import UiSettings
from tests.gui.app_kit import ME, make_store, shut_down


def start(qtbot, store):
    app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(app.window)
    app.window.show()
    return app


def stop(app):
    shut_down(app)


@pytest.fixture
def rig(qtbot, tmp_path):
    store, seeder = make_store(tmp_path)
    app = start(qtbot, store)
    app.window.open_channel("C1")
    yield app, store, seeder
    stop(app)


def sections(window) -> dict[str, list[str]]:
    """Section title -> the ids listed under it, as the sidebar shows them."""
    model = window.channels
    out = {}
    for s in range(model.rowCount()):
        section = model.index(s, 0)
        out[section.data()] = [model.index(i, 0, section).data(Role.CHANNEL_ID) for i in range(model.rowCount(section))]
    return out


def menu_entry(window, channel_id, text):
    [action] = [a for a in window.channel_menu(channel_id).actions() if a.text() == text]
    return action


def test_star_lists_it_under_starred_and_it_stays_starred_after_a_restart(qtbot, tmp_path):
    store, _seeder = make_store(tmp_path)
    app = start(qtbot, store)
    window = app.window
    assert list(sections(window)) == ["Channels", "Direct messages"]  # no empty Starred section
    menu_entry(window, "C2", "Star").trigger()
    menu_entry(window, "D1", "Star").trigger()
    assert sections(window) == {"Starred": ["C2", "D1"], "Channels": ["C1"], "Direct messages": []}
    window.open_channel("C2")
    assert window.sidebar.currentIndex() == window.channels.channel_index("C2")
    assert window.sidebar.currentIndex().parent().data() == "Starred"
    assert window.channels.ordered_ids() == ["C2", "D1", "C1"]  # Alt+Up/Down follow the sidebar
    stop(app)

    # A new app on the same profile and cache: still starred (ui.ini, this device).
    assert UiSettings(tmp_path).starred == {"C2", "D1"}
    again = start(qtbot, Store.open(tmp_path / "cache.db", store.test_key))
    try:
        window = again.window
        assert sections(window)["Starred"] == ["C2", "D1"]
        menu_entry(window, "D1", "Unstar").trigger()
        menu_entry(window, "C2", "Unstar").trigger()
        assert list(sections(window)) == ["Channels", "Direct messages"]
        assert sections(window)["Channels"] == ["C1", "C2"]
    finally:
        stop(again)
    assert UiSettings(tmp_path).starred == set()


def test_unread_filter_hides_read_conversations_and_shows_them_again(rig, qtbot):
    app, _store, seeder = rig
    window, top, unread = app.window, app.sidebar_ui.top, app.sidebar_ui.filter
    seeder.post("C2", "新版本什么时候发布？", author="li")
    assert window.channels.channel("C2").unread == 1
    qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert unread.on and top.filter_button.isChecked()
    # C1 is in view (read) and stays; C2 is unread; the read DM is hidden.
    assert sections(window) == {"Channels": ["C1", "C2"]}
    assert unread.hint.isHidden()
    # A new message in the DM brings it back; reading C2 elsewhere hides it.
    seeder.post("D1", "在吗？", author="li")
    assert sections(window) == {"Channels": ["C1", "C2"], "Direct messages": ["D1"]}
    seeder.apply(ev.ReadMarked, actor=ME, channel="C2", upto=seeder.post("C2", "还有一个问题", author="li"))
    seeder.apply(ev.ReadMarked, actor=ME, channel="D1", upto=10_000)
    assert sections(window) == {"Channels": ["C1"]}
    # Nothing unread: "All caught up" says so instead of an empty list.
    assert not unread.hint.isHidden() and "All caught up" in unread.hint.text()
    qtbot.waitUntil(lambda: unread.hint.y() >= window.sidebar.visualRect(window.channels.channel_index("C1")).bottom())
    # Opening another conversation (Ctrl+K) lists it; the read one left goes.
    window.open_channel("D1")
    qtbot.waitUntil(lambda: sections(window) == {"Direct messages": ["D1"]})
    assert window.sidebar.currentIndex() == window.channels.channel_index("D1")
    # The button turns it off: everything again.
    top.filter_button.click()
    assert not unread.on and not unread.action.isChecked()
    assert sections(window) == {"Channels": ["C1", "C2"], "Direct messages": ["D1"]}
    assert unread.hint.isHidden()
    assert window.sidebar.currentIndex() == window.channels.channel_index("D1")


def test_filter_is_remembered_and_starred_unread_stay_on_top(qtbot, tmp_path):
    store, seeder = make_store(tmp_path)
    seeder.post("C2", "ping", author="li")
    app = start(qtbot, store)
    app.window.open_channel("C1")
    app.sidebar_ui.stars.set_starred("C2", True)
    app.sidebar_ui.filter.set_on(True)
    assert sections(app.window) == {"Starred": ["C2"], "Channels": ["C1"]}
    assert app.window.channels.total_unread() == (1, 0)  # the tray's count ignores the filter
    stop(app)
    again = start(qtbot, Store.open(tmp_path / "cache.db", store.test_key))
    try:
        assert again.sidebar_ui.filter.on and again.sidebar_ui.top.filter_button.isChecked()
        assert "C2" in sections(again.window)["Starred"]
        assert "Direct messages" not in sections(again.window)
    finally:
        stop(again)
