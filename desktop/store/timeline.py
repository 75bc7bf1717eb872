"""Message reads: timeline pages, threads, single messages, with their reactions."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType

from desktop.store.database import Connection
from desktop.store.rows import MessageRow

_SELECT = """SELECT m.id, m.channel, m.author, coalesce(u.display_name, m.author), m.ts, m.text,
    m.thread, m.reply_count, m.last_reply_ts, m.edited_ts, m.deleted, m.pinned, m.mention
    FROM messages m LEFT JOIN users u ON u.name = m.author"""


def page(
    conn: Connection, channel: str, *, before: int | None, after: int | None, limit: int | None
) -> list[MessageRow]:
    """Top-level messages of a channel, oldest first.

    With only `after`: the first `limit` messages newer than it (live updates, paging
    forward). Otherwise: the newest `limit` older than `before` (if given) and newer
    than `after` (if given). limit=None means no limit.
    """
    forward = after is not None and before is None
    params = {"channel": channel, "before": before, "after": after, "limit": -1 if limit is None else limit}
    rows = conn.execute(page_sql(before=before is not None, after=after is not None), params).fetchall()
    if not forward:
        rows.reverse()
    return _with_reactions(conn, rows)


def page_sql(*, before: bool, after: bool) -> str:
    """The page query; it walks the partial index messages_timeline, newest or oldest end."""
    where = ["m.channel = :channel", "m.thread IS NULL"]
    if before:
        where.append("m.id < :before")
    if after:
        where.append("m.id > :after")
    order = "ASC" if after and not before else "DESC"
    return f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY m.id {order} LIMIT :limit"


THREAD_SQL = f"{_SELECT} WHERE m.thread = ? ORDER BY m.id"
# A counter kept by ingest: counting 300k index entries took 20 ms, over a frame.
COUNT_SQL = "SELECT msg_count FROM channels WHERE id = ?"


def thread(conn: Connection, root: int) -> list[MessageRow]:
    """The root message and its replies, oldest first; [] if the root is not cached."""
    head = conn.execute(f"{_SELECT} WHERE m.id = ?", (root,)).fetchall()
    if not head:
        return []
    replies = conn.execute(THREAD_SQL, (root,)).fetchall()
    return _with_reactions(conn, head + replies)


def by_ids(conn: Connection, ids: Sequence[int]) -> dict[int, MessageRow]:
    if not ids:
        return {}
    rows = conn.execute(f"{_SELECT} WHERE m.id IN ({','.join('?' * len(ids))})", tuple(ids)).fetchall()
    return {row.id: row for row in _with_reactions(conn, rows)}


def count(conn: Connection, channel: str) -> int:
    """Top-level messages in a channel (deleted ones included: they keep their row)."""
    row = conn.execute(COUNT_SQL, (channel,)).fetchone()
    return row[0] if row else 0


def _with_reactions(conn: Connection, rows: list[tuple]) -> list[MessageRow]:
    reactions: dict[int, dict[str, list[str]]] = {}
    if rows:
        ids = [r[0] for r in rows]
        found = conn.execute(
            f"SELECT msg, emoji, user FROM reactions WHERE msg IN ({','.join('?' * len(ids))})"
            " AND present = 1 ORDER BY msg, seq",
            ids,
        )
        for msg, emoji, user in found:
            reactions.setdefault(msg, {}).setdefault(emoji, []).append(user)
    empty: MappingProxyType[str, tuple[str, ...]] = MappingProxyType({})
    return [
        MessageRow(
            id=r[0], channel=r[1], author=r[2], author_name=r[3], ts=r[4], text=r[5], thread=r[6],
            reply_count=r[7], last_reply_ts=r[8], edited_ts=r[9], deleted=bool(r[10]),
            pinned=bool(r[11]), mentions_me=bool(r[12]),
            reactions=(
                MappingProxyType({e: tuple(u) for e, u in reactions[r[0]].items()})
                if r[0] in reactions
                else empty
            ),
        )
        for r in rows
    ]
