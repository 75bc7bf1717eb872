"""Workload rules: weekly load over capacity within the horizon, absences covering a window."""

from __future__ import annotations

import datetime as dt

from desktop.domain import workload as wl

MON = dt.date(2030, 6, 3)  # a Monday
D = dt.timedelta


def work(id, who, start, due, hours, done=False):
    return wl.Work(id=id, title=id, assignees=tuple(who), start=start, due=due, estimate=hours, done=done)


def test_overlapping_estimates_over_capacity_next_week_are_flagged():
    tasks = [work("a", ["bob"], MON + D(7), MON + D(11), 30), work("b", ["bob"], MON + D(8), MON + D(9), 16)]
    [found] = wl.overloads(tasks, today=MON)
    assert (found.user, found.week, found.hours, found.capacity, set(found.tasks)) == ("bob", MON + D(7), 46.0, 40.0, {"a", "b"})


def test_the_same_overload_beyond_fourteen_days_is_not_flagged_yet():
    tasks = [work("a", ["bob"], MON + D(21), MON + D(25), 30), work("b", ["bob"], MON + D(22), MON + D(23), 16)]
    assert wl.overloads(tasks, today=MON) == []
    # ...until it comes within the horizon.
    assert len(wl.overloads(tasks, today=MON + D(7))) == 1
    assert len(wl.overloads(tasks, today=MON, horizon_days=30)) == 1


def test_capacity_is_per_person_and_shared_tasks_split_their_estimate():
    tasks = [work("a", ["bob", "carol"], MON, MON + D(4), 60)]  # 30 h each
    assert wl.overloads(tasks, today=MON) == []
    [found] = wl.overloads(tasks, today=MON, capacity={"carol": 20})
    assert found.user == "carol" and found.hours == 30.0


def test_estimate_spreads_over_working_days_across_weeks():
    # Thursday to next Wednesday: 5 working days, 2 in the first week, 3 in the second.
    load = wl.weekly_load([work("a", ["bob"], MON + D(3), MON + D(9), 50)])
    assert load["bob"] == {MON: (20.0, ("a",)), MON + D(7): (30.0, ("a",))}


def test_done_tasks_and_tasks_without_estimate_or_dates_carry_no_load():
    tasks = [work("a", ["bob"], MON, MON + D(1), 80, done=True), work("b", ["bob"], MON, MON, None),
             work("c", ["bob"], None, None, 80)]
    assert wl.overloads(tasks, today=MON) == []


def test_absence_covering_the_whole_window_is_flagged():
    task = work("a", ["bob"], MON + D(1), MON + D(4), 8)
    leave = {"bob": [(MON, MON + D(2)), (MON + D(3), MON + D(6))]}  # two leaves back to back
    assert wl.absent([task], leave, today=MON) == [wl.Absent("bob", "a", (MON + D(1), MON + D(4)))]
    partly = {"bob": [(MON, MON + D(2))]}
    assert wl.absent([task], partly, today=MON) == []  # bob is back for part of it
    assert wl.absent([task], {"carol": leave["bob"]}, today=MON) == []
    far = work("b", ["bob"], MON + D(30), MON + D(31), 8)
    assert wl.absent([far], {"bob": [(MON + D(29), MON + D(40))]}, today=MON) == []


def test_warnings_for_a_task_and_due_groups():
    tasks = [work("a", ["bob"], MON, MON + D(1), 45), work("b", ["bob"], MON + D(2), MON + D(2), 1)]
    found = wl.warnings(tasks, today=MON, absences={"bob": [(MON + D(2), MON + D(2))]})
    assert {type(w) for w in wl.for_task(found, "a")} == {wl.Overload}
    assert {type(w) for w in wl.for_task(found, "b")} == {wl.Overload, wl.Absent}
    wed = MON + D(2)
    groups = wl.due_groups([("x", wed - D(1)), ("y", wed), ("z", MON + D(6)), ("w", MON + D(9)), ("v", None)], today=wed)
    assert groups == {"overdue": ["x"], "today": ["y"], "week": ["z"], "later": ["w"], "none": ["v"]}


def test_status_absences_leave_and_dnd():
    today = MON
    def ms(day):
        return int(dt.datetime.combine(day, dt.time(18)).timestamp() * 1000)
    assert wl.status_absences(emoji="🌴", text="On leave", until=ms(MON + D(9)), today=today) == [(MON, MON + D(9))]
    assert wl.status_absences(text="年假 until Friday", today=today) == [(MON, MON + D(wl.OPEN_ENDED_DAYS))]
    assert wl.status_absences(emoji="🍔", text="Lunch", until=ms(MON), today=today) == []
    assert wl.status_absences(dnd_until=ms(MON + D(2)), today=today) == [(MON, MON + D(2))]
    assert wl.status_absences(dnd_until=-1, today=today) == [(MON, MON)]
    # Fed into the rule: a task inside the leave is flagged, one reaching past it is not.
    leave = {"bob": wl.status_absences(emoji="🌴", until=ms(MON + D(9)), today=today)}
    inside, past = work("a", ["bob"], MON + D(1), MON + D(4), 8), work("b", ["bob"], MON + D(8), MON + D(11), 8)
    assert [w.task for w in wl.absent([inside, past], leave, today=today)] == ["a"]
