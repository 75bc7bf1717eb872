"""Roles on live connections and in replay: guest isolation, demotion, deactivation, audit."""

from __future__ import annotations

import asyncio

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol import team as tm
from desktop.protocol.errors import CloseCode, ErrorCode
from server_stub import admin, db
from server_stub.server import Relay
from tests.integration.team_kit import CONFIG, make_team, query
from tests.relay_client import WireClient


def _kinds(client, kind, **match):
    return [e for e in client.events if isinstance(e, kind) and all(getattr(e, k) == v for k, v in match.items())]


async def _relay(team):
    relay = Relay(team.data, "127.0.0.1", 0, config=CONFIG)
    await relay.start()
    return relay


async def _caught_up(client: WireClient, probe: WireClient, channel: str) -> None:
    """Events arrive in seq order: once `client` has a marker posted now, it has
    everything committed before it that it will ever get."""
    marker = await probe.post(channel, "marker")
    await client.wait_for(lambda: (client.cursor or 0) >= marker.seq)


def _users_created(client) -> set[str]:
    return {e.user for e in client.events if isinstance(e, ev.UserCreated)}


async def test_guest_sees_only_what_they_share_live_and_in_replay(tmp_path):
    team = make_team(tmp_path / "relay")
    relay = await _relay(team)
    try:
        mx = await WireClient(relay.url, team.tokens["max"]).connect()
        mia = await WireClient(relay.url, team.tokens["mia"]).connect()
        gus = await WireClient(relay.url, team.tokens["gus"]).connect()
        lobby = (await mx.command(fr.CreateChannel, name="lobby", members=["mia"])).channel
        proj = (await mx.command(fr.CreateChannel, name="proj", members=["mia", "gus"])).channel

        # Live: a new person, a public channel gus is not in, its rename: mia hears, gus does not.
        await asyncio.to_thread(admin.add_user, team.data, "stranger", "Stranger")
        far = (await mx.command(fr.CreateChannel, name="far")).channel
        assert isinstance(await mx.command(fr.Rename, channel=lobby, name="lobby2"), fr.Ack)
        await mia.wait_for(lambda: "stranger" in _users_created(mia))
        await _caught_up(gus, mx, proj)
        assert "stranger" not in _users_created(gus)
        assert not [e for e in gus.events if getattr(e, "channel", None) in (lobby, far)]
        assert {e.channel for e in _kinds(mia, ev.ChannelCreated)} >= {lobby, proj, far}

        # Once stranger shares proj with gus, news about them reaches gus.
        assert isinstance(await mx.command(fr.AddMember, channel=proj, user="stranger"), fr.Ack)
        owen = await WireClient(relay.url, team.tokens["owen"]).connect()
        assert isinstance(await owen.command(tm.SetRole, user="stranger", role="admin"), fr.Ack)
        await gus.wait_for(lambda: _kinds(gus, ev.RoleChanged, user="stranger"))
        # Live, gus was introduced to the people he now shares channels with (only to them).
        introduced = {e.user for e in gus.events if isinstance(e, ev.UserUpdated)}
        assert introduced == {"max", "mia", "stranger"}
        assert not [e for e in mia.events if isinstance(e, ev.UserUpdated)]
        people = await query(gus, tm.People)
        assert {p.user for p in people.people} == {"gus", "max", "mia", "stranger"}
        assert isinstance(await query(gus, tm.BrowseChannels), fr.Error)

        # Replay from scratch shows the same boundary: nothing about owen, nora, lobby or far.
        fresh = await WireClient(relay.url, team.tokens["gus"]).connect()
        assert _users_created(fresh) == {"gus", "max", "mia", "stranger"}
        assert {e.channel for e in _kinds(fresh, ev.ChannelCreated)} == {proj}
        assert not [e for e in fresh.events if getattr(e, "channel", None) in (lobby, far)]
        await fresh.close()

        # Removed from proj: gus is told, then hears nothing more of it, live or in replay.
        await mia.post(proj, "before removal")
        assert isinstance(await mx.command(fr.RemoveMember, channel=proj, user="gus"), fr.Ack)
        await gus.wait_for(lambda: _kinds(gus, ev.MemberRemoved, channel=proj, user="gus"))
        after = await mia.post(proj, "after removal")
        await asyncio.to_thread(admin.add_user, team.data, "later", "Later")
        dm = (await mx.command(fr.OpenDm, user="gus")).channel  # a channel gus is still in
        await _caught_up(gus, mx, dm)
        assert after.seq not in gus.seqs() and "later" not in _users_created(gus)
        replay = await WireClient(relay.url, team.tokens["gus"]).connect()
        assert not [e for e in replay.events if getattr(e, "channel", None) == proj and not isinstance(e, ev.MemberRemoved)]
        assert _users_created(replay) == {"gus", "max"}  # only max shares a channel (the DM) now
        # A guest cannot open a DM with someone outside their channels, or learn they exist.
        refused = await gus.command(fr.OpenDm, user="nora")
        assert isinstance(refused, fr.Error) and refused.code == ErrorCode.FORBIDDEN
        assert refused.message == "guests can message only people who share a channel with them"
        nobody = await gus.command(fr.OpenDm, user="nobody")  # no hint whether someone exists
        assert (nobody.code, nobody.message) == (refused.code, refused.message)
        for c in (mx, mia, gus, owen, replay):
            assert c.problems == []
            await c.close()
    finally:
        await relay.stop()


async def test_demotion_acts_at_once_on_every_connection(tmp_path):
    team = make_team(tmp_path / "relay")
    relay = await _relay(team)
    try:
        owen = await WireClient(relay.url, team.tokens["owen"]).connect()
        mx = await WireClient(relay.url, team.tokens["max"]).connect()
        ada1 = await WireClient(relay.url, team.tokens["ada"]).connect()
        ada2 = await WireClient(relay.url, team.tokens["ada"]).connect()
        ch = (await mx.command(fr.CreateChannel, name="ops", members=["ada"])).channel
        assert isinstance(await ada1.command(fr.Rename, channel=ch, name="ops-1"), fr.Ack)  # admin power

        assert isinstance(await owen.command(tm.SetRole, user="ada", role="member"), fr.Ack)
        refused = await ada2.command(fr.Rename, channel=ch, name="ops-2")  # the other connection
        assert isinstance(refused, fr.Error) and refused.message == "only channel managers can rename #ops-1"
        assert isinstance(await query(ada1, tm.AuditList), fr.Error)

        # Demoted to guest: both connections stop hearing about people outside ada's channels.
        assert isinstance(await owen.command(tm.SetRole, user="ada", role="guest"), fr.Ack)
        for c in (ada1, ada2):
            await c.wait_for(lambda c=c: _kinds(c, ev.RoleChanged, user="ada", role="guest"))
        await asyncio.to_thread(admin.add_user, team.data, "newcomer", "Newcomer")
        await owen.wait_for(lambda: "newcomer" in _users_created(owen))
        for c in (ada1, ada2):
            await _caught_up(c, mx, ch)
            assert "newcomer" not in _users_created(c)
        assert isinstance(await ada1.command(fr.CreateChannel, name="mine"), fr.Error)

        # The last owner cannot step down; an admin cannot touch an owner.
        refused = await owen.command(tm.SetRole, user="owen", role="admin")
        assert refused.code == ErrorCode.FORBIDDEN and "last owner" in refused.message
        await asyncio.to_thread(admin.set_role, team.data, "nora", "admin")
        nora = await WireClient(relay.url, team.tokens["nora"]).connect()
        assert (await nora.command(tm.Deactivate, user="owen")).message == "only owners can deactivate an owner"
        assert (await nora.command(tm.SetRole, user="mia", role="owner")).code == ErrorCode.FORBIDDEN
        for c in (owen, mx, ada1, ada2, nora):
            assert c.problems == []
            await c.close()
    finally:
        await relay.stop()


async def test_deactivation_signs_out_every_device_and_keeps_history(tmp_path):
    team = make_team(tmp_path / "relay")
    relay = await _relay(team)
    try:
        owen = await WireClient(relay.url, team.tokens["owen"]).connect()
        mia1 = await WireClient(relay.url, team.tokens["mia"]).connect()
        mia2 = await WireClient(relay.url, team.tokens["mia"]).connect()
        ch = (await owen.command(fr.CreateChannel, name="room", members=["mia"])).channel
        said = await mia1.post(ch, "mia was here")

        assert isinstance(await owen.command(tm.Deactivate, user="mia"), fr.Ack)
        assert await mia1.wait_closed() == CloseCode.TOKEN_REVOKED
        assert await mia2.wait_closed() == CloseCode.TOKEN_REVOKED
        again = await WireClient(relay.url, team.tokens["mia"]).connect(wait_synced=False)
        assert await again.wait_closed() == CloseCode.UNAUTHORIZED
        # Her history stays; her membership too (reactivation restores her place).
        history = await query(owen, fr.History, channel=ch)
        assert said.msg in [e.seq for e in history.events]
        members = await query(owen, tm.ChannelMembers, channel=ch)
        assert [(m.user, m.active) for m in members.members if m.user == "mia"] == [("mia", False)]
        await owen.wait_for(lambda: _kinds(owen, ev.UserDeactivated, user="mia"))

        # A token issued while deactivated does not sign in; after reactivation it does.
        token = await asyncio.to_thread(admin.new_token, team.data, "mia")
        early = await WireClient(relay.url, token).connect(wait_synced=False)
        assert await early.wait_closed() == CloseCode.UNAUTHORIZED
        assert isinstance(await owen.command(tm.Reactivate, user="mia"), fr.Ack)
        back = await WireClient(relay.url, token).connect()
        assert isinstance(await back.post(ch, "back"), fr.Ack)
        for c in (owen, back):
            assert c.problems == []
            await c.close()
    finally:
        await relay.stop()


async def test_every_admin_action_is_audited_without_message_bodies(tmp_path):
    team = make_team(tmp_path / "relay")
    relay = await _relay(team)
    body = "THE-SECRET-BODY 机密"
    try:
        owen = await WireClient(relay.url, team.tokens["owen"]).connect()
        mx = await WireClient(relay.url, team.tokens["max"]).connect()
        mia = await WireClient(relay.url, team.tokens["mia"]).connect()
        ch = (await mx.command(fr.CreateChannel, name="audited", members=["mia", "owen"])).channel
        bad = await mia.post(ch, body)
        steps = [
            (mx, fr.Delete, dict(msg=bad.msg)),
            (mx, fr.AddMember, dict(channel=ch, user="nora")),
            (mx, fr.RemoveMember, dict(channel=ch, user="nora")),
            (mx, fr.Archive, dict(channel=ch)),
            (mx, tm.Unarchive, dict(channel=ch)),
            (owen, tm.SetRole, dict(user="mia", role="admin")),
            (owen, tm.Deactivate, dict(user="nora")),
            (owen, tm.Reactivate, dict(user="nora")),
        ]
        for client, kind, fields in steps:
            answer = await client.command(kind, **fields)
            assert isinstance(answer, fr.Ack), (kind, answer)
        # Everyone in the channel sees the message as removed by moderation.
        await mia.wait_for(lambda: _kinds(mia, ev.MessageDeleted, msg=bad.msg))
        removed = _kinds(mia, ev.MessageDeleted, msg=bad.msg)[0]
        assert removed.moderated and removed.actor == "max"

        page = await query(owen, tm.AuditList, limit=500)
        actions = {(e.actor, e.action) for e in page.entries}
        assert {
            ("max", "message.removed"), ("max", "member.added"), ("max", "member.removed"),
            ("max", "channel.archived"), ("max", "channel.unarchived"), ("owen", "role.changed"),
            ("owen", "user.deactivated"), ("owen", "user.reactivated"),
        } <= actions
        assert [e.detail for e in page.entries if e.action == "role.changed" and e.target == "mia"] == ["member->admin"]
        conn = db.connect(team.data, create=False)
        try:
            rows = conn.execute("SELECT * FROM audit").fetchall()
        finally:
            conn.close()
        assert rows and not [r for r in rows if any(body in str(v) or "SECRET" in str(v) for v in r)]
        # Readers: owners and admins only (mia is an admin now).
        assert isinstance(await query(mia, tm.AuditList), tm.AuditResult)
        assert (await query(mx, tm.AuditList)).message == "only workspace owners and admins can read the audit log"
        for c in (owen, mx, mia):
            assert c.problems == []
            await c.close()
    finally:
        await relay.stop()
