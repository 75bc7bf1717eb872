"""`profile.set` on a real relay: your own display name, title and time zone; clear
refusals; everyone's cache and the directory follow; a guest learns it only about
people they share a channel with."""

from __future__ import annotations

from desktop.protocol import frames as fr
from desktop.domain import experts as dx
from desktop.protocol import library as lib
from desktop.protocol import team as tm
from desktop.store import knowledge as sk
from desktop.store import team
from server_stub.server import Relay
from tests.client_kit import engine, open_profile
from tests.integration.team_kit import CONFIG, make_team, query
from tests.relay_client import WireClient


async def test_people_set_their_own_profile_and_everyone_sees_it(tmp_path):
    data = make_team(tmp_path / "relay")
    relay = Relay(data.data, "127.0.0.1", 0, config=CONFIG)
    await relay.start()
    owen_cache = open_profile(tmp_path / "owen")
    gus_cache = open_profile(tmp_path / "gus")
    try:
        mia = await WireClient(relay.url, data.tokens["mia"]).connect()
        ack = await mia.command(tm.SetProfile, display_name=" 米娅 Mia ", title="架构师 Architect", tz="Asia/Shanghai")
        assert isinstance(ack, fr.Ack) and ack.seq
        again = await mia.command(tm.SetProfile, title="架构师 Architect")
        assert isinstance(again, fr.Ack) and again.seq is None  # nothing changed: no event
        for fields, reason in (
            (dict(tz="Mars/Olympus"), "unknown time zone 'Mars/Olympus'"),
            (dict(display_name="   "), "display name cannot be blank"),
            (dict(title="boss\u202e"), "control or formatting characters"),
        ):
            refused = await mia.command(tm.SetProfile, **fields)
            assert isinstance(refused, fr.Error) and reason in refused.message, fields
        found = await query(mia, tm.People, query="mia")
        [me] = [p for p in found.people if p.user == "mia"]
        assert (me.display_name, me.title, me.tz) == ("米娅 Mia", "架构师 Architect", "Asia/Shanghai")
        # Another member's cache shows the new name; the guest shares no channel with mia.
        await engine(owen_cache, relay.url, data.tokens["owen"]).sync_once()
        assert {u.name: u.display_name for u in owen_cache.users()}["mia"] == "米娅 Mia"
        await engine(gus_cache, relay.url, data.tokens["gus"]).sync_once()
        assert "米娅 Mia" not in {u.display_name for u in gus_cache.users()}
        # Skills: cleaned like tags, in the directory, and evidence for "who knows" (shown as such).
        assert isinstance(await mia.command(tm.SetProfile, skills=["NPU 算力评估", "#Active-Active", "npu 算力评估"]), fr.Ack)
        [me] = [p for p in (await query(mia, tm.People, query="active")).people if p.user == "mia"]
        assert me.skills == ["npu 算力评估", "active-active"]
        await engine(owen_cache, relay.url, data.tokens["owen"]).sync_once()
        ranked = dx.rank(sk.expert_evidence(owen_cache, "NPU 算力评估"), opted_out=sk.opted_out(owen_cache))
        assert [p.user for p in ranked] == ["mia"] and ranked[0].evidence[0].kind == "skill"
        assert "1 profile skill" in dx.describe(ranked[0])
        # Opting out of expert answers hides skills too; an empty list clears them.
        assert isinstance(await mia.command(lib.ExpertsListing, listed=False), fr.Ack)
        await engine(owen_cache, relay.url, data.tokens["owen"]).sync_once()
        assert dx.rank(sk.expert_evidence(owen_cache, "NPU"), opted_out=sk.opted_out(owen_cache)) == []
        assert isinstance(await mia.command(tm.SetProfile, skills=[]), fr.Ack)
        await engine(owen_cache, relay.url, data.tokens["owen"]).sync_once()
        assert "mia" not in team.skills(owen_cache)
        # Unsetting the time zone.
        assert isinstance(await mia.command(tm.SetProfile, tz=""), fr.Ack)
        [me] = [p for p in (await query(mia, tm.People, query="mia")).people if p.user == "mia"]
        assert me.tz == ""
        await mia.close()
    finally:
        owen_cache.close()
        gus_cache.close()
        await relay.stop()
