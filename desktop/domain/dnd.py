"""Attention rules without Qt or I/O: when is "tomorrow 09:00", what does "+30m"
mean, what the away digest says, and whether an urgent message breaks through.

Every function takes `now` (ms since the epoch) and a time zone explicitly, so tests
choose both and no test waits for real time to pass.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from desktop.protocol.attention import FOREVER, DndSettings, dnd_state, urgent_allowed, zone

__all__ = ["FOREVER", "DndSettings", "dnd_state", "urgent_allowed", "zone"]

_RELATIVE = re.compile(r"^\+\s*(\d+)\s*([smhdw])$", re.IGNORECASE)
_UNIT_MS = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}


class WhenError(ValueError):
    """A time the user typed that cannot be understood (the message says why)."""


def local_zone() -> dt.tzinfo:
    """The computer's time zone (a fixed offset if it has no IANA name)."""
    return dt.datetime.now().astimezone().tzinfo or dt.timezone.utc


def parse_when(text: str, now_ms: int, tz: dt.tzinfo) -> int:
    """`+30m`, `+2h`, `+1d`, ISO 8601 with an offset (`2026-11-23T09:00+08:00`), or a
    naive ISO time read in `tz`. Returns ms since the epoch."""
    text = text.strip()
    m = _RELATIVE.match(text)
    if m:
        return now_ms + int(m.group(1)) * _UNIT_MS[m.group(2).lower()]
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise WhenError(f"cannot read the time {text!r}: use +30m, +2h or ISO 8601 like 2026-11-23T09:00+08:00") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    return int(when.timestamp() * 1000)


def at_local(now_ms: int, tz: dt.tzinfo, *, days: int = 0, hour: int = 9, minute: int = 0) -> int:
    """`days` days from today at hour:minute in `tz`."""
    today = dt.datetime.fromtimestamp(now_ms / 1000, tz).date() + dt.timedelta(days=days)
    return int(dt.datetime.combine(today, dt.time(hour, minute), tz).timestamp() * 1000)


def tomorrow_at_9(now_ms: int, tz: dt.tzinfo) -> int:
    return at_local(now_ms, tz, days=1)


def next_monday_at_9(now_ms: int, tz: dt.tzinfo) -> int:
    weekday = dt.datetime.fromtimestamp(now_ms / 1000, tz).weekday()
    return at_local(now_ms, tz, days=(7 - weekday) or 7)


def manual_dnd(settings: DndSettings, until: int | None) -> DndSettings:
    """The settings with manual DND on until `until` (FOREVER), or off (None)."""
    return DndSettings(**{**{f: getattr(settings, f) for f in settings.__struct_fields__}, "manual_until": until})


def with_channel_mode(settings: DndSettings, channel: str, mode: str) -> DndSettings:
    channels = dict(settings.channels)
    if mode == "all":
        channels.pop(channel, None)
    else:
        channels[channel] = mode
    return DndSettings(**{**{f: getattr(settings, f) for f in settings.__struct_fields__}, "channels": channels})


def breaks_through(*, urgent: bool, sender: str, settings: DndSettings | None) -> bool:
    """An urgent message reaches someone in DND only if they allow it (from this sender)."""
    return urgent and urgent_allowed(settings, sender)


@dataclass
class AwayDigest:
    """Counts what arrived while notifications were held back (DND), for one
    summary notification when DND ends instead of a burst."""

    messages: int = 0
    mentions: int = 0
    channels: set[str] = field(default_factory=set)
    msgs: list[int] = field(default_factory=list)  # what was held, for the digest's highlights

    def add(self, channel: str, *, mention: bool, msg: int | None = None) -> None:
        self.messages += 1
        self.mentions += int(mention)
        self.channels.add(channel)
        if msg is not None:
            self.msgs.append(msg)

    def __bool__(self) -> bool:
        return self.messages > 0

    def summary(self) -> tuple[int, int, int]:
        """(messages, mentions, channels): the UI words it (translated plurals)."""
        return self.messages, self.mentions, len(self.channels)
