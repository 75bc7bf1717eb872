"""beacon:// links: one form opens one message; everything else is refused with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop import linkscheme
from desktop.errors import KnownError
from desktop.linkscheme import LinkError, MessageLink, parse, split_argv


def test_the_one_accepted_form():
    assert parse("beacon://message/C1a2b3c4d5e6/42") == MessageLink("C1a2b3c4d5e6", 42)
    assert parse("BEACON://Message/C1a2b3c4d5e6/42/") == MessageLink("C1a2b3c4d5e6", 42)  # case, trailing slash
    assert parse(MessageLink("dm:alice:bob", 2**63 - 1).url()) == MessageLink("dm:alice:bob", 2**63 - 1)


@pytest.mark.parametrize("url, reason", [
    ("https://example.org", "not a beacon"),
    ("beacon:message/C1/1", "only links of the form"),
    ("beacon://message/C1", "only links of the form"),
    ("beacon://message/C1/1/2", "only links of the form"),
    ("beacon://run/calc.exe", "only links of the form"),
    ("beacon://open?file=/etc/passwd", "parameters"),
    ("beacon://message/C1/1?relay=ws://evil", "parameters"),
    ("beacon://message/C1/1#x", "fragment"),
    ("beacon://user:pw@message/C1/1", "user name"),
    ("beacon://message/C1%2F..%2F/1", "escaped"),
    ("beacon://message/C1/1 --profile /tmp/x", "spaces"),
    ("beacon://message/C1/1\n", "control"),
    ("beacon://message/頻道/1", "non-ASCII"),
    ("beacon://message/../1", "channel id"),
    ("beacon://message/C!/1", "channel id"),
    ("beacon://message/C1/0", "message id"),
    ("beacon://message/C1/-1", "message id"),
    ("beacon://message/C1/007", "message id"),
    ("beacon://message/C1/9223372036854775808", "message id"),
    ("beacon://message/" + "C" * 300 + "/1", "too long"),
    ("beacon://message\\C1\\1", "backslash"),
])
def test_everything_else_is_refused_with_a_reason(url, reason):
    with pytest.raises(LinkError, match=reason) as info:
        parse(url)
    assert isinstance(info.value, KnownError)  # shown to the user as is


@given(st.text(max_size=300))
def test_no_input_crashes_or_slips_through(text):
    try:
        link = parse("beacon://" + text)
    except LinkError:
        return
    assert link.url().lower() == ("beacon://" + text).rstrip("/").lower()


def test_a_link_must_be_the_only_argument():
    assert split_argv(["--lang", "zh_CN"]) == (None, ["--lang", "zh_CN"])
    assert split_argv(["beacon://message/C1/2"]) == ("beacon://message/C1/2", [])
    with pytest.raises(LinkError, match="only argument"):
        split_argv(["beacon://message/C1/2", "--profile", "/tmp/evil"])
    with pytest.raises(LinkError, match="only argument"):
        split_argv(["--demo", "Beacon:whatever"])
    assert linkscheme.looks_like_link("BeAcOn:x")
