"""The pool: who is free from D1 to D2 (with skill S) for H hours a week, best first.

Pure: loads in, a ranked list out. "Free for H hours a week" means that in every
week (Monday to Sunday, clipped to D1..D2) the person's spare hours, scaled to a
whole working week by their working spans, are at least H: spare time in one week
does not make up for a full one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.domain.allocation import Load
from desktop.domain.capacity import Person, week_share


@dataclass(frozen=True, slots=True)
class Candidate:
    user: str
    spare_per_week: float  # the tightest week's spare hours, per week
    load_percent: float  # load over capacity across D1..D2
    booked: float  # hours already planned in D1..D2
    capacity: float  # hours available in D1..D2


def _weeks(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    out, day = [], first
    while day <= last:
        end = min(last, day + dt.timedelta(days=6 - day.weekday()))
        out.append((day, end))
        day = end + dt.timedelta(days=1)
    return out


def free(
    people: Mapping[str, Person], loads: Mapping[str, Load], first: dt.date, last: dt.date, hours: float, *,
    skill: str | None = None,
) -> list[Candidate]:
    """People with at least `hours` spare in every week of first..last, most spare first.

    `loads` must cover first..last (see desktop.domain.plan.Plan)."""
    found = []
    wanted = skill.strip().lower() if skill else None
    for user, person in people.items():
        if wanted and wanted not in {s.lower() for s in person.skills}:
            continue
        load = loads.get(user)
        if load is None:
            continue
        weekly = []
        for a, b in _weeks(first, last):
            i, j = load.index(a), load.index(b)
            if i < 0 or j >= len(load.total):
                raise ValueError("the loads do not cover the dates asked for")
            part = sum(week_share(person, load.day(k)) for k in range(i, j + 1))
            if part <= 0:  # a clipped week of days off says nothing
                continue
            spare = sum(max(0.0, load.capacity[k] - load.total[k]) for k in range(i, j + 1))
            weekly.append(spare / part)
        tightest = min(weekly) if weekly else 0.0
        if tightest + 1e-6 < hours:
            continue
        i, j = load.index(first), load.index(last)
        booked, capacity = sum(load.total[i:j + 1]), sum(load.capacity[i:j + 1])
        percent = 100.0 * booked / capacity if capacity > 0 else (0.0 if booked == 0 else float("inf"))
        found.append(Candidate(user, round(tightest, 2), round(percent, 1), round(booked, 2), round(capacity, 2)))
    return sorted(found, key=lambda c: (-c.spare_per_week, c.load_percent, c.user))
