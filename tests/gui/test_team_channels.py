"""Team screens on a real relay: create a channel (online, and offline where it shows
as pending until the relay makes it), browse and join a public channel."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt

from desktop.embedded_relay import EmbeddedRelay
from server_stub import admin
from tests.client_kit import free_port
from tests.gui.app_kit import until
from tests.gui.team_kit import relay_channel, relay_members, relay_sql, run_scenario, start_app


def test_create_channel_with_members_then_a_taken_name_is_refused(qtbot, qloop, tmp_path):
    data = tmp_path / "relay"
    token = admin.add_user(data, "alice", "Alice")
    admin.add_user(data, "bob", "Bob")
    admin.add_user(data, "li", "李伟")
    admin.add_channel(data, "general", members=["alice", "bob", "li"])
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    async def scenario():
        app = await start_app(qtbot, tmp_path, url, "alice", "Alice", token)
        dialog = app.team_ui.show_create()
        qtbot.addWidget(dialog)
        dialog.name.setText("设计评审")  # typed through an input method (keyClicks is ASCII only)
        dialog.topic.setText("design reviews 每周")
        dialog.private.setChecked(True)
        dialog.picker.filter.setText("李")
        assert dialog.picker.visible_users() == ["li"]
        dialog.picker.set_checked("li")
        dialog.picker.filter.clear()
        assert dialog.picker.visible_users() == ["bob", "li"] and dialog.picker.chosen() == ["li"]
        qtbot.mouseClick(dialog.create, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.result() == dialog.DialogCode.Accepted, what="created")

        made = relay_channel(data, "设计评审")
        assert made is not None and made[1] == 1 and made[2] == "design reviews 每周"
        assert relay_members(data, made[0]) == {"alice", "li"}
        row = app.store.channel(made[0])
        assert row is not None and row.am_member and row.private and row.topic == "design reviews 每周"
        assert app.window.current == made[0]  # the new channel is opened

        again = app.team_ui.show_create()
        qtbot.addWidget(again)
        qtbot.keyClicks(again.name, "General")
        qtbot.mouseClick(again.create, Qt.MouseButton.LeftButton)
        await until(lambda: "already exists" in again.status.text(), what="the relay's refusal shown")
        assert again.isVisible() and again.create.isEnabled()
        assert app.store.outbox(("pending", "sending", "acked", "failed")) == []
        await app.shutdown()

    run_scenario(qloop, relay, scenario)


def test_a_channel_created_offline_shows_as_pending_until_the_relay_makes_it(qtbot, qloop, tmp_path):
    data = tmp_path / "relay"
    token = admin.add_user(data, "alice", "Alice")
    admin.add_user(data, "bob", "Bob")
    general = admin.add_channel(data, "general", members=["alice", "bob"])
    port = free_port()
    relays = [EmbeddedRelay(data, port)]
    url = relays[0].start()

    async def scenario():
        app = await start_app(qtbot, tmp_path, url, "alice", "Alice", token)
        await until(lambda: app.store.channel(general) is not None, what="synced once")
        await asyncio.to_thread(relays[0].stop)  # the relay goes away
        await until(lambda: not app.team_ui.relay.online(), what="offline")

        dialog = app.team_ui.show_create()
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.name, "#launch")
        dialog.picker.set_checked("bob")
        qtbot.mouseClick(dialog.create, Qt.MouseButton.LeftButton)
        assert dialog.result() == dialog.DialogCode.Accepted  # offline: closed at once, queued
        footer = app.team_ui.footer
        assert footer.names() == ["launch"] and not footer.pending.isHidden()
        assert "launch" in footer.pending.text()
        assert relay_channel(data, "launch") is None

        panel = app.team_ui.show_members(general)  # offline: the cache's members, said plainly
        await until(lambda: "kept on this computer" in panel.status.text(), what="offline members")
        assert sorted(panel.member_users()) == ["alice", "bob"]

        relays.append(EmbeddedRelay(data, port))
        await asyncio.to_thread(relays[1].start)  # the relay comes back: the queued command is sent
        await until(lambda: app.store.channel_by_ref("#launch") is not None, what="channel made")
        made = relay_channel(data, "launch")
        assert made is not None and relay_members(data, made[0]) == {"alice", "bob"}
        await until(lambda: footer.pending.isHidden(), what="pending line gone")
        assert footer.names() == []
        await app.shutdown()

    try:
        with qloop:
            qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    finally:
        relays[-1].stop()


def test_browse_filters_in_chinese_and_english_and_joins_in_one_click(qtbot, qloop, tmp_path):
    data = tmp_path / "relay"
    admin.add_user(data, "owen", "Owen")
    token = admin.add_user(data, "alice", "Alice")
    admin.add_user(data, "bob", "Bob")
    admin.add_channel(data, "general", members=["alice", "bob"])
    design = admin.add_channel(data, "design", members=["bob"], topic="设计评审 design reviews")
    random = admin.add_channel(data, "random", members=["bob"])
    admin.add_channel(data, "secret", private=True, members=["bob"])
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    async def scenario():
        app = await start_app(qtbot, tmp_path, url, "alice", "Alice", token)
        dialog = app.team_ui.show_browse()
        qtbot.addWidget(dialog)
        await until(lambda: len(dialog.channels) == 2, what="public channels listed")
        assert dialog.visible_names() == ["design", "random"]  # not general (in it) nor secret (private)
        counts = {dialog.tree.topLevelItem(i).text(0): dialog.tree.topLevelItem(i).text(1) for i in range(2)}
        assert counts == {"# design": str(len(relay_members(data, design))), "# random": str(len(relay_members(data, random)))}
        dialog.filter.setText("设计")
        assert dialog.visible_names() == ["design"]
        dialog.filter.clear()
        qtbot.keyClicks(dialog.filter, "RAN")
        assert dialog.visible_names() == ["random"]
        qtbot.keyClicks(dialog.filter, "zzz")
        assert dialog.visible_names() == [] and "No public channel" in dialog.status.text()
        dialog.filter.clear()

        qtbot.mouseClick(dialog.join_buttons[design], Qt.MouseButton.LeftButton)
        await until(lambda: app.window.current == design, what="joined and opened")
        assert "alice" in relay_members(data, design)
        assert app.store.channel(design).am_member
        assert dialog.join_buttons[design].text() == "Joined"
        await app.shutdown()

    run_scenario(qloop, relay, scenario)


def _action(menu, text):
    found = [a for a in menu.actions() if a.text() == text]
    assert found, f"no {text!r} in {[a.text() for a in menu.actions()]}"
    return found[0]


def test_channel_menu_renames_sets_the_topic_archives_and_leaves(qtbot, qloop, tmp_path):
    data = tmp_path / "relay"
    token = admin.add_user(data, "alice", "Alice")  # the owner: manages every channel she is in
    admin.add_user(data, "bob", "Bob")
    admin.add_channel(data, "general", members=["alice", "bob"])
    design = admin.add_channel(data, "design", members=["alice", "bob"])
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    async def scenario():
        app = await start_app(qtbot, tmp_path, url, "alice", "Alice", token)
        await until(lambda: app.store.channel(design) is not None, what="design cached")
        menu = app.window.channel_menu(design)
        texts = [a.text() for a in menu.actions() if a.text()]
        for entry in ("Members", "Add people…", "Rename…", "Set topic…", "Archive", "Leave",
                      "Create channel…", "Browse channels…"):
            assert entry in texts

        _action(menu, "Rename…").trigger()
        ask = app.team_ui.dialog
        ask.setTextValue("design-team")
        ask.accept()
        await until(lambda: relay_channel(data, "design-team") is not None, what="renamed on the relay")
        await until(lambda: app.store.channel(design).name == "design-team", what="renamed in the cache")

        _action(app.window.channel_menu(design), "Set topic…").trigger()
        ask = app.team_ui.dialog
        ask.setTextValue("评审 reviews")
        ask.accept()
        await until(lambda: relay_channel(data, "design-team")[2] == "评审 reviews", what="topic on the relay")
        await until(lambda: app.store.channel(design).topic == "评审 reviews", what="topic in the cache")

        _action(app.window.channel_menu(design), "Archive").trigger()
        box = app.team_ui.box
        yes = next(b for b in box.buttons() if b.text() == "Archive")
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
        await until(lambda: app.store.channel(design).archived, what="archived")
        assert relay_sql(data, "SELECT archived FROM channels WHERE id = ?", design) == [(1,)]
        menu = app.window.channel_menu(design)
        assert "Unarchive" in [a.text() for a in menu.actions()] and "Rename…" not in [a.text() for a in menu.actions()]

        _action(menu, "Leave").trigger()
        box = app.team_ui.box
        qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "Leave"), Qt.MouseButton.LeftButton)
        await until(lambda: "alice" not in relay_members(data, design), what="left on the relay")
        await until(lambda: design not in app.window.channels.ordered_ids(), what="gone from the sidebar")
        await app.shutdown()

    run_scenario(qloop, relay, scenario)


def test_a_refusal_that_came_after_the_last_run_is_shown_at_start(qtbot, qloop, tmp_path):
    from desktop.protocol import frames as fr
    from desktop.protocol.ids import new_client_id
    from tests.client_kit import open_profile

    url = f"ws://127.0.0.1:{free_port()}"  # nothing listens: the app stays offline
    store = open_profile(tmp_path / "alice")
    store.set_account(url, "alice", "Alice")
    item = store.enqueue(fr.CreateChannel(id=new_client_id(), name="general"))
    store.mark_failed(item.cid, "conflict", "a channel named general already exists")
    waiting = store.enqueue(fr.Join(id=new_client_id(), channel="C1"))
    store.close()

    async def scenario():
        app = await start_app(qtbot, tmp_path, url, "alice", "Alice", "token", online=False)
        box = app.team_ui.box
        assert box is not None and "create #general: a channel named general already exists" in box.text()
        assert [i.cid for i in app.store.outbox(("pending", "sending", "acked", "failed"))] == [waiting.cid]
        assert waiting.cid in app.team_ui.relay.watched  # still queued: reported when the relay answers
        await app.shutdown()

    with qloop:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
