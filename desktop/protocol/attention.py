"""Do-not-disturb settings on the wire, and the one rule both sides use to read them.

The relay needs the rule (to hold "deliver when their DND ends" messages and to
tell others when someone is in DND); the client needs it (to silence alerts). It
lives here, pure and without I/O, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

import msgspec

from desktop.protocol.types import ChannelId, UserName

# "09:00-18:00" (a working span) or "" (a day off: DND all day).
HoursSpan = Annotated[str, msgspec.Meta(pattern=r"^$|^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")]
ChannelMode = Literal["all", "mentions", "mute"]
FOREVER = -1  # manual_until value: DND until turned off
_SPAN = re.compile(r"^(\d\d):(\d\d)-(\d\d):(\d\d)$")
_DAY_MS = 86_400_000


class DndSettings(msgspec.Struct, kw_only=True, omit_defaults=True, forbid_unknown_fields=False):
    """One user's attention settings, synced to all of their devices through the relay."""

    manual_until: int | None = None  # ms since the epoch; FOREVER; None = no manual DND
    schedule: bool = False  # working hours on: outside them DND is on
    tz: Annotated[str, msgspec.Meta(max_length=64)] = "UTC"
    hours: Annotated[list[HoursSpan], msgspec.Meta(max_length=7)] = []  # Mon..Sun
    allow_urgent: bool = False
    urgent_from: Annotated[list[UserName], msgspec.Meta(max_length=200)] = []  # [] = anyone
    channels: dict[ChannelId, ChannelMode] = {}


DEFAULT_HOURS = ["09:00-18:00"] * 5 + ["", ""]


def zone(name: str) -> dt.tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # on first use: not on the app's start path

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.timezone.utc


def valid_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError):
        return False


def _working_spans(settings: DndSettings, now_ms: int) -> list[tuple[int, int]]:
    """Working spans (ms) from yesterday to a week ahead, in the user's time zone."""
    tz = zone(settings.tz)
    hours = (settings.hours + [""] * 7)[:7] if settings.hours else DEFAULT_HOURS
    today = dt.datetime.fromtimestamp(now_ms / 1000, tz).date()
    spans = []
    for offset in range(-1, 9):
        day = today + dt.timedelta(days=offset)
        m = _SPAN.match(hours[day.weekday()])
        if not m:
            continue
        h1, m1, h2, m2 = map(int, m.groups())
        start = dt.datetime.combine(day, dt.time(h1, m1), tz)
        end = (dt.datetime.combine(day, dt.time(0, 0), tz) + dt.timedelta(hours=h2, minutes=m2))
        if end > start:
            spans.append((int(start.timestamp() * 1000), int(end.timestamp() * 1000)))
    return spans


class DndState(msgspec.Struct, frozen=True):
    active: bool
    until: int | None  # when an active DND ends (FOREVER: until turned off); None if off
    next_change: int | None  # when the state may change next (None: never by itself)
    manual: bool = False


def dnd_state(settings: DndSettings | None, now_ms: int) -> DndState:
    """Is DND on at `now_ms`, until when, and when to look again."""
    if settings is None:
        return DndState(False, None, None)
    manual = settings.manual_until
    if manual == FOREVER:
        return DndState(True, FOREVER, None, manual=True)
    manual_on = manual is not None and manual > now_ms
    if not settings.schedule:
        if manual_on:
            return DndState(True, manual, manual, manual=True)
        return DndState(False, None, None)
    spans = _working_spans(settings, now_ms)
    if not spans:  # no working hours at all: always off-hours
        return DndState(True, FOREVER, manual if manual_on else None, manual=manual_on)
    working = next((s for s in spans if s[0] <= now_ms < s[1]), None)
    upcoming = [s for s in spans if s[0] > now_ms]
    if working and not manual_on:
        return DndState(False, None, working[1])
    # In DND: manual and/or off-hours. It ends at the first working moment after the manual end.
    after = max(now_ms, manual) if manual_on else now_ms
    end = None
    for start, stop in spans:
        if start <= after < stop:
            end = after
            break
        if start > after:
            end = start
            break
    if end is None:
        end = upcoming[-1][0] if upcoming else after + _DAY_MS
    return DndState(True, end, min(end, manual) if manual_on else end, manual=manual_on)


def urgent_allowed(settings: DndSettings | None, sender: str) -> bool:
    """May an urgent message from `sender` break through this user's DND?"""
    if settings is None or not settings.allow_urgent:
        return False
    return not settings.urgent_from or sender in settings.urgent_from


def channel_mode(settings: DndSettings | None, channel: str) -> str:
    return "all" if settings is None else settings.channels.get(channel, "all")
