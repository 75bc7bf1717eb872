"""Offline full-text search: a trigram index for 3+ characters, a token index for 1-2."""

# Terms of 3 or more characters use FTS5's trigram tokenizer (substring match, any
# script, case-insensitive). Short terms, common in Chinese (会议, 好), cannot use
# trigrams, so a second, rowid-only FTS5 table holds tokens made here: every CJK (and
# emoji) character and adjacent pair, and the first one and two letters of every other
# word. A 1-2 character term is then one token lookup; in Latin text it matches words
# that start with it ("me" finds "meeting", not "name"). Each message also gets a token
# naming its channel there, so a channel filter is an FTS5 AND, not a row read per hit.
# A query matches messages that contain every whitespace-separated term. User input
# never reaches FTS5 syntax unquoted: every term becomes a "phrase".

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.store import search_merge
from desktop.store.database import Connection

# Scripts written without spaces (CJK, kana, hangul), fullwidth forms and emoji.
_CJK = (
    "\u2e80-\u2fff\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef\u2600-\u27bf"
    "\U0001f000-\U0001faff\U00020000-\U0003ffff"
)


class _Lazy:
    """A regex compiled on first use: these big Unicode classes take ~20 ms to compile,
    which the app's start-up (no search, no indexing before the first frame) skips."""

    def __init__(self, pattern: str):
        self._pattern = pattern

    def __getattr__(self, name: str):
        compiled = re.compile(self._pattern)
        for method in ("findall", "finditer", "search", "match", "fullmatch", "sub", "split"):
            setattr(self, method, getattr(compiled, method))  # later calls skip __getattr__
        return getattr(compiled, name)


# Either a run of those, or a word of any other script (letters and digits, no "_").
_RUNS = _Lazy(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
# The same tokens, found by the regex engine instead of a Python loop (indexing spends
# most of its time here): every CJK character, every adjacent pair of them (a lookahead
# makes the matches overlap), and the first two letters of every word.
_CJK_CHAR = _Lazy(f"[{_CJK}]")
_CJK_PAIR = _Lazy(f"(?=([{_CJK}]{{2}}))")
_WORD_START = _Lazy(f"(?<![^\\W_{_CJK}])[^\\W_{_CJK}]{{1,2}}")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_WORD_SLACK = 16  # how far a snippet's edge may move to reach a space
_SNIPPET_CONTEXT = 40  # characters of context on each side of the first match
# Starts channel tokens: a private-use character, which short_tokens never emits.
_CHANNEL_MARK = "\ue000"


def short_tokens(text: str) -> str:
    """Space-separated tokens of `text` for the short-query index (order irrelevant)."""
    low = text.lower()
    if low.isascii():  # most English messages: skip the Unicode regex
        words = _ASCII_WORD.findall(low)
        return " ".join({w[:2] for w in words} | {w[:1] for w in words})
    starts = _WORD_START.findall(low)
    tokens = set(_CJK_CHAR.findall(low))
    tokens.update(_CJK_PAIR.findall(low))
    tokens.update(starts)
    tokens.update(w[:1] for w in starts)
    return " ".join(tokens)


def channel_token(channel: str) -> str:
    """The short-index token of a channel (hex: the ascii tokenizer splits at '.', ':')."""
    return _CHANNEL_MARK + channel.encode().hex()


def short_document(text: str, channel: str) -> str:
    """What the short index stores for one message."""
    return f"{short_tokens(text)} {channel_token(channel)}"


def index(conn: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    """Add (id, text, channel) rows to both indexes; empty texts are skipped."""
    rows = [r for r in rows if r[1]]
    if not rows:
        return
    conn.executemany("INSERT INTO messages_fts(rowid, text) VALUES (?, ?)", [(i, t) for i, t, _ in rows])
    conn.executemany(
        "INSERT INTO messages_short(rowid, tokens) VALUES (?, ?)", [(i, short_document(t, c)) for i, t, c in rows]
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
    scoped: str | None  # `short` AND the channel's token (just the token if no short terms)
    mixed: tuple[str, ...]  # terms tested on the text: tokens present != adjacent ("a股", "服务器")
    prefix: bool  # some short term is a Latin word prefix (a substring test cannot check it)
    channel: str | None


def plan(query: str, channel: str | None = None) -> Plan | None:
    """None if the query has nothing searchable (empty, or only punctuation under 3 chars)."""
    terms = list(dict.fromkeys(t.lower() for t in query.replace("\x00", "").split()))
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms: list[str] = []
    tokens: list[str] = []
    mixed: list[str] = []
    prefix = False
    for term in (t for t in terms if len(t) < 3):
        found = []
        for match in _RUNS.finditer(term):
            run, word = match.groups()
            found.append(run or word[:2])
            prefix = prefix or bool(word)
        if not found:
            continue  # punctuation only: nothing an index can find
        short_terms.append(term)
        tokens.extend(found)
        if len(found) > 1:
            mixed.append(term)
    if not long_terms and not short_terms:
        return None
    if channel is not None or short_terms:
        # The short index is read anyway: a long term of CJK characters (and emoji)
        # without case is sought there too, as its adjacent pairs (every message that
        # contains it holds them all) and tested on the row's text; the other terms then
        # meet it in one FTS5 AND instead of a merge of two indexes.
        for term in [t for t in long_terms if _caseless_run(t)]:
            long_terms.remove(term)
            short_terms.append(term)
            tokens.extend(term[i : i + 2] for i in range(len(term) - 1))
            mixed.append(term)
    short = " AND ".join(map(_phrase, dict.fromkeys(tokens))) or None
    scoped = short
    if channel is not None:
        scoped = " AND ".join(filter(None, [short, _phrase(channel_token(channel))]))
    return Plan(
        terms=tuple(long_terms + short_terms),
        long_terms=tuple(long_terms),
        short_terms=tuple(short_terms),
        trigram=" AND ".join(map(_phrase, long_terms)) or None,
        short=short,
        scoped=scoped,
        mixed=tuple(mixed),
        prefix=prefix,
        channel=channel,
    )


def _caseless_run(term: str) -> bool:
    """A term of characters that short_tokens pairs up (CJK, emoji) and that have no case."""
    run = _RUNS.fullmatch(term)
    return run is not None and run.group(1) is not None and all(c.lower() == c.upper() for c in term)


def find(conn: Connection, query: str, *, channel: str | None, limit: int) -> tuple[list[int], Plan | None]:
    """Ids of matching messages, newest first, and the plan (for snippets)."""
    p = plan(query, channel)
    if p is None or limit <= 0:
        return [], p
    if p.trigram is not None and p.scoped is not None:
        return search_merge.merge(conn, p, limit), p
    sql, params = statement(p, limit)
    return [r[0] for r in conn.execute(sql, params)], p


def statement(p: Plan, limit: int) -> tuple[str, dict[str, object]]:
    """The SELECT for a plan that needs one index (long terms and no channel, or short
    terms, the channel one more token in the same FTS5 AND), walking it newest first."""
    if p.trigram is not None and p.scoped is not None:
        raise ValueError("this plan needs both indexes: search_merge.merge")
    table, expr = ("messages_short", p.scoped) if p.trigram is None else ("messages_fts", p.trigram)
    params: dict[str, object] = {"q": expr, "limit": limit}
    checks = search_merge.text_checks(p.mixed, params)
    join = "JOIN messages m ON m.id = f.rowid" if checks else ""
    where = " AND ".join([f"f.{table} MATCH :q", *checks])
    return f"SELECT f.rowid FROM {table} f {join} WHERE {where} ORDER BY f.rowid DESC LIMIT :limit", params


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
    # Cut between words, not inside one (text without spaces, e.g. Chinese, is cut as is).
    if start > 0 and not text[start - 1].isspace():
        if start <= _WORD_SLACK:
            start = 0
        else:
            space = max(text.rfind(" ", start - _WORD_SLACK, start), text.rfind("\n", start - _WORD_SLACK, start))
            start = space + 1 if space >= 0 else start
    if end < len(text) and not text[end].isspace():
        if len(text) - end <= _WORD_SLACK:
            end = len(text)
        else:
            ahead = [i for i in (text.find(" ", end, end + _WORD_SLACK), text.find("\n", end, end + _WORD_SLACK)) if i >= 0]
            end = min(ahead) if ahead else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    ranges: list[tuple[int, int]] = []
    for a, b in hits:
        if a >= start and b <= end and (not ranges or a + shift >= ranges[-1][1]):
            ranges.append((a + shift, b + shift))
    return prefix + text[start:end] + suffix, tuple(ranges)
