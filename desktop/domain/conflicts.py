"""Conflict rules of the resource board: overload on any day and over any run of days,
one person double-booked by two projects, a task that cannot fit its assignees'
working time between start and due, work placed on someone's leave.

Pure: loads in (desktop.domain.allocation), warnings out; each warning names the
people, projects (or tasks) and days it is about.

Overload over windows: a run of days is reported when some window of consecutive
days inside it asks for more hours than its capacity. Every day of every such
window is reported (and no other day), so any overloaded window — a calendar week,
a task's start..due straddling a weekend, or one day — lies inside one warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desktop.domain.allocation import NO_PROJECT, Demand, Load, person_load, task_share, working_time
from desktop.domain.capacity import Person, on_leave
from desktop.domain.workload import Interval, Work, window

EPS = 1e-6
HORIZON_DAYS = 14


@dataclass(frozen=True, slots=True)
class Overload:
    user: str
    first: dt.date  # the run of days lying in overloaded windows
    last: dt.date
    worst: Interval  # the window in the run with the most hours over capacity
    load: float  # hours asked for over `worst`
    capacity: float  # hours available over `worst`
    days: tuple[dt.date, ...]  # the days asking for more than that day has
    projects: tuple[str, ...]
    tasks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DoubleBooked:
    user: str
    projects: tuple[str, ...]  # two or more
    days: tuple[dt.date, ...]  # days their demands together exceed the person's capacity


@dataclass(frozen=True, slots=True)
class NoFit:
    task: str
    title: str
    window: Interval
    share: float  # hours each assignee has to do
    short: tuple[tuple[str, float], ...]  # (assignee, working hours in the window) too few


@dataclass(frozen=True, slots=True)
class OnLeave:
    user: str
    days: tuple[dt.date, ...]
    projects: tuple[str, ...]
    tasks: tuple[str, ...]


Conflict = Overload | DoubleBooked | NoFit | OnLeave


def _runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def covered(excess: list[float], lo: int, hi: int) -> list[int]:
    """Indices lo..hi that lie in some window of positive total excess.

    Day i is in one iff (best sum of a window ending just before i, or 0) + excess[i]
    + (best sum of a window starting just after i, or 0) is positive."""
    left = [0.0] * (hi - lo + 2)
    for k, i in enumerate(range(lo, hi + 1)):
        left[k + 1] = max(0.0, left[k] + excess[i])
    right = [0.0] * (hi - lo + 2)
    for k in range(hi - lo, -1, -1):
        right[k] = max(0.0, right[k + 1] + excess[lo + k])
    return [lo + k for k in range(hi - lo + 1) if left[k] + excess[lo + k] + right[k + 1] > EPS]


def worst_window(excess: list[float], run: list[int]) -> tuple[int, int]:
    """The window (first, last index) of the run with the largest total excess."""
    best, best_span, total, start = float("-inf"), (run[0], run[0]), 0.0, run[0]
    for i in run:
        if total <= 0:
            total, start = 0.0, i
        total += excess[i]
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def _names(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({k for k in keys if k != NO_PROJECT}))


def person_conflicts(person: Person, load: Load, lo: int, hi: int) -> list[Conflict]:
    """Overload runs, double-bookings and leave clashes of one person on days lo..hi."""
    hi = min(hi, len(load.total) - 1)
    if lo > hi:
        return []
    excess = [t - c for t, c in zip(load.total, load.capacity)]
    found: list[Conflict] = []
    for run in _runs(covered(excess, lo, hi)):
        a, b = worst_window(excess, run)
        found.append(Overload(
            user=person.user, first=load.day(run[0]), last=load.day(run[-1]), worst=(load.day(a), load.day(b)),
            load=round(sum(load.total[a:b + 1]), 2), capacity=round(sum(load.capacity[a:b + 1]), 2),
            days=tuple(load.day(i) for i in run if excess[i] > EPS),
            projects=_names(p for i in run for p in load.projects_on(i)),
            tasks=tuple(sorted({t for i in run for t in load.tasks_on(i)})),
        ))
    double = [i for i in range(lo, hi + 1) if excess[i] > EPS and len(_names(load.projects_on(i))) >= 2]
    for run in _runs(double):
        found.append(DoubleBooked(person.user, _names(p for i in run for p in load.projects_on(i)),
                                  tuple(load.day(i) for i in run)))
    away = [i for i in range(lo, hi + 1) if load.total[i] > EPS and on_leave(person, load.day(i))]
    for run in _runs(away):
        found.append(OnLeave(person.user, tuple(load.day(i) for i in run),
                             _names(p for i in run for p in load.projects_on(i)),
                             tuple(sorted({t for i in run for t in load.tasks_on(i)}))))
    return found


def task_fit(work: Work, people: Mapping[str, Person]) -> NoFit | None:
    """The task's estimate does not fit one of its assignees' working time in start..due."""
    share, span = task_share(work), window(work)
    if not share or span is None:
        return None
    short = []
    for user in work.assignees:
        available = working_time(work, people.get(user) or Person(user))
        if share > available + EPS:
            short.append((user, round(available, 2)))
    return NoFit(work.id, work.title, span, round(share, 2), tuple(short)) if short else None


def conflicts(
    people: Mapping[str, Person], demands: Iterable[Demand], works: Iterable[Work], *, today: dt.date,
    horizon_days: int = HORIZON_DAYS, project_of: Mapping[str, str] | None = None,
) -> list[Conflict]:
    """Every conflict from today to today + horizon_days (the whole computation; see
    desktop.domain.plan for the incremental one the board uses)."""
    demands, works = list(demands), list(works)
    last = today + dt.timedelta(days=horizon_days)
    users = set(people) | {d.person for d in demands if d.person} | {u for w in works for u in w.assignees}
    found: list[Conflict] = []
    for user in sorted(users):
        person = people.get(user) or Person(user)
        load = person_load(person, demands, works, today, last, project_of)
        found.extend(person_conflicts(person, load, 0, horizon_days))
    for work in works:
        span = window(work)
        if span is not None and span[1] >= today and span[0] <= last:
            fit = task_fit(work, people)
            if fit is not None:
                found.append(fit)
    return found
