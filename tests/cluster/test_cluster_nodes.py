"""Three relay nodes over one real PostgreSQL database, in this process: order, exactly
once, idempotency across nodes, scheduled jobs on exactly one node. (Killing nodes and
servers: test_cluster_faults.py.)"""

from __future__ import annotations

import asyncio
import random

import pytest

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from server_stub import admin, db
from server_stub import log as evlog
from server_stub.config import RelayConfig
from tests.client_kit import relay_texts
from tests.cluster_kit import Cluster, visible
from tests.relay_client import WireClient

USERS = ("alice", "bob", "carol", "dave")
FAST = RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5)


@pytest.fixture
def team(tmp_path, cluster_place):
    place = cluster_place(tmp_path / "relay")
    tokens = {u: admin.add_user(place, u, u.title()) for u in USERS}
    channels = {
        "general": admin.add_channel(place, "general", members=list(USERS)),
        "ops": admin.add_channel(place, "ops", private=True, members=["alice", "bob"]),
        "design": admin.add_channel(place, "design", members=["carol", "dave", "alice"]),
    }
    return place, tokens, channels


def _head(place) -> int:
    conn = db.connect(place, create=False)
    try:
        return evlog.head(conn)
    finally:
        conn.close()


async def test_seeded_posts_through_three_nodes_at_once_every_history_equals_the_log(team):
    place, tokens, channels = team
    rng = random.Random(1404)
    cluster = Cluster(place, 3, FAST)
    await cluster.start()
    try:
        clients = {u: await WireClient(cluster.nodes[i % 3].url, tokens[u]).connect() for i, u in enumerate(USERS)}
        members = {"general": USERS, "ops": ("alice", "bob"), "design": ("carol", "dave", "alice")}
        rooms = {u: [channels[name] for name, who in members.items() if u in who] for u in USERS}

        async def chatter(user: str):
            client = clients[user]
            sent = []
            for i in range(40):
                channel = rng.choice(rooms[user])
                if rng.random() < 0.5:
                    # Pipelined: several commands in flight, committed in groups.
                    sent.append(asyncio.ensure_future(client.post(channel, f"{user} {i}")))
                else:
                    sent.append(asyncio.ensure_future(asyncio.shield(client.post(channel, f"{user} {i}"))))
                    await sent[-1]
                if rng.random() < 0.1:
                    await asyncio.sleep(rng.random() / 50)
            return [await s for s in sent]

        acks = await asyncio.gather(*(chatter(u) for u in USERS))
        assert [a for batch in acks for a in batch if not isinstance(a, fr.Ack)] == []
        seqs = [a.seq for batch in acks for a in batch]
        assert len(set(seqs)) == len(seqs) and max(seqs) <= _head(place)  # distinct, committed
        for user, client in clients.items():
            expected = visible(place, user)
            await client.wait_for(lambda c=client, e=expected: c.cursor >= e[-1], timeout=20)
            assert client.problems == [], user
            assert client.seqs() == expected, user
        # A newcomer on each node replays the same history.
        for node in cluster.nodes:
            late = await WireClient(node.url, tokens["dave"], cursor=0).connect()
            assert late.seqs() == visible(place, "dave")
            await late.close()
        for client in clients.values():
            await client.close()
    finally:
        await cluster.stop()
    assert len(relay_texts(place)) == 4 * 40


async def test_the_same_command_id_sent_to_two_nodes_at_once_makes_one_event(team):
    place, tokens, channels = team
    cluster = Cluster(place, 3, FAST)
    await cluster.start()
    try:
        one = await WireClient(cluster.nodes[0].url, tokens["alice"]).connect()
        two = await WireClient(cluster.nodes[1].url, tokens["alice"]).connect()
        for round_ in range(10):
            cid = new_client_id()
            a, b = await asyncio.gather(
                one.command(fr.Post, id=cid, channel=channels["general"], text=f"once {round_}"),
                two.command(fr.Post, id=cid, channel=channels["general"], text=f"once {round_}"),
            )
            assert isinstance(a, fr.Ack) and isinstance(b, fr.Ack)
            assert a.seq == b.seq
            assert sorted([bool(a.duplicate), bool(b.duplicate)]) == [False, True]
        await one.close()
        await two.close()
    finally:
        await cluster.stop()
    texts = relay_texts(place)
    assert sorted(texts) == sorted(f"once {i}" for i in range(10))


class _Clock:
    def __init__(self, ms: int):
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


async def test_a_scheduled_message_is_sent_once_by_another_node_when_its_node_is_gone(team):
    place, tokens, channels = team
    t0 = 1_800_000_000_000
    clock = _Clock(t0)
    config = RelayConfig(poll_interval_s=0.02, close_timeout_s=0.5, clock=clock)
    cluster = Cluster(place, 3, config)
    await cluster.start()
    try:
        alice = await WireClient(cluster.nodes[0].url, tokens["alice"]).connect()
        ack = await alice.command(fr.Schedule, channel=channels["general"], text="due on another node", at=t0 + 60_000)
        assert isinstance(ack, fr.Ack), ack
        await alice.close()
        await cluster.nodes[0].stop()  # the node that took the command is gone before it is due
        bob = await WireClient(cluster.nodes[1].url, tokens["bob"]).connect()
        carol = await WireClient(cluster.nodes[2].url, tokens["carol"]).connect()
        clock.ms = t0 + 60_000 - 1
        await asyncio.sleep(0.2)  # both live nodes tick several times: not early
        assert "due on another node" not in bob.texts()
        clock.ms = t0 + 60_000
        for client in (bob, carol):
            await client.wait_for(lambda c=client: "due on another node" in c.texts(), timeout=10)
        clock.ms += 3_600_000
        await asyncio.sleep(0.2)  # and more ticks after it was sent: not twice
        assert bob.texts().count("due on another node") == 1
        await bob.close()
        await carol.close()
    finally:
        for node in cluster.nodes[1:]:
            await node.stop()
    assert relay_texts(place).count("due on another node") == 1


async def test_membership_and_role_changes_reach_every_node(team):
    place, tokens, channels = team
    cluster = Cluster(place, 3, FAST)
    await cluster.start()
    try:
        watchers = [await WireClient(node.url, tokens["bob"]).connect() for node in cluster.nodes]
        await asyncio.to_thread(admin.add_member, place, "design", "bob")
        for w in watchers:
            await w.wait_for(lambda w=w: any(isinstance(e, ev.MemberAdded) and e.user == "bob" for e in w.events))
        carol = await WireClient(cluster.nodes[0].url, tokens["carol"]).connect()
        posted = await carol.post(channels["design"], "bob can read this on every node")
        for w in watchers:
            await w.wait_for(lambda w=w: w.cursor >= posted.seq)
            assert "bob can read this on every node" in w.texts()
        # A revoked token is closed on every node.
        await asyncio.to_thread(admin.revoke_token, place, "bob")
        for w in watchers:
            assert await w.wait_closed(timeout=10) == 4003
        await carol.close()
    finally:
        await cluster.stop()


async def test_a_cursor_from_another_node_resumes_on_a_node_that_has_not_published_it_yet(team):
    place, tokens, channels = team
    # A slow database poll: node1 learns of node0's commits only when asked.
    cluster = Cluster(place, 2, RelayConfig(poll_interval_s=5.0, close_timeout_s=0.5))
    await cluster.start()
    try:
        alice = await WireClient(cluster.nodes[0].url, tokens["alice"]).connect()
        for i in range(5):
            ack = await alice.post(channels["general"], f"on node0 {i}")
        await alice.wait_for(lambda: alice.cursor >= ack.seq)
        await alice.close()
        assert cluster.nodes[1].hub.published_head < ack.seq  # node1 has not seen them
        moved = await WireClient(cluster.nodes[1].url, tokens["alice"], cursor=alice.cursor,
                                 epoch=alice.welcome.epoch).connect()
        assert moved.welcome.resume == "ok" and moved.welcome.head >= ack.seq  # not a reset
        assert moved.events == []
        bob = await WireClient(cluster.nodes[1].url, tokens["bob"]).connect()
        assert "on node0 4" in bob.texts()  # read-your-writes across nodes
        await moved.close()
        await bob.close()
    finally:
        await cluster.stop()
