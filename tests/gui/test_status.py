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
