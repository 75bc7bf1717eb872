"""Messages / Files / Tasks / Pins tabs in the main window: switching never reloads the
timeline, each page follows the open channel, and Esc still closes panels."""

from __future__ import annotations

import asyncio

import pytest
from desktop.protocol import events as ev
from desktop.ui.application import BeaconApp
from desktop.ui.models.timeline import Role
from desktop.ui.views.channel_tabs import FILES, MESSAGES, PINS, TASKS
from tests.gui.app_kit import make_store, shut_down


@pytest.fixture
def rig(qtbot, tmp_path):
    store, seeder = make_store(tmp_path, messages=200)
    app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(app.window)
    app.window.resize(1000, 700)
    app.window.show()
    app.window.open_channel("C1")
    yield app, store, seeder
    shut_down(app)


def test_tabs_switch_without_reloading_the_timeline(rig, qtbot):
    app, store, seeder = rig
    window = app.window
    pinned = seeder.post("C1", "the release checklist", author="bob")
    seeder.apply(ev.MessagePinned, actor="bob", channel="C1", msg=pinned)
    seeder.apply(ev.FileShared, actor="bob", channel="C1", file=9001, msg=9001, sha256="b" * 64, size=12,
                 name="checklist.pdf", mime="application/pdf")
    qtbot.waitUntil(lambda: window.timeline.rowCount() > 0)
    window.view.verticalScrollBar().setValue(window.view.verticalScrollBar().maximum() // 2)
    resets = []
    window.timeline.modelReset.connect(lambda: resets.append(1))
    for index in (FILES, TASKS, PINS):
        window.tabs.select(index)
        assert window.view.isHidden() is False and not window.view.isVisible()  # hidden with its page only
    files = window.tabs.pages[FILES]
    assert files.scope.currentData() == "C1" and any(r.name == "checklist.pdf" for r in files.model.rows)
    assert window.tabs.pages[TASKS].channel == "C1"
    pins = window.tabs.pages[PINS]
    assert [pins.list.item(i).text() for i in range(pins.list.count())] == ["📌 Bob: the release checklist"]
    window.open_channel("C2")  # the page follows the channel
    assert pins.channel == "C2" and pins.list.isHidden() and "Nothing is pinned" in pins.empty.text()
    window.open_channel("C1")
    resets.clear()
    window.tabs.select(MESSAGES)
    assert window.view.isVisible() and resets == []
    assert window.view.verticalScrollBar().value() > 0
    # A pin opens its message in the Messages tab.
    window.tabs.select(PINS)
    pins.list.itemActivated.emit(pins.list.item(0))
    assert window.tabs.current() == MESSAGES and window.view.isVisible()
    assert window.view.currentIndex().data(Role.ITEM).id == pinned


def test_esc_still_closes_the_thread_panel_with_a_files_tab(rig, qtbot):
    app, _store, seeder = rig
    window = app.window
    root = seeder.post("C1", "a question", author="bob")
    seeder.post("C1", "an answer", author="li", thread=root)
    window.tabs.select(FILES)
    window.tabs.select(MESSAGES)
    window.open_thread(root)
    assert not window.thread.isHidden()
    window.activateWindow()
    qtbot.keyClick(window, __import__("PySide6.QtCore").QtCore.Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.thread.isHidden(), timeout=3000)
