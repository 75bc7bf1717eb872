"""The relay's tasks feature on the wire: visibility, authority over versions across a
restart, refusals with documented codes, idempotent resend."""

from __future__ import annotations

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from tests.relay_client import WireClient, running_relay


def edit(field, value, base=0):
    return [fr.TaskFieldEdit(field=field, value=value, base=base)]


async def test_visibility_versions_after_restart_and_refusals(workspace):
    general, secret = workspace.channels["general"], workspace.channels["secret"]
    task = new_client_id()
    async with running_relay(workspace.data) as relay:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        ack = await alice.command(fr.TaskCreate, id=task, channel=general,
                                  changes=[fr.TaskFieldEdit(field="title", value="Budget"), fr.TaskFieldEdit(field="estimate", value=5)])
        assert isinstance(ack, fr.Ack) and ack.seq
        created = ack.seq
        # The same command again (a resend after a lost ack): the original ack, no second task.
        alice2 = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        again = await alice2.command(fr.TaskCreate, id=task, channel=general, changes=[fr.TaskFieldEdit(field="title", value="Budget")])
        assert isinstance(again, fr.Ack) and again.duplicate and again.seq == created
        assert [e.task for e in alice2.events if isinstance(e, ev.TaskCreated)] == [task]
        await alice2.close()
        # dave is not in #general: he can neither see the task nor touch it.
        dave = await WireClient(relay.url, workspace.tokens["dave"]).connect()
        err = await dave.command(fr.TaskEdit, task=task, changes=edit("title", "mine now"))
        assert isinstance(err, fr.Error) and err.code == "not_found"
        assert not [e for e in dave.events if isinstance(e, ev.TaskCreated)]
        # A source message from another channel is refused.
        posted = await alice.post(secret, "psst")
        err = await alice.command(fr.TaskCreate, channel=general, changes=[fr.TaskFieldEdit(field="title", value="x")], source_msg=posted.msg)
        assert isinstance(err, fr.Error) and err.code == "invalid" and "another channel" in err.message
        err = await alice.command(fr.TaskCreate, channel=general, changes=[])
        assert isinstance(err, fr.Error) and "title" in err.message
        # Unchanged value: acknowledged, nothing appended.
        same = await alice.command(fr.TaskEdit, task=task, changes=edit("estimate", 5, created))
        assert isinstance(same, fr.Ack) and same.seq is None
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
        ack = await bob.command(fr.TaskEdit, task=task, changes=edit("estimate", 8, created))
        assert isinstance(ack, fr.Ack)
        bobs = ack.seq
        for c in (alice, bob, dave):
            await c.close()

    async with running_relay(workspace.data) as relay:  # versions survive a restart
        carol = await WireClient(relay.url, workspace.tokens["carol"]).connect()
        ack = await carol.command(fr.TaskEdit, task=task, changes=edit("estimate", 13, created))  # had not seen bob's
        assert isinstance(ack, fr.Ack)
        await carol.wait_for(lambda: any(getattr(e, "seq", 0) == ack.seq for e in carol.events))
        [update] = [e for e in carol.events if e.seq == ack.seq]
        assert update.changes[0].lost == ev.TaskLost(actor="bob", value=8.0, seq=bobs)
        ack = await carol.command(fr.TaskEdit, task=task, changes=edit("estimate", 21, ack.seq))  # her own, seen: no conflict
        await carol.wait_for(lambda: any(getattr(e, "seq", 0) == ack.seq for e in carol.events))
        assert [e for e in carol.events if e.seq == ack.seq][0].changes[0].lost is None
        await carol.close()
