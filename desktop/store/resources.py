"""The resource board's inputs from the cache: people (capacity, calendar, leave,
holidays), staffing demands, tasks and which project each task's channel belongs to."""

from __future__ import annotations

import datetime as dt

from desktop.domain.allocation import Demand
from desktop.domain.capacity import DEFAULT_HOURS, Person
from desktop.domain.workload import DEFAULT_CAPACITY
from desktop.domain.plan import Plan
from desktop.store import projects as sp
from desktop.store import tasks as st


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def people(store) -> dict[str, Person]:
    """Everyone in the workspace, with their weekly capacity, working hours and zone,
    public holidays of their calendar and their leave (future leave included)."""
    capacity = st.capacities(store)
    calendars = {r.id: frozenset(_day(d) for d in r["days"]) for r in sp.records(store, "holidays")}
    settings = {r.id: r for r in sp.records(store, "person")}
    leave: dict[str, list] = {}
    for r in sp.records(store, "leave"):
        if r["user"] and r["start"] and r["end"]:
            leave.setdefault(r["user"], []).append((_day(r["start"]), _day(r["end"])))
    found = {}
    for user in sorted({u.name for u in store.users()} | set(settings) | set(leave)):
        s = settings.get(user)
        found[user] = Person(
            user=user, weekly_hours=capacity.get(user, DEFAULT_CAPACITY), tz=s["tz"] if s else "UTC",
            hours=tuple(s["hours"]) if s and s["hours"] else DEFAULT_HOURS,
            holidays=calendars.get(s["holidays"], frozenset()) if s else frozenset(),
            leave=tuple(sorted(leave.get(user, ()))), team=s["team"] if s else "", role=s["role"] if s else "",
            skills=frozenset(s["skills"]) if s else frozenset(),
        )
    return found


def demands(store) -> list[Demand]:
    live = {r.id for r in sp.records(store, "project")}
    return [
        Demand(id=r.id, project=r["project"], start=_day(r["start"]), end=_day(r["end"]), person=r["person"],
               role=r["role"], skill=r["skill"], hours=r["hours"], percent=r["percent"])
        for r in sp.records(store, "demand") if r["project"] in live and r["start"] and r["end"]
    ]


def project_of_channel(store) -> dict[str, str]:
    found = {}
    for r in sp.records(store, "project"):
        for channel in r["channels"]:
            found.setdefault(channel, r.id)
    return found


def inputs(store) -> tuple[list[Person], list[Demand], list, dict[str, str]]:
    """(people, demands, tasks as domain work, task id -> project id) from the cache."""
    by_channel = project_of_channel(store)
    rows = st.tasks(store)
    return (list(people(store).values()), demands(store), [st.work(r) for r in rows],
            {r.id: by_channel[r.channel] for r in rows if r.channel in by_channel})


def plan(store, first: dt.date, last: dt.date) -> Plan:
    """Everyone's load and conflicts over first..last, from what the cache holds."""
    persons, needs, works, project_of = inputs(store)
    return Plan(persons, needs, works, first=first, last=last, project_of=project_of)


def refresh(store, current: Plan, *, tasks: bool = True) -> Plan:
    """`current` brought up to date with the cache, recomputing only the people whose
    inputs changed (a new plan when tasks moved between projects). `tasks=False`: the
    caller knows no task changed, so they are not read again."""
    if tasks:
        persons, needs, works, project_of = inputs(store)
    else:
        persons, needs = list(people(store).values()), demands(store)
        works, project_of = list(current.works.values()), current.project_of
    if current.sync(persons, needs, works, project_of):
        return current
    return Plan(persons, needs, works, first=current.first, last=current.last, project_of=project_of)


def unfit_tasks(store, *, today: dt.date, horizon_days: int = 14) -> list:
    """Tasks (not over, starting within the horizon) whose estimate cannot fit an
    assignee's working time between start and due — whatever the calendar weeks say."""
    from desktop.domain.conflicts import task_fit
    from desktop.domain.workload import window

    persons, last, found = people(store), today + dt.timedelta(days=horizon_days), []
    for row in st.tasks(store):
        work = st.work(row)
        span = window(work)
        if span is not None and span[1] >= today and span[0] <= last and (fit := task_fit(work, persons)):
            found.append(fit)
    return found
