"""Search returns exactly what a brute-force scan of the messages finds, newest first.

A seeded cache of mixed Chinese/English chat (very common and rare words, CJK terms of
1-4 characters, Latin prefixes, channels of very different sizes) is searched with every
kind of query the planner treats differently: one index, both indexes merged (streamed
or row-tested), CJK long terms sought in the short index, channel scopes large and
small, limits below and above the number of hits. The reference is a plain Python scan
written from the documented meaning of a query, not from the planner.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest

from desktop.protocol import events as ev
from desktop.secrets import CacheKey
from desktop.store import Store, search, search_merge

_EN = (
    "the the the there they pull request pull sounds good next week server servers error deploy deployed"
    " meeting meetings de design debug decide ok okay q quick name game the theme other"
).split()
_ZH = "好 好的 会议 会议室 开会 服务器 服务 任务 器材 上线 复盘 的 了 我们 明天 下午 数据库 迁移 猫".split()
_ODD = ["A股", "ÉCOLE", "école", "Ωμέγα", "👍", "🎉", "STRASSE", "über"]
CHANNELS = ["C1"] * 60 + ["C2"] * 30 + ["C3"] * 9 + ["C4"]  # C4: ~1% of the messages


def _text(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return " ".join(rng.choices(_EN, k=rng.randint(1, 8)))
    if kind < 0.75:
        return "".join(rng.choices(_ZH, k=rng.randint(1, 6))) + rng.choice(["", "，", "。"])
    if kind < 0.95:
        zh = "".join(rng.choices(_ZH, k=rng.randint(1, 3)))
        return f"{zh} {' '.join(rng.choices(_EN, k=rng.randint(1, 3)))} {rng.choice(_ZH)}"
    return " ".join(rng.choices(_EN + _ZH + _ODD, k=rng.randint(1, 4)))


_RUN_OR_WORD = re.compile(f"([{search._CJK}]+)|([^\\W_{search._CJK}]+)")  # the scripts' definition


def _matches(text: str, query: str) -> bool:
    """The documented meaning: every whitespace-separated term is found; 3+ characters
    anywhere (case-insensitive); 1-2: CJK characters anywhere, a Latin word at the start
    of some word; a short term of several runs ("a股") also as written."""
    low = text.lower()
    words = [w for _, w in _RUN_OR_WORD.findall(low) if w]
    for term in dict.fromkeys(query.lower().split()):
        if len(term) >= 3:
            if term not in low:
                return False
            continue
        runs = _RUN_OR_WORD.findall(term)
        if not runs:
            continue
        for run, word in runs:
            if run and run not in low:
                return False
            if word and not any(w.startswith(word[:2]) for w in words):
                return False
        if len(runs) > 1 and term not in low:
            return False
    return True


QUERIES = [
    "the", "pull request", "sounds good", "next week", "server error", "meeting",  # long only
    "好", "会议", "de", "q", "ok 好",  # short only
    "服务器", "会议室", "数据库迁移", "服务器 server", "服务器 数据库",  # CJK long (alone / together)
    "务器材 好", "务器材 the", "服务器 好",  # pairs of a CJK term present, the term not: "服务 任务器材"
    "会议 meeting", "上线 deploy", "好 the", "服务器 de", "会议室 好", "服务器 de the",  # long and short
    "the 的", "the there", "de the 好", "a股", "a股 the", "école 好", "über 好", "👍 好", "🎉🎉🎉",
    "猫 服务器 the", "xylophone", "量子纠缠 好", "猫狗",
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Iterator[tuple[Store, list[ev.MessagePosted]]]:
    rng = random.Random(20261204)
    with Store.open(tmp_path_factory.mktemp("exact") / "cache.db", CacheKey.random()) as store:
        store.set_account("ws://relay.test", "alice", "Alice")
        seq = 0
        setup: list[ev.EventBase] = []
        for name in ("alice", "bob"):
            seq += 1
            setup.append(ev.UserCreated(seq=seq, ts=seq, user=name, display_name=name.title()))
        for channel in sorted(set(CHANNELS)):
            seq += 1
            setup.append(ev.ChannelCreated(
                seq=seq, ts=seq, channel=channel, actor="alice", name=channel.lower(), members=["alice", "bob"]
            ))
        store.apply_events(setup, epoch="e1")
        posts = []
        for _ in range(6000):
            seq += 1
            posts.append(ev.MessagePosted(
                seq=seq, ts=seq, channel=rng.choice(CHANNELS), actor="bob", msg=seq, text=_text(rng)
            ))
        for i in range(0, len(posts), 500):
            store.apply_events(posts[i : i + 500])
        yield store, posts


def _expected(posts: list[ev.MessagePosted], query: str, channel: str | None, limit: int) -> list[int]:
    hits = [p.msg for p in reversed(posts) if (channel is None or p.channel == channel) and _matches(p.text, query)]
    return hits[:limit]


def _found(store: Store, query: str, channel: str | None, limit: int) -> list[int]:
    return [h.message.id for h in store.search(query, channel=channel, limit=limit)]


@pytest.mark.parametrize("query", QUERIES)
def test_search_equals_a_scan(seeded, query: str) -> None:
    store, posts = seeded
    for channel in (None, "C1", "C3", "C4"):
        for limit in (1, 7, 50, 10_000):
            assert _found(store, query, channel, limit) == _expected(posts, query, channel, limit), (
                query, channel, limit
            )


@pytest.mark.parametrize("query", ["会议 meeting", "好 the", "服务器 de", "the there", "a股 the", "meeting", "pull request"])
def test_search_equals_a_scan_in_small_steps(seeded, monkeypatch, query: str) -> None:
    """The same with the merge's chunks tiny: many steps, each boundary exercised."""
    monkeypatch.setattr(search_merge, "_FIRST_CHUNK", 3)
    monkeypatch.setattr(search_merge, "_LAST_CHUNK", 17)
    store, posts = seeded
    for channel in (None, "C2", "C4"):
        for limit in (1, 50, 10_000):
            assert _found(store, query, channel, limit) == _expected(posts, query, channel, limit), (
                query, channel, limit
            )


def test_queries_cover_every_plan(seeded, monkeypatch) -> None:
    """The corpus and queries reach each way of answering (else the scans prove less)."""
    store, posts = seeded
    kinds: set[str] = set()
    for mode in ("_streamed", "_row_tested"):
        real = getattr(search_merge, mode)

        def counted(*args, _real=real, _mode=mode, **kwargs):
            kinds.add(_mode)
            return _real(*args, **kwargs)

        monkeypatch.setattr(search_merge, mode, counted)
    for query in QUERIES:
        for channel in (None, "C1", "C4"):
            p = search.plan(query, channel)
            if p is None:
                continue
            kinds.add("trigram" if p.short is None else "short" if p.trigram is None else "both")
            if p.mixed:
                kinds.add("text-tested")
            _found(store, query, channel, 50)
    assert kinds == {"trigram", "short", "both", "text-tested", "_streamed", "_row_tested"}
    assert sum(bool(_expected(posts, q, None, 10_000)) for q in QUERIES) >= len(QUERIES) - 4
