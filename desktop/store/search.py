"""Offline full-text search: a trigram index for 3+ characters, a token index for 1-2.

Queries of 3 or more characters use FTS5's trigram tokenizer (substring match, any
script, case-insensitive). Short queries, common in Chinese (会议, 好), cannot use
trigrams, so a second, rowid-only FTS5 table holds tokens made here: every CJK (and
emoji) character and adjacent pair, and the first one and two letters of every other
word. A 1-2 character query is then a single token lookup; for Latin text it matches
words that start with it ("me" finds "meeting", not "name").

User input never reaches FTS5 syntax unquoted: every term becomes a "phrase".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.store.database import Connection

# Scripts written without spaces (CJK, kana, hangul), fullwidth forms and emoji.
_CJK = (
    "\u2e80-\u2fff\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef\u2600-\u27bf"
    "\U0001f000-\U0001faff\U00020000-\U0003ffff"
)
# Either a run of those, or a word of any other script (letters and digits, no "_").
_RUNS = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_SNIPPET_CONTEXT = 40  # characters of context on each side of the first match


def short_tokens(text: str) -> str:
    """Space-separated tokens of `text` for the short-query index (order irrelevant)."""
    low = text.lower()
    if low.isascii():  # most English messages: skip the Unicode regex
        words = _ASCII_WORD.findall(low)
        return " ".join({w[:2] for w in words} | {w[:1] for w in words})
    tokens: set[str] = set()
    for match in _RUNS.finditer(low):
        run = match.group(1)
        if run:
            tokens.update(run)
            tokens.update(map(str.__add__, run, run[1:]))
        else:
            word = match.group(2)
            tokens.add(word[:1])
            tokens.add(word[:2])
    return " ".join(tokens)


def index(conn: Connection, rows: Sequence[tuple[int, str]]) -> None:
    """Add (id, text) rows to both indexes; empty texts are skipped."""
    rows = [r for r in rows if r[1]]
    if not rows:
        return
    conn.executemany("INSERT INTO messages_fts(rowid, text) VALUES (?, ?)", rows)
    conn.executemany(
        "INSERT INTO messages_short(rowid, tokens) VALUES (?, ?)", [(i, short_tokens(t)) for i, t in rows]
    )


def unindex(conn: Connection, msg: int, old_text: str) -> None:
    """Remove a message from both indexes; `old_text` must be the text it was indexed with."""
    if not old_text:
        return
    conn.execute(
        "INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', ?, ?)", (msg, old_text)
    )
    conn.execute("DELETE FROM messages_short WHERE rowid = ?", (msg,))


def clear(conn: Connection) -> None:
    conn.execute("INSERT INTO messages_fts(messages_fts) VALUES ('delete-all')")
    conn.execute("INSERT INTO messages_short(messages_short) VALUES ('delete-all')")


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class Plan:
    """How to run one query: FTS5 expressions for each index and an optional check."""

    terms: tuple[str, ...]  # lowercased, for snippets
    trigram: str | None
    short: str | None
    verify: tuple[str, ...]  # short mixed-script terms: the text must contain each


def plan(query: str) -> Plan | None:
    """None if the query has nothing searchable (empty, or only punctuation under 3 chars)."""
    terms = [t.lower() for t in query.replace("\x00", "").split()]
    long_terms = [t for t in terms if len(t) >= 3]
    short_exprs: list[str] = []
    verify: list[str] = []
    kept = list(long_terms)
    for term in (t for t in terms if len(t) < 3):
        tokens = _query_tokens(term)
        if not tokens:
            continue  # punctuation only: nothing an index can find
        kept.append(term)
        short_exprs.extend(_phrase(t) for t in tokens)
        if len(tokens) > 1:
            verify.append(term)  # e.g. "a股": both tokens present does not mean adjacent
    if not kept:
        return None
    return Plan(
        terms=tuple(kept),
        trigram=" AND ".join(_phrase(t) for t in long_terms) or None,
        short=" AND ".join(dict.fromkeys(short_exprs)) or None,
        verify=tuple(verify),
    )


def _query_tokens(term: str) -> list[str]:
    tokens = []
    for match in _RUNS.finditer(term):
        run = match.group(1)
        tokens.append(run if run else match.group(2)[:2])
    return tokens


def find(conn: Connection, query: str, *, channel: str | None, limit: int) -> tuple[list[int], Plan | None]:
    """Ids of matching messages, newest first, and the plan (for snippets)."""
    p = plan(query)
    if p is None or limit <= 0:
        return [], p
    sql, params = statement(p, channel=channel, limit=limit)
    return [r[0] for r in conn.execute(sql, params)], p


def statement(p: Plan, *, channel: str | None, limit: int) -> tuple[str, dict[str, object]]:
    """The SELECT for a plan: driven by one FTS index, newest rowid first."""
    params: dict[str, object] = {"limit": limit, "channel": channel}
    if p.trigram is not None:
        table, params["q"] = "messages_fts", p.trigram
    else:
        table, params["q"] = "messages_short", p.short
    where = [f"f.{table} MATCH :q"]
    if p.trigram is not None and p.short is not None:
        # Each trigram candidate is then a rowid lookup in the short index (an IN over
        # the short match would first materialise all of it, e.g. every "好").
        params["s"] = p.short
        where.append("EXISTS (SELECT 1 FROM messages_short s WHERE s.messages_short MATCH :s AND s.rowid = f.rowid)")
    join = ""
    if channel is not None or p.verify:
        join = "JOIN messages m ON m.id = f.rowid"
        if channel is not None:
            where.append("m.channel = :channel")
        for n, term in enumerate(p.verify):
            params[f"v{n}"] = term
            where.append(f"instr(lower(m.text), :v{n}) > 0")
    sql = f"SELECT f.rowid FROM {table} f {join} WHERE {' AND '.join(where)} ORDER BY f.rowid DESC LIMIT :limit"
    return sql, params


def snippet(text: str, terms: Iterable[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """An excerpt around the first match and the (start, end) of every match in it."""
    low = text.lower()
    # lower() can change length (e.g. "İ"); fall back to no highlighting then.
    if len(low) != len(text):
        return text[: 2 * _SNIPPET_CONTEXT], ()
    hits = sorted(
        (m.start(), m.end()) for t in set(terms) for m in re.finditer(re.escape(t), low)
    )
    if not hits:
        return text[: 2 * _SNIPPET_CONTEXT], ()
    start = max(0, hits[0][0] - _SNIPPET_CONTEXT)
    end = min(len(text), hits[0][1] + _SNIPPET_CONTEXT)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    ranges: list[tuple[int, int]] = []
    for a, b in hits:
        if a >= start and b <= end and (not ranges or a + shift >= ranges[-1][1]):
            ranges.append((a + shift, b + shift))
    return prefix + text[start:end] + suffix, tuple(ranges)
