"""Workspace settings on a real relay: change a role (the relay and the cache follow),
the relay's refusal for the last owner, the audit log, invitations listed and revoked,
and Your profile as the directory has it."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt

from desktop.embedded_relay import EmbeddedRelay
from desktop.store import team as st
from server_stub import admin
from tests.client_kit import free_port
from tests.gui.app_kit import until
from tests.gui.team_kit import relay_role, relay_sql, run_scenario, start_app


def test_workspace_settings_role_change_refusal_audit_and_invitations(qtbot, qloop, tmp_path):
    data = tmp_path / "relay"
    token = admin.add_user(data, "owen", "Owen")  # the first person: the owner
    admin.add_user(data, "mia", "Mia")
    admin.add_user(data, "li", "李伟")
    general = admin.add_channel(data, "general", members=["owen", "mia", "li"])
    admin.create_invite(data, max_uses=2, expires_in_s=3600, role="member", channels=[general])
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    async def scenario():
        app = await start_app(qtbot, tmp_path, url, "owen", "Owen", token)
        dialog = app.team_ui.show_workspace()
        qtbot.addWidget(dialog)
        people = dialog.people
        await until(lambda: len(people.people) == 3, what="people listed")
        assert people.person("li").display_name == "李伟" and people.person("owen").role == "owner"
        people.filter.setText("李")
        assert [people.tree.topLevelItem(i).isHidden() for i in range(3)] == [
            p.user != "li" for p in people.people]
        people.filter.clear()

        box = people.role_boxes["mia"]
        box.setCurrentIndex(box.findData("admin"))  # what choosing "Admin" in the list does
        await until(lambda: relay_role(data, "mia") == "admin", what="role changed on the relay")
        await until(lambda: st.person(app.store, "mia").role == "admin", what="the cache follows")
        await until(lambda: people.person("mia").role == "admin", what="the page reloaded")

        own = people.role_boxes["owen"]
        own.setCurrentIndex(own.findData("member"))  # the last owner cannot step down
        await until(lambda: "last owner" in people.status.text(), what="the relay's reason shown")
        assert relay_role(data, "owen") == "owner"
        await until(lambda: people.role_boxes["owen"].currentData() == "owner", what="the combo put back")

        asked = []
        people.confirm = lambda text: asked.append(text) or True
        qtbot.mouseClick(people.active_buttons["li"], Qt.MouseButton.LeftButton)
        assert asked and "李伟" in asked[0]
        await until(lambda: relay_sql(data, "SELECT deactivated_ts IS NOT NULL FROM users WHERE name = 'li'") == [(1,)],
                    what="deactivated on the relay")
        await until(lambda: not st.person(app.store, "li").active, what="the cache knows")
        await until(lambda: people.active_buttons["li"].text() == "Reactivate", what="the page reloaded")
        qtbot.mouseClick(people.active_buttons["li"], Qt.MouseButton.LeftButton)  # no question to reactivate
        await until(lambda: st.person(app.store, "li").active, what="reactivated")
        assert len(asked) == 1

        dialog.tabs.setCurrentWidget(dialog.audit)
        await until(lambda: "user.reactivated" in dialog.audit.audit_actions(), what="audit log")
        assert "user.deactivated" in dialog.audit.audit_actions()
        entry = next(e for e in dialog.audit.entries if e.action == "role.changed")
        assert entry.actor == "owen" and entry.target == "mia" and entry.detail == "member->admin"
        shown = [[item.text(c) for c in range(5)] for item in
                 (dialog.audit.tree.topLevelItem(i) for i in range(dialog.audit.tree.topLevelItemCount()))]
        assert any(row[2] == "changed a role" and row[4] == "member->admin" and "(@owen)" in row[1] for row in shown)

        dialog.tabs.setCurrentWidget(dialog.invites)
        invites = dialog.invites
        await until(lambda: len(invites.invites) == 1, what="the open invitation listed")
        assert invites.tree.topLevelItem(0).text(4) == "#general" and invites.tree.topLevelItem(0).text(1) == "0/2"
        invites.tree.setCurrentItem(invites.tree.topLevelItem(0))
        invites.revoke_selected()
        await until(lambda: "Revoked" in invites.status.text(), what="revoked")
        assert invites.invites == []
        assert all(i.revoked_ts for i in admin.list_invites(data, include_spent=True))
        await app.shutdown()

    run_scenario(qloop, relay, scenario)


def test_a_member_is_refused_the_audit_log_and_sees_their_profile(qtbot, qloop, tmp_path):
    data = tmp_path / "relay"
    admin.add_user(data, "owen", "Owen")
    token = admin.add_user(data, "mia", "Mia")
    admin.add_channel(data, "general", members=["owen", "mia"])
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    async def scenario():
        app = await start_app(qtbot, tmp_path, url, "mia", "Mia", token)
        dialog = app.team_ui.show_workspace()
        qtbot.addWidget(dialog)
        dialog.tabs.setCurrentWidget(dialog.audit)
        await until(lambda: "only workspace owners and admins can read the audit log" in dialog.audit.status.text(),
                    what="the relay's refusal")
        await until(lambda: len(dialog.people.people) == 2, what="the directory is open to members")
        assert not dialog.people.role_boxes["owen"].isEnabled()  # read-only for a member
        assert "Only owners and admins" in dialog.people.status.text()
        dialog.people.set_role("owen", "member")
        await until(lambda: "only workspace owners and admins can change roles" in dialog.people.status.text(),
                    what="role change refused")
        assert relay_role(data, "owen") == "owner"

        mine = app.team_ui.show_your_profile()
        qtbot.addWidget(mine)
        await until(lambda: mine.role.text() == "Member", what="profile loaded")
        assert mine.display_name.text() == "Mia" and not mine.save.isEnabled()
        # Edit your profile: an unknown zone cannot be saved; a good one is, and the relay has it.
        mine.tz.setText("Mars/Olympus")
        assert not mine.save.isEnabled() and "Unknown time zone" in mine.status.text()
        mine.tz.setText("Asia/Shanghai")
        mine.title.setText("架构师 Architect")
        mine.skills.setText("NPU 算力评估， #Active-Active")  # a Chinese comma separates too
        assert mine.save.isEnabled()
        cid = mine.submit()
        await until(lambda: relay_sql(data, "SELECT display_name, title, tz, skills FROM users WHERE name = 'mia'")
                    == [("Mia", "架构师 Architect", "Asia/Shanghai", '["npu 算力评估", "active-active"]')],
                    what="profile.set reached the relay")
        assert not [i for i in app.store.outbox(("failed",)) if i.cid == cid]
        assert not mine.save.isEnabled()
        await app.shutdown()

    run_scenario(qloop, relay, scenario)
