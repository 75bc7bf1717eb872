"""Resending a command id returns the original ack and writes nothing new."""

from __future__ import annotations

import asyncio

from desktop.protocol import codec
from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from server_stub import db
from server_stub import log as evlog
from tests.relay_client import WireClient, running_relay


def _log_head(data) -> int:
    conn = db.connect(data, create=False)
    try:
        return evlog.head(conn)
    finally:
        conn.close()


def _events_with_cid(data, cid: str) -> list[int]:
    conn = db.connect(data, create=False)
    try:
        out = []
        for _seq, body in conn.execute("SELECT seq, body FROM events ORDER BY seq"):
            event = codec.decode_event(body)
            if getattr(event, "cid", None) == cid:
                out.append(event.seq)
        return out
    finally:
        conn.close()


def _assert_duplicate(first: fr.Ack, again) -> None:
    assert isinstance(again, fr.Ack), again
    assert again.duplicate is True and first.duplicate is False
    assert (again.id, again.seq, again.msg, again.channel, again.ts) == (first.id, first.seq, first.msg, first.channel, first.ts)


async def test_resend_on_the_same_connection(relay, workspace):
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    general = workspace.channels["general"]
    cid = new_client_id()
    first = await alice.post(general, "once", id=cid)
    assert isinstance(first, fr.Ack) and first.seq
    alice.acks.clear()
    again = await alice.post(general, "once", id=cid)
    _assert_duplicate(first, again)
    # The same id with a different body is still the same command: not applied again.
    alice.acks.clear()
    _assert_duplicate(first, await alice.post(general, "a different text", id=cid))
    # Several copies in flight at once (likely one group-commit batch) still make one event.
    cid2 = new_client_id()
    for _ in range(5):
        await alice.send_command(fr.Post, id=cid2, channel=general, text="burst")

    def burst_acks():
        return [f for f in alice.frames if isinstance(f, fr.Ack) and f.id == cid2]

    await alice.wait_for(lambda: len(burst_acks()) == 5)
    acks = burst_acks()
    assert [a.duplicate for a in acks] == [False, True, True, True, True]  # each copy answered once
    assert len({a.seq for a in acks}) == 1
    marker = await bob.post(general, "marker")
    await bob.wait_for(lambda: bob.cursor >= marker.seq)
    assert bob.texts(general) == ["once", "burst", "marker"]
    assert len(_events_with_cid(workspace.data, cid)) == 1
    assert len(_events_with_cid(workspace.data, cid2)) == 1
    assert alice.problems == bob.problems == []
    for c in (alice, bob):
        await c.close()


async def test_other_command_kinds_are_idempotent_too(relay, workspace):
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    general = workspace.channels["general"]
    msg = (await alice.post(general, "react to me")).msg
    for frame_type, fields in [
        (fr.React, {"msg": msg, "emoji": "👍"}),
        (fr.Edit, {"msg": msg, "text": "edited"}),
        (fr.CreateChannel, {"name": "fresh"}),
        (fr.MarkRead, {"channel": general, "upto": msg}),
    ]:
        cid = new_client_id()
        first = await alice.command(frame_type, id=cid, **fields)
        assert isinstance(first, fr.Ack) and first.seq, first
        head = _log_head(workspace.data)
        del alice.acks[cid]
        _assert_duplicate(first, await alice.command(frame_type, id=cid, **fields))
        assert _log_head(workspace.data) == head
    await alice.close()


async def test_the_same_id_from_another_user_is_another_command(relay, workspace):
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    cid = new_client_id()
    a = await alice.post(workspace.channels["general"], "from alice", id=cid)
    b = await bob.post(workspace.channels["general"], "from bob", id=cid)
    assert isinstance(a, fr.Ack) and isinstance(b, fr.Ack)
    assert not b.duplicate and b.seq != a.seq
    for c in (alice, bob):
        await c.close()


async def test_rejected_command_is_not_remembered(relay, workspace):
    """An error is not an outcome to replay: after the cause is fixed, the same id succeeds."""
    dave = await WireClient(relay.url, workspace.tokens["dave"]).connect()
    general = workspace.channels["general"]
    cid = new_client_id()
    refused = await dave.post(general, "let me in", id=cid)
    assert isinstance(refused, fr.Error) and refused.code == "not_member" and refused.id == cid
    assert isinstance(await dave.command(fr.Join, channel=general), fr.Ack)
    del dave.errors[cid]
    ok = await dave.post(general, "let me in", id=cid)
    assert isinstance(ok, fr.Ack) and not ok.duplicate
    await dave.close()


async def test_resend_after_reconnect(relay, workspace):
    general = workspace.channels["general"]
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    cid = new_client_id()
    first = await alice.post(general, "survives reconnect", id=cid)
    await alice.close()
    head = _log_head(workspace.data)

    again = await WireClient(relay.url, workspace.tokens["alice"], cursor=alice.cursor, epoch=alice.epoch).connect()
    _assert_duplicate(first, await again.post(general, "survives reconnect", id=cid))
    await asyncio.sleep(0.1)
    assert again.events == []  # nothing new was written, so nothing was sent
    assert _log_head(workspace.data) == head
    assert _events_with_cid(workspace.data, cid) == [first.seq]
    await again.close()


async def test_resend_after_relay_restart(workspace):
    general = workspace.channels["general"]
    cid = new_client_id()
    async with running_relay(workspace.data) as relay:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        first = await alice.post(general, "survives restart", id=cid)
        await alice.close()
    head = _log_head(workspace.data)

    async with running_relay(workspace.data) as relay:  # a new Relay object, same data dir
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
        alice = await WireClient(relay.url, workspace.tokens["alice"], cursor=alice.cursor, epoch=alice.epoch).connect()
        assert alice.welcome.resume == "ok"
        again = await alice.post(general, "survives restart", id=cid)
        _assert_duplicate(first, again)
        marker = await alice.post(general, "after restart")
        await bob.wait_for(lambda: bob.cursor >= marker.seq)
        posted = [e.text for e in bob.events if isinstance(e, ev.MessagePosted)]
        assert posted.count("survives restart") == 1
        assert marker.seq == head + 1  # the duplicate wrote nothing
        assert alice.problems == bob.problems == []
        for c in (alice, bob):
            await c.close()
    assert _events_with_cid(workspace.data, cid) == [first.seq]
