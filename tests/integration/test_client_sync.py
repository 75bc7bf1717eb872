"""Client core against a real relay: offline outbox, exactly-once, resume, resync."""

from __future__ import annotations

import asyncio

import pytest

from desktop.net.state import Link
from desktop.protocol import codec
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import engine, free_port, open_profile, relay_texts, relay_visible
from tests.relay_client import WireClient

FAST = RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5, rate_per_s=10_000, rate_burst=10_000)


async def start_relay(workspace, port: int, **overrides) -> Relay:
    config = RelayConfig(**{**FAST.__dict__, **overrides})
    relay = Relay(workspace.data, "127.0.0.1", port, config=config)
    await relay.start()
    return relay


async def test_fifty_offline_messages_arrive_once_in_order(tmp_path, workspace):
    port = free_port()
    url = f"ws://127.0.0.1:{port}"
    general = workspace.channels["general"]
    relay = await start_relay(workspace, port)
    alice, bob = open_profile(tmp_path / "alice"), open_profile(tmp_path / "bob")
    await engine(alice, url, workspace.tokens["alice"]).sync_once()
    await engine(bob, url, workspace.tokens["bob"]).sync_once()
    await relay.stop()

    texts = [f"offline {i} 离线" for i in range(50)]
    for text in texts:
        alice.enqueue(fr.Post(id=new_client_id(), channel=general, text=text))
    assert [p.text for p in alice.pending_posts(general)] == texts  # visible at once, as pending
    with pytest.raises(OSError):
        await engine(alice, url, workspace.tokens["alice"]).sync_once()
    assert len(alice.pending_posts(general)) == 50  # nothing lost by the failed attempt

    relay = await start_relay(workspace, port)
    try:
        report = await engine(alice, url, workspace.tokens["alice"]).sync_once()
        assert report.sent == 50 and not report.failed
        assert alice.pending_posts(general) == []
        await engine(bob, url, workspace.tokens["bob"]).sync_once()
    finally:
        await relay.stop()
    assert relay_texts(workspace.data).count(texts[0]) == 1
    assert [t for t in relay_texts(workspace.data) if "离线" in t] == texts
    assert [m.text for m in bob.messages(general, limit=100)][-50:] == texts
    assert [m.text for m in alice.messages(general, limit=100)][-50:] == texts
    alice.close()
    bob.close()


async def test_relay_restart_mid_catch_up_leaves_cache_equal_to_log(tmp_path, workspace):
    port = free_port()
    url = f"ws://127.0.0.1:{port}"
    general = workspace.channels["general"]
    relay = await start_relay(workspace, port, replay_batch=50)
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    ids = [new_client_id() for _ in range(3000)]
    for i, cid in enumerate(ids):
        await bob.ws.send(
            codec.encode(
                fr.Post(id=cid, channel=general, text=f"backlog {i}")
            ),
            text=True,
        )
    await bob.wait_for(lambda: len(bob.acks) == len(ids), timeout=60)
    await bob.close()

    alice = open_profile(tmp_path / "alice")
    sync = engine(alice, url, workspace.tokens["alice"])
    states = []
    sync.subscribe(lambda s: states.append(s.link))
    runner = asyncio.create_task(sync.run())
    # Let the catch-up begin, then take the relay away in the middle of it.
    for _ in range(400):
        await asyncio.sleep(0.01)
        if alice.cursor() > 0:
            break
    head = relay.hub.published_head
    assert 0 < alice.cursor() < head, "catch-up finished before the restart; make the backlog larger"
    await relay.stop()
    await asyncio.sleep(0.2)
    relay = await start_relay(workspace, port, replay_batch=50)
    try:
        for _ in range(1000):
            await asyncio.sleep(0.02)
            if sync.state.link is Link.ONLINE and alice.cursor() >= head:
                break
        assert sync.state.link is Link.ONLINE
    finally:
        await sync.stop()
        runner.cancel()
        await relay.stop()
    assert Link.OFFLINE in states  # it really lost the connection on the way
    truth = [e for e in relay_visible(workspace.data, "alice") if e.kind == "message.posted" and e.channel == general]
    cached = alice.messages(general, limit=10_000)
    assert [(m.id, m.text) for m in cached] == [(e.seq, e.text) for e in truth]
    alice.close()


async def test_refused_command_is_kept_as_failed_with_reason(tmp_path, workspace):
    port = free_port()
    url = f"ws://127.0.0.1:{port}"
    relay = await start_relay(workspace, port)
    dave = open_profile(tmp_path / "dave")
    try:
        await engine(dave, url, workspace.tokens["dave"]).sync_once()
        secret = workspace.channels["secret"]
        item = dave.enqueue(fr.Post(id=new_client_id(), channel=secret, text="not allowed"))
        report = await engine(dave, url, workspace.tokens["dave"]).sync_once()
    finally:
        await relay.stop()
    assert [cid for cid, _ in report.failed] == [item.cid]
    [failed] = dave.outbox(("failed",))
    assert failed.cid == item.cid and "not a member" in failed.error
    dave.retry(item.cid)
    assert [i.cid for i in dave.outbox(("pending",))] == [item.cid]
    dave.discard(item.cid)
    assert dave.outbox(("pending", "failed")) == []
    assert "not allowed" not in relay_texts(workspace.data)
    dave.close()


async def test_refused_token_is_an_error_not_a_retry(tmp_path, workspace):
    port = free_port()
    relay = await start_relay(workspace, port)
    store = open_profile(tmp_path / "x")
    sync = engine(store, f"ws://127.0.0.1:{port}", "not-a-real-token")
    try:
        await asyncio.wait_for(sync.run(), 5)
    finally:
        await relay.stop()
    assert sync.state.link is Link.ERROR
    assert "token" in sync.state.reason
    store.close()
