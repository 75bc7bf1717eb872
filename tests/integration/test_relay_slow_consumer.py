"""A client that stops reading is dropped (4009); everyone else keeps up, gap-free."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import time

import pytest

from desktop.protocol import codec
from desktop.protocol import frames as fr
from desktop.protocol.errors import CloseCode
from desktop.protocol.ids import new_client_id
from server_stub import db
from server_stub import log as evlog
from tests.integration.conftest import FAST
from tests.relay_client import WireClient, running_relay

SMALL_BUFFER = dataclasses.replace(
    FAST, max_send_buffer=256 * 1024, rate_per_s=100_000.0, rate_burst=100_000, close_timeout_s=1.0
)
BIG_TEXT = "界" * 15_900  # ~48 KB per event on the wire (with a short prefix, under the limit)


def _small_socket(port: int) -> socket.socket:
    """A connected client socket with a small receive window, so the relay's buffers fill fast."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)  # before connect: fixes the window
    sock.connect(("127.0.0.1", port))
    sock.setblocking(False)
    return sock


def _visible(data, user: str) -> list[int]:
    conn = db.connect(data, create=False)
    try:
        return [seq for seq, _ in evlog.iter_visible(conn, user)]
    finally:
        conn.close()


def _connections_of(relay, user: str) -> int:
    return len(relay.hub.by_user.get(user, ()))


async def _ping_rtt(client: WireClient) -> float:
    start = time.monotonic()
    cid = new_client_id()
    await client.ws.send(codec.encode(fr.Ping(id=cid)), text=True)
    await client.wait_for(lambda: any(isinstance(f, fr.Pong) and f.id == cid for f in client.frames), 5)
    return time.monotonic() - start


async def _flood(alice: WireClient, channel: str, n: int) -> list[fr.Ack]:
    """One post at a time, so each publish is one ~48 KB event: healthy readers keep
    their buffers near empty while the paused one's grows past the limit."""
    acks = [await alice.post(channel, f"{i} {BIG_TEXT}") for i in range(n)]
    assert all(isinstance(a, fr.Ack) for a in acks)
    return acks


@pytest.mark.parametrize("resume_reading", [True, False], ids=["resumes-later", "never-reads-again"])
async def test_slow_consumer_is_dropped_and_others_get_everything(workspace, resume_reading):
    general = workspace.channels["general"]
    async with running_relay(workspace.data, SMALL_BUFFER) as relay:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        carol = await WireClient(relay.url, workspace.tokens["carol"]).connect()
        slow = await WireClient(relay.url, workspace.tokens["bob"]).connect(sock=_small_socket(relay.port))
        bob_ok = await WireClient(relay.url, workspace.tokens["bob"]).connect()  # bob's other, healthy device
        slow.ws.transport.pause_reading()

        acks = await _flood(alice, general, 150)  # ~7 MB per receiver
        # The relay stays responsive while the slow connection is stuck.
        assert await _ping_rtt(alice) < 1.0
        await carol.wait_for(lambda: carol.cursor >= acks[-1].seq, 30)
        await bob_ok.wait_for(lambda: bob_ok.cursor >= acks[-1].seq, 30)

        # The relay gives up on the slow connection: gone within the close timeout,
        # whether or not the client ever reads again.
        deadline = time.monotonic() + SMALL_BUFFER.close_timeout_s + 3
        if resume_reading:
            slow.ws.transport.resume_reading()
            assert await slow.wait_closed(10) == CloseCode.SLOW_CONSUMER
        while _connections_of(relay, "bob") > 1 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert _connections_of(relay, "bob") == 1, "the relay still holds the slow connection"

        # Everyone else got every event, once, in order.
        for c in (carol, bob_ok):
            assert c.problems == []
        assert carol.seqs() == _visible(workspace.data, "carol")
        assert bob_ok.seqs() == _visible(workspace.data, "bob")
        if resume_reading:
            # What the slow client did get before the drop is a gap-free prefix.
            assert slow.problems == []
            assert slow.seqs() == _visible(workspace.data, "bob")[: len(slow.seqs())]
            assert len(slow.seqs()) < len(bob_ok.seqs())
        else:
            slow.ws.transport.abort()  # our end of the dead connection

        # The relay still works for everyone, and bob can reconnect and resume.
        last = await alice.post(general, "after the drop")
        await carol.wait_for(lambda: carol.cursor >= last.seq)
        if resume_reading:
            back = await WireClient(relay.url, workspace.tokens["bob"], cursor=slow.cursor, epoch=slow.epoch).connect()
            await back.wait_for(lambda: back.cursor >= last.seq)
            assert slow.seqs() + back.seqs() == _visible(workspace.data, "bob")
            await back.close()
        for c in (alice, carol, bob_ok):
            await c.close()
        await slow.close()


async def test_client_that_stops_reading_during_catch_up_is_dropped(workspace):
    general = workspace.channels["general"]
    config = dataclasses.replace(SMALL_BUFFER, send_timeout_s=0.5)
    async with running_relay(workspace.data, config) as relay:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        await _flood(alice, general, 150)  # ~7 MB of history to replay
        stuck = WireClient(relay.url, workspace.tokens["bob"])
        await stuck.connect(wait_synced=False, sock=_small_socket(relay.port))
        stuck.ws.transport.pause_reading()
        registered = time.monotonic() + 5
        while not _connections_of(relay, "bob") and time.monotonic() < registered:
            await asyncio.sleep(0.01)
        assert _connections_of(relay, "bob") == 1  # authenticated, catching up
        assert not stuck.synced.is_set()
        deadline = time.monotonic() + config.send_timeout_s + config.close_timeout_s + 3
        while _connections_of(relay, "bob") and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert _connections_of(relay, "bob") == 0, "the relay still holds a client stuck in catch-up"
        # A healthy client catches up the same history meanwhile.
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
        assert bob.seqs() == _visible(workspace.data, "bob")
        stuck.ws.transport.abort()
        for c in (alice, bob):
            await c.close()
        stopping = time.monotonic()
    assert time.monotonic() - stopping < 5  # Relay.stop is not held up either
