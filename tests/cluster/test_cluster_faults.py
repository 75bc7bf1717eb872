"""Faults of a cluster, with real processes and servers: a node SIGKILLed while fanning
out, PostgreSQL restarted mid-write, nats-server killed and restarted. After each: no
gap, no duplicate, every acknowledged command durable, exactly once."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from server_stub import admin, db
from server_stub.config import RelayConfig
from tests.client_kit import relay_texts
from tests.cluster_kit import Cluster, Node, visible
from tests.relay_client import WireClient

class Reader:
    """A user's view across reconnects: a new connection resumes from the last cursor."""

    def __init__(self, urls: list[str], token: str):
        self.urls, self.token = urls, token
        self.seqs: list[int] = []
        self.problems: list[str] = []
        self.client: WireClient | None = None
        self.epoch: str | None = None

    async def connect(self, url: str) -> None:
        cursor = self.seqs[-1] if self.seqs else None
        self.client = await WireClient(url, self.token, cursor=cursor, epoch=self.epoch).connect()
        assert self.client.welcome.resume == "ok"
        self.epoch = self.client.welcome.epoch

    def harvest(self) -> None:
        if self.client is not None:
            self.seqs.extend(self.client.seqs())
            self.problems.extend(self.client.problems)

    async def reconnect_elsewhere(self, dead: str) -> None:
        self.harvest()
        for url in self.urls:
            if url != dead:
                await self.connect(url)
                return


@pytest.fixture
def team(tmp_path, pg_dsn):
    place = db.Place(tmp_path / "relay", pg_dsn)
    tokens = {u: admin.add_user(place, u, u.title()) for u in ("alice", "bob", "carol", "dave")}
    general = admin.add_channel(place, "general", members=["alice", "bob", "carol", "dave"])
    return place, tokens, general


async def _post_until_acked(client_for, cid: str, channel: str, text: str, attempts: int = 200) -> fr.Ack:
    """Send one command until it is acknowledged, always with the same id (the client's
    outbox does this): `internal` and a lost connection mean "not applied, retry"."""
    for _ in range(attempts):
        client = await client_for()
        try:
            answer = await client.command(fr.Post, id=cid, channel=channel, text=text)
        except Exception:
            answer = None
        if isinstance(answer, fr.Ack):
            return answer
        if isinstance(answer, fr.Error):
            assert answer.code == "internal", answer  # the only refusal a fault may cause
        await asyncio.sleep(0.05)
    raise AssertionError(f"{cid} never acknowledged")


async def test_a_node_killed_mid_fan_out_loses_nothing_and_repeats_nothing(team):
    place, tokens, general = team
    nodes = [Node(place, f"n{i}") for i in range(3)]
    try:
        urls = [n.url for n in nodes]
        readers = {u: Reader(urls, tokens[u]) for u in ("bob", "carol", "dave")}
        await readers["bob"].connect(urls[0])  # on the node that will die
        await readers["carol"].connect(urls[0])
        await readers["dave"].connect(urls[2])
        sender = {"client": await WireClient(urls[0], tokens["alice"]).connect()}

        async def client_for():
            if sender["client"].closed.is_set():
                sender["client"] = await WireClient(urls[1], tokens["alice"]).connect()
            return sender["client"]

        acked: dict[str, int] = {}

        async def send(i: int):
            cid = f"post-{i:04d}-{new_client_id()}"
            acked[cid] = (await _post_until_acked(client_for, cid, general, f"msg {i}")).seq

        first = [asyncio.ensure_future(send(i)) for i in range(60)]
        await asyncio.sleep(0.3)
        nodes[0].kill()  # mid fan-out: clients of n0 lose their connection
        for name in ("bob", "carol"):
            await readers[name].client.wait_closed(timeout=10)
            await readers[name].reconnect_elsewhere(urls[0])
        await asyncio.gather(*first)
        await asyncio.gather(*(send(i) for i in range(60, 100)))
        top = max(acked.values())
        for reader in readers.values():
            await reader.client.wait_for(lambda r=reader: r.client.cursor >= top, timeout=20)
            reader.harvest()
        for name, reader in readers.items():
            assert reader.problems == [], name
            assert reader.seqs == visible(place, name), name  # no gap, no duplicate, across the reconnect
        texts = relay_texts(place)
        assert sorted(texts) == sorted(f"msg {i}" for i in range(100))  # every ack durable, once
        for reader in readers.values():
            await reader.client.close()
        await sender["client"].close()
    finally:
        for node in nodes:
            node.stop()


async def test_postgres_restarted_mid_write_refuses_with_a_retryable_error_and_loses_nothing(tmp_path, pg_private):
    place = db.Place(tmp_path / "relay", pg_private.create_database())
    tokens = {u: admin.add_user(place, u, u.title()) for u in ("alice", "bob")}
    general = admin.add_channel(place, "general", members=["alice", "bob"])
    cluster = Cluster(place, 2, RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5))
    await cluster.start()
    try:
        alice = {"client": await WireClient(cluster.nodes[0].url, tokens["alice"]).connect()}

        async def client_for():
            if alice["client"].closed.is_set():
                alice["client"] = await WireClient(cluster.nodes[0].url, tokens["alice"]).connect()
            return alice["client"]

        acked: dict[str, int] = {}
        refused = 0

        async def send(i: int):
            nonlocal refused
            cid = f"pg-{i:04d}-{new_client_id()}"
            client = await client_for()
            answer = await client.command(fr.Post, id=cid, channel=general, text=f"through {i}")
            if isinstance(answer, fr.Error):
                assert answer.code == "internal", answer
                refused += 1
            acked[cid] = (await _post_until_acked(client_for, cid, general, f"through {i}")).seq

        async def restart():
            await asyncio.sleep(0.3)
            await asyncio.to_thread(pg_private.restart, "immediate")  # no clean shutdown

        async def traffic():
            for i in range(80):
                await send(i)
                await asyncio.sleep(0.01)

        await asyncio.gather(traffic(), restart())
        bob = await WireClient(cluster.nodes[1].url, tokens["bob"], cursor=0).connect()
        top = max(acked.values())
        await bob.wait_for(lambda: bob.cursor >= top, timeout=20)
        assert bob.problems == []
        assert bob.seqs() == visible(place, "bob")
        assert sorted(bob.texts()) == sorted(f"through {i}" for i in range(80))  # each once, none lost
        assert refused >= 1  # the restart was seen: commands were refused, not silently dropped
        await bob.close()
        with contextlib.suppress(Exception):
            await alice["client"].close()
    finally:
        await cluster.stop()


async def test_nats_killed_and_restarted_nodes_fall_back_to_the_database(tmp_path, pg_dsn, nats):
    place = db.Place(tmp_path / "relay", pg_dsn)
    tokens = {u: admin.add_user(place, u, u.title()) for u in ("alice", "bob")}
    general = admin.add_channel(place, "general", members=["alice", "bob"])
    cluster = Cluster(place, 2, RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5), bus=nats.url)
    await cluster.start()
    try:
        alice = await WireClient(cluster.nodes[0].url, tokens["alice"]).connect()
        bob = await WireClient(cluster.nodes[1].url, tokens["bob"]).connect()
        for i in range(20):
            assert isinstance(await alice.post(general, f"bus {i}"), fr.Ack)
        await bob.wait_for(lambda: len(bob.texts()) == 20)
        assert cluster.nodes[1].bus.stats["received"] > 0  # the bus carried them
        await asyncio.to_thread(nats.kill)
        for i in range(20, 40):
            assert isinstance(await alice.post(general, f"bus {i}"), fr.Ack)  # commits do not wait on the bus
        await bob.wait_for(lambda: len(bob.texts()) == 40, timeout=20)  # from the database
        await asyncio.to_thread(nats.start)
        for i in range(40, 60):
            assert isinstance(await alice.post(general, f"bus {i}"), fr.Ack)
        await bob.wait_for(lambda: len(bob.texts()) == 60, timeout=20)
        assert bob.problems == []
        assert bob.seqs() == visible(place, "bob")
        assert bob.texts() == [f"bus {i}" for i in range(60)]
        await alice.close()
        await bob.close()
    finally:
        await cluster.stop()


async def test_a_scheduled_message_due_while_its_node_is_killed_is_sent_once_by_another(team):
    place, tokens, general = team
    nodes = [Node(place, f"n{i}") for i in range(3)]
    try:
        alice = await WireClient(nodes[0].url, tokens["alice"]).connect()
        at = alice.welcome.server_ts + 2_500
        ack = await alice.command(fr.Schedule, channel=general, text="due after a crash", at=at)
        assert isinstance(ack, fr.Ack), ack
        nodes[0].kill()  # before it is due
        bob = await WireClient(nodes[1].url, tokens["bob"]).connect()
        carol = await WireClient(nodes[2].url, tokens["carol"]).connect()
        for client in (bob, carol):
            await client.wait_for(lambda c=client: "due after a crash" in c.texts(), timeout=15)
        [posted] = [e for e in bob.events if getattr(e, "text", None) == "due after a crash"]
        assert posted.ts >= at  # never early
        await asyncio.sleep(1.0)  # both live nodes keep ticking: never twice
        assert bob.texts().count("due after a crash") == 1
        await bob.close()
        await carol.close()
    finally:
        for node in nodes:
            node.stop()
    assert relay_texts(place).count("due after a crash") == 1
