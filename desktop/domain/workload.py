"""Workload and conflict rules: weekly load per person against capacity, and tasks
assigned to someone absent (leave, do-not-disturb) for the task's whole window.

Pure: dates in, warnings out. Estimates are spread evenly over the working days
(Mon-Fri) of a task's window and split evenly between its assignees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

DEFAULT_CAPACITY = 40.0
HORIZON_DAYS = 14

Interval = tuple[dt.date, dt.date]  # inclusive


@dataclass(frozen=True, slots=True)
class Work:
    """What the rules need of a task."""

    id: str
    title: str
    assignees: tuple[str, ...]
    start: dt.date | None
    due: dt.date | None
    estimate: float | None = None
    done: bool = False


@dataclass(frozen=True, slots=True)
class Overload:
    user: str
    week: dt.date  # the Monday
    hours: float
    capacity: float
    tasks: tuple[str, ...]  # ids of the tasks with work that week


@dataclass(frozen=True, slots=True)
class Absent:
    user: str
    task: str
    window: Interval


Warning = Overload | Absent


def window(work: Work) -> Interval | None:
    """A task's window: start..due; a missing end takes the other's date."""
    start, due = work.start or work.due, work.due or work.start
    if start is None or due is None:
        return None
    return (min(start, due), max(start, due))


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _workdays(first: dt.date, last: dt.date) -> list[dt.date]:
    days = [first + dt.timedelta(n) for n in range((last - first).days + 1)]
    working = [d for d in days if d.weekday() < 5]
    return working or days  # a weekend-only task still carries its work


def daily_hours(work: Work) -> dict[dt.date, float]:
    """Each assignee's hours per day of this task."""
    span = window(work)
    if span is None or not work.estimate or not work.assignees or work.done:
        return {}
    days = _workdays(*span)
    share = work.estimate / len(work.assignees) / len(days)
    return {d: share for d in days}


def weekly_load(works: Iterable[Work]) -> dict[str, dict[dt.date, tuple[float, tuple[str, ...]]]]:
    """user -> Monday -> (hours, task ids)."""
    load: dict[str, dict[dt.date, tuple[float, tuple[str, ...]]]] = {}
    for work in works:
        per_week: dict[dt.date, float] = {}
        for day, hours in daily_hours(work).items():
            per_week[monday(day)] = per_week.get(monday(day), 0.0) + hours
        for user in work.assignees:
            weeks = load.setdefault(user, {})
            for week, hours in per_week.items():
                total, ids = weeks.get(week, (0.0, ()))
                weeks[week] = (total + hours, ids + (work.id,))
    return load


def overloads(
    works: Iterable[Work], *, today: dt.date, capacity: Mapping[str, float] | None = None,
    horizon_days: int = HORIZON_DAYS,
) -> list[Overload]:
    """Weeks, from this one up to `horizon_days` ahead, where someone's load exceeds capacity."""
    capacity = capacity or {}
    first, last = monday(today), today + dt.timedelta(days=horizon_days)
    found = []
    for user, weeks in sorted(weekly_load(works).items()):
        cap = capacity.get(user, DEFAULT_CAPACITY)
        for week, (hours, ids) in sorted(weeks.items()):
            if first <= week <= last and hours > cap + 1e-9:
                found.append(Overload(user, week, round(hours, 2), cap, ids))
    return found


def _covered(span: Interval, absences: Sequence[Interval]) -> bool:
    """Whether the union of `absences` covers every day of `span`."""
    day = span[0]
    for start, end in sorted(absences):
        if start > day:
            return False
        if end >= day:
            day = end + dt.timedelta(days=1)
        if day > span[1]:
            return True
    return day > span[1]


def absent(
    works: Iterable[Work], absences: Mapping[str, Sequence[Interval]], *, today: dt.date,
    horizon_days: int = HORIZON_DAYS,
) -> list[Absent]:
    """Assignees away (leave or DND) for a task's whole window, for windows starting
    by `horizon_days` from today and not already over."""
    last = today + dt.timedelta(days=horizon_days)
    found = []
    for work in works:
        span = window(work)
        if span is None or work.done or span[1] < today or span[0] > last:
            continue
        for user in work.assignees:
            if absences.get(user) and _covered(span, absences[user]):
                found.append(Absent(user, work.id, span))
    return found


def warnings(
    works: Sequence[Work], *, today: dt.date, capacity: Mapping[str, float] | None = None,
    absences: Mapping[str, Sequence[Interval]] | None = None, horizon_days: int = HORIZON_DAYS,
) -> list[Warning]:
    return [
        *overloads(works, today=today, capacity=capacity, horizon_days=horizon_days),
        *absent(works, absences or {}, today=today, horizon_days=horizon_days),
    ]


def for_task(found: Iterable[Warning], task: str) -> list[Warning]:
    """The warnings that concern one task (for its card)."""
    # Warnings about one task carry `task` (Absent, conflicts.NoFit); weekly ones list `tasks`.
    return [w for w in found if (w.task == task if hasattr(w, "task") else task in w.tasks)]


def due_group(due: dt.date | None, *, today: dt.date) -> str:
    """'overdue', 'today', 'week' (by Sunday), 'later' or 'none' — for "My tasks"."""
    if due is None:
        return "none"
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    if due <= today + dt.timedelta(days=6 - today.weekday()):
        return "week"
    return "later"


def due_groups(items: Iterable[tuple[object, dt.date | None]], *, today: dt.date) -> dict[str, list]:
    groups: dict[str, list] = {k: [] for k in ("overdue", "today", "week", "later", "none")}
    for item, due in sorted(items, key=lambda p: (p[1] is None, p[1] or dt.date.max)):
        groups[due_group(due, today=today)].append(item)
    return groups


# Work status words that mean "away for days" (the status presets include "🌴 On leave").
LEAVE_EMOJI = ("🌴", "🏖", "🏖️", "✈️", "🤒")
LEAVE_WORDS = ("leave", "vacation", "holiday", "out of office", "ooo", "sick", "休假", "请假", "年假", "病假")
OPEN_ENDED_DAYS = 365


def _day_of(ms: int) -> dt.date:
    return dt.datetime.fromtimestamp(ms / 1000).date()


def status_absences(
    *, emoji: str = "", text: str = "", until: int | None = None, dnd_until: int | None = None,
    today: dt.date,
) -> list[Interval]:
    """Absence intervals implied by someone's current work status and DND.

    On leave (by emoji or words): from today to the status's end (open-ended: a year).
    DND: from today to its end; DND "until turned off" (-1) counts for today only,
    since nothing says how long it will last.
    """
    spans: list[Interval] = []
    lowered = text.lower()
    if emoji in LEAVE_EMOJI or any(w in lowered for w in LEAVE_WORDS):
        end = _day_of(until) if until is not None else today + dt.timedelta(days=OPEN_ENDED_DAYS)
        if end >= today:
            spans.append((today, end))
    if dnd_until is not None:
        end = today if dnd_until == -1 else _day_of(dnd_until)
        if end >= today:
            spans.append((today, end))
    return spans
