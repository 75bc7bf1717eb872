"""Search with filters (from:, in:, has:, before:, after:) over the cached messages.

Words go through the full-text indexes (desktop.store.search); filters are tested on
the candidates' rows, fetching more candidates until `limit` pass or the index runs
out. A query of filters only walks the messages table newest first.
"""

from __future__ import annotations

import datetime as dt
from sqlite3 import Connection

from desktop.domain.search_query import SearchQuery
from desktop.store import search

_MAX_CANDIDATES = 50_000


def _day_start_ms(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time()).timestamp() * 1000)  # local midnight


def _conditions(conn: Connection, q: SearchQuery, channel: str | None) -> tuple[list[str], list[object]] | None:
    """SQL conditions on `messages m`; None if a filter names nothing that exists."""
    where: list[str] = ["m.deleted = 0"]
    args: list[object] = []
    if q.authors:
        names: set[str] = set()
        for who in q.authors:
            names |= {r[0] for r in conn.execute(
                "SELECT name FROM users WHERE name = lower(?) OR display_name = ? COLLATE NOCASE"
                " OR instr(lower(display_name), lower(?)) > 0",
                (who, who, who),
            )}
        if not names:
            return None
        where.append(f"m.author IN ({','.join('?' * len(names))})")
        args.extend(sorted(names))
    channels: set[str] = set()
    for ref in q.channels:
        channels |= {r[0] for r in conn.execute(
            "SELECT id FROM channels WHERE id = ? OR name = ? COLLATE NOCASE", (ref, ref)
        )}
    if q.channels and not channels:
        return None
    if channel is not None:
        channels = {channel} & channels if q.channels else {channel}
        if not channels:
            return None
    if channels:
        where.append(f"m.channel IN ({','.join('?' * len(channels))})")
        args.extend(sorted(channels))
    if q.after is not None:
        where.append("m.ts >= ?")
        args.append(_day_start_ms(q.after))
    if q.before is not None:
        where.append("m.ts < ?")
        args.append(_day_start_ms(q.before))
    if "file" in q.has:
        where.append("EXISTS (SELECT 1 FROM files f WHERE f.msg = m.id)")
    if "link" in q.has:
        where.append("(instr(lower(m.text), 'http://') > 0 OR instr(lower(m.text), 'https://') > 0)")
    if "pin" in q.has:
        where.append("m.pinned = 1")
    if "thread" in q.has:
        where.append("m.reply_count > 0")
    return where, args


def find(conn: Connection, q: SearchQuery, *, channel: str | None, limit: int) -> tuple[list[int], search.Plan | None]:
    """Ids of matching messages, newest first, and the word plan (for snippets)."""
    conditions = _conditions(conn, q, channel)
    if conditions is None or limit <= 0:
        return [], search.plan(q.text)
    where, args = conditions
    if not q.text.strip():
        sql = f"SELECT m.id FROM messages m WHERE {' AND '.join(where)} ORDER BY m.id DESC LIMIT ?"
        return [r[0] for r in conn.execute(sql, [*args, limit])], None
    scope = channel if not q.channels else None
    wanted = limit * 4
    while True:
        ids, plan = search.find(conn, q.text, channel=scope, limit=wanted)
        if plan is None or not ids:
            return [], plan
        marks = ",".join(str(int(i)) for i in ids)  # ints from SQLite: safe to inline
        kept = {r[0] for r in conn.execute(
            f"SELECT m.id FROM messages m WHERE m.id IN ({marks}) AND {' AND '.join(where)}", args
        )}
        hits = [i for i in ids if i in kept]
        if len(hits) >= limit or len(ids) < wanted or wanted >= _MAX_CANDIDATES:
            return hits[:limit], plan
        wanted *= 4
