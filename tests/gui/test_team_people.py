"""Team screens on a real relay: add people to a channel, the members panel (roles,
managers, Remove), a refused action in the relay's words, and the profile card."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from desktop.embedded_relay import EmbeddedRelay
from desktop.store import team as st
from desktop.ui.team.profile_card import ProfileCard
from server_stub import admin
from tests.client_kit import free_port
from tests.gui.app_kit import until
from tests.gui.team_kit import relay_members, relay_sql, run_scenario, start_app
from tests.relay_client import WireClient


def _relay(tmp_path):
    data = tmp_path / "relay"
    tokens = {name: admin.add_user(data, name, display) for name, display in
              [("alice", "Alice"), ("bob", "Bob"), ("li", "李伟"), ("carol", "Carol")]}
    general = admin.add_channel(data, "general", members=["alice", "bob", "li", "carol"])
    design = admin.add_channel(data, "design", members=["alice", "bob"])  # alice (the owner) manages it
    return data, tokens, general, design


def test_add_people_members_panel_and_remove(qtbot, qloop, tmp_path):
    data, tokens, _general, design = _relay(tmp_path)
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    async def scenario():
        app = await start_app(qtbot, tmp_path, url, "alice", "Alice", tokens["alice"])
        await until(lambda: app.store.channel(design) is not None, what="design cached")
        dialog = app.team_ui.show_add_people(design)
        qtbot.addWidget(dialog)
        assert sorted(dialog.picker.visible_users()) == ["carol", "li"]  # not the members already in it
        dialog.picker.filter.setText("李")
        assert dialog.picker.visible_users() == ["li"]
        for typed in ("liwei", "lw", "wei"):  # pinyin, initials, a syllable: as Ctrl+K matches
            dialog.picker.filter.setText(typed)
            assert dialog.picker.visible_users() == ["li"], typed
        dialog.picker.filter.setText("zw")
        assert dialog.picker.visible_users() == []
        dialog.picker.set_checked("li")
        dialog.picker.filter.clear()
        qtbot.keyClicks(dialog.picker.filter, "CAR")
        dialog.picker.set_checked("carol")
        qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.result() == dialog.DialogCode.Accepted, what="added")
        assert relay_members(data, design) == {"alice", "bob", "li", "carol"}
        assert {m.name for m in app.store.members(design)} == {"alice", "bob", "li", "carol"}

        app.window.open_channel(design)
        count = app.team_ui.members_button
        await until(lambda: count.text() == "👥 4", what="the header counts the members")
        assert count.isVisibleTo(app.window)
        qtbot.mouseClick(count, Qt.MouseButton.LeftButton)  # the header's count opens the panel
        panel = app.team_ui.panel
        assert panel.channel == design
        assert not panel.isHidden() and not app.window.right.isHidden()
        await until(lambda: panel.from_relay, what="members from the relay")
        assert sorted(panel.member_users()) == ["alice", "bob", "carol", "li"]
        texts = {panel.list.item(i).data(Qt.ItemDataRole.UserRole): panel.list.item(i).text()
                 for i in range(panel.list.count())}
        assert "Owner" in texts["alice"] and "channel manager" in texts["alice"] and "(you)" in texts["alice"]
        assert "Member" in texts["li"] and "李伟" in texts["li"] and "channel manager" not in texts["li"]
        assert "Online" in texts["alice"]  # presence from the relay's status.changed
        assert panel.i_manage() and panel.add.isVisible()

        row = next(i for i in range(panel.list.count()) if panel.list.item(i).data(Qt.ItemDataRole.UserRole) == "li")
        panel.list.setCurrentRow(row)
        assert panel.remove.isEnabled()
        qtbot.mouseClick(panel.remove, Qt.MouseButton.LeftButton)
        await until(lambda: "li" not in relay_members(data, design), what="removed on the relay")
        await until(lambda: "li" not in panel.member_users(), what="panel updated")
        assert "li" not in {m.name for m in app.store.members(design)}
        admin.add_member(data, design, "li")  # someone else adds li back: the open panel follows
        await until(lambda: "li" in panel.member_users(), what="panel follows the relay")
        panel.close_panel()
        assert app.window.right.isHidden()
        await app.shutdown()

    run_scenario(qloop, relay, scenario)


def test_a_plain_member_sees_no_remove_and_a_refused_rename_shows_the_relays_reason(qtbot, qloop, tmp_path):
    data, tokens, _general, design = _relay(tmp_path)
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    async def scenario():
        app = await start_app(qtbot, tmp_path, url, "bob", "Bob", tokens["bob"])
        await until(lambda: app.store.channel(design) is not None, what="design cached")
        panel = app.team_ui.show_members(design)
        await until(lambda: panel.from_relay, what="members from the relay")
        assert not panel.i_manage() and panel.remove.isHidden() and panel.add.isHidden()
        # The channel menu offers a plain member no channel powers (user.created told the role).
        offered = [a.text() for a in app.window.channel_menu(design).actions()]
        assert "Members" in offered and "Leave" in offered
        assert not {"Rename…", "Set topic…", "Archive", "Add people…"} & set(offered)

        app.team_ui.rename(design, "design-team")  # the relay still refuses it if asked
        await until(lambda: app.team_ui.box is not None and app.team_ui.box.isVisible(), what="refusal shown")
        assert "only channel managers can rename #design" in app.team_ui.box.text()
        assert relay_sql(data, "SELECT name FROM channels WHERE id = ?", design) == [("design",)]
        assert app.store.outbox(("failed",)) == []  # reported, then let go
        await app.shutdown()

    run_scenario(qloop, relay, scenario)


def test_profile_card_shows_title_time_zone_shared_channels_and_opens_a_dm(qtbot, qloop, tmp_path):
    data, tokens, general, _design = _relay(tmp_path)
    import sqlite3

    from server_stub import db
    conn = sqlite3.connect(data / db.DB_NAME)
    conn.execute("UPDATE users SET title = '设计师 designer', tz = 'Asia/Shanghai' WHERE name = 'li'")
    conn.commit()
    conn.close()
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    async def scenario():
        li = await WireClient(url, tokens["li"]).connect()
        await li.post(general, "大家好")
        await li.close()
        app = await start_app(qtbot, tmp_path, url, "alice", "Alice", tokens["alice"])
        await until(lambda: len(app.store.channels()) == 2, what="channels cached")
        app.window.open_channel(general)
        await until(lambda: app.window.timeline.rowCount() == 1, what="li's message shown")
        app.window.show()
        view = app.window.view
        index = app.window.timeline.index(0)
        option = QStyleOptionViewItem()
        option.rect, option.font = view.visualRect(index), view.font()
        header = app.window.delegate.layout(option, index)[0].header
        where = option.rect.topLeft() + header.topLeft() + QPoint(4, header.height() // 2)  # on the author's name
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
        card = app.team_ui.dialog
        assert isinstance(card, ProfileCard) and card.user == "li"
        qtbot.addWidget(card)
        await until(lambda: card.person is not None, what="profile from the relay")
        assert card.name.text() == "李伟" and card.title_label.text() == "设计师 designer"
        assert card.tz.text() == "Asia/Shanghai" and "UTC+08:00" in card.time.text()
        assert card.shared.text() == "#general"  # li is not in #design
        assert card.role.text() == "Member"

        qtbot.mouseClick(card.message, Qt.MouseButton.LeftButton)
        await until(lambda: (app.store.channel(app.window.current or "") or None) is not None
                    and app.store.channel(app.window.current).dm, what="the DM opened")
        dm = app.store.channel(app.window.current)
        assert dm.dm_user == "li"
        assert relay_members(data, dm.id) == {"alice", "li"}
        assert st.person(app.store, "li").active
        await app.shutdown()

    run_scenario(qloop, relay, scenario)
