"""Resource-board rules (capacity, allocation, conflicts, plan, pool) as properties over
random plans: people in several time zones with days off, holidays and leave, demands
by hours or percent, tasks with split assignees. Windows are checked by brute force."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain import workload as wl
from desktop.domain.allocation import Demand, demand_days, person_load, task_days
from desktop.domain.capacity import Person, capacities, day_capacity, local_today, span_hours, week_share
from desktop.domain.conflicts import EPS, DoubleBooked, NoFit, OnLeave, Overload, conflicts, task_fit
from desktop.domain.plan import Plan
from desktop.domain.workload import Work

MON = dt.date(2030, 6, 3)  # a Monday, no clock change for a month in any of the zones below
D = dt.timedelta
HORIZON = 27  # four weeks: today .. today + 27
ZONES = ("UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Asia/Kolkata")
USERS = ("ann", "bo", "cai")
PROJECTS = ("apollo", "borealis", "castor")
SPANS = ("09:00-17:00", "08:30-12:30", "10:00-18:30", "", "13:00-24:00")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

day = st.integers(0, HORIZON).map(lambda n: MON + D(n))


@st.composite
def person(draw, user):
    hours = tuple(draw(st.sampled_from(SPANS)) for _ in range(7))
    leave = draw(st.lists(st.tuples(day, st.integers(0, 4)), max_size=2))
    return Person(
        user=user, weekly_hours=draw(st.sampled_from((40.0, 32.0, 20.0, 0.0))), tz=draw(st.sampled_from(ZONES)),
        hours=hours, holidays=frozenset(draw(st.lists(day, max_size=3))),
        leave=tuple((a, a + D(n)) for a, n in leave), skills=frozenset(draw(st.lists(st.sampled_from(("qt", "sql")), max_size=2))),
    )


@st.composite
def demand(draw, n):
    start = draw(day)
    hours = draw(st.one_of(st.none(), st.floats(1, 60)))
    return Demand(
        id=f"d{n}", project=draw(st.sampled_from(PROJECTS)), start=start, end=start + D(draw(st.integers(0, 20))),
        person=draw(st.sampled_from(USERS)), hours=hours,
        percent=draw(st.floats(5, 150)) if hours is None else None,
    )


@st.composite
def task(draw, n):
    start = draw(day)
    who = draw(st.lists(st.sampled_from(USERS), min_size=1, max_size=3, unique=True))
    return Work(id=f"t{n}", title=f"task {n}", assignees=tuple(who), start=start,
                due=start + D(draw(st.integers(0, 12))), estimate=draw(st.floats(0.5, 120)))


@st.composite
def plans(draw):
    people = {u: draw(person(u)) for u in USERS}
    demands = [draw(demand(i)) for i in range(draw(st.integers(0, 4)))]
    tasks = [draw(task(i)) for i in range(draw(st.integers(0, 4)))]
    return people, demands, tasks


def _load(people, demands, tasks, user):
    return person_load(people[user], demands, tasks, MON, MON + D(HORIZON), {t.id: "apollo" for t in tasks})


def _all(people, demands, tasks):
    return conflicts(people, demands, tasks, today=MON, horizon_days=HORIZON, project_of={t.id: "apollo" for t in tasks})


@FAST
@given(plans())
def test_any_overloaded_window_lies_inside_a_reported_overload_and_nothing_else_is_reported(plan):
    people, demands, tasks = plan
    found = _all(people, demands, tasks)
    for user in USERS:
        load = _load(people, demands, tasks, user)
        excess = [t - c for t, c in zip(load.total, load.capacity)]
        runs = [c for c in found if isinstance(c, Overload) and c.user == user]
        in_some_window = set()
        for a in range(HORIZON + 1):
            total = 0.0
            for b in range(a, HORIZON + 1):
                total += excess[b]
                if total > EPS:
                    in_some_window.update(range(a, b + 1))
                    assert any(r.first <= MON + D(a) and MON + D(b) <= r.last for r in runs), (user, a, b, total)
        reported = {(d - MON).days for r in runs for d in (r.first + D(k) for k in range((r.last - r.first).days + 1))}
        assert reported == in_some_window
        for r in runs:
            assert r.load > r.capacity  # the worst window is itself overloaded
            assert all(excess[(d - MON).days] > EPS for d in r.days)


@st.composite
def fitting_plans(draw):
    """Plans that fit by construction: demands take at most (1 - a) of each day's capacity
    and avoid the person's holidays and leave; tasks together take at most a of it."""
    people, demands, tasks = {}, [], []
    for u in USERS:
        p = draw(person(u))
        mine = [replace_person(draw(demand(len(demands) + k)), u) for k in range(draw(st.integers(0, 3)))]
        booked = {d.start + D(n) for d in mine for n in range((d.end - d.start).days + 1)}
        p = Person(p.user, p.weekly_hours, p.tz, p.hours, frozenset(h for h in p.holidays if h not in booked),
                   tuple(s for s in p.leave if not any(s[0] <= b <= s[1] for b in booked)), skills=p.skills)
        people[u] = p
        budget = 0.6 * p.weekly_hours
        for d in mine:  # split the demand budget between this person's demands
            demands.append(Demand(d.id, d.project, d.start, d.end, person=u, hours=budget / max(1, len(mine))))
    for i in range(draw(st.integers(0, 4))):
        t = draw(task(i))
        # each task may use at most a tenth of each assignee's working time in its window
        room = min(sum(capacities(people[u], t.start, t.due)) for u in t.assignees)
        if room > 0:
            tasks.append(Work(t.id, t.title, t.assignees, t.start, t.due, estimate=0.1 * room * len(t.assignees)))
    return people, demands, tasks


def replace_person(d: Demand, user: str) -> Demand:
    return Demand(d.id, d.project, d.start, d.end, person=user, hours=d.hours, percent=d.percent)


@FAST
@given(fitting_plans())
def test_nothing_is_flagged_when_everything_fits(plan):
    people, demands, tasks = plan
    assert _all(people, demands, tasks) == []


@FAST
@given(person("ann"), st.sampled_from((0, 7, 14)))
def test_a_week_without_clock_change_holidays_or_leave_has_exactly_the_weekly_capacity(p, offset):
    p = Person(p.user, p.weekly_hours, p.tz, p.hours)
    week = capacities(p, MON + D(offset), MON + D(offset + 6))
    working = [h for h in p.hours if h]
    assert abs(sum(week) - (p.weekly_hours if working else 0.0)) < 1e-6
    for i, h in enumerate(week):  # nothing on days off (weekends or any day without a span)
        assert (h > 0) == (bool(p.hours[i]) and p.weekly_hours > 0)


def test_time_zones_daylight_saving_day_and_local_today():
    # 2030-03-31: Berlin springs forward; 00:00-24:00 is 23 hours there, 24 in Shanghai.
    assert span_hours("00:00-24:00", dt.date(2030, 3, 31), "Europe/Berlin") == 23.0
    assert span_hours("00:00-24:00", dt.date(2030, 3, 31), "Asia/Shanghai") == 24.0
    night = Person("ann", tz="Europe/Berlin", hours=("00:00-24:00",) * 7, weekly_hours=168)
    assert day_capacity(night, dt.date(2030, 3, 31)) < day_capacity(night, dt.date(2030, 3, 30))
    late = dt.datetime(2030, 6, 3, 23, 30, tzinfo=dt.timezone.utc)  # Monday evening in London...
    assert local_today(late, "Asia/Shanghai") == dt.date(2030, 6, 4)  # ...Tuesday morning in Shanghai
    assert local_today(late, "America/New_York") == dt.date(2030, 6, 3)
    assert week_share(Person("x", hours=("",) * 7), MON) == 0.0


@FAST
@given(plans())
def test_split_assignees_share_the_estimate_and_each_one_short_of_time_is_named(plan):
    people, _demands, tasks = plan
    for t in tasks:
        share = t.estimate / len(t.assignees)
        placed = [sum(task_days(t, people[u]).values()) for u in t.assignees]
        assert all(abs(p - share) < 1e-6 for p in placed)  # all of it, split evenly
        fit = task_fit(t, people)
        short = {u for u in t.assignees if sum(capacities(people[u], t.start, t.due)) < share - EPS}
        assert (fit is None) == (not short)
        if fit is not None:
            assert {u for u, _avail in fit.short} == short and fit.window == (t.start, t.due)


@FAST
@given(plans())
def test_work_lands_on_leave_only_when_reported(plan):
    people, demands, tasks = plan
    found = _all(people, demands, tasks)
    for user in USERS:
        p, load = people[user], _load(people, demands, tasks, user)
        away = {load.day(i) for i, h in enumerate(load.total) if h > EPS and any(a <= load.day(i) <= b for a, b in p.leave)}
        reported = {d for c in found if isinstance(c, OnLeave) and c.user == user for d in c.days}
        assert away == reported


def test_a_plainly_impossible_task_straddling_a_weekend_is_flagged_though_no_week_is_over():
    # 40 h from Thursday to Tuesday: 4 working days (32 h); each calendar week gets 20 h.
    t = Work("t1", "Migrate", ("ann",), MON + D(3), MON + D(8), estimate=40)
    assert wl.overloads([t], today=MON) == []  # the weekly rule misses it
    found = conflicts({"ann": Person("ann")}, [], [t], today=MON)
    assert NoFit("t1", "Migrate", (MON + D(3), MON + D(8)), 40.0, (("ann", 32.0),)) in found
    [over] = [c for c in found if isinstance(c, Overload)]
    assert (over.user, over.load, over.capacity) == ("ann", 40.0, 32.0)
    assert over.days == (MON + D(3), MON + D(4), MON + D(7), MON + D(8))


def test_holiday_and_leave_and_double_booking_are_named():
    ann = Person("ann", holidays=frozenset({MON + D(1)}), leave=((MON + D(9), MON + D(10)),))
    demands = [
        Demand("d1", "apollo", MON, MON + D(11), person="ann", hours=24),
        Demand("d2", "borealis", MON + D(7), MON + D(11), person="ann", percent=50),
    ]
    found = conflicts({"ann": ann}, demands, [], today=MON)
    # The holiday's 4.8 h and the second week's excess are one run: a window from the
    # holiday to the leave asks for more than it has (the slack between does not cover it).
    [over] = [c for c in found if isinstance(c, Overload)]
    assert over.days == (MON + D(1), MON + D(7), MON + D(8), MON + D(9), MON + D(10), MON + D(11))
    assert over.projects == ("apollo", "borealis") and over.load > over.capacity
    [double] = [c for c in found if isinstance(c, DoubleBooked)]
    assert double.projects == ("apollo", "borealis") and double.days == tuple(MON + D(n) for n in range(7, 12))
    [leave] = [c for c in found if isinstance(c, OnLeave)]
    assert leave.days == (MON + D(9), MON + D(10)) and leave.projects == ("apollo", "borealis")
    # A demand never puts hours on a day off.
    assert MON + D(5) not in demand_days(demands[0], ann, MON, MON + D(13))


@st.composite
def changes(draw):
    ops = []
    for n in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(("demand", "task", "rm_demand", "rm_task", "person")))
        if kind == "demand":
            ops.append(("demand", draw(demand(draw(st.integers(0, 5))))))
        elif kind == "task":
            ops.append(("task", draw(task(draw(st.integers(0, 5))))))
        elif kind == "person":
            ops.append(("person", draw(person(draw(st.sampled_from(USERS))))))
        else:
            ops.append((kind, f"{kind[3]}{draw(st.integers(0, 5))}"))
    return ops


@FAST
@given(plans(), changes())
def test_the_incremental_plan_agrees_with_a_full_recompute_after_any_changes(plan, ops):
    people, demands, tasks = plan
    projects = {t.id: "apollo" for t in tasks}
    board = Plan(people.values(), demands, tasks, first=MON, last=MON + D(HORIZON), project_of=projects)
    demands, tasks = {d.id: d for d in demands}, {t.id: t for t in tasks}
    for kind, value in ops:
        if kind == "demand":
            board.put_demand(value)
            demands[value.id] = value
        elif kind == "task":
            board.put_work(value, "apollo")
            tasks[value.id] = value
            projects[value.id] = "apollo"
        elif kind == "person":
            board.put_person(value)
            people[value.user] = value
        elif kind == "rm_demand":
            board.remove_demand(value)
            demands.pop(value, None)
        else:
            board.remove_work(value)
            tasks.pop(value, None)
    full = conflicts(people, demands.values(), tasks.values(), today=MON, horizon_days=HORIZON, project_of=projects)
    assert sorted(map(repr, board.conflicts())) == sorted(map(repr, full))


@FAST
@given(plans(), st.floats(0, 40), st.sampled_from((None, "qt", "sql")), st.integers(0, 20), st.integers(0, 7))
def test_the_pool_lists_exactly_who_has_the_hours_every_week_with_the_skill_most_spare_first(plan, hours, skill, a, n):
    from desktop.domain.pool import free

    people, demands, tasks = plan
    board = Plan(people.values(), demands, tasks, first=MON, last=MON + D(HORIZON))
    first, last = MON + D(a), MON + D(min(HORIZON, a + n))
    found = free(board.people, board.loads, first, last, hours, skill=skill)
    assert [c.spare_per_week for c in found] == sorted((c.spare_per_week for c in found), reverse=True)
    for user, p in people.items():
        load = board.loads[user]
        weeks, day_ = [], first
        while day_ <= last:  # brute force: each Monday-Sunday week clipped to first..last
            end = min(last, day_ + D(6 - day_.weekday()))
            span = [load.index(day_ + D(k)) for k in range((end - day_).days + 1)]
            part = sum(week_share(p, load.day(i)) for i in span)
            if part > 0:
                weeks.append(sum(max(0.0, load.capacity[i] - load.total[i]) for i in span) / part)
            day_ = end + D(1)
        fits = (skill is None or skill in p.skills) and min(weeks, default=0.0) + 1e-6 >= hours
        assert (user in {c.user for c in found}) == fits, (user, weeks)


@FAST
@given(plans(), plans())
def test_syncing_a_plan_to_new_inputs_equals_building_it_afresh(before, after):
    window = dict(first=MON, last=MON + D(HORIZON))
    old = Plan(before[0].values(), before[1], before[2], project_of={t.id: "apollo" for t in before[2]}, **window)
    fresh = Plan(after[0].values(), after[1], after[2], project_of={t.id: "apollo" for t in after[2]}, **window)
    assert old.sync(after[0].values(), after[1], after[2], {t.id: "apollo" for t in after[2]})
    assert sorted(map(repr, old.conflicts())) == sorted(map(repr, fresh.conflicts()))
    for user in USERS:  # the same hours (up to the order of float additions)
        a, b = old.loads[user], fresh.loads[user]
        assert all(abs(x - y) < 1e-9 for x, y in zip(a.total + a.capacity, b.total + b.capacity))
