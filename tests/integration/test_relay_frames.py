"""Frames the relay sends stay within the limits clients enforce (size and count)."""

from __future__ import annotations

import dataclasses

from desktop.protocol import frames as fr
from desktop.protocol.version import MAX_EVENTS_PER_FRAME, MAX_FRAME_BYTES, MAX_TEXT_CHARS
from server_stub import db
from server_stub import log as evlog
from tests.integration.conftest import FAST
from tests.relay_client import WireClient, running_relay

BULK = dataclasses.replace(FAST, rate_per_s=100_000.0, rate_burst=100_000)
# The largest message text in bytes: 4-byte UTF-8 characters (emoji) at the character limit.
HUGE = "😀" * (MAX_TEXT_CHARS - 8)


def _visible(data, user: str) -> list[int]:
    conn = db.connect(data, create=False)
    try:
        return [seq for seq, _ in evlog.iter_visible(conn, user)]
    finally:
        conn.close()


async def test_big_group_commits_are_split_into_frames_clients_accept(workspace):
    """The desktop client connects with max_size=MAX_FRAME_BYTES; a bigger frame closes it (1009)."""
    general = workspace.channels["general"]
    async with running_relay(workspace.data, BULK) as relay:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect(max_size=MAX_FRAME_BYTES)
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect(max_size=MAX_FRAME_BYTES)
        # Pipelined: the writer commits many of these in one batch and publishes them together.
        cids = [await alice.send_command(fr.Post, channel=general, text=f"{i:03d}{HUGE}") for i in range(60)]
        acks = [await alice.answer(c, timeout=30) for c in cids]
        assert all(isinstance(a, fr.Ack) for a in acks)
        await bob.wait_for(lambda: bob.cursor >= acks[-1].seq, 30)
        assert bob.problems == [] and not bob.closed.is_set()
        assert len(bob.texts(general)) == 60
        live_frames = [f for f in bob.frames if isinstance(f, fr.Events)]
        assert len(live_frames) >= 60 * len(HUGE.encode()) // MAX_FRAME_BYTES

        # Catch-up from scratch: 60 huge events must not come as one 15 MB frame either.
        carol = await WireClient(relay.url, workspace.tokens["carol"]).connect(max_size=MAX_FRAME_BYTES)
        assert carol.problems == [] and not carol.closed.is_set()
        assert carol.seqs() == _visible(workspace.data, "carol")
        for c in (alice, bob, carol):
            await c.close()


async def test_many_small_events_respect_the_event_count_limit(workspace):
    general = workspace.channels["general"]
    async with running_relay(workspace.data, BULK) as relay:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        cids = [await alice.send_command(fr.Post, channel=general, text=f"m{i}") for i in range(1500)]
        acks = [await alice.answer(c, timeout=30) for c in cids]
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
        await alice.wait_for(lambda: alice.cursor >= acks[-1].seq, 30)
        for c in (alice, bob):
            sizes = [len(f.events) for f in c.frames if isinstance(f, fr.Events)]
            assert max(sizes) <= MAX_EVENTS_PER_FRAME
        assert bob.seqs() == _visible(workspace.data, "bob")
        for c in (alice, bob):
            await c.close()


async def test_fan_out_with_and_without_compression(workspace):
    """Uncompressed connections share one serialized frame; compressed ones get their own."""
    general = workspace.channels["general"]
    async with running_relay(workspace.data, dataclasses.replace(BULK, compression=True)) as relay:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect(compression=None)
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect(compression="deflate")
        carol = await WireClient(relay.url, workspace.tokens["carol"]).connect(compression=None)
        assert bob.ws.protocol.extensions and not alice.ws.protocol.extensions
        texts = [f"{i} " + "compressible " * 50 for i in range(30)]
        cids = [await alice.send_command(fr.Post, channel=general, text=t) for t in texts]
        acks = [await alice.answer(c) for c in cids]
        for c in (alice, bob, carol):
            await c.wait_for(lambda c=c: c.cursor >= acks[-1].seq)
            assert c.problems == []
            assert c.texts(general) == texts
            assert c.seqs() == _visible(workspace.data, c.welcome.user)
        for c in (alice, bob, carol):
            await c.close()
