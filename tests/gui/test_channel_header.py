"""The channel header on the main window over a real cache: name, topic, member count
(calling the team feature's members_opener) and pinned count (opening search on pins),
kept current as events land."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.actions import Actions
from desktop.protocol import events as ev
from desktop.ui.views.main_window import MainWindow
from tests.gui.app_kit import ME, make_store


@pytest.fixture
def window(qtbot, tmp_path):
    store, seeder = make_store(tmp_path, messages=12)
    win = MainWindow(store, Actions(store), ME, initial_channel="C1")
    store.subscribe(win.apply_changes)
    qtbot.addWidget(win)
    win.show()
    win.seeder = seeder
    yield win
    win.close()
    store.close()


def test_name_topic_and_member_count(qtbot, window):
    header, seeder = window.header, window.seeder
    assert header.title.text() == "# general" and window.title is header.title
    assert header.topic.isHidden()
    assert header.members.isVisible() and header.members.text() == "👥 3"
    assert "3 members" in header.members.toolTip() and "李伟" in header.members.toolTip()
    assert header.pins.isHidden()  # nothing pinned yet
    seeder.apply(ev.ChannelTopicSet, actor="bob", channel="C1", topic="Release on Friday")
    assert header.topic.isVisible() and header.topic.text() == "Release on Friday"
    seeder.apply(ev.UserCreated, user="erin", display_name="Erin")
    seeder.apply(ev.MemberAdded, actor="bob", channel="C1", user="erin")
    assert header.members.text() == "👥 4" and "Erin" in header.members.toolTip()
    window.open_channel("D1")  # a DM: the other person, no member count
    assert header.title.text() == "@ 李伟" and header.members.isHidden()


def test_member_count_opens_the_members_panel_when_there_is_one(qtbot, window):
    header = window.header
    qtbot.mouseClick(header.members, Qt.MouseButton.LeftButton)  # no panel yet: no error, a tooltip
    opened = []
    window.members_opener = opened.append
    qtbot.mouseClick(header.members, Qt.MouseButton.LeftButton)
    window.open_channel("C2")
    qtbot.mouseClick(header.members, Qt.MouseButton.LeftButton)
    assert opened == ["C1", "C2"]


def test_pins_count_follows_pins_and_opens_them_in_search(qtbot, window):
    header, seeder = window.header, window.seeder
    ids = [m.id for m in window.store.messages("C1", limit=None)]
    seeder.apply(ev.MessagePinned, actor="bob", channel="C1", msg=ids[2])
    assert header.pins.isVisible() and header.pins.text() == "📌 1"
    assert header.pins.toolTip() == "1 pinned message"
    seeder.apply(ev.MessagePinned, actor="li", channel="C1", msg=ids[7])
    assert header.pins.text() == "📌 2"
    seeder.apply(ev.MessageUnpinned, actor="li", channel="C1", msg=ids[2])
    assert header.pins.text() == "📌 1"
    qtbot.mouseClick(header.pins, Qt.MouseButton.LeftButton)
    search = window.search
    assert not search.isHidden() and search.query.text() == "has:pin" and search.only_here.isChecked()
    found = [search.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(search.results.count())]
    assert [f for f in found if f] == [("C1", ids[7])]
    window.open_channel("C2")  # another channel: its own count
    assert header.pins.isHidden()
    seeder.apply(ev.MessageDeleted, actor="bob", channel="C1", msg=ids[7])
    window.open_channel("C1")
    assert header.pins.isHidden()  # a deleted message is no longer pinned
