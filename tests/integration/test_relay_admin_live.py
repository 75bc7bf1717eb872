"""Admin changes made by another process while the relay serves reach clients live."""

from __future__ import annotations

import asyncio

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from server_stub import admin, db
from server_stub import log as evlog
from tests.relay_client import WireClient


def _visible(data, user: str) -> list[int]:
    conn = db.connect(data, create=False)
    try:
        return [seq for seq, _ in evlog.iter_visible(conn, user)]
    finally:
        conn.close()


async def test_admin_channel_and_member_changes_arrive_live(relay, workspace):
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    dave = await WireClient(relay.url, workspace.tokens["dave"]).connect()

    # A private channel: its members hear about it, others do not.
    ops = await asyncio.to_thread(admin.add_channel, workspace.data, "ops", private=True, members=["alice"])
    await alice.wait_for(lambda: any(isinstance(e, ev.ChannelCreated) and e.channel == ops for e in alice.events))
    created = next(e for e in alice.events if isinstance(e, ev.ChannelCreated) and e.channel == ops)
    assert created.private and created.members == ["alice"] and created.actor is None

    # Adding bob: he gets member.added live, and from then on the channel's messages.
    assert await asyncio.to_thread(admin.add_member, workspace.data, "ops", "bob") is True
    await bob.wait_for(lambda: any(isinstance(e, ev.MemberAdded) and e.channel == ops for e in bob.events))
    await alice.wait_for(lambda: any(isinstance(e, ev.MemberAdded) and e.channel == ops for e in alice.events))
    ack = await alice.post(ops, "welcome bob")
    assert isinstance(ack, fr.Ack)
    await bob.wait_for(lambda: "welcome bob" in bob.texts(ops))

    # A public channel is announced to everyone, members or not.
    town = await asyncio.to_thread(admin.add_channel, workspace.data, "town-hall", members=["dave"])
    for c in (alice, bob, dave):
        await c.wait_for(lambda c=c: any(isinstance(e, ev.ChannelCreated) and e.channel == town for e in c.events))
    assert isinstance(await dave.post(town, "first!"), fr.Ack)

    # Removing bob: he is told, and stops receiving the channel's messages.
    assert await asyncio.to_thread(admin.remove_member, workspace.data, "ops", "bob") is True
    await bob.wait_for(lambda: any(isinstance(e, ev.MemberRemoved) and e.channel == ops for e in bob.events))
    after = await alice.post(ops, "bob is gone")
    marker = await alice.post(workspace.channels["general"], "marker")
    await bob.wait_for(lambda: bob.cursor >= marker.seq)
    assert "bob is gone" not in bob.texts(ops)
    assert after.seq not in bob.seqs()

    # dave never saw anything of the private channel (his own later post proves he is caught up).
    dave_marker = await dave.post(town, "dave marker")
    await dave.wait_for(lambda: dave.cursor >= dave_marker.seq)
    assert dave_marker.seq > after.seq
    assert not [e for e in dave.events if e.channel == ops]
    # Nothing was skipped or repeated for anyone while membership changed under them.
    # (Everything is committed now; on a cluster the last of it may reach alice's node a
    # moment after dave's, so wait for her to hold what she may see, then compare.)
    expected = _visible(workspace.data, "alice")
    await alice.wait_for(lambda: alice.cursor >= expected[-1])
    for c in (alice, bob, dave):
        assert c.problems == []
    assert alice.seqs() == expected
    assert dave.seqs() == _visible(workspace.data, "dave")
    for c in (alice, bob, dave):
        await c.close()


async def test_admin_user_creation_is_announced_and_the_new_user_can_connect(relay, workspace):
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    token = await asyncio.to_thread(admin.add_user, workspace.data, "erin", "Erin E.")
    await alice.wait_for(lambda: any(isinstance(e, ev.UserCreated) and e.user == "erin" for e in alice.events))
    erin = await WireClient(relay.url, token).connect()
    assert erin.welcome.user == "erin" and erin.welcome.display_name == "Erin E."
    assert await asyncio.to_thread(admin.add_member, workspace.data, workspace.channels["general"], "erin")
    await erin.wait_for(lambda: any(isinstance(e, ev.MemberAdded) for e in erin.events))
    ack = await alice.post(workspace.channels["general"], "hi erin")
    await erin.wait_for(lambda: "hi erin" in erin.texts())
    assert ack.seq in erin.seqs()
    for c in (alice, erin):
        await c.close()


async def test_admin_changes_interleave_gap_free_with_client_traffic(relay, workspace):
    """Admin events are committed by another connection between the writer's batches."""
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    carol = await WireClient(relay.url, workspace.tokens["carol"]).connect()
    general = workspace.channels["general"]

    async def chatter():
        return [await alice.post(general, f"chat {i}") for i in range(60)]

    async def administer():
        made = []
        for i in range(8):
            made.append(await asyncio.to_thread(admin.add_channel, workspace.data, f"room-{i}", members=["carol"]))
        return made

    acks, rooms = await asyncio.gather(chatter(), administer())
    assert all(isinstance(a, fr.Ack) for a in acks)
    final = await alice.post(general, "done")
    await carol.wait_for(lambda: carol.cursor >= final.seq)
    assert carol.problems == []
    assert carol.seqs() == _visible(workspace.data, "carol")
    created = {e.channel for e in carol.events if isinstance(e, ev.ChannelCreated)}
    assert set(rooms) <= created
    for c in (alice, carol):
        await c.close()
