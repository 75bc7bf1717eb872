"""The owner's client queues one digest per change of its projects' conflicts: a post in
the project's first channel plus the new fingerprint; nothing for other owners' projects,
nothing twice (the pending fingerprint counts), again after a re-plan."""

from __future__ import annotations

import datetime as dt

from desktop.protocol import events as ev
from desktop.store import plan_notices
from desktop.store import projects as sp
from tests.gui.app_kit import ME, make_store

TODAY = dt.date.today()
MON = TODAY + dt.timedelta(days=7 - TODAY.weekday())


def _plan(seeder, kind, record, actor=ME, **values):
    seeder.apply(ev.PlanChanged, actor=actor, record_kind=kind, record=record, created=True,
                 changes=[ev.PlanChange(field=k, value=v) for k, v in values.items()])


def test_one_digest_per_change_in_the_owners_channel(tmp_path):
    store, seeder = make_store(tmp_path)
    try:
        _plan(seeder, "project", "p-mine-0000000001", name="Apollo", owner=ME, channels=["C1"])
        _plan(seeder, "project", "p-theirs-00000002", actor="li", name="Borealis", owner="li", channels=["C2"])
        for n, project in enumerate(("p-mine-0000000001", "p-theirs-00000002")):
            _plan(seeder, "demand", f"d-{n:016}", project=project, person="bob", hours=30.0,
                  start=MON.isoformat(), end=(MON + dt.timedelta(days=4)).isoformat())
        [posted] = plan_notices.post(store, today=TODAY)  # mine only: li's client tells li
        assert posted.project == "p-mine-0000000001" and any("double-booked" in line for line in posted.lines)
        assert [(item.kind, item.channel) for item in store.outbox(("pending",))] == [("post", "C1"), ("plan.set", None)]
        assert sp.record(store, "project", "p-mine-0000000001")["notice"] == posted.fingerprint  # pending, shown
        assert plan_notices.post(store, today=TODAY) == []  # told once
        demand = sp.record(store, "demand", "d-0000000000000000")
        store.enqueue(sp.set_command("demand", demand.id, current=demand, hours=35.0))
        [again] = plan_notices.post(store, today=TODAY)  # the conflict changed: told again
        assert again.fingerprint != posted.fingerprint
    finally:
        store.close()
