"""Two or more real connections to a real relay: messages reach members only."""

from __future__ import annotations

import asyncio

from desktop.protocol import events as ev
from desktop.protocol import codec
from desktop.protocol import frames as fr
from tests.relay_client import WireClient


async def test_members_exchange_messages_and_non_members_see_nothing(relay, workspace):
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    dave = await WireClient(relay.url, workspace.tokens["dave"]).connect()
    secret = workspace.channels["secret"]

    ack = await alice.post(secret, "launch is on 周五")
    assert isinstance(ack, fr.Ack) and ack.msg == ack.seq
    await bob.wait_for(lambda: "launch is on 周五" in bob.texts(secret))

    reply = await bob.post(secret, "thread reply", thread=ack.msg)
    assert isinstance(reply, fr.Ack)
    edit = await alice.command(fr.Edit, msg=ack.msg, text="launch is on Monday")
    react = await bob.command(fr.React, msg=ack.msg, emoji="👍")
    pin = await bob.command(fr.Pin, msg=ack.msg)
    delete = await bob.command(fr.Delete, msg=reply.msg)
    for a in (edit, react, pin, delete):
        assert isinstance(a, fr.Ack) and a.seq, a
    await alice.wait_for(lambda: any(isinstance(e, ev.MessageDeleted) for e in alice.events))
    kinds = [type(e).__name__ for e in alice.events if e.channel == secret]
    assert kinds[-6:] == [
        "MessagePosted", "MessagePosted", "MessageEdited", "ReactionAdded", "MessagePinned", "MessageDeleted"
    ]
    threaded = [e for e in alice.events if isinstance(e, ev.MessagePosted) and e.thread == ack.msg]
    assert [e.text for e in threaded] == ["thread reply"]

    # dave is in no channel with them: he saw none of it, and cannot post or read there.
    await asyncio.sleep(0.1)
    assert not [e for e in dave.events if e.channel == secret]
    refused = await dave.post(secret, "let me in")
    assert isinstance(refused, fr.Error) and refused.code == "not_member"
    history = await dave.command(fr.History, channel=secret)
    assert isinstance(history, fr.Error) and history.code == "not_member"
    join = await dave.command(fr.Join, channel=secret)
    assert isinstance(join, fr.Error) and join.code == "forbidden"
    edit_other = await bob.command(fr.Edit, msg=ack.msg, text="mine now")
    assert isinstance(edit_other, fr.Error) and edit_other.code == "forbidden"
    for c in (alice, bob, dave):
        await c.close()


async def test_history_pages_backwards(relay, workspace):
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    general = workspace.channels["general"]
    for i in range(12):
        assert isinstance(await alice.post(general, f"m{i}"), fr.Ack)
    alice.acks.clear()
    page_id = "0192f0c2-aaaa-7bbb-8ccc-000000000001"
    await alice.ws.send(
        codec.encode(
            fr.History(id=page_id, channel=general, limit=5)
        ),
        text=True,
    )
    await alice.wait_for(lambda: any(isinstance(f, fr.HistoryResult) for f in alice.frames))
    page = next(f for f in alice.frames if isinstance(f, fr.HistoryResult))
    assert page.more is True
    assert [e.text for e in page.events] == [f"m{i}" for i in range(7, 12)]
    await alice.close()


async def test_history_pages_stay_under_the_frame_limit(relay, workspace):
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    general = workspace.channels["general"]
    big = "长" * 15_000  # ~45 KB per message as UTF-8
    for _ in range(12):
        assert isinstance(await alice.post(general, big), fr.Ack)
    seen, before = [], None
    for _ in range(20):
        qid = codec.encode(fr.History(id="0192f0c2-aaaa-7bbb-8ccc-0000000000%02d" % len(seen), channel=general, before=before, limit=500))
        count = len([f for f in alice.frames if isinstance(f, fr.HistoryResult)])
        await alice.ws.send(qid, text=True)
        await alice.wait_for(lambda: len([f for f in alice.frames if isinstance(f, fr.HistoryResult)]) > count)
        page = [f for f in alice.frames if isinstance(f, fr.HistoryResult)][-1]
        seen[:0] = [e.seq for e in page.events]
        if not page.more:
            break
        before = page.events[0].seq
    assert not alice.closed.is_set()  # no frame ever exceeded the limit (the client would drop)
    posts = [e.seq for e in alice.events if e.channel == general and isinstance(e, ev.MessagePosted)]
    assert [s for s in seen if s in posts] == posts  # every page joined up, none skipped
    await alice.close()


async def test_direct_messages_cannot_be_left(relay, workspace):
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    dm = await alice.command(fr.OpenDm, user="bob")
    assert isinstance(dm, fr.Ack) and dm.channel
    left = await alice.command(fr.Leave, channel=dm.channel)
    assert isinstance(left, fr.Error) and left.code == "forbidden"
    again = await alice.command(fr.OpenDm, user="bob")
    assert again.channel == dm.channel
    assert isinstance(await alice.post(dm.channel, "still here"), fr.Ack)
    await alice.close()
