"""Reads the cache for the knowledge features: digest items of a channel or thread,
and the evidence behind "who knows X" (only from channels I am a member of)."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict

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


# ---- experts ------------------------------------------------------------------------------

_CANDIDATES = 2000  # per query term: the newest matching messages considered (bounds a vague query)


def opted_out(store) -> set[str]:
    with store._db.read() as conn:
        return {u for (u,) in conn.execute("SELECT user FROM experts_listing WHERE listed = 0")}


def names(store) -> dict[str, str]:
    return {u.name: u.display_name for u in store.users()}


def expert_evidence(store, query: str) -> list:
    """Evidence for "who knows `query`" from messages and library entries of channels
    I am a member of now (a channel I left, or never joined, gives none), library
    entries published to the workspace, and the skills people list on their profile."""
    from desktop.domain import experts as dx
    from desktop.domain.digest import excerpt
    from desktop.domain.keywords import query_terms
    from desktop.store import search

    terms = query_terms(query)
    if not terms:
        return []
    need = max(1, math.ceil(len(terms) / 2))
    out: list[dx.Evidence] = []
    with store._db.read() as conn:
        hits: Counter = Counter()
        entry_hits: Counter = Counter()
        for term in terms:
            ids, _plan = search.find(conn, term, channel=None, limit=_CANDIDATES)
            hits.update(set(ids))
            entry_hits.update(_entry_matches(conn, term))
        relevant = {i: c / len(terms) for i, c in hits.items() if c >= need}
        rows = _evidence_rows(conn, relevant)
        # Replies under a relevant question answer it, whether or not they repeat its words.
        roots = [r for r in rows.values() if r["thread"] is None and r["replies"]]
        for root in roots:
            for reply in _thread_rows(conn, root["id"]):
                rows.setdefault(reply["id"], {**reply, "relevance": root["relevance"]})
        asker = {r["id"]: r["author"] for r in roots}
        for r in list(rows.values()):
            if r["thread"] is not None and r["thread"] not in asker:
                found = conn.execute("SELECT author FROM messages WHERE id = ?", (r["thread"],)).fetchone()
                asker[r["thread"]] = found[0] if found else None  # root not cached: still someone's answer
        thanked = _thanked(conn, {r["thread"] for r in rows.values() if r["thread"] is not None}, asker)
        for r in rows.values():
            is_answer = r["thread"] is not None and r["author"] != asker.get(r["thread"])
            out.append(dx.Evidence(
                user=r["author"], kind="answer" if is_answer else "message", channel=r["channel"], msg=r["id"],
                text=excerpt(r["text"], 100), relevance=r["relevance"], reactions=r["reactions"],
                thanked=r["id"] in thanked, saved=r["saved"],
            ))
        for (author, channel, msg, title), count in entry_hits.items():
            if count >= need and author:
                out.append(dx.Evidence(user=author, kind="entry", channel=channel, msg=msg, text=excerpt(title, 100),
                                       relevance=count / len(terms)))
    # Skills people list on their profile: their own words, shown as such.
    from desktop.store import team

    for user, listed in team.skills(store).items():
        folded = [s.casefold() for s in listed]
        matched = sum(any(t in s for s in folded) for t in terms)
        if matched >= need:
            out.append(dx.Evidence(user=user, kind="skill", channel="", msg=None, text=", ".join(listed),
                                   relevance=matched / len(terms)))
    return out


def _entry_matches(conn, term: str) -> set[tuple]:
    from desktop.store import search

    p = search.plan(term)
    if p is None:
        return set()
    table, expr = ("library_fts", p.trigram) if p.trigram else ("library_short", p.short)
    return set(conn.execute(
        f"SELECT e.author, e.channel, e.msg, e.title FROM {table} f JOIN library_entries e ON e.rowid = f.rowid"
        f" LEFT JOIN channels c ON c.id = e.channel WHERE f.{table} MATCH ? AND e.removed = 0"
        " AND (c.am_member = 1 OR e.published = 1)",
        (expr,),
    ).fetchall())


_EVIDENCE_COLS = (
    "m.id, m.channel, m.author, m.thread, m.text, m.reply_count,"
    " (SELECT count(*) FROM reactions r WHERE r.msg = m.id AND r.present = 1),"
    " (SELECT count(*) FROM library_entries l WHERE l.msg = m.id AND l.removed = 0)"
    " FROM messages m JOIN channels c ON c.id = m.channel AND c.am_member = 1"
)
_KEYS = ("id", "channel", "author", "thread", "text", "replies", "reactions", "saved")


def _evidence_rows(conn, relevant: dict[int, float]) -> dict[int, dict]:
    rows: dict[int, dict] = {}
    ids = sorted(relevant)
    for start in range(0, len(ids), 500):
        marks = ",".join(map(str, ids[start:start + 500]))
        for r in conn.execute(f"SELECT {_EVIDENCE_COLS} WHERE m.id IN ({marks}) AND m.deleted = 0"):
            row = dict(zip(_KEYS, r))
            row["relevance"] = relevant[row["id"]]
            rows[row["id"]] = row
    return rows


def _thread_rows(conn, root: int) -> list[dict]:
    return [dict(zip(_KEYS, r)) for r in conn.execute(
        f"SELECT {_EVIDENCE_COLS} WHERE m.thread = ? AND m.deleted = 0 ORDER BY m.id", (root,))]


def _thanked(conn, threads: set[int], asker: dict[int, str]) -> set[int]:
    """Replies the asker thanked: the latest reply by someone else before each thanks."""
    from desktop.domain.experts import THANKS

    out: set[int] = set()
    for thread in threads:
        last_other = None
        for msg, author, text in conn.execute(
            "SELECT id, author, text FROM messages WHERE thread = ? AND deleted = 0 ORDER BY id", (thread,)
        ):
            if author == asker.get(thread):
                if last_other is not None and THANKS.search(text):
                    out.add(last_other)
            else:
                last_other = msg
    return out
