"""Owner digests: once per distinct set of conflicts within the horizon, an all-clear
once they are resolved, nothing about other projects or beyond the horizon."""

from __future__ import annotations

import datetime as dt

from desktop.domain.allocation import Demand
from desktop.domain.capacity import Person
from desktop.domain.conflicts import conflicts
from desktop.domain.plan_notices import ALL_CLEAR, digest

MON = dt.date(2030, 6, 3)
D = dt.timedelta


def _digest(demands, previous="", today=MON, days=14):
    found = conflicts({"ann": Person("ann")}, demands, [], today=today, horizon_days=60)
    return digest("p1", found, today=today, previous=previous, names={"p1": "Apollo", "p2": "Borealis"},
                  task_names={}, task_projects={}, horizon_days=days)


def test_told_once_again_when_changed_and_once_when_resolved():
    plan = [Demand("d1", "p1", MON + D(7), MON + D(11), person="ann", hours=30),
            Demand("d2", "p2", MON + D(7), MON + D(11), person="ann", hours=20)]
    first = _digest(plan)
    assert first is not None and any("double-booked by Apollo, Borealis" in line for line in first.lines)
    assert "Resource check for Apollo: " in first.text("Apollo", MON, 14)
    assert _digest(plan, previous=first.fingerprint) is None  # nothing new: quiet
    replanned = [plan[0], Demand("d2", "p2", MON + D(7), MON + D(11), person="ann", hours=25)]
    second = _digest(replanned, previous=first.fingerprint)
    assert second is not None and second.fingerprint != first.fingerprint
    resolved = _digest([plan[0]], previous=second.fingerprint)
    assert resolved is not None and resolved.fingerprint == ALL_CLEAR and resolved.lines == ()
    assert "resolved" in resolved.text("Apollo", MON, 14)
    assert _digest([plan[0]], previous=ALL_CLEAR) is None
    assert _digest([plan[0]]) is None  # never had conflicts: nothing to say


def test_only_this_projects_conflicts_within_the_horizon():
    later = [Demand("d1", "p1", MON + D(21), MON + D(25), person="ann", hours=50)]
    assert _digest(later) is None  # three weeks out: not yet
    assert _digest(later, days=30) is not None
    other = [Demand("d1", "p2", MON + D(7), MON + D(11), person="ann", hours=50)]
    assert _digest(other) is None  # Borealis's overload is not Apollo's business
