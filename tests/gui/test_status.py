"""The connection line says what is going on in plain words."""

from __future__ import annotations

from desktop.net.state import Link, LinkState
from desktop.ui.views.status import describe


def test_offline_with_waiting_messages_and_retry(qapp):
    text = describe(LinkState(Link.OFFLINE, "connection refused", retry_in=4.2, last_synced_ms=1_700_000_000_000), 3)
    assert text.startswith("Offline")
    assert "3 message(s) waiting to send" in text
    assert "last synced" in text and "retrying in 4 s" in text


def test_other_states(qapp):
    assert describe(LinkState(Link.ONLINE), 0) == "Online"
    assert describe(LinkState(Link.CONNECTING), 0) == "Connecting…"
    assert describe(LinkState(Link.CATCHING_UP, progress=12000), 0) == "Catching up… 12000 event(s)"
    assert "token" in describe(LinkState(Link.ERROR, "the relay refused the token"), 0)


def test_online_shows_no_stale_sync_time_offline_shows_when(qapp):
    import time

    now = int(time.time() * 1000)
    assert describe(LinkState(Link.ONLINE, last_synced_ms=now - 3 * 3600 * 1000), 0) == "Online"
    today = describe(LinkState(Link.OFFLINE, last_synced_ms=now), 0)
    older = describe(LinkState(Link.OFFLINE, last_synced_ms=now - 3 * 24 * 3600 * 1000), 0)
    assert "last synced" in today and "last synced" in older and len(older) > len(today)  # the date too
