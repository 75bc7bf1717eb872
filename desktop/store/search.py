"""Offline full-text search: a trigram index for 3+ characters, a token index for 1-2."""

# Terms of 3 or more characters use FTS5's trigram tokenizer (substring match, any
# script, case-insensitive). Short terms, common in Chinese (会议, 好), cannot use
# trigrams, so a second, rowid-only FTS5 table holds tokens made here: every CJK (and
# emoji) character and adjacent pair, and the first one and two letters of every other
# word. A 1-2 character term is then one token lookup; in Latin text it matches words
# that start with it ("me" finds "meeting", not "name"). A query matches messages that
# contain every whitespace-separated term. User input never reaches FTS5 syntax
# unquoted: every term becomes a "phrase".

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
    """A parsed query: its terms and an FTS5 expression for each index."""

    terms: tuple[str, ...]  # lowercased; every one must be found
    long_terms: tuple[str, ...]  # 3+ characters: the trigram index
    short_terms: tuple[str, ...]  # 1-2 characters: the short index
    trigram: str | None  # AND of the quoted long terms
    short: str | None  # AND of the quoted tokens of the short terms
    mixed: tuple[str, ...]  # short terms of several tokens ("a股"): tokens present != adjacent


def plan(query: str) -> Plan | None:
    """None if the query has nothing searchable (empty, or only punctuation under 3 chars)."""
    terms = list(dict.fromkeys(t.lower() for t in query.replace("\x00", "").split()))
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms: list[str] = []
    tokens: list[str] = []
    mixed: list[str] = []
    for term in (t for t in terms if len(t) < 3):
        found = _query_tokens(term)
        if not found:
            continue  # punctuation only: nothing an index can find
        short_terms.append(term)
        tokens.extend(found)
        if len(found) > 1:
            mixed.append(term)
    if not long_terms and not short_terms:
        return None
    return Plan(
        terms=tuple(long_terms + short_terms),
        long_terms=tuple(long_terms),
        short_terms=tuple(short_terms),
        trigram=" AND ".join(map(_phrase, long_terms)) or None,
        short=" AND ".join(map(_phrase, dict.fromkeys(tokens))) or None,
        mixed=tuple(mixed),
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
    drive = "trigram" if p.trigram is not None else "short"
    if p.trigram is not None and p.short is not None:
        # Walk the rarer index and check the other kind of term in the text: FTS5 cannot
        # intersect two tables cheaply, and the walk stops after `limit` hits.
        if _bounded_count(conn, "messages_short", p.short) < _bounded_count(conn, "messages_fts", p.trigram):
            drive = "short"
    sql, params = statement(p, drive=drive, channel=channel, limit=limit)
    return [r[0] for r in conn.execute(sql, params)], p


def _bounded_count(conn: Connection, table: str, expr: str, bound: int = 5000) -> int:
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT {bound})"
    return conn.execute(sql, (expr,)).fetchone()[0]


def statement(p: Plan, *, drive: str, channel: str | None, limit: int) -> tuple[str, dict[str, object]]:
    """The SELECT for a plan, walking one FTS index newest rowid first.

    Terms the walked index cannot check are checked in the message text: short terms
    when walking the trigram index (then as substrings, not word prefixes), long and
    mixed-script terms when walking the short index.
    """
    params: dict[str, object] = {"limit": limit, "channel": channel}
    if drive == "trigram":
        table, params["q"], verify = "messages_fts", p.trigram, p.short_terms
    else:
        table, params["q"], verify = "messages_short", p.short, p.long_terms + p.mixed
    where = [f"f.{table} MATCH :q"]
    join = ""
    if channel is not None or verify:
        join = "JOIN messages m ON m.id = f.rowid"
        if channel is not None:
            where.append("m.channel = :channel")
        for n, term in enumerate(verify):
            params[f"v{n}"] = term
            # SQLite's lower() folds ASCII only; Python's (registered) folds the rest.
            fold = "lower" if not any(c.lower() != c.upper() and not c.isascii() for c in term) else "py_lower"
            where.append(f"instr({fold}(m.text), :v{n}) > 0")
    sql = f"SELECT f.rowid FROM {table} f {join} WHERE {' AND '.join(where)}"
    sql += " ORDER BY f.rowid DESC LIMIT :limit"
    return sql, params


def register_functions(conn: Connection) -> None:
    """SQL functions the search statements use (per connection)."""
    conn.create_function("py_lower", 1, str.lower, deterministic=True)


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
