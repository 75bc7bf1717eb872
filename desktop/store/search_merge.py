"""Queries that need both full-text indexes: the merge of two rowid lists, newest first.

A query of long (3+ character, trigram index) and short terms, or of long terms in a
channel (whose token is in the short index), matches the rowids in both lists. FTS5
cannot join two of its tables cheaply (probing one per candidate of the other sets up
every term in every segment: ~0.5 ms a probe on a 5M-message cache), so the lists are
intersected here, newest first, in rowid ranges that grow until `limit` hits are found
or the lists end:

- streamed (the usual way): both lists over the same range go through one INTERSECT
  inside SQLite (~0.1-0.2 us a rowid, no Python per row);
- row-tested, when the other list is far denser than the one walked (a rare word in a
  big channel, "pull request 好"): each candidate's row is read and its text (and
  channel) tested. That reads a page per candidate (~10 us on a big, encrypted cache:
  SQLCipher decrypts every page it reads that is not in its cache), so only when
  streaming would read _ROW_TEST_RATIO times as many rowids.

The trigram side reads each ASCII term of 4+ characters by its rarest trigram only
(sampled), and the survivors' text is tested for the whole term: a term's 2-5 trigram
lists with positions cost ~6x one list ("meeting" drags in "ing").

The range first taken is what should hold about 2 x `limit` hits if the two lists were
independent; each next one is twice as long, or as long as the hits found so far say
the missing ones need (x1.25) if that is longer. So a query whose hits are rare (or
fewer than `limit`) costs at most about twice what the exact range would, in few
steps. The text tests (`Plan.mixed`) run on the intersection's few survivors only.
A scope with fewer than `limit` hits reads both lists to the end: that part grows with
the cache (see docs/perf/cache-5m.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from desktop.store.database import Connection

if TYPE_CHECKING:
    from desktop.store.search import Plan

# Rowids of the walked list per step in row-test mode, first and at most (each step is
# an FTS query that seeks every segment: few large steps beat many small ones). The
# streamed mode's first range is the one that should hold as many walked rowids.
_FIRST_CHUNK, _LAST_CHUNK = 128, 8192
# Row tests when the other list is this many times denser than the walked one.
_ROW_TEST_RATIO = 64
_TOP = 1 << 62
# How much further than the hits found so far predict the streamed merge reads next.
_MARGIN = 1.25


def text_checks(terms: Sequence[str], params: dict[str, object]) -> list[str]:
    """Conditions that the text of message row `m` contains each term."""
    checks = []
    for n, term in enumerate(terms):
        params[f"v{n}"] = term
        # SQLite's lower() folds ASCII only; Python's (registered as py_lower) folds all.
        fold = "py_lower" if any(c.lower() != c.upper() and not c.isascii() for c in term) else "lower"
        checks.append(f"instr({fold}(m.text), :v{n}) > 0")
    return checks


def merge(conn: Connection, p: Plan, limit: int) -> list[int]:
    """Ids of the messages in both indexes' lists (and passing the text tests), newest first."""
    trigram, tested = _rarest_trigrams(conn, p.long_terms)
    p = replace(p, trigram=trigram, mixed=(*p.mixed, *tested))
    d_long, top_long = _density(conn, "messages_fts", p.trigram)
    if top_long is None:
        return []  # an empty list (often a word found nowhere: the short side is not read)
    d_short, top_short = _density(conn, "messages_short", p.scoped)
    if top_short is None:
        return []
    if d_short <= d_long:
        walk, walk_q, other, other_q = "messages_short", p.scoped, "messages_fts", p.trigram
        row_terms, row_channel, d_walk, d_other = p.long_terms, False, d_short, d_long
    else:
        walk, walk_q, other, other_q = "messages_fts", p.trigram, "messages_short", p.scoped
        row_terms, row_channel, d_walk, d_other = p.short_terms, p.channel is not None, d_long, d_short
    # A Latin word prefix ("de": a word starting so) cannot be tested on the text.
    row_tests = d_other > _ROW_TEST_RATIO * d_walk and not (walk == "messages_fts" and p.prefix)
    chunk = int(min(max(2 * limit / max(d_other, 1e-9), _FIRST_CHUNK), _LAST_CHUNK))
    if row_tests:
        return _row_tested(conn, p, limit, (walk, walk_q), row_terms, row_channel, chunk)
    top = min(top_short, top_long)  # nothing newer is in both
    return _streamed(conn, p, limit, (walk, walk_q, other, other_q), top, chunk / max(d_walk, 1e-9))


def _streamed(
    conn: Connection, p: Plan, limit: int, lists: tuple[str, str | None, str, str | None], top: int, span: float
) -> list[int]:
    walk, walk_q, other, other_q = lists
    bottom = conn.execute(
        f"SELECT rowid FROM {walk} WHERE {walk} MATCH ? ORDER BY rowid ASC LIMIT 1", (walk_q,)
    ).fetchone()[0]
    high = top + 1
    params: dict[str, object] = {"a": walk_q, "b": other_q}
    checks = text_checks(p.mixed, params)
    sql = (
        f"SELECT rowid FROM {walk} WHERE {walk} MATCH :a AND rowid >= :low AND rowid < :high"
        f" INTERSECT SELECT rowid FROM {other} WHERE {other} MATCH :b AND rowid >= :low AND rowid < :high"
    )
    hits: list[int] = []
    start = high
    while len(hits) < limit and high > bottom:
        low = max(bottom, high - max(int(span), 1))
        ids = sorted((r[0] for r in conn.execute(sql, {**params, "low": low, "high": high})), reverse=True)
        if ids and checks:
            ids = _passing(conn, ids, checks, params)
        hits.extend(ids[: limit - len(hits)])
        high = low
        # Next: at least twice as far; as far as the hits so far say the rest lie, if further.
        per_rowid = len(hits) / max(start - low, 1)
        span = max(2 * span, _MARGIN * (limit - len(hits)) / per_rowid if hits else 0)
    return hits


def _row_tested(
    conn: Connection, p: Plan, limit: int, walked: tuple[str, str | None],
    row_terms: Sequence[str], row_channel: bool, chunk: int,
) -> list[int]:
    walk, walk_q = walked
    params: dict[str, object] = {"channel": p.channel}
    checks = text_checks(tuple(dict.fromkeys((*row_terms, *p.mixed))), params)
    if row_channel:
        checks.append("m.channel = :channel")
    hits: list[int] = []
    high = _TOP
    while len(hits) < limit:
        ids = [r[0] for r in conn.execute(
            f"SELECT rowid FROM {walk} WHERE {walk} MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?",
            (walk_q, high, chunk),
        )]
        if not ids:
            break
        low, more = ids[-1], len(ids) == chunk
        if checks:
            ids = _passing(conn, ids, checks, params)
        hits.extend(ids[: limit - len(hits)])
        if not more:
            break
        high, chunk = low, min(2 * chunk, _LAST_CHUNK)
    return hits


def _rarest_trigrams(conn: Connection, terms: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The trigram index's side of a merge: each ASCII term of 4+ characters by its
    rarest trigram alone (a 1-token list, no positions to compare: ~6x cheaper to read
    than the term's 2-5 trigrams, "ing" among them) and then tested on the survivors'
    text; other terms as they are. Returns the FTS5 expression and the tested terms."""
    parts, tested = [], []
    for term in terms:
        grams = list(dict.fromkeys(term[i : i + 3] for i in range(len(term) - 2)))
        if not term.isascii() or len(grams) < 2:
            parts.append(_phrase(term))
            continue
        density: dict[str, float] = {}
        for gram in grams:
            density[gram] = _density(conn, "messages_fts", _phrase(gram), sample=32)[0]
            if not density[gram]:
                break  # in no message: neither is the term (the merge ends at once)
        parts.append(_phrase(min(density, key=density.__getitem__)))
        tested.append(term)
    return " AND ".join(parts), tuple(tested)


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _passing(conn: Connection, ids: list[int], checks: list[str], params: dict[str, object]) -> list[int]:
    """The ids (in their order) whose message rows pass every check."""
    marks = ",".join(str(int(i)) for i in ids)  # ints from SQLite: safe to inline
    kept = {r[0] for r in conn.execute(
        f"SELECT id FROM messages m WHERE id IN ({marks}) AND {' AND '.join(checks)}", params
    )}
    return [i for i in ids if i in kept]


def _density(conn: Connection, table: str, expr: str | None, sample: int = 256) -> tuple[float, int | None]:
    """Matches per rowid among the newest `sample` matches (FTS5 keeps no counts, and
    counting a common term costs as much as the search), and the newest match."""
    ids = [r[0] for r in conn.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?", (expr, sample)
    )]
    if not ids:
        return 0.0, None
    if len(ids) < sample:
        top = conn.execute("SELECT max(id) FROM messages").fetchone()[0] or 1
        return len(ids) / top, ids[0]
    return sample / (ids[0] - ids[-1] + 1), ids[0]
