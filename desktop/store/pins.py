"""Pinned messages: how many a channel has (the channel header's 📌 count), on a small
partial index so the count does not read the channel's messages."""

from __future__ import annotations

from desktop.store import features
from desktop.store.database import Connection

FEATURE = features.register(features.Feature(
    name="pins",
    migrations=(
        ("CREATE INDEX IF NOT EXISTS messages_pinned ON messages(channel, deleted) WHERE pinned = 1",),
    ),
))


COUNT_SQL = "SELECT count(*) FROM messages WHERE channel = ? AND pinned = 1 AND deleted = 0"


def ids(conn: Connection, channel: str) -> list[int]:
    """Pinned messages of a channel, newest first."""
    return [r[0] for r in conn.execute(
        "SELECT id FROM messages WHERE channel = ? AND pinned = 1 AND deleted = 0 ORDER BY id DESC", (channel,))]


def count(conn: Connection, channel: str) -> int:
    """Pinned messages in a channel, thread replies included (a deleted message is unpinned)."""
    row = conn.execute(COUNT_SQL, (channel,)).fetchone()
    return row[0] if row else 0
