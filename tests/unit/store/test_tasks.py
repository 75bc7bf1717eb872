"""Cache feature `tasks`: idempotent, per-field last-writer-wins by seq, history and
notices, outbox overlay (pending/refused), resync, and the field rules."""

from __future__ import annotations

import pytest

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol import tasks as rules
from desktop.store import tasks as st

T = "0192f0c2-aaaa-7bbb-8ccc-000000000001"


def created(log, **values):
    nxt = log._next()
    changes = [ev.TaskChange(field=f, value=v) for f, v in {**rules.DEFAULTS, "title": "Ship it", **values}.items()]
    return ev.TaskCreated(**nxt, actor="bob", channel="C1", cid=T, task=T, number=nxt["seq"], changes=changes)


def updated(log, actor="bob", lost=None, **values):
    return ev.TaskUpdated(**log._next(), actor=actor, channel="C1", task=T,
                          changes=[ev.TaskChange(field=f, value=v, lost=lost) for f, v in values.items()])


def test_events_apply_once_and_older_seqs_do_not_overwrite(workspace, log):
    c = created(log, assignees=["carol"])
    u1 = updated(log, due="2030-01-02")
    u2 = updated(log, due="2030-01-09", title="Ship it now")
    changes = workspace.apply_events([c, u1, u2])
    assert changes.features["tasks"] == {T}
    row = st.task(workspace, T)
    assert (row.title, row.due, row.assignees, row.number) == ("Ship it now", "2030-01-09", ("carol",), c.seq)
    assert row.versions["due"] == [u2.seq, "bob"]
    # A history page replays the older events: nothing moves back, nothing is doubled.
    workspace.apply_history("C1", [c, u1])
    assert st.task(workspace, T).due == "2030-01-09"
    assert [h.field for h in st.history(workspace, T)] == ["created", "due", "due", "title"]


def test_lost_edit_notifies_only_the_loser(workspace, log):
    workspace.apply_events([created(log)])
    lost = ev.TaskLost(actor="alice", value="2030-01-02", seq=5)
    workspace.apply_events([updated(log, actor="bob", lost=lost, due="2030-01-09")])
    [n] = st.notices(workspace)
    assert (n.field, n.mine, n.winner, n.theirs) == ("due", "2030-01-02", "bob", "2030-01-09")
    [h] = [h for h in st.history(workspace, T) if h.lost_actor]
    assert (h.lost_actor, h.lost_value) == ("alice", "2030-01-02")
    lost_bob = ev.TaskLost(actor="bob", value="x", seq=6)
    workspace.apply_events([updated(log, actor="carol", lost=lost_bob, title="Carol's")])
    assert len(st.notices(workspace)) == 1  # bob's loss is bob's to hear about


def test_outbox_overlay_pending_and_refused(workspace, log):
    workspace.apply_events([created(log)])
    edit = st.edit_command(st.task(workspace, T), status="doing", estimate=5)
    workspace.enqueue(edit)
    row = st.task(workspace, T)
    assert (row.status, row.estimate, row.pending) == ("doing", 5.0, frozenset({"status", "estimate"}))
    assert [c.base for c in edit.changes] == [row.versions["status"][0], row.versions["estimate"][0]]
    workspace.mark_failed(edit.id, "invalid", "no column 'doing' on this board")
    row = st.task(workspace, T)
    assert row.failed == "no column 'doing' on this board" and row.failed_cids == (edit.id,)
    assert (row.status, row.estimate, row.pending) == ("todo", None, frozenset())  # the refused values are not shown
    new = st.create_command("C2", "Offline idea", labels=["x"])
    workspace.enqueue(new)
    [pending] = st.tasks(workspace, "C2")
    assert pending.pending == {"create"} and pending.ref == new.id[-8:] and st.resolve(workspace, new.id[-8:]) == pending
    assert st.resolve(workspace, f"T{st.task(workspace, T).number}").id == T


def test_edit_command_skips_unchanged_fields_and_checks_values(workspace, log):
    workspace.apply_events([created(log, due="2030-01-09")])
    row = st.task(workspace, T)
    assert st.edit_command(row, due="2030-01-09", title="Ship it") is None
    with pytest.raises(ValueError, match="after due"):
        st.edit_command(row, start="2030-02-01")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        st.edit_command(row, due="tomorrow-ish")
    with pytest.raises(ValueError, match="priority"):
        st.create_command("C1", "x", priority="asap")


def test_columns_capacity_and_resync(workspace, log):
    workspace.apply_events([
        created(log),
        ev.TaskColumnsSet(**log._next(), channel="C1", columns=[ev.TaskColumn(key="todo", name="Backlog")]),
        ev.TaskCapacitySet(**log._next(), actor="bob", user="bob", hours=24.0),
    ])
    assert st.columns(workspace, "C1") == [("todo", "Backlog")]
    assert st.columns(workspace, "C2") == list(rules.DEFAULT_COLUMNS)
    assert st.capacities(workspace) == {"bob": 24.0}
    workspace.enqueue(fr.TaskSetColumns(id="0192f0c2-aaaa-7bbb-8ccc-0000000000ff", channel="C1",
                                        columns=[fr.TaskColumn(key="todo", name="Inbox")]))
    assert st.columns(workspace, "C1") == [("todo", "Inbox")]  # pending rename shows at once
    workspace.reset_for_resync("E2")
    assert st.capacities(workspace) == {} and [r.pending for r in st.tasks(workspace)] == []


@pytest.mark.parametrize("field,value,norm", [
    ("title", "  Trim me ", "Trim me"), ("estimate", 3, 3.0), ("start", "", None),
    ("assignees", ["bob", "bob"], ["bob"]), ("labels", None, []), ("rank", 2, 2.0),
])
def test_rules_normalize(field, value, norm):
    assert rules.check(field, value) == norm


@pytest.mark.parametrize("field,value", [
    ("title", ""), ("title", "x" * 201), ("status", "Has Space"), ("assignees", ["Bob!"]),
    ("estimate", -1), ("estimate", True), ("due", "2030-13-01"), ("labels", [""]), ("color", "red"),
])
def test_rules_refuse(field, value):
    with pytest.raises(ValueError):
        rules.check(field, value)
