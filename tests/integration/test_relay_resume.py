"""Resume from a cursor: exactly the missed visible events, in bounded batches, then live."""

from __future__ import annotations

import dataclasses

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.version import MAX_EVENTS_PER_FRAME
from server_stub import db
from server_stub import log as evlog
from tests.integration.conftest import FAST
from tests.relay_client import WireClient, running_relay

# Posting 1,200 events quickly needs more than the default per-connection rate.
BULK = dataclasses.replace(FAST, rate_per_s=100_000.0, rate_burst=100_000)


def _visible(data, user: str, after: int = 0) -> list[int]:
    conn = db.connect(data, create=False)
    try:
        return [seq for seq, _body in evlog.iter_visible(conn, user) if seq > after]
    finally:
        conn.close()


async def _post_many(client: WireClient, channel: str, n: int, prefix: str) -> list[fr.Ack]:
    """Pipelined posts (the relay commits them in groups); returns the acks in order."""
    cids = [await client.send_command(fr.Post, channel=channel, text=f"{prefix} {i}") for i in range(n)]
    acks = [await client.answer(c, timeout=30) for c in cids]
    assert all(isinstance(a, fr.Ack) for a in acks), [a for a in acks if not isinstance(a, fr.Ack)][:3]
    return acks


def _frames_until_synced(client: WireClient) -> tuple[list, list]:
    """(frames up to and including `synced`, frames after it)."""
    index = next(i for i, f in enumerate(client.frames) if isinstance(f, fr.Synced))
    return client.frames[: index + 1], client.frames[index + 1 :]


async def test_resume_gets_exactly_the_missed_events_in_batches_then_live(workspace):
    general, secret, zh = (workspace.channels[k] for k in ("general", "secret", "产品讨论"))
    async with running_relay(workspace.data, BULK) as relay:
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        carol = await WireClient(relay.url, workspace.tokens["carol"]).connect()
        await bob.post(general, "before the gap")
        await bob.wait_for(lambda: "before the gap" in bob.texts())
        await bob.close()
        cursor, epoch, seen = bob.cursor, bob.epoch, bob.seqs()
        assert cursor == _visible(workspace.data, "bob")[-1]

        # 1,200 events bob can see, interleaved with events he cannot (not a member of 产品讨论).
        await _post_many(alice, general, 500, "g")
        await _post_many(carol, zh, 300, "zh")
        await _post_many(alice, secret, 400, "s")
        await _post_many(carol, general, 300, "c")
        missed = _visible(workspace.data, "bob", after=cursor)
        assert len(missed) == 1200

        back = await WireClient(relay.url, workspace.tokens["bob"], cursor=cursor, epoch=epoch).connect()
        assert back.welcome.resume == "ok"
        catch_up, _ = _frames_until_synced(back)
        assert isinstance(catch_up[0], fr.Welcome)
        batches = [f for f in catch_up if isinstance(f, fr.Events)]
        assert all(len(b.events) <= MAX_EVENTS_PER_FRAME for b in batches)
        assert len(batches) >= 3
        assert back.seqs() == missed  # exactly the missed visible events, in order
        assert back.problems == []
        assert not [e for e in back.events if e.channel == zh]
        assert catch_up[-1].head == missed[-1]  # the last 300 events were visible to bob

        # ... then live.
        live = await alice.post(general, "live after resume")
        await back.wait_for(lambda: back.cursor >= live.seq)
        _, after = _frames_until_synced(back)
        assert [e.seq for f in after if isinstance(f, fr.Events) for e in f.events] == [live.seq]
        # The whole history bob has applied across both connections is his visible log.
        assert seen + back.seqs() == _visible(workspace.data, "bob")
        for c in (alice, carol, back):
            await c.close()


async def test_events_during_catch_up_are_neither_lost_nor_duplicated(workspace):
    """Posts committed while a client is catching up land either in the replay or live."""
    general = workspace.channels["general"]
    async with running_relay(workspace.data, dataclasses.replace(BULK, replay_batch=50)) as relay:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        await _post_many(alice, general, 600, "old")
        # Keep posting while bob connects from scratch and replays in small batches.
        cids = [await alice.send_command(fr.Post, channel=general, text=f"racing {i}") for i in range(50)]
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect(wait_synced=False)
        cids += [await alice.send_command(fr.Post, channel=general, text=f"racing {i}") for i in range(50, 300)]
        acks = [await alice.answer(c, timeout=30) for c in cids]
        await bob.wait_for(lambda: bob.synced.is_set() and bob.cursor >= acks[-1].seq, timeout=30)
        assert bob.problems == []
        assert bob.seqs() == _visible(workspace.data, "bob")
        catch_up, _ = _frames_until_synced(bob)
        replayed = [f for f in catch_up if isinstance(f, fr.Events)]
        assert len(replayed) >= 12 and max(len(f.events) for f in replayed) <= 50
        for c in (alice, bob):
            await c.close()


async def test_wrong_epoch_means_reset_and_full_replay(relay, workspace):
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    await bob.post(workspace.channels["general"], "hello")
    await bob.close()
    again = await WireClient(relay.url, workspace.tokens["bob"], cursor=bob.cursor, epoch="not-this-relay").connect()
    assert again.welcome.resume == "reset" and again.welcome.reason
    assert again.welcome.epoch == bob.epoch
    assert again.seqs() == _visible(workspace.data, "bob")
    assert isinstance(again.events[0], ev.UserCreated) and again.events[0].seq == 1
    # No epoch at all with a cursor is just as unusable.
    third = await WireClient(relay.url, workspace.tokens["bob"], cursor=bob.cursor, epoch=None).connect()
    assert third.welcome.resume == "reset"
    assert third.seqs() == _visible(workspace.data, "bob")
    for c in (again, third):
        await c.close()


async def test_cursor_ahead_of_the_head_means_reset_and_full_replay(relay, workspace):
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    await bob.close()
    for cursor in (bob.cursor + 1, 10**6, 2**63, 2**70):
        again = await WireClient(relay.url, workspace.tokens["bob"], cursor=cursor, epoch=bob.epoch).connect()
        assert again.welcome.resume == "reset", cursor
        assert again.seqs() == _visible(workspace.data, "bob")
        await again.close()


async def test_cursor_at_the_head_replays_nothing(relay, workspace):
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    await bob.close()
    again = await WireClient(relay.url, workspace.tokens["bob"], cursor=bob.cursor, epoch=bob.epoch).connect()
    assert again.welcome.resume == "ok"
    assert again.events == []
    assert [type(f) for f in again.frames] == [fr.Welcome, fr.Synced]
    await again.close()


async def test_epoch_survives_restart_so_cursors_stay_valid(workspace):
    async with running_relay(workspace.data) as relay:
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
        await bob.close()
    async with running_relay(workspace.data) as relay:
        again = await WireClient(relay.url, workspace.tokens["bob"], cursor=bob.cursor, epoch=bob.epoch).connect()
        assert again.welcome.resume == "ok" and again.welcome.epoch == bob.epoch
        assert again.events == []
        await again.close()
