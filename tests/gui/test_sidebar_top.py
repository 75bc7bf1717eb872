"""The sidebar's top in the real app window: you (avatar, name), your status and DND,
kept current as they change; one click opens the Status menu. The team feature's
footer stays under the list."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.attention import DndSettings
from desktop.ui.application import BeaconApp
from tests.gui.app_kit import ME, NOW, make_store, shut_down


@pytest.fixture
def rig(qtbot, tmp_path):
    store, seeder = make_store(tmp_path)
    app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(app.window)
    app.window.show()
    app.window.open_channel("C1")
    yield app, store, seeder
    shut_down(app)


def test_top_shows_me_and_my_status_as_the_relay_tells_it(rig):
    app, _store, seeder = rig
    button = app.sidebar_ui.top.me_button
    assert button.name.text() == "Me"
    assert not button.avatar.pixmap().isNull()
    assert button.status_text == "" and button.status.text() == "Set a status"
    assert button.dnd.isHidden()
    # My status set on another device: the relay's status.changed reaches the cache.
    seeder.apply(ev.StatusChanged, actor=ME, user=ME, emoji="🎯", text="专注中")
    assert button.status_text == "🎯 专注中"
    assert "专注中" in button.accessibleName()
    seeder.apply(ev.StatusChanged, actor=ME, user=ME, emoji="", text="")
    assert button.status.text() == "Set a status"
    # A status whose time is up is not shown.
    seeder.apply(ev.StatusChanged, actor=ME, user=ME, emoji="📅", text="In a meeting", until=NOW - 1000)
    assert button.status_text == ""
    # My display name changed (Your profile…, another device).
    seeder.apply(ev.UserUpdated, actor=ME, user=ME, display_name="Mei")
    assert button.name.text() == "Mei"


def test_click_opens_the_status_menu_and_a_preset_shows_at_once(rig, qtbot):
    app, store, _seeder = rig
    top, menu = app.sidebar_ui.top, app.attention_ui.status_menu
    qtbot.mouseClick(top.me_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(menu.isVisible)
    titles = [a.text() for a in menu.actions()]
    assert "📅  In a meeting" in titles and "Do not disturb" in titles
    [meeting] = [a for a in menu.actions() if a.text() == "📅  In a meeting"]
    meeting.trigger()
    menu.close()
    [queued] = [i.frame for i in store.outbox(("pending",)) if isinstance(i.frame, fr.SetStatus)]
    assert queued.text == "In a meeting"
    # Shown before the relay confirms it (offline too), with when it clears.
    assert top.me_button.status_text.startswith("📅 In a meeting (until ")


def test_dnd_mark_follows_the_controller(rig):
    app, _store, _seeder = rig
    button = app.sidebar_ui.top.me_button
    app.attention.dnd_for(30)
    assert app.attention.dnd
    assert not button.dnd.isHidden()
    assert button.dnd.toolTip().startswith("Do not disturb until ")
    assert "Do not disturb until" in button.accessibleName()
    app.attention.dnd_until(None)
    assert not app.attention.dnd and button.dnd.isHidden()
    app.attention.dnd_until(-1)  # until I turn it off
    assert button.dnd.toolTip() == "Do not disturb is on"


def test_dnd_turned_on_on_another_device_shows(rig):
    app, _store, seeder = rig
    button = app.sidebar_ui.top.me_button
    assert button.dnd.isHidden()
    seeder.apply(ev.DndChanged, actor=ME, settings=DndSettings(manual_until=NOW + 3_600_000))  # the relay's echo
    assert app.attention.dnd and not button.dnd.isHidden()
    seeder.apply(ev.DndChanged, actor=ME, settings=DndSettings())
    assert button.dnd.isHidden()


def test_top_and_footer_frame_the_list(rig):
    app, _store, _seeder = rig
    window = app.window
    column = window.sidebar.parentWidget().layout()
    widgets = [column.itemAt(i).widget() for i in range(column.count())]
    top, footer = app.sidebar_ui.top, app.team_ui.footer
    assert widgets == [top, window.sidebar, footer]
    assert top.isVisible() and footer.add.isVisible() and window.sidebar.isVisible()
    assert top.geometry().bottom() < window.sidebar.geometry().top() < footer.geometry().top()
