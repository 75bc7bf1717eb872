"""Unsent composer text per channel (kept across resyncs; never synced)."""

from __future__ import annotations

import time

from desktop.store.database import Connection


def get(conn: Connection, channel: str) -> str:
    row = conn.execute("SELECT text FROM drafts WHERE channel = ?", (channel,)).fetchone()
    return row[0] if row else ""


def put(conn: Connection, channel: str, text: str) -> None:
    """Store the draft; an empty (or blank) text deletes it."""
    if text.strip():
        conn.execute(
            "INSERT INTO drafts(channel, text, updated_ts) VALUES (?, ?, ?)"
            " ON CONFLICT(channel) DO UPDATE SET text = excluded.text, updated_ts = excluded.updated_ts",
            (channel, text, int(time.time() * 1000)),
        )
    else:
        conn.execute("DELETE FROM drafts WHERE channel = ?", (channel,))
