"""Pure DND rules: working hours in time zones, manual DND, urgent breakthrough,
relative and absolute times, the away digest. Time is always passed in."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain import dnd
from desktop.domain.dnd import DndSettings

SH = dnd.zone("Asia/Shanghai")
NY = dnd.zone("America/New_York")


def ms(tz, *args) -> int:
    return int(dt.datetime(*args, tzinfo=tz).timestamp() * 1000)


WORK = DndSettings(schedule=True, tz="Asia/Shanghai", hours=
                   ["09:00-18:00"] * 5 + ["", ""])


def test_working_hours_in_the_users_time_zone():
    friday_evening = ms(SH, 2026, 11, 20, 18, 0)
    state = dnd.dnd_state(WORK, friday_evening)
    assert state.active and not state.manual
    assert state.until == ms(SH, 2026, 11, 23, 9, 0)  # Monday 09:00, not Saturday
    monday = dnd.dnd_state(WORK, ms(SH, 2026, 11, 23, 9, 0))
    assert not monday.active and monday.next_change == ms(SH, 2026, 11, 23, 18, 0)
    assert dnd.dnd_state(WORK, ms(SH, 2026, 11, 23, 8, 59)).active


def test_working_hours_follow_daylight_saving_time():
    settings = DndSettings(schedule=True, tz="America/New_York", hours=["09:00-17:00"] * 7)
    # 2026-03-08: clocks go forward in New York; 09:00 is still 09:00 local.
    state = dnd.dnd_state(settings, ms(NY, 2026, 3, 8, 3, 30))
    assert state.active and state.until == ms(NY, 2026, 3, 8, 9, 0)


def test_manual_dnd_and_forever():
    now = 1_800_000_000_000
    on = dnd.dnd_state(DndSettings(manual_until=now + 60_000), now)
    assert on.active and on.until == now + 60_000 and on.manual
    assert not dnd.dnd_state(DndSettings(manual_until=now), now).active  # ends exactly then
    forever = dnd.dnd_state(DndSettings(manual_until=dnd.FOREVER), now)
    assert forever.active and forever.until == dnd.FOREVER and forever.next_change is None
    assert not dnd.dnd_state(None, now).active


def test_manual_dnd_that_ends_outside_working_hours_lasts_until_work_starts():
    settings = dnd.manual_dnd(WORK, ms(SH, 2026, 11, 23, 17, 30))
    state = dnd.dnd_state(settings, ms(SH, 2026, 11, 23, 17, 0))
    assert state.active and state.manual
    # Manual until 17:30 (still working) -> DND ends at 17:30.
    assert state.until == ms(SH, 2026, 11, 23, 17, 30)
    late = dnd.manual_dnd(WORK, ms(SH, 2026, 11, 23, 19, 0))
    assert dnd.dnd_state(late, ms(SH, 2026, 11, 23, 17, 0)).until == ms(SH, 2026, 11, 24, 9, 0)


@pytest.mark.parametrize(("settings", "sender", "urgent", "through"), [
    (DndSettings(), "li", True, False),  # off by default
    (DndSettings(allow_urgent=True), "li", True, True),
    (DndSettings(allow_urgent=True), "li", False, False),
    (DndSettings(allow_urgent=True, urgent_from=["wang"]), "li", True, False),
    (DndSettings(allow_urgent=True, urgent_from=["wang", "li"]), "li", True, True),
    (None, "li", True, False),
])
def test_breakthrough_rules(settings, sender, urgent, through):
    assert dnd.breaks_through(urgent=urgent, sender=sender, settings=settings) is through


def test_parse_when():
    now = ms(SH, 2026, 11, 21, 10, 0)
    assert dnd.parse_when("+30m", now, SH) == now + 30 * 60_000
    assert dnd.parse_when("+2h", now, SH) == now + 2 * 3_600_000
    assert dnd.parse_when("2026-11-23T09:00+08:00", now, NY) == ms(SH, 2026, 11, 23, 9, 0)
    assert dnd.parse_when("2026-11-23T09:00", now, SH) == ms(SH, 2026, 11, 23, 9, 0)
    with pytest.raises(dnd.WhenError, match="cannot read"):
        dnd.parse_when("soonish", now, SH)
    assert dnd.tomorrow_at_9(now, SH) == ms(SH, 2026, 11, 22, 9, 0)
    assert dnd.next_monday_at_9(now, SH) == ms(SH, 2026, 11, 23, 9, 0)
    monday = ms(SH, 2026, 11, 23, 8, 0)
    assert dnd.next_monday_at_9(monday, SH) == ms(SH, 2026, 11, 30, 9, 0)


def test_channel_modes_and_digest():
    s = dnd.with_channel_mode(DndSettings(), "C1", "mute")
    s = dnd.with_channel_mode(s, "C2", "mentions")
    assert s.channels == {"C1": "mute", "C2": "mentions"}
    assert dnd.with_channel_mode(s, "C1", "all").channels == {"C2": "mentions"}
    digest = dnd.AwayDigest()
    assert not digest
    for channel, mention in [("a", False), ("a", True), ("b", False), ("c", True)]:
        digest.add(channel, mention=mention)
    assert digest.summary() == (4, 2, 3)
