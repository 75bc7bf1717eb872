"""A person's working time per day: weekly capacity spread over their working hours,
in their own time zone, less public holidays and leave.

Pure: dates in, hours out. Plan dates are calendar days in the person's own time
zone; their working span of a weekday ("09:00-17:30") is measured with that zone's
clock, so a span across a daylight-saving change is an hour longer or shorter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from desktop.domain.workload import DEFAULT_CAPACITY, Interval
from desktop.protocol.attention import zone

# Mon..Sun; "" is a day off (the same notation as the working-hours settings).
DEFAULT_HOURS: tuple[str, ...] = ("09:00-17:00",) * 5 + ("", "")
_SPAN = re.compile(r"^(\d\d):(\d\d)-(\d\d):(\d\d)$")


@dataclass(frozen=True, slots=True)
class Person:
    """What the board knows of someone: capacity, calendar, and what to filter by."""

    user: str
    weekly_hours: float = DEFAULT_CAPACITY
    tz: str = "UTC"
    hours: tuple[str, ...] = DEFAULT_HOURS  # working span per weekday, Mon..Sun
    holidays: frozenset[dt.date] = frozenset()  # public holidays of their calendar
    leave: tuple[Interval, ...] = ()  # inclusive date ranges, future ones included
    team: str = ""
    role: str = ""
    skills: frozenset[str] = field(default_factory=frozenset)


@lru_cache(maxsize=4096)
def span_hours(span: str, day: dt.date, tz: str) -> float:
    """Length in hours of a working span on `day`, by the clock of zone `tz`."""
    m = _SPAN.match(span or "")
    if not m:
        return 0.0
    h1, m1, h2, m2 = map(int, m.groups())
    zone_info = zone(tz)
    start = dt.datetime.combine(day, dt.time(h1, m1), zone_info)
    if h2 == 24:
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), zone_info)
    else:
        end = dt.datetime.combine(day, dt.time(h2, m2), zone_info)
    # Same tzinfo subtracts wall clocks; through UTC it counts the real elapsed time.
    seconds = end.astimezone(dt.timezone.utc) - start.astimezone(dt.timezone.utc)
    return max(0.0, seconds.total_seconds() / 3600)


def _hours(person: Person) -> tuple[str, ...]:
    return (tuple(person.hours) + ("",) * 7)[:7]


def nominal_week(person: Person) -> float:
    """Working hours in an ordinary week by the person's spans (no clock changes)."""
    return _nominal(_hours(person))


@lru_cache(maxsize=1024)
def _nominal(hours: tuple[str, ...]) -> float:
    monday = dt.date(2001, 1, 1)
    return sum(span_hours(h, monday + dt.timedelta(days=i), "UTC") for i, h in enumerate(hours))


def week_share(person: Person, day: dt.date) -> float:
    """The part of an ordinary working week that `day` is (its span over the week's),
    holidays and leave ignored; 0 on a day off."""
    total = nominal_week(person)
    return span_hours(_hours(person)[day.weekday()], day, person.tz) / total if total > 0 else 0.0


def is_working_day(person: Person, day: dt.date) -> bool:
    return bool(_SPAN.match(_hours(person)[day.weekday()] or ""))


def on_leave(person: Person, day: dt.date) -> bool:
    return any(start <= day <= end for start, end in person.leave)


def normal_day_hours(person: Person, day: dt.date) -> float:
    """This weekday's share of the weekly capacity (holidays and leave ignored)."""
    return person.weekly_hours * week_share(person, day)


def day_capacity(person: Person, day: dt.date) -> float:
    """Hours this person can work on `day`: 0 on days off, holidays and leave."""
    if day in person.holidays or on_leave(person, day):
        return 0.0
    return normal_day_hours(person, day)


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(n) for n in range((last - first).days + 1)]


def capacities(person: Person, first: dt.date, last: dt.date) -> list[float]:
    """day_capacity for each day first..last."""
    return [day_capacity(person, d) for d in days(first, last)]


def local_today(now: dt.datetime, tz: str) -> dt.date:
    """The calendar day it is for someone in zone `tz` at the aware instant `now`."""
    return now.astimezone(zone(tz)).date()

