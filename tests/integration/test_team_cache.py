"""The client cache follows team events from a real relay: topic, archive/unarchive,
managers, moderation, roles and deactivation (desktop/store/team.py)."""

from __future__ import annotations

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol import team as tm
from desktop.store import team
from server_stub.server import Relay
from tests.client_kit import engine, open_profile
from tests.integration.team_kit import CONFIG, make_team
from tests.relay_client import WireClient


async def test_cache_reflects_team_events(tmp_path):
    data = make_team(tmp_path / "relay")
    relay = Relay(data.data, "127.0.0.1", 0, config=CONFIG)
    await relay.start()
    store = open_profile(tmp_path / "mia")
    try:
        mx = await WireClient(relay.url, data.tokens["max"]).connect()
        owen = await WireClient(relay.url, data.tokens["owen"]).connect()
        mia = await WireClient(relay.url, data.tokens["mia"]).connect()
        ch = (await mx.command(fr.CreateChannel, name="team", members=["mia"])).channel
        said = await mia.post(ch, "oops")
        for client, kind, fields in [
            (mx, tm.SetTopic, dict(channel=ch, topic="本周计划 this week")),
            (mx, fr.Archive, dict(channel=ch)),
            (mx, tm.Unarchive, dict(channel=ch)),
            (mx, fr.Delete, dict(msg=said.msg)),
            (owen, tm.SetRole, dict(user="mia", role="admin")),
            (owen, tm.Deactivate, dict(user="nora")),
        ]:
            assert isinstance(await client.command(kind, **fields), fr.Ack)
        report = await engine(store, relay.url, data.tokens["mia"]).sync_once()
        assert report.caught_up
        row = store.channel_by_ref("team")
        assert (row.topic, row.archived) == ("本周计划 this week", False)
        assert team.managers(store, ch) == {"max"}
        assert team.moderated_by(store, said.msg) == "max"
        assert [m.deleted for m in store.messages(ch, limit=5) if m.id == said.msg] == [True]
        assert team.person(store, "mia").role == "admin"
        # Roles nobody changed are known from user.created: the first user owns the workspace.
        assert (team.person(store, "owen").role, team.person(store, "max").role) == ("owner", "member")
        assert team.person(store, "nora").active is False

        # The last manager leaves: the relay hands over, and the cache follows.
        assert isinstance(await mx.command(fr.Leave, channel=ch), fr.Ack)
        await engine(store, relay.url, data.tokens["mia"]).sync_once()
        assert team.managers(store, ch) == {"mia"}  # the remaining member highest in the workspace
        for c in (mx, owen, mia):
            await c.close()
    finally:
        store.close()
        await relay.stop()


def test_an_older_archive_from_history_does_not_undo_a_newer_unarchive(tmp_path):
    from desktop.secrets import CacheKey
    from desktop.store import Store

    store = Store.open(tmp_path / "cache.db", CacheKey.random())
    try:
        store.set_account("ws://relay.test", "mia", "Mia")
        base = dict(ts=1, actor="max", channel="C1")
        store.apply_events([
            ev.ChannelCreated(seq=1, **base, name="team", members=["max", "mia"], managers=["max"]),
            ev.ChannelUnarchived(seq=9, **base),
            ev.ChannelTopicSet(seq=10, **base, topic="new"),
        ], epoch="E")
        store.apply_history("C1", [ev.ChannelArchived(seq=5, **base), ev.ChannelTopicSet(seq=6, **base, topic="old")])
        row = store.channel_by_ref("team")
        assert (row.archived, row.topic) == (False, "new")
        store.apply_events([ev.ChannelArchived(seq=11, **base)], epoch="E")
        assert store.channel_by_ref("team").archived is True
    finally:
        store.close()
