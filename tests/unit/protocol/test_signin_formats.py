"""Invite link and code formats: built by one side, parsed strictly by the other."""

from __future__ import annotations

import pytest

from desktop import linkscheme
from desktop.protocol import signin as sp

SECRET = "Ab3_-" + "x" * 38  # 43 URL-safe base64 characters


@pytest.mark.parametrize("url, link", [
    ("wss://chat.example.com", f"beacon://join/chat.example.com/{SECRET}"),
    ("wss://chat.example.com:8443/", f"beacon://join/chat.example.com:8443/{SECRET}"),
    ("ws://127.0.0.1:8765", f"beacon://join/insecure/127.0.0.1:8765/{SECRET}"),
    ("wss://[::1]:9000", f"beacon://join/[::1]:9000/{SECRET}"),
])
def test_join_links_round_trip(url, link):
    assert sp.join_url(url, SECRET) == link
    parsed = linkscheme.parse(link)
    assert isinstance(parsed, linkscheme.JoinLink)
    assert parsed.relay_url == url.rstrip("/") and parsed.secret == SECRET and parsed.url() == link


@pytest.mark.parametrize("link, reason", [
    (f"beacon://join/chat.example.com/{SECRET[:-1]}", "damaged"),
    (f"beacon://join/chat.example.com/{SECRET}x", "damaged"),
    (f"beacon://join/chat.example.com/{SECRET}?next=/x", "parameters"),
    (f"beacon://join/chat.example.com/{SECRET}#frag", "fragment"),
    (f"beacon://join/user@chat.example.com/{SECRET}", "user name"),
    (f"beacon://join/chat%2eexample.com/{SECRET}", "escaped"),
    (f"beacon://join/chat.example.com:0/{SECRET}", "port"),
    (f"beacon://join/chat.example.com:70000/{SECRET}", "port"),
    (f"beacon://join/-bad-.com/{SECRET}", "relay address"),
    (f"beacon://join/a..b/{SECRET}", "relay address"),
    (f"beacon://join/chat.example.com/extra/{SECRET}", "form"),
    (f"beacon://join/insecure/{SECRET}", "form"),
    (f"beacon://join/chat.example.com/{SECRET} --profile=/tmp", "spaces"),
    (f"beacon://join/例子.com/{SECRET}", "non-ASCII"),
    ("beacon://join/" + "a" * 300 + f"/{SECRET}", "too long"),
])
def test_bad_join_links_are_refused_plainly(link, reason):
    with pytest.raises(linkscheme.LinkError) as e:
        linkscheme.parse(link)
    assert reason in str(e.value)


def test_message_links_still_parse():
    link = linkscheme.parse("beacon://message/C1a2b3c4d5e6/42")
    assert isinstance(link, linkscheme.MessageLink) and link.message == 42


def test_codes_are_forgiving_but_exact():
    code = "7K2M9QX4HDRT"
    assert sp.format_code(code) == "7K2M-9QX4-HDRT"
    assert sp.normalize_code(" 7k2m-9qx4 hdrt ") == code
    assert sp.normalize_code("0OIL-0000-0000") == "0011" + "0" * 8  # O reads as 0, I and L as 1
    assert sp.normalize_code("7K2M-9QX4-HDR") is None  # too short
    assert sp.normalize_code("7K2M-9QX4-HDRU") is None  # U is not in the alphabet
    assert not sp.is_secret(code) and sp.is_secret(SECRET)


def test_durations_and_relay_addresses():
    assert [sp.parse_duration(t) for t in ("30m", "12h", "7d", "90", "+2d")] == [1800, 43200, 604800, 90, 172800]
    for bad in ("7 days", "", "-1d", "3q"):
        with pytest.raises(ValueError):
            sp.parse_duration(bad)
    for bad in ("http://x", "wss://", "wss://a/b", "wss://u@h"):
        with pytest.raises(ValueError):
            sp.join_url(bad, SECRET)
