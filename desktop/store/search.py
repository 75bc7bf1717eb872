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
# Rowids per step when two indexes are merged: first about as many as should give
# `limit` hits (from the other side's density), then doubling; each step is an FTS
# query that seeks every segment, so few large steps beat many small ones.
_FIRST_CHUNK, _LAST_CHUNK = 128, 8192
# Long terms in a channel with at least this share of the messages: one FTS walk with
# the channel tested per row (under 1/share candidates a hit); rarer: _merge.
_ROW_TEST_SHARE = 1 / 32


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
    one_index = p.trigram is None or (
        p.short is None and (channel is None or _share(conn, channel) >= _ROW_TEST_SHARE)
    )
    if not one_index:
        return _merge(conn, p, limit), p
    sql, params = statement(p, limit)
    return [r[0] for r in conn.execute(sql, params)], p


def statement(p: Plan, limit: int) -> tuple[str, dict[str, object]]:
    """The SELECT for a plan that needs one index, walking it newest rowid first.

    Short terms: the channel is one more token in the same FTS5 AND. Long terms only:
    the channel is tested on each candidate's row (cheap for all but small channels,
    which find() sends to _merge instead).
    """
    if p.trigram is None:
        table, expr, channel = "messages_short", p.scoped, None
    else:
        table, expr, channel = "messages_fts", p.trigram, p.channel
    params: dict[str, object] = {"q": expr, "limit": limit, "channel": channel}
    checks = _text_checks(p.mixed, params) + (["m.channel = :channel"] if channel is not None else [])
    join = "JOIN messages m ON m.id = f.rowid" if checks else ""
    where = " AND ".join([f"f.{table} MATCH :q", *checks])
    return f"SELECT f.rowid FROM {table} f {join} WHERE {where} ORDER BY f.rowid DESC LIMIT :limit", params


def _share(conn: Connection, channel: str) -> float:
    """The channel's part of all cached top-level messages."""
    mine, total = conn.execute(
        "SELECT coalesce(sum(msg_count * (id = ?)), 0), coalesce(sum(msg_count), 0) FROM channels", (channel,)
    ).fetchone()
    return mine / total if total else 0.0


def _text_checks(terms: Sequence[str], params: dict[str, object]) -> list[str]:
    """Conditions that the text of message row `m` contains each term."""
    checks = []
    for n, term in enumerate(terms):
        params[f"v{n}"] = term
        # SQLite's lower() folds ASCII only; Python's (registered as py_lower) folds all.
        fold = "py_lower" if any(c.lower() != c.upper() and not c.isascii() for c in term) else "lower"
        checks.append(f"instr({fold}(m.text), :v{n}) > 0")
    return checks


def _merge(conn: Connection, p: Plan, limit: int) -> list[int]:
    """Queries that need both indexes (long and short terms, or long terms in a channel).

    FTS5 cannot join two tables cheaply (probing one per candidate of the other costs
    ~20 us). So walk the sparser index in chunks of rowids, newest first, and for each
    chunk either stream the other index over the same rowid range (~0.5 us a row:
    best when both are about as common) or read each candidate's row and test it
    (~5-10 us: a random read, best when the other side is far more common). A Latin
    word prefix cannot be tested on the text: then the short index is always streamed.
    """
    d_short = _density(conn, "messages_short", p.scoped)
    d_long = _density(conn, "messages_fts", p.trigram)
    if d_short < d_long:
        walk, walk_q, other, other_q = "messages_short", p.scoped, "messages_fts", p.trigram
        row_terms, row_channel = p.long_terms, False
    else:
        walk, walk_q, other, other_q = "messages_fts", p.trigram, "messages_short", p.scoped
        row_terms, row_channel = p.short_terms, p.channel is not None
    streaming = max(d_short, d_long) <= 16 * min(d_short, d_long) or (walk == "messages_fts" and p.prefix)
    params: dict[str, object] = {"channel": p.channel}
    checks = _text_checks(p.mixed if streaming else tuple(dict.fromkeys(row_terms + p.mixed)), params)
    if row_channel and not streaming:
        checks.append("m.channel = :channel")
    hits: list[int] = []
    d_other = d_long if walk == "messages_short" else d_short
    chunk = int(min(max(2 * limit / max(d_other, 1e-9), _FIRST_CHUNK), _LAST_CHUNK))
    high = 1 << 62
    while len(hits) < limit:
        ids = [r[0] for r in conn.execute(
            f"SELECT rowid FROM {walk} WHERE {walk} MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?",
            (walk_q, high, chunk),
        )]
        if not ids:
            break
        low, more = ids[-1], len(ids) == chunk
        if streaming:
            also = {r[0] for r in conn.execute(
                f"SELECT rowid FROM {other} WHERE {other} MATCH ? AND rowid >= ? AND rowid < ?",
                (other_q, low, high),
            )}
            ids = [i for i in ids if i in also]
        if ids and checks:
            marks = ",".join(str(int(i)) for i in ids)  # ints from SQLite: safe to inline
            kept = {r[0] for r in conn.execute(
                f"SELECT id FROM messages m WHERE id IN ({marks}) AND {' AND '.join(checks)}", params
            )}
            ids = [i for i in ids if i in kept]
        hits.extend(ids[: limit - len(hits)])
        if not more:
            break
        high, chunk = low, min(2 * chunk, _LAST_CHUNK)
    return hits


def _density(conn: Connection, table: str, expr: str | None, sample: int = 256) -> float:
    """Matches per rowid among the newest `sample` matches (FTS5 keeps no counts, and
    counting a common term costs as much as the search)."""
    ids = [r[0] for r in conn.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?", (expr, sample)
    )]
    if len(ids) < sample:
        top = conn.execute("SELECT max(id) FROM messages").fetchone()[0] or 1
        return len(ids) / top
    return sample / (ids[0] - ids[-1] + 1)


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
