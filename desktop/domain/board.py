"""The resource board as a table: people × weeks (or days), load against capacity, conflicts
marked; filters by team, role, skill and project; one-line descriptions of conflicts.

Pure: a plan in (desktop.domain.plan.Plan), rows out — the CLI table, the CSV/XLSX
export and the GUI all draw from these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.domain.conflicts import Conflict, DoubleBooked, NoFit, OnLeave, Overload
from desktop.domain.plan import Plan
from desktop.domain.workload import monday


@dataclass(frozen=True, slots=True)
class Cell:
    hours: float
    capacity: float
    conflict: bool

    @property
    def level(self) -> str:
        """'idle' (nothing planned), 'ok' (under 80 %), 'full' (80-100 %) or 'over'."""
        if self.hours > self.capacity + 1e-6:
            return "over"
        if self.hours <= 1e-6:
            return "idle"
        return "full" if self.hours >= 0.8 * self.capacity else "ok"


@dataclass(frozen=True, slots=True)
class Row:
    user: str
    team: str
    role: str
    cells: tuple[Cell, ...]


def week_starts(first: dt.date, weeks: int) -> list[dt.date]:
    start = monday(first)
    return [start + dt.timedelta(weeks=k) for k in range(weeks)]


def conflict_days(conflict: Conflict) -> dict[str, set[dt.date]]:
    """user -> the days a conflict marks on the board."""
    if isinstance(conflict, (Overload, DoubleBooked, OnLeave)):
        return {conflict.user: set(conflict.days)}
    span = conflict.window
    days = {span[0] + dt.timedelta(n) for n in range((span[1] - span[0]).days + 1)}
    return {user: days for user, _available in conflict.short}


def visible_users(plan: Plan, *, team: str | None = None, role: str | None = None, skill: str | None = None,
                  project: str | None = None) -> list[str]:
    """Users matching every given filter (case-insensitive), sorted."""
    def same(a: str, b: str | None) -> bool:
        return b is None or a.lower() == b.strip().lower()

    found = []
    for user in sorted(plan.users()):
        person = plan.person(user)
        if not (same(person.team, team) and same(person.role, role)):
            continue
        if skill is not None and skill.strip().lower() not in {s.lower() for s in person.skills}:
            continue
        load = plan.loads.get(user)
        if project is not None and (load is None or not any(h > 1e-9 for h in load.by_project.get(project, ()))):
            continue
        found.append(user)
    return found


def rows(plan: Plan, starts: list[dt.date], users: list[str], span: int = 7) -> list[Row]:
    """Each user's planned and available hours per column — `span` days from each of
    `starts` (7: weeks from Mondays, 1: days) — and whether a conflict marks one of them."""
    marked: dict[str, set[int]] = {}  # user -> columns with a conflict day
    start = starts[0] if starts else plan.first
    for conflict in plan.conflicts():
        for user, days in conflict_days(conflict).items():
            marked.setdefault(user, set()).update((d - start).days // span for d in days)
    out = []
    empty = tuple(Cell(0.0, 0.0, False) for _ in starts)
    for user in users:
        load, person, flags = plan.loads.get(user), plan.person(user), marked.get(user, set())
        if load is None:
            out.append(Row(user, person.team, person.role, empty))
            continue
        cells = []
        for k, first in enumerate(starts):
            i = max(0, load.index(first))
            j = min(len(load.total), load.index(first) + span)
            cells.append(Cell(round(sum(load.total[i:j]), 1), round(sum(load.capacity[i:j]), 1), k in flags))
        out.append(Row(user, person.team, person.role, tuple(cells)))
    return out


def _days(days) -> str:
    days = sorted(days)
    if not days:
        return ""
    if len(days) == 1:
        return days[0].isoformat()
    return f"{days[0].isoformat()} → {days[-1].isoformat()} ({len(days)} days)"


def _fmt(hours: float) -> str:
    return str(int(hours)) if float(hours).is_integer() else f"{hours:.1f}"


def describe(conflict: Conflict, projects: Mapping[str, str], tasks: Mapping[str, str] | None = None) -> str:
    """One line naming the people, projects (or tasks) and days of a conflict.
    `projects` and `tasks` map ids to names; the caller makes them terminal-safe."""
    tasks = tasks or {}

    def names(ids) -> str:
        return ", ".join(projects.get(p, p) for p in ids) or "no project"

    if isinstance(conflict, Overload):
        a, b = conflict.worst
        work = names(conflict.projects)
        if conflict.tasks:
            work += "; tasks " + ", ".join(tasks.get(t, t) for t in conflict.tasks)
        return (f"{conflict.user} over capacity: {_fmt(conflict.load)} h asked for, {_fmt(conflict.capacity)} h"
                f" available {a.isoformat()} → {b.isoformat()}; over on {_days(conflict.days)} ({work})")
    if isinstance(conflict, DoubleBooked):
        return f"{conflict.user} double-booked by {names(conflict.projects)} on {_days(conflict.days)}"
    if isinstance(conflict, OnLeave):
        work = names(conflict.projects)
        if conflict.tasks:
            work += "; tasks " + ", ".join(tasks.get(t, t) for t in conflict.tasks)
        return f"{conflict.user} is on leave on {_days(conflict.days)} but has work planned ({work})"
    assert isinstance(conflict, NoFit)
    who = ", ".join(f"{u} has {_fmt(h)} h" for u, h in conflict.short)
    return (f"task {tasks.get(conflict.task, conflict.title)} cannot fit: {_fmt(conflict.share)} h each between"
            f" {conflict.window[0].isoformat()} and {conflict.window[1].isoformat()}, but {who}")
