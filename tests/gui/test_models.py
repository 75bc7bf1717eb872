"""Timeline and channel-list models: Qt's model tester, paging, live updates."""

from __future__ import annotations

import pytest

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.ui.models.channels import ChannelListModel
from desktop.ui.models.channels import Role as CRole
from desktop.ui.models.timeline import PAGE, WINDOW_MAX, Role, TimelineModel
from tests.gui.app_kit import ME, make_store


@pytest.fixture
def seeded(tmp_path):
    store, seeder = make_store(tmp_path, messages=1500)
    yield store, seeder
    store.close()


def test_timeline_passes_qt_model_tester(qtmodeltester, seeded):
    store, seeder = seeded
    store.enqueue(fr.Post(id=new_client_id(), channel="C1", text="pending one"))
    model = TimelineModel(store)
    model.load_channel("C1")
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == PAGE + 1  # a page of history plus the pending post
    assert model.data(model.index(PAGE), Role.PENDING) == "pending"


def test_channel_list_passes_qt_model_tester(qtmodeltester, seeded):
    store, _ = seeded
    model = ChannelListModel(store)
    qtmodeltester.check(model, force_py=True)
    general = model.channel_index("C1")
    assert general.data() == "# general"
    assert general.data(CRole.UNREAD) == 1500
    assert model.channel_index("D1").parent().row() == 1  # DMs in their own section
    assert model.channel_index("D1").data() == "李伟"


def test_paging_keeps_the_window_bounded(seeded):
    store, _ = seeded
    model = TimelineModel(store)
    model.load_channel("C1")
    assert model.data(model.index(PAGE - 1)) == "message 1499"
    fetched = 0
    while model.has_older() and fetched < 40:
        model.fetch_older()
        fetched += 1
    assert model.rowCount() <= WINDOW_MAX
    assert model.data(model.index(0)) == "message 0"  # reached the very beginning
    assert not model.has_older() and model.canFetchMore()  # newest rows were dropped
    while model.canFetchMore():
        model.fetchMore()
    assert model.data(model.index(model.rowCount() - 1)) == "message 1499"
    assert model.rowCount() <= WINDOW_MAX


def test_live_changes_insert_update_and_settle_pending(qtbot, seeded):
    store, seeder = seeded
    model = TimelineModel(store)
    store.subscribe(model.apply)  # same thread here: applied synchronously
    model.load_channel("C1")
    rows = model.rowCount()
    with qtbot.waitSignal(model.rowsInserted):
        seeder.post("C1", "fresh from bob")
    assert model.rowCount() == rows + 1
    assert model.data(model.index(rows)) == "fresh from bob"

    last_id = model.data(model.index(rows), Role.MSG_ID)
    with qtbot.waitSignal(model.dataChanged):
        seeder.apply(ev.MessageEdited, actor="bob", channel="C1", msg=last_id, text="edited by bob")
    assert model.data(model.index(rows)) == "edited by bob"
    assert model.data(model.index(rows), Role.ITEM).edited_ts

    item = store.enqueue(fr.Post(id=new_client_id(), channel="C1", text="mine, pending"))
    assert model.data(model.index(rows + 1), Role.PENDING) == "pending"
    # The relay's event for my command arrives: the pending row becomes a real one.
    seeder.post("C1", "mine, pending", author=ME, cid=item.cid)
    assert model.rowCount() == rows + 2
    assert model.data(model.index(rows + 1), Role.PENDING) == ""
    assert model.data(model.index(rows + 1), Role.ITEM).author == ME


def test_day_separators_and_grouping(tmp_path):
    store, seeder = make_store(tmp_path)
    a = seeder.post("C1", "first", ts=1_700_000_000_000)
    seeder.post("C1", "second, same minute", ts=1_700_000_030_000)
    seeder.post("C1", "next day", ts=1_700_000_000_000 + 24 * 3600 * 1000)
    model = TimelineModel(store)
    model.load_channel("C1")
    assert model.data(model.index(0), Role.DAY) and not model.data(model.index(0), Role.GROUPED)
    assert model.data(model.index(1), Role.GROUPED) and not model.data(model.index(1), Role.DAY)
    assert model.data(model.index(2), Role.DAY) and not model.data(model.index(2), Role.GROUPED)
    assert model.row_of(a) == 0
    store.close()
