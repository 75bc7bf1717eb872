"""Scheduled messages, DND and status on a real relay with an injected clock."""

from __future__ import annotations

import asyncio

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.attention import DndSettings
from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import relay_texts
from tests.relay_client import WireClient

T0 = 1_800_000_000_000  # the relay's "now" at the start of every test
MIN = 60_000


class FakeClock:
    def __init__(self, ms: int = T0):
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


async def start(workspace, clock) -> Relay:
    relay = Relay(workspace.data, "127.0.0.1", 0,
                  config=RelayConfig(poll_interval_s=0.02, close_timeout_s=0.5, clock=clock))
    await relay.start()
    return relay


async def settle(relay: Relay) -> None:
    """Let the writer run a few ticks at the current fake time."""
    await asyncio.sleep(0.15)


def scheduled(client: WireClient, sched: str) -> list[ev.ScheduledChanged]:
    return [e for e in client.events if isinstance(e, ev.ScheduledChanged) and e.sched == sched]


async def test_scheduled_message_posted_once_at_its_time_with_the_sender_gone(workspace):
    general = workspace.channels["general"]
    clock = FakeClock()
    relay = await start(workspace, clock)
    try:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        ack = await alice.command(fr.Schedule, channel=general, text="standup in 5", at=T0 + 30 * MIN)
        assert isinstance(ack, fr.Ack), ack
        [pending] = scheduled(alice, ack.id)
        assert pending.state == "pending" and pending.at == T0 + 30 * MIN
        await alice.close()  # the sender's app is closed from here on
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
        clock.ms = T0 + 30 * MIN - 1  # one millisecond early: nothing
        await settle(relay)
        assert "standup in 5" not in bob.texts()
        clock.ms = T0 + 30 * MIN
        await bob.wait_for(lambda: "standup in 5" in bob.texts(), timeout=5)
        [posted] = [e for e in bob.events if isinstance(e, ev.MessagePosted) and e.text == "standup in 5"]
        assert posted.actor == "alice" and posted.ts == T0 + 30 * MIN
        # The scheduled-message record is Alice's only: Bob never sees it.
        assert not [e for e in bob.events if isinstance(e, ev.ScheduledChanged)]
        clock.ms += 60 * MIN
        await settle(relay)
        await bob.close()
    finally:
        await relay.stop()
    assert relay_texts(workspace.data).count("standup in 5") == 1
    alice = None
    clock2 = FakeClock(T0 + 120 * MIN)
    relay = await start(workspace, clock2)
    try:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        states = [e.state for e in scheduled(alice, ack.id)]
        assert states[-1] == "sent" and not scheduled(alice, ack.id)[-1].late
        await alice.close()
    finally:
        await relay.stop()


async def test_pending_schedules_survive_a_relay_restart(workspace):
    general = workspace.channels["general"]
    clock = FakeClock()
    relay = await start(workspace, clock)
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    acks = [await alice.command(fr.Schedule, channel=general, text=f"later {i}", at=T0 + (i + 1) * MIN)
            for i in range(3)]
    assert all(isinstance(a, fr.Ack) for a in acks)
    await alice.close()
    await relay.stop()
    assert not [t for t in relay_texts(workspace.data) if t.startswith("later")]
    clock.ms = T0 + 2 * MIN  # two were due while the relay was down
    relay = await start(workspace, clock)
    try:
        await settle(relay)
        assert [t for t in relay_texts(workspace.data) if t.startswith("later")] == ["later 0", "later 1"]
        clock.ms = T0 + 3 * MIN
        await settle(relay)
    finally:
        await relay.stop()
    assert [t for t in relay_texts(workspace.data) if t.startswith("later")] == ["later 0", "later 1", "later 2"]


async def test_cancel_and_edit_race_with_the_due_time(workspace):
    general = workspace.channels["general"]
    clock = FakeClock()
    relay = await start(workspace, clock)
    try:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        a = await alice.command(fr.Schedule, channel=general, text="to cancel", at=T0 + MIN)
        b = await alice.command(fr.Schedule, channel=general, text="to edit", at=T0 + MIN)
        c = await alice.command(fr.Schedule, channel=general, text="too late to cancel", at=T0 + MIN)
        d = await alice.command(fr.Schedule, channel=general, text="send me now", at=T0 + 600 * MIN)
        assert isinstance(await alice.command(fr.ScheduleCancel, sched=a.id), fr.Ack)
        edit = await alice.command(fr.ScheduleEdit, sched=b.id, text="edited text", at=T0 + 2 * MIN)
        assert isinstance(edit, fr.Ack)
        now = await alice.command(fr.ScheduleSendNow, sched=d.id)
        assert isinstance(now, fr.Ack)
        assert scheduled(alice, d.id)[-1].state == "sent"
        # The due time arrives while a cancel is in flight: exactly one of them wins.
        clock.ms = T0 + MIN
        cancel_c = await alice.send_command(fr.ScheduleCancel, sched=c.id)
        answer = await alice.answer(cancel_c)
        await settle(relay)
        texts = relay_texts(workspace.data)
        if isinstance(answer, fr.Ack):
            assert "too late to cancel" not in texts
        else:
            assert answer.code == "conflict" and "already sent" in answer.message
            assert texts.count("too late to cancel") == 1
        assert "to cancel" not in texts and "to edit" not in texts and "edited text" not in texts
        late_cancel = await alice.command(fr.ScheduleCancel, sched=d.id)
        assert isinstance(late_cancel, fr.Error) and "already sent" in late_cancel.message
        clock.ms = T0 + 2 * MIN
        await alice.wait_for(lambda: "edited text" in alice.texts(general), timeout=5)
        missing = await alice.command(fr.ScheduleCancel, sched="x" * 20)
        assert isinstance(missing, fr.Error) and missing.code == "not_found"
        assert alice.problems == []
        await alice.close()
    finally:
        await relay.stop()
    texts = relay_texts(workspace.data)
    assert texts.count("edited text") == 1 and texts.count("send me now") == 1


async def test_schedule_refused_where_the_sender_cannot_post(workspace):
    clock = FakeClock()
    relay = await start(workspace, clock)
    try:
        dave = await WireClient(relay.url, workspace.tokens["dave"]).connect()
        err = await dave.command(fr.Schedule, channel=workspace.channels["secret"], text="hi", at=T0 + MIN)
        assert isinstance(err, fr.Error) and err.code in ("not_member", "not_found")
        err = await dave.command(fr.Schedule, channel=workspace.channels["general"], text="x",
                                 until_dnd_ends=True)
        assert isinstance(err, fr.Error)
        await dave.close()
    finally:
        await relay.stop()


async def test_late_schedule_from_an_offline_client_is_posted_and_marked_late(workspace):
    general = workspace.channels["general"]
    clock = FakeClock()
    relay = await start(workspace, clock)
    try:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        ack = await alice.command(fr.Schedule, channel=general, text="queued offline", at=T0 - 10 * MIN)
        assert isinstance(ack, fr.Ack)
        [record] = scheduled(alice, ack.id)
        assert record.state == "sent" and record.late and record.msg
        await alice.close()
    finally:
        await relay.stop()


async def test_deliver_when_recipient_dnd_ends(workspace):
    clock = FakeClock()
    relay = await start(workspace, clock)
    try:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
        ack = await bob.command(fr.SetDnd, settings=DndSettings(manual_until=T0 + 60 * MIN))
        assert isinstance(ack, fr.Ack)
        # Alice sees that Bob is in DND until then (they share #general).
        await alice.wait_for(lambda: any(isinstance(e, ev.StatusChanged) and e.user == "bob"
                                         and e.dnd_until == T0 + 60 * MIN for e in alice.events))
        dm = await alice.command(fr.OpenDm, user="bob")
        held = await alice.command(fr.Schedule, channel=dm.channel, text="when you are back", until_dnd_ends=True)
        assert isinstance(held, fr.Ack)
        clock.ms = T0 + 59 * MIN
        await settle(relay)
        assert "when you are back" not in bob.texts()
        clock.ms = T0 + 60 * MIN
        await bob.wait_for(lambda: "when you are back" in bob.texts(), timeout=5)
        await alice.wait_for(lambda: any(isinstance(e, ev.StatusChanged) and e.user == "bob"
                                         and e.dnd_until is None and e.seq > held.seq for e in alice.events))
        await alice.close()
        await bob.close()
    finally:
        await relay.stop()


async def test_status_propagates_expires_and_does_not_leak(workspace):
    clock = FakeClock()
    relay = await start(workspace, clock)
    try:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
        dave = await WireClient(relay.url, workspace.tokens["dave"]).connect()  # shares no channel with alice
        ack = await alice.command(fr.SetStatus, emoji="📅", text="开会中 In a meeting", until=T0 + 30 * MIN)
        assert isinstance(ack, fr.Ack)

        def status(client, text):
            return any(isinstance(e, ev.StatusChanged) and e.user == "alice" and e.text == text
                       for e in client.events)

        await bob.wait_for(lambda: status(bob, "开会中 In a meeting"))
        assert status(alice, "开会中 In a meeting")  # her other devices
        clock.ms = T0 + 30 * MIN
        await bob.wait_for(lambda: [e for e in bob.events if isinstance(e, ev.StatusChanged)][-1].text == "",
                           timeout=5)
        await settle(relay)
        assert not [e for e in dave.events if isinstance(e, ev.StatusChanged) and e.user == "alice"]
        err = await alice.command(fr.SetStatus, text="past", until=T0)
        assert isinstance(err, fr.Error) and err.code == "invalid"
        err = await alice.command(fr.SetDnd, settings=DndSettings(schedule=True, tz="Mars/Olympus"))
        assert isinstance(err, fr.Error) and "time zone" in err.message
        for c in (alice, bob, dave):
            assert c.problems == []
            await c.close()
    finally:
        await relay.stop()


async def test_urgent_post_is_marked(workspace):
    relay = await start(workspace, FakeClock())
    try:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
        ack = await alice.command(fr.PostUrgent, channel=workspace.channels["general"], text="prod is down")
        assert isinstance(ack, fr.Ack) and ack.msg
        await bob.wait_for(lambda: any(isinstance(e, ev.MessageUrgent) and e.msg == ack.msg for e in bob.events))
        await alice.close()
        await bob.close()
    finally:
        await relay.stop()


async def test_presence_lease_online_away_offline(workspace):
    from server_stub.attention import PRESENCE_LEASE_MS

    clock = FakeClock()
    relay = await start(workspace, clock)
    try:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        carol = await WireClient(relay.url, workspace.tokens["carol"]).connect()
        dave = await WireClient(relay.url, workspace.tokens["dave"]).connect()

        def presence(client):
            seen = [e for e in client.events if isinstance(e, ev.StatusChanged) and e.user == "alice"]
            return seen[-1].presence if seen else None

        assert isinstance(await alice.command(fr.SetPresence, state="active"), fr.Ack)
        await carol.wait_for(lambda: presence(carol) == "online")
        count = len(carol.events)
        heartbeat = await alice.command(fr.SetPresence, state="active")
        assert heartbeat.seq is None  # no change: nothing logged
        await alice.command(fr.SetPresence, state="away")
        await carol.wait_for(lambda: presence(carol) == "away")
        assert len([e for e in carol.events[count:] if isinstance(e, ev.StatusChanged)]) == 1
        await alice.close()  # no more heartbeats
        clock.ms = T0 + PRESENCE_LEASE_MS
        await carol.wait_for(lambda: presence(carol) == "offline", timeout=5)
        assert presence(dave) is None  # shares no channel with alice: never told
        await carol.close()
        await dave.close()
    finally:
        await relay.stop()


async def test_a_bug_while_posting_fails_that_message_not_the_relay(workspace, monkeypatch):
    from server_stub import attention, commands

    general = workspace.channels["general"]
    clock = FakeClock()
    relay = await start(workspace, clock)
    try:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        ack = await alice.command(fr.Schedule, channel=general, text="boom", at=T0 + MIN)
        real = commands.execute

        def buggy(app, actor, cmd):
            if cmd.id == ack.id:
                raise KeyError("simulated bug")
            return real(app, actor, cmd)

        monkeypatch.setattr(attention.commands, "execute", buggy)
        clock.ms = T0 + MIN
        await alice.wait_for(lambda: scheduled(alice, ack.id)[-1].state == "failed", timeout=5)
        assert "failed" in scheduled(alice, ack.id)[-1].error
        assert isinstance(await alice.post(general, "the relay still works"), fr.Ack)
        await alice.close()
    finally:
        await relay.stop()
    assert "boom" not in relay_texts(workspace.data)


async def test_pending_and_cancelled_schedules_carry_no_message_id(workspace):
    """Regression: the relay's appender gave every event with msg=None its own seq as
    `msg`, so pending/cancelled schedule.changed events pointed at a message that
    does not exist (their own seq). Only `sent` names a message, the one posted."""
    general = workspace.channels["general"]
    clock = FakeClock()
    relay = await start(workspace, clock)
    try:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        ack = await alice.command(fr.Schedule, channel=general, text="later", at=T0 + 30 * MIN)
        edit = await alice.command(fr.ScheduleEdit, sched=ack.id, text="later, edited")
        gone = await alice.command(fr.Schedule, channel=general, text="never", at=T0 + 30 * MIN)
        cancel = await alice.command(fr.ScheduleCancel, sched=gone.id)
        assert all(isinstance(a, fr.Ack) for a in (ack, edit, gone, cancel))
        await alice.wait_for(lambda: len(scheduled(alice, gone.id)) == 2, timeout=5)
        pending = scheduled(alice, ack.id)
        assert [e.state for e in pending] == ["pending", "pending"]
        assert [e.msg for e in pending] == [None, None], [(e.seq, e.msg) for e in pending]
        [_, cancelled] = scheduled(alice, gone.id)
        assert cancelled.state == "cancelled" and cancelled.msg is None, (cancelled.seq, cancelled.msg)
        clock.ms = T0 + 30 * MIN
        await alice.wait_for(lambda: scheduled(alice, ack.id)[-1].state == "sent", timeout=5)
        sent = scheduled(alice, ack.id)[-1]
        [posted] = [e for e in alice.events if isinstance(e, ev.MessagePosted) and e.text == "later, edited"]
        assert sent.msg == posted.msg == posted.seq and sent.seq != sent.msg
        await alice.close()
    finally:
        await relay.stop()
