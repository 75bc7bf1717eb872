"""Reads the cache for the knowledge features: digest items of a channel or thread,
and the evidence behind "who knows X" (only from channels I am a member of)."""

from __future__ import annotations

import json
from collections import defaultdict

from desktop.domain.digest import Item

_ITEM = (
    "SELECT m.id, coalesce(u.display_name, m.author), m.ts, m.text, m.thread, m.reply_count, m.pinned,"
    " m.mention FROM messages m LEFT JOIN users u ON u.name = m.author"
)


def digest_items(
    store, channel: str, *, thread: int | None = None, since_ms: int | None = None, limit: int = 2000,
) -> list[Item]:
    """The newest `limit` top-level messages of `channel` since `since_ms` (or the root
    and replies of `thread`), oldest first, with their reactions, saves, tasks and files."""
    with store._db.read() as conn:
        if thread is not None:
            rows = conn.execute(
                f"{_ITEM} WHERE m.channel = ? AND (m.id = ? OR m.thread = ?) AND m.deleted = 0"
                " AND m.ts >= ? ORDER BY m.id DESC LIMIT ?", (channel, thread, thread, since_ms or 0, limit),
            ).fetchall()
        else:
            rows = conn.execute(
                f"{_ITEM} WHERE m.channel = ? AND m.thread IS NULL AND m.deleted = 0 AND m.ts >= ?"
                " ORDER BY m.id DESC LIMIT ?", (channel, since_ms or 0, limit),
            ).fetchall()
        rows.reverse()
        if not rows:
            return []
        low = rows[0][0]
        reactions = dict(conn.execute(
            "SELECT r.msg, count(*) FROM reactions r WHERE r.present = 1 AND r.msg >= ? AND r.msg IN"
            " (SELECT id FROM messages WHERE channel = ? AND id >= ?) GROUP BY r.msg", (low, channel, low),
        ).fetchall())
        saves = dict(conn.execute(
            "SELECT msg, count(*) FROM library_entries WHERE channel = ? AND removed = 0 AND msg >= ? GROUP BY msg",
            (channel, low),
        ).fetchall())
        tasks = {m: json.loads(f).get("title") for m, f in conn.execute(
            "SELECT source_msg, fields FROM tasks WHERE channel = ? AND source_msg >= ?", (channel, low))}
        files = dict(conn.execute("SELECT msg, name FROM files WHERE channel = ? AND msg >= ?", (channel, low)).fetchall())
    return [
        Item(id=i, author=a, ts=ts, text=text, thread=th, reactions=reactions.get(i, 0), replies=rc,
             pinned=bool(pin), saves=saves.get(i, 0), mentions_me=bool(men), task=tasks.get(i), file=files.get(i))
        for i, a, ts, text, th, rc, pin, men in rows
    ]


def held_items(store, msg_ids) -> dict[str, list[Item]]:
    """Digest items of the given messages (those DND held back), grouped by channel."""
    ids = sorted({int(i) for i in msg_ids})
    out: dict[str, list[Item]] = defaultdict(list)
    if not ids:
        return out
    with store._db.read() as conn:
        marks = ",".join(map(str, ids))
        rows = conn.execute(
            "SELECT m.id, coalesce(u.display_name, m.author), m.ts, m.text, m.thread, m.reply_count, m.pinned,"
            " m.mention, m.channel, (SELECT count(*) FROM reactions r WHERE r.msg = m.id AND r.present = 1)"
            f" FROM messages m LEFT JOIN users u ON u.name = m.author WHERE m.id IN ({marks}) AND m.deleted = 0"
            " ORDER BY m.id"
        ).fetchall()
    for i, a, ts, text, th, rc, pin, men, channel, reacts in rows:
        out[channel].append(Item(id=i, author=a, ts=ts, text=text, thread=th, reactions=reacts, replies=rc,
                                 pinned=bool(pin), mentions_me=bool(men)))
    return out
