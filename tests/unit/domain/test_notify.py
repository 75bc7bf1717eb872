"""Notification policy: who gets a popup for which message, and what it says."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import notify
from desktop.domain.notify import ChannelState, Focus, Incoming, Notification, Suppressed, check, decide, mentions, preview

ME = "bob"
GENERAL = ChannelState(title="general", read_upto=10)
AWAY = Focus(window_active=False)


def msg(text="hello", *, msg=11, author="alice", channel="c1", thread=None, author_name="Alice"):
    return Incoming(msg=msg, channel=channel, author=author, text=text, thread=thread, author_name=author_name)


def reason(message, *, me=ME, channel=GENERAL, focus=AWAY, dnd=False):
    return check(message, me=me, channel=channel, focus=focus, dnd=dnd)


# --- mentions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["@bob", "hi @bob!", "@Bob.", "@BOB, look", "(@bob)", "cc: @bob\nthanks", "你好@bob", "@bob请看一下", "「@bob」", "@bob's idea", "@bob…"],
)
def test_mentions_me(text):
    assert mentions(text, ME)


@pytest.mark.parametrize(
    "text",
    ["bob", "@bobby", "@bob.smith", "@bob-x", "@bob_x", "@bob2", "me@bob.org", "x@bob", "@@bob", ".@bob", "@ bob", "@all", "@here", "@channel", ""],
)
def test_does_not_mention_me(text):
    assert not mentions(text, ME)


def test_names_with_regex_characters_are_literal():
    assert mentions("ping @a.b", "a.b")
    assert not mentions("ping @axb", "a.b")
    assert mentions("hey @x-y.z", "x-y.z")


def test_nobody_is_mentioned_when_i_am_unknown():
    assert not mentions("@bob", None)
    assert not mentions("@bob", "")


# --- the rules -------------------------------------------------------------------------


def test_plain_message_in_a_normal_channel_notifies():
    assert reason(msg()) is None
    n = decide(msg("see **this**"), me=ME, channel=GENERAL, focus=AWAY)
    assert n == Notification(title="Alice · #general", body="see this", channel="c1", msg=11, is_mention=False)


def test_never_for_my_own_messages_even_when_i_mention_myself():
    assert reason(msg("note to @bob", author="bob")) is Suppressed.OWN
    assert reason(msg(author="BOB")) is Suppressed.OWN  # login names compare case-insensitively


def test_unknown_me_still_notifies_others_messages():
    assert reason(msg(author="alice"), me=None) is None


def test_never_when_already_read_elsewhere():
    assert reason(msg(msg=10)) is Suppressed.READ  # msg == read_upto: read
    assert reason(msg(msg=3, text="@bob")) is Suppressed.READ
    assert reason(msg(msg=11)) is None


def test_read_thread_reply_is_covered_by_the_channel_marker():
    assert reason(msg(msg=9, thread=4)) is Suppressed.READ


def test_never_for_muted_channels_not_even_mentions():
    muted = ChannelState(title="general", read_upto=10, muted=True)
    assert reason(msg("@bob urgent"), channel=muted) is Suppressed.MUTED
    assert reason(msg(), channel=muted) is Suppressed.MUTED


def test_do_not_disturb_silences_everything_including_mentions_and_dms():
    dm = ChannelState(title="Alice", dm=True, read_upto=0)
    assert reason(msg("@bob"), dnd=True) is Suppressed.DND
    assert reason(msg(), channel=dm, dnd=True) is Suppressed.DND


def test_never_for_the_channel_on_screen_even_a_mention():
    looking = Focus(window_active=True, channel="c1")
    assert reason(msg(), focus=looking) is Suppressed.IN_VIEW
    assert reason(msg("@bob"), focus=looking) is Suppressed.IN_VIEW


def test_channel_shown_in_an_inactive_window_notifies():
    assert reason(msg(), focus=Focus(window_active=False, channel="c1")) is None


def test_other_channel_on_screen_notifies():
    assert reason(msg(), focus=Focus(window_active=True, channel="c2")) is None


def test_thread_reply_notifies_unless_that_thread_is_open():
    channel_only = Focus(window_active=True, channel="c1")
    assert reason(msg(thread=5), focus=channel_only) is None
    assert reason(msg(thread=5), focus=Focus(window_active=True, channel="c1", thread=6)) is None
    assert reason(msg(thread=5), focus=Focus(window_active=True, channel="c1", thread=5)) is Suppressed.IN_VIEW
    # a thread open in another channel's window does not hide this one
    assert reason(msg(thread=5), focus=Focus(window_active=True, channel="c2", thread=5)) is None


def test_top_level_message_is_on_screen_while_a_thread_is_open_beside_it():
    assert reason(msg(), focus=Focus(window_active=True, channel="c1", thread=5)) is Suppressed.IN_VIEW


def test_mentions_only_channel():
    quiet = ChannelState(title="general", read_upto=10, mentions_only=True)
    assert reason(msg("lunch?"), channel=quiet) is Suppressed.NOT_A_MENTION
    assert reason(msg("@all lunch?"), channel=quiet) is Suppressed.NOT_A_MENTION
    n = decide(msg("@bob lunch?"), me=ME, channel=quiet, focus=AWAY)
    assert n is not None and n.is_mention


def test_first_applicable_rule_is_reported():
    everything = ChannelState(read_upto=100, muted=True, mentions_only=True)
    on_screen = Focus(window_active=True, channel="c1")
    assert reason(msg(author="bob"), channel=everything, focus=on_screen, dnd=True) is Suppressed.OWN
    assert reason(msg(), channel=everything, focus=on_screen, dnd=True) is Suppressed.READ
    fresh_muted = ChannelState(read_upto=0, muted=True)
    assert reason(msg(), channel=fresh_muted, focus=on_screen, dnd=True) is Suppressed.MUTED


def test_decide_and_check_agree():
    cases = [
        (msg(), GENERAL, AWAY, False),
        (msg(author="bob"), GENERAL, AWAY, False),
        (msg(), GENERAL, AWAY, True),
        (msg(), GENERAL, Focus(True, "c1"), False),
    ]
    for message, channel, focus, dnd in cases:
        shown = decide(message, me=ME, channel=channel, focus=focus, dnd=dnd) is not None
        assert shown == (check(message, me=ME, channel=channel, focus=focus, dnd=dnd) is None)


# --- what the notification says ----------------------------------------------------------


def test_title_in_a_channel_and_in_a_dm():
    assert notify.title(msg(), GENERAL) == "Alice · #general"
    assert notify.title(msg(), ChannelState(title="Alice", dm=True)) == "Alice"


def test_title_falls_back_to_login_and_channel_id():
    assert notify.title(msg(author_name=""), ChannelState()) == "alice · #c1"


def test_title_is_one_clean_line():
    m = msg(author_name="Eve\n\u202eevil\u202c")
    assert notify.title(m, ChannelState(title="a\tb")) == "Eve evil · #a b"


def test_long_names_are_shortened():
    t = notify.title(msg(author_name="A" * 200), ChannelState(title="c" * 200))
    assert len(t) <= 2 * notify.TITLE_PART_LIMIT + 4
    assert t.count("…") == 2


def test_thread_and_mention_are_carried():
    n = decide(msg("@bob see", thread=4), me=ME, channel=GENERAL, focus=AWAY)
    assert n is not None and n.thread == 4 and n.is_mention and n.msg == 11 and n.channel == "c1"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("**bold** and __strong__ and ~~gone~~", "bold and strong and gone"),
        ("*em* and _em_ but snake_case_name and 2*3*4", "em and em but snake_case_name and 2*3*4"),
        ("see [the docs](https://x.example/a_b) now", "see the docs now"),
        ("![diagram](https://x.example/i.png)", "diagram"),
        ("<https://x.example/>", "https://x.example/"),
        ("run `make test` please", "run make test please"),
        ("```python\nprint(1)\n```", "print(1)"),
        ("# Heading\n> quoted\n- item\n* star\n1. first\n- [x] done", "Heading quoted item star first done"),
        ("a\\*b\\*", "a*b*"),
        ("<b>not html</b> & co", "<b>not html</b> & co"),  # kept as text; backends escape
        ("line one\n\n\tline two  \r\n", "line one line two"),
        ("abc\u202edef\u2066\u200bg\u00adh\ufeff", "abcdefgh"),  # bidi, zero-width space, soft hyphen, BOM
        ("bell\x07tab\x1b", "bell tab"),
        ("family 👨\u200d👩\u200d👧 ok", "family 👨\u200d👩\u200d👧 ok"),  # ZWJ kept
        ("会议改到明天下午三点", "会议改到明天下午三点"),
        ("", ""),
        ("   \n  ", ""),
    ],
)
def test_preview_is_plain_text(text, expected):
    assert preview(text) == expected


def test_short_text_is_untouched_at_the_limit():
    text = "x" * notify.BODY_LIMIT
    assert preview(text) == text
    assert preview(text + "y") == "x" * (notify.BODY_LIMIT - 1) + "…"


def test_long_text_is_cut_at_a_word_boundary():
    text = "word " * 60
    out = preview(text)
    assert len(out) <= notify.BODY_LIMIT
    assert out.endswith("word…")


def test_long_chinese_text_is_cut_hard():
    text = "这是一条很长的中文消息" * 20
    out = preview(text)
    assert len(out) == notify.BODY_LIMIT
    assert out.endswith("…") and text.startswith(out[:-1])


def test_cut_does_not_split_a_combining_mark():
    text = "a" * 118 + "e\u0301" + "z" * 10  # é as e + combining acute at 118/119
    out = preview(text)
    assert "e\u0301" not in out and not out[:-1].endswith("e")
    assert len(out) <= notify.BODY_LIMIT


def test_cut_does_not_split_an_emoji_modifier_or_joiner():
    text = "a" * 118 + "👍🏽" + "z" * 10  # thumbs up + skin tone straddles the cut
    out = preview(text)
    assert not out[:-1].endswith("👍")
    text = "a" * 118 + "👨\u200d👩" + "z" * 10
    assert "\u200d…" not in preview(text)


def test_cut_does_not_split_a_flag():
    text = "a" * 118 + "🇨🇳" + "z" * 10
    out = preview(text)
    assert out == "a" * 118 + "…"
    text = "a" * 117 + "🇨🇳" + "z" * 10
    assert preview(text) == "a" * 117 + "🇨🇳" + "…"


def test_limit_is_adjustable():
    assert preview("abcdef", limit=4) == "abc…"


_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u200b\ufeff]")


@given(st.text(max_size=400))
def test_preview_is_always_one_short_clean_line(text):
    out = preview(text)
    assert len(out) <= notify.BODY_LIMIT
    assert out == out.strip()
    assert "  " not in out
    assert not any(unicodedata.category(ch) == "Cc" for ch in out)
    assert not _INVISIBLE.search(out)


@given(st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd")), min_size=121, max_size=300))
def test_a_shortened_preview_ends_with_an_ellipsis(text):
    # Letters and digits only: markup removal could make a longer text fit.
    out = preview(text)
    assert out.endswith("…") and len(out) <= notify.BODY_LIMIT


# --- layering ----------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN = re.compile(
    r"^\s*(from|import)\s+(PySide6|shiboken6|qasync|asyncio|socket|websockets|sqlite3|sqlcipher3|keyring|subprocess|desktop\.(ui|store|net))\b",
    re.M,
)


def test_domain_is_pure_python():
    # Also an import-linter candidate; kept here so the rule holds until it is one.
    offenders = [p.name for p in (ROOT / "desktop" / "domain").rglob("*.py") if FORBIDDEN.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
