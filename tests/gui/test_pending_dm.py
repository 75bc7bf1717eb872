"""Ctrl+K on a person opens the conversation at once, even offline: a pending DM
whose text is kept, then the real one when the relay has made it (issue 13)."""

from __future__ import annotations

import asyncio

import pytest
from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.ui.application import BeaconApp
from tests.gui.app_kit import ME, make_store, shut_down


@pytest.fixture
def rig(qtbot, tmp_path):
    store, seeder = make_store(tmp_path)
    app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none")  # no relay: offline
    qtbot.addWidget(app.window)
    app.window.open_channel("C1")
    yield app, store, seeder
    shut_down(app)


def _open_dms(store):
    return [i.frame for i in store.outbox(("pending", "sending")) if isinstance(i.frame, fr.OpenDm)]


def test_a_new_dm_opens_at_once_and_keeps_what_you_write(rig, qtbot):
    app, store, seeder = rig
    window = app.window
    window._person_chosen("bob")  # what picking Bob in Ctrl+K does
    assert window.current == "pending-dm:bob"
    assert window.header.title.text() == "@ Bob" and not window.header.topic.isHidden() and "beginning of your conversation with Bob" in window.intro.hint.label.text()
    assert [f.user for f in _open_dms(store)] == ["bob"]
    window.composer.set_text("hi Bob, 明天见")
    window._post("hi Bob, 明天见")  # Enter while the relay has not made it yet
    assert not [i for i in store.outbox(("pending",)) if isinstance(i.frame, fr.Post)]
    assert store.draft("pending-dm:bob") == "hi Bob, 明天见"
    window._person_chosen("bob")  # again: still one request
    assert len(_open_dms(store)) == 1
    # The relay makes the DM: the window switches to it, the text comes along.
    seeder.apply(ev.ChannelCreated, actor=ME, channel="D2", name="bob+me", private=True, dm=True, members=[ME, "bob"])
    qtbot.waitUntil(lambda: window.current == "D2", timeout=5000)
    assert window.composer.text() == "hi Bob, 明天见" and store.draft("D2") == "hi Bob, 明天见"
    assert store.draft("pending-dm:bob") == ""


def test_an_existing_dm_opens_directly(rig):
    app, store, _ = rig
    app.window._person_chosen("li")
    assert app.window.current == "D1" and _open_dms(store) == []


def test_a_dm_intro_names_their_title_local_time_and_status(rig):
    app, store, seeder = rig
    seeder.apply(ev.UserUpdated, actor="li", user="li", display_name="李伟", title="测试工程师", tz="Asia/Shanghai")
    row = store.channel("D1")
    text = app.window.intro.text_for(row)
    assert "beginning of your conversation with" in text and "测试工程师 · their local time " in text
