"""Projects, staffing demands and leave against a real relay: offline re-plans merge by
the tasks field rule and converge, the project owner plans, others are refused, and the
board's plan is built from the synced cache."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.conflicts import OnLeave, Overload
from desktop.store import projects as sp
from desktop.store import resources
from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import engine, free_port, open_profile

FAST = RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5, rate_per_s=10_000, rate_burst=10_000)
MON = dt.date(2030, 6, 3)


@pytest.fixture
async def world(tmp_path, workspace):
    port = free_port()
    url = f"ws://127.0.0.1:{port}"
    state = {"relay": None}

    async def up():
        state["relay"] = Relay(workspace.data, "127.0.0.1", port, config=FAST)
        await state["relay"].start()

    async def down():
        await state["relay"].stop()
        state["relay"] = None

    stores = {u: open_profile(tmp_path / u) for u in ("alice", "bob", "carol")}

    async def sync(user):
        return await engine(stores[user], url, workspace.tokens[user]).sync_once()

    await up()
    for user in stores:
        await sync(user)
    yield dict(up=up, down=down, sync=sync, general=workspace.channels["general"], **stores)
    if state["relay"] is not None:
        await down()
    for store in stores.values():
        store.close()


async def _send(w, user, cmd):
    item = w[user].enqueue(cmd)
    report = await w["sync"](user)
    return dict(report.failed).get(item.cid)


async def _project_with_demand(w):
    project = sp.set_command("project", name="Apollo", customer="ACME", start=MON.isoformat(),
                             end=(MON + dt.timedelta(days=60)).isoformat(), channels=[w["general"]])
    assert await _send(w, "bob", project) is None  # bob creates it: he owns it
    demand = sp.set_command("demand", project=project.record, person="carol", hours=20.0,
                            start=MON.isoformat(), end=(MON + dt.timedelta(days=13)).isoformat())
    assert await _send(w, "bob", demand) is None
    for user in ("alice", "bob", "carol"):
        await w["sync"](user)
    return project.record, demand.record


async def test_two_offline_replans_of_the_same_demand_converge_by_the_field_rule(world):
    w = world
    _project, demand = await _project_with_demand(w)
    assert sp.record(w["carol"], "project", _project)["owner"] == "bob"
    await w["down"]()
    # bob (the owner) and alice (a workspace owner) re-plan the same allocation offline.
    bob_cmd = sp.set_command("demand", demand, current=sp.record(w["bob"], "demand", demand), hours=30.0, person="alice")
    alice_cmd = sp.set_command("demand", demand, current=sp.record(w["alice"], "demand", demand),
                               person="bob", end=(MON + dt.timedelta(days=20)).isoformat())
    w["bob"].enqueue(bob_cmd)
    w["alice"].enqueue(alice_cmd)
    mine = sp.record(w["bob"], "demand", demand)
    assert mine["hours"] == 30.0 and {"hours", "person"} <= mine.pending  # shown at once, pending
    await w["up"]()
    await w["sync"]("bob")  # bob's re-plan reaches the relay first...
    await w["sync"]("alice")  # ...alice's, from the same versions, later: it wins `person`
    for user in ("alice", "bob", "carol"):
        await w["sync"](user)
    seen = [sp.record(w[u], "demand", demand) for u in ("alice", "bob", "carol")]
    assert all(r.values == seen[0].values and r.versions == seen[0].versions and not r.pending for r in seen)
    assert (seen[0]["hours"], seen[0]["person"], seen[0]["end"]) == (30.0, "bob", (MON + dt.timedelta(days=20)).isoformat())
    assert sp.lost_edits(w["bob"]) == [("demand", demand, "person", "alice", "alice", "bob")]
    assert sp.lost_edits(w["alice"]) == []  # the winner is not told


async def test_only_the_owner_or_a_workspace_admin_plans_a_projects_staffing(world):
    w = world
    project, demand = await _project_with_demand(w)
    current = sp.record(w["carol"], "demand", demand)
    refused = await _send(w, "carol", sp.set_command("demand", demand, current=current, hours=1.0))
    assert refused and "owner" in refused
    assert sp.record(w["carol"], "demand", demand).failed  # kept in the outbox, marked refused
    assert await _send(w, "alice", sp.set_command("demand", demand, current=current, hours=8.0)) is None
    refused = await _send(w, "carol", sp.set_command("project", project, current=sp.record(w["carol"], "project", project), name="Mine"))
    assert refused and "owner" in refused
    # Leave is entered by the person on leave, not by a project owner.
    refused = await _send(w, "bob", sp.set_command("leave", user="carol", start="2030-06-05", end="2030-06-06"))
    assert refused and "person on leave" in refused
    bad = sp.set_command("demand", project=project, person="carol", hours=5.0, start="2030-06-03", end="2030-06-09")
    refused = await _send(w, "carol", bad)
    assert refused and "owner" in refused
    with pytest.raises(ValueError, match="after end"):
        sp.set_command("demand", project=project, person="carol", hours=5.0, start="2030-06-09", end="2030-06-03")


async def test_future_leave_syncs_and_the_plan_from_the_cache_flags_work_on_it(world):
    w = world
    _project, _demand = await _project_with_demand(w)
    await w["down"]()
    leave = sp.set_command("leave", user="carol", start="2030-06-05", end="2030-06-06", note="dentist")
    w["carol"].enqueue(leave)
    assert [r["note"] for r in sp.records(w["carol"], "leave")] == ["dentist"]  # offline, pending
    await w["up"]()
    await w["sync"]("carol")
    await w["sync"]("bob")
    board = resources.plan(w["bob"], MON, MON + dt.timedelta(days=27))
    away = [c for c in board.conflicts() if isinstance(c, OnLeave)]
    assert [(c.user, c.days, c.projects) for c in away] == [
        ("carol", (MON + dt.timedelta(days=2), MON + dt.timedelta(days=3)), (_project,))]
    assert any(isinstance(c, Overload) and c.user == "carol" for c in board.conflicts())
    # Removing the leave is a field edit too: the conflict goes away everywhere.
    rm = sp.set_command("leave", leave.record, current=sp.record(w["carol"], "leave", leave.record), removed=True)
    assert await _send(w, "carol", rm) is None
    await w["sync"]("bob")
    assert sp.records(w["bob"], "leave") == []
    assert resources.plan(w["bob"], MON, MON + dt.timedelta(days=27)).conflicts() == []
