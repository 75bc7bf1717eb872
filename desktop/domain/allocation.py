"""Allocation: what staffing demands and task estimates put on each person's days.

Pure: plans in, hours per day out.
- A demand of H hours a week (or P % of the person's weekly capacity) from..to puts,
  on each day of that range, H times the day's share of an ordinary working week
  (by the person's working spans). Holidays and leave do not move it: the project
  still expects those hours, so they show as overload and as "assigned while on leave".
- A task's estimate is split evenly between its assignees; each share is spread over
  that assignee's working time between start and due, in proportion to each day's
  capacity (none on days off, holidays or leave). With no working time in the window
  the share lands evenly on the window's days, where it cannot fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from desktop.domain.capacity import Person, day_capacity, days, nominal_week, week_share
from desktop.domain.workload import DEFAULT_CAPACITY, Work, window

NO_PROJECT = ""  # tasks in a channel that belongs to no project


@dataclass(frozen=True, slots=True)
class Demand:
    """A project's need for a person (named) or a role, per week, over a date range."""

    id: str
    project: str
    start: dt.date
    end: dt.date
    person: str | None = None  # None: a role to be staffed
    role: str = ""
    skill: str = ""
    hours: float | None = None  # per week
    percent: float | None = None  # of the person's weekly capacity (used when hours is None)

    def weekly(self, person: Person | None) -> float:
        if self.hours is not None:
            return self.hours
        capacity = person.weekly_hours if person is not None else DEFAULT_CAPACITY
        return (self.percent or 0.0) / 100.0 * capacity


@dataclass(slots=True)
class Load:
    """One person's plan over first..last: capacity and load per day, by source."""

    user: str
    first: dt.date
    capacity: list[float]
    total: list[float]
    by_project: dict[str, list[float]] = field(default_factory=dict)
    by_task: dict[str, list[float]] = field(default_factory=dict)
    by_demand: dict[str, list[float]] = field(default_factory=dict)

    def day(self, index: int) -> dt.date:
        return self.first + dt.timedelta(days=index)

    def index(self, day: dt.date) -> int:
        return (day - self.first).days

    def projects_on(self, index: int) -> list[str]:
        return sorted(p for p, hours in self.by_project.items() if hours[index] > 1e-9)

    def tasks_on(self, index: int) -> list[str]:
        return sorted(t for t, hours in self.by_task.items() if hours[index] > 1e-9)


def demand_days(demand: Demand, person: Person, first: dt.date, last: dt.date) -> dict[dt.date, float]:
    """Hours the demand puts on each day of first..last for `person`."""
    lo, hi = max(demand.start, first), min(demand.end, last)
    if lo > hi:
        return {}
    weekly = demand.weekly(person)
    if nominal_week(person) <= 0:  # someone with no working hours at all: the whole week
        return {d: weekly / 7 for d in days(lo, hi)}
    out = {d: weekly * week_share(person, d) for d in days(lo, hi)}
    return {d: h for d, h in out.items() if h > 0}


def task_share(work: Work) -> float:
    if not work.estimate or not work.assignees or work.done or window(work) is None:
        return 0.0
    return work.estimate / len(work.assignees)


def task_days(work: Work, person: Person) -> dict[dt.date, float]:
    """This assignee's hours of the task on each day of its window (all of it)."""
    share, span = task_share(work), window(work)
    if not share or span is None:
        return {}
    window_days = days(*span)
    caps = [day_capacity(person, d) for d in window_days]
    available = sum(caps)
    if available <= 1e-9:
        return {d: share / len(window_days) for d in window_days}
    return {d: share * c / available for d, c in zip(window_days, caps) if c > 0}


def working_time(work: Work, person: Person) -> float:
    """The assignee's capacity between the task's start and due (other work ignored)."""
    span = window(work)
    return 0.0 if span is None else sum(day_capacity(person, d) for d in days(*span))


def person_load(
    person: Person, demands: Iterable[Demand], works: Iterable[Work], first: dt.date, last: dt.date,
    project_of: Mapping[str, str] | None = None,
) -> Load:
    """The person's load over first..last from their named demands and assigned tasks."""
    project_of = project_of or {}
    n = (last - first).days + 1
    load = Load(person.user, first, [day_capacity(person, d) for d in days(first, last)], [0.0] * n)

    def add(target: dict[str, list[float]], key: str, index: int, hours: float) -> None:
        target.setdefault(key, [0.0] * n)[index] += hours

    for demand in demands:
        if demand.person != person.user:
            continue
        for d, hours in demand_days(demand, person, first, last).items():
            i = (d - first).days
            load.total[i] += hours
            add(load.by_demand, demand.id, i, hours)
            add(load.by_project, demand.project, i, hours)
    for work in works:
        if person.user not in work.assignees:
            continue
        for d, hours in task_days(work, person).items():
            i = (d - first).days
            if 0 <= i < n:
                load.total[i] += hours
                add(load.by_task, work.id, i, hours)
                add(load.by_project, project_of.get(work.id, NO_PROJECT), i, hours)
    return load
