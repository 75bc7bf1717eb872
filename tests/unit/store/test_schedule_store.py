"""Cache feature `attention`: idempotent handlers (newest seq wins), the outbox overlay
(queued schedules and DND changes not yet confirmed), resync cleanup, clock offset."""

from __future__ import annotations

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.attention import DndSettings
from desktop.store import attention as att

S = "0192f0c2-aaaa-7bbb-8ccc-00000000000a"


def test_status_newest_seq_wins_and_replays_are_harmless(workspace, log):
    older = ev.StatusChanged(**log._next(), actor="bob", user="bob", text="Focusing", presence="online")
    newer = ev.StatusChanged(**log._next(), actor="bob", user="bob", text="", dnd_until=-1, presence="away")
    changes = workspace.apply_events([older, newer])
    assert "attention" in changes.features
    workspace.apply_history("C1", [older])  # a replayed older copy changes nothing
    s = att.status(workspace, "bob")
    assert (s.text, s.dnd_until, s.presence) == ("", -1, "away")
    assert att.status(workspace, "nobody") == att.Status("nobody")


def test_scheduled_overlay_then_relay_state(workspace, log):
    cmd = fr.Schedule(id=S, channel="C1", text="later", at=5_000)
    workspace.enqueue(cmd)
    [queued] = att.scheduled(workspace)
    assert (queued.sched, queued.state, queued.text) == (S, "queued", "later")
    pending = ev.ScheduledChanged(**log._next(), actor="alice", channel="C1", cid=S, sched=S, text="later", at=5_000)
    sent = ev.ScheduledChanged(**log._next(), actor="alice", channel="C1", sched=S, text="later", at=5_000,
                               state="sent", msg=99, late=True)
    workspace.apply_events([pending, sent])
    assert workspace.outbox(("pending", "sending", "acked")) == []  # confirmed by its event's cid
    assert att.scheduled(workspace) == []  # sent: not in the default list
    [done] = att.scheduled(workspace, ("sent",))
    assert done.late and done.msg == 99


def test_dnd_settings_queued_change_shows_at_once_and_resync_clears(workspace, log, store):
    assert att.dnd_settings(workspace) == DndSettings()
    workspace.apply_events([ev.DndChanged(**log._next(), actor="alice", settings=DndSettings(manual_until=-1))])
    assert att.dnd_settings(workspace).manual_until == -1
    workspace.enqueue(fr.SetDnd(id=S, settings=DndSettings(channels={"C1": "mute"})))
    assert att.dnd_settings(workspace).channels == {"C1": "mute"}  # mine, not yet confirmed
    workspace.discard(S)
    # Another user's settings never land in my cache (the relay would not send them).
    workspace.apply_events([ev.DndChanged(**log._next(), actor="bob", settings=DndSettings())])
    assert att.dnd_settings(workspace).manual_until == -1
    workspace.reset_for_resync("new-epoch")
    assert att.dnd_settings(workspace) == DndSettings()
    att.set_clock_offset(workspace, -3_600_000)
    assert att.clock_offset(workspace) == -3_600_000
