"""The after-each-iteration checks shared by the client-side fault modules."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import msgspec

from server_stub import db
from tests.client_kit import open_profile, relay_texts, relay_visible
from tests.faults.kit import MARKERS, Tally


def relay_counts(data: Path) -> Counter:
    return Counter(t for t in relay_texts(data) if t and t.startswith(MARKERS[0]))


def exactly_once_in_order(tally: Tally, seed: int, data: Path, acked: list[str], written: list[str]) -> None:
    """Acknowledged texts are on the relay once; nothing twice; relay order = writing order."""
    counts = relay_counts(data)
    tally.check(seed, not [t for t in acked if counts[t] != 1],
                f"acknowledged but not exactly once on the relay: {[t for t in acked if counts[t] != 1][:3]}")
    tally.check(seed, not [t for t, n in counts.items() if n > 1],
                f"on the relay more than once: {[t for t, n in counts.items() if n > 1][:3]}")
    order = {t: i for i, t in enumerate(written)}
    on_relay = [order[t] for t in relay_texts(data) if t in order]
    tally.check(seed, on_relay == sorted(on_relay), "the relay holds the texts out of writing order")


def cache_equals_relay(tally: Tally, seed: int, data: Path, profile: Path, user: str, channel: str) -> None:
    """A client's cached channel equals the relay's visible log (ids, texts, order); outbox drained."""
    truth = [(e.seq, e.text) for e in relay_visible(data, user) if e.kind == "message.posted" and e.channel == channel]
    store = open_profile(profile)
    try:
        cached = [(m.id, m.text) for m in store.messages(channel, limit=1_000_000)]
        left = store.outbox(("pending", "sending", "failed"))
    finally:
        store.close()
    tally.check(seed, cached == truth, f"{user}'s cache differs from the relay ({len(cached)} cached, {len(truth)} on the relay)")
    tally.check(seed, not left, f"{user}'s outbox still holds {[(i.kind, i.state, i.error) for i in left][:3]}")


def relay_integrity(tally: Tally, seed: int, data: Path) -> None:
    conn = sqlite3.connect(data / db.DB_NAME)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    tally.check(seed, result == "ok", f"relay database integrity: {result}")


def shared_names(data: Path) -> Counter:
    conn = sqlite3.connect(data / db.DB_NAME)
    try:
        rows = conn.execute("SELECT body FROM events WHERE kind = 'file.shared'").fetchall()
    finally:
        conn.close()
    return Counter(msgspec.json.decode(r[0]).get("name") for r in rows)
