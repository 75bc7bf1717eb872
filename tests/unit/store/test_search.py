"""Offline search: Chinese and English, 1- and 2-character queries, hostile input."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop.protocol import events as ev
from desktop.secrets import CacheKey

from desktop.store import Store
from desktop.store import search, search_merge
from desktop.store.search import plan, short_tokens, snippet, statement

from .conftest import Log

TEXTS = [
    "明天下午三点开会，请准备好材料",  # 0
    "会议室改到三楼了",  # 1
    "The Meeting moved to Tomorrow",  # 2
    "好的，收到 👍",  # 3
    "deploy the server after the meeting",  # 4
    "服务器又挂了，需要重启 server",  # 5
    'quotes "inside" and (parens) AND * NEAR stars',  # 6
    "Café au lait für alle",  # 7
    "A股今天大涨",  # 8
    "nothing to see",  # 9
]


@pytest.fixture
def corpus(workspace: Store, log: Log) -> dict[int, int]:
    """Index in TEXTS -> message id; even ones in C1, odd ones in C2."""
    events = [log.post("C1" if i % 2 == 0 else "C2", t) for i, t in enumerate(TEXTS)]
    workspace.apply_events(events)
    return {i: e.msg for i, e in enumerate(events)}


def _found(store: Store, query: str, **kw) -> list[int]:
    return [h.message.id for h in store.search(query, **kw)]


def _ids(corpus: dict[int, int], *indexes: int) -> list[int]:
    return sorted((corpus[i] for i in indexes), reverse=True)  # newest first


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("meeting", (2, 4)),  # case-insensitive
        ("MEETING", (2, 4)),
        ("eeti", (2, 4)),  # substring, 3+ characters
        ("会议室", (1,)),
        ("三点开会", (0,)),
        ("开会", (0,)),  # 2 characters
        ("会议", (1,)),
        ("会", (0, 1)),  # 1 character
        ("好", (0, 3)),
        ("👍", (3,)),
        ("server", (4, 5)),  # Latin word inside Chinese text
        ("服务器 server", (5,)),  # every term must match
        ("开会 材料", (0,)),
        ("会议室 三楼", (1,)),  # long and short terms together
        ("se", (4, 5, 9)),  # short Latin: words starting with it
        ("t", (2, 4, 9)),
        ("café", (7,)),
        ("CAFÉ", (7,)),
        ("A股", (8,)),  # mixed script, short
        ("a股今天", (8,)),
        ("zebra", ()),
        ("猫", ()),
        ("喵喵", ()),
    ],
)
def test_queries(workspace: Store, corpus: dict[int, int], query: str, expected: tuple[int, ...]) -> None:
    assert _found(workspace, query) == _ids(corpus, *expected)


@pytest.mark.parametrize(
    "query",
    ['"', '""', "'", "*", "**", "(", ")", "AND", "OR", "NOT", "NEAR", "NEAR(a b)", "a OR b", 'ab"cd',
     "^", "-", ":", "col:meeting", "{x}", "\x00", "\\", "🦄🦄🦄", "a" * 500, "", "   ", "\t\n"],
)
def test_hostile_queries_never_raise(workspace: Store, corpus: dict[int, int], query: str) -> None:
    assert isinstance(workspace.search(query), list)


def test_fts_syntax_is_matched_literally(workspace: Store, corpus: dict[int, int]) -> None:
    assert _found(workspace, '"inside"') == _ids(corpus, 6)
    assert _found(workspace, "(parens)") == _ids(corpus, 6)
    assert _found(workspace, "AND") == _ids(corpus, 6)
    assert _found(workspace, "NEAR") == _ids(corpus, 6)
    assert _found(workspace, "*") == []  # punctuation under 3 characters finds nothing
    assert _found(workspace, "") == []


def test_channel_filter_and_limit(workspace: Store, corpus: dict[int, int]) -> None:
    assert _found(workspace, "meeting", channel="C1") == _ids(corpus, 2, 4)
    assert _found(workspace, "meeting", channel="C2") == []
    assert _found(workspace, "会", channel="C2") == _ids(corpus, 1)
    assert _found(workspace, "会", limit=1) == _ids(corpus, 1)
    assert _found(workspace, "meeting", limit=0) == []


def test_search_follows_edits_and_deletes(workspace: Store, corpus: dict[int, int], log: Log) -> None:
    workspace.apply_events([log.edit("C1", corpus[0], "后天再说"), log.delete("C2", corpus[1])])
    assert _found(workspace, "开会") == []
    assert _found(workspace, "后天") == _ids(corpus, 0)
    assert _found(workspace, "会议室") == []
    assert _found(workspace, "会") == []


def test_hits_have_highlighted_snippets(workspace: Store, corpus: dict[int, int]) -> None:
    (hit,) = workspace.search("会议室")
    assert hit.snippet == "会议室改到三楼了"
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["会议室"]
    hits = workspace.search("MEETING")
    assert [[h.snippet[a:b] for a, b in h.highlights] for h in hits] == [["meeting"], ["Meeting"]]


def test_snippet_of_long_text_is_cut_around_the_match() -> None:
    text = "x" * 100 + " needle " + "y" * 100
    cut, ranges = snippet(text, ["needle"])
    assert cut.startswith("…") and cut.endswith("…") and len(cut) < 100
    assert [cut[a:b] for a, b in ranges] == ["needle"]


def test_short_tokens() -> None:
    assert set(short_tokens("会议室 OK Meeting").split()) == {"会", "议", "室", "会议", "议室", "o", "ok", "m", "me"}
    assert set(short_tokens("好").split()) == {"好"}
    assert short_tokens("!!! ...") == ""


def test_plan_quotes_every_term() -> None:
    p = plan('say "hi" (now)')
    assert p is not None and p.trigram == '"say" AND """hi""" AND "(now)"'
    assert plan("  ") is None
    assert plan("?!") is None


@pytest.mark.parametrize(
    ("query", "channel"),
    [("会", None), ("会", "C1"), ("会议", "C1"), ("A股", None), ("A股", "C1"), ("meeting", None), ("Ωμέγα", None)],
)
def test_one_index_plans_walk_fts_newest_first(workspace: Store, query: str, channel: str | None) -> None:
    """A one-index query walks FTS newest first; message rows are only probed by id."""
    sql, params = statement(plan(query, channel), limit=50)
    with workspace._db.read() as conn:
        steps = [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    assert any(s.startswith("SCAN f VIRTUAL TABLE INDEX") for s in steps), steps
    assert not any(s.startswith("SCAN m") or "TEMP B-TREE" in s for s in steps), steps


def test_long_and_short_terms_together(workspace: Store, log: Log) -> None:
    texts = ("服务器 server ok", "服务器 only", "server only", "école 会", "ÉCOLE 会议", "会 and école", "a股 école")
    events = [log.post("C1" if i % 2 else "C2", t) for i, t in enumerate(texts)]
    workspace.apply_events(events)
    ids = [e.msg for e in events]
    assert _found(workspace, "服务器 server") == [ids[0]]
    assert _found(workspace, "server ok") == [ids[0]]
    assert _found(workspace, "server o") == [ids[2], ids[0]]
    assert _found(workspace, "école 会") == [ids[5], ids[4], ids[3]]
    assert _found(workspace, "école 会", channel="C2") == [ids[4]]
    assert _found(workspace, "ÉCOLE 会议") == [ids[4]]
    assert _found(workspace, "only 服务") == [ids[1]]
    assert _found(workspace, "A股 ÉCOLE") == [ids[6]]


def test_long_and_short_terms_across_many_chunks(workspace: Store, log: Log, monkeypatch) -> None:
    """The merge walks back chunk by chunk, in both of its modes, and stops at the limit."""
    monkeypatch.setattr(search_merge, "_FIRST_CHUNK", 16)
    monkeypatch.setattr(search_merge, "_LAST_CHUNK", 64)
    texts = {0: "meeting 会 x", 1: "meeting", 2: "会", 3: "meeting 会"}
    channels = ["C3" if i % 97 == 0 else "C1" if i % 3 else "C2" for i in range(3000)]  # C3: ~1%
    events = [log.post(channels[i], texts[i % 4] if i % 50 else "meeting 会 rare") for i in range(3000)]
    workspace.apply_events(events)
    newest_first = list(reversed(events))
    for query, channel, match in [
        ("meeting 会", None, lambda e: "meeting 会" in e.text),  # about as common: streamed
        ("rare 会", None, lambda e: "rare" in e.text),  # one side far rarer: row tests
        ("meeting", "C2", lambda e: e.channel == "C2" and "meeting" in e.text),
        ("rare", "C1", lambda e: e.channel == "C1" and "rare" in e.text),  # channel tested on rows
        ("meeting", "C3", lambda e: e.channel == "C3" and "meeting" in e.text),  # a small channel: merged
        ("meeting x", "C3", lambda e: e.channel == "C3" and "meeting 会 x" in e.text),
        ("rare m", "C1", lambda e: e.channel == "C1" and "rare" in e.text),  # a prefix: streamed
    ]:
        expected = [e.msg for e in newest_first if match(e)]
        assert _found(workspace, query, channel=channel, limit=1000) == expected[:1000], (query, channel)
        assert _found(workspace, query, channel=channel, limit=7) == expected[:7], (query, channel)


# ---- properties -------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("abcXYZ019 _-.,'\"*()^:+{}[]\\/?!") + list("会议室明天好的开服务器。，！") + ["👍", "🦄", "é", "ß", "Ω", "\u3000"]
)
_TEXT = st.text(_ALPHABET, min_size=1, max_size=40)
_WORD = st.text(_ALPHABET.filter(lambda c: not c.isspace()), min_size=3, max_size=12)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("search") / "cache.db", CacheKey.random()) as store:
        store.set_account("ws://relay.test", "alice", "Alice")
        yield store


_counter = itertools.count(1)


def _insert(store: Store, text: str) -> tuple[str, int]:
    """A message alone in a fresh channel (so each example is isolated)."""
    n = next(_counter)
    channel = f"P{n}"
    seq = store.cursor() + 1
    store.apply_events([ev.MessagePosted(seq=seq, ts=seq, channel=channel, actor="bob", msg=seq, text=text)])
    return channel, seq


@settings(max_examples=150, deadline=None)
@given(query=st.text(max_size=60))
def test_any_query_is_safe(shared_store: Store, query: str) -> None:
    assert isinstance(shared_store.search(query), list)


@settings(max_examples=150, deadline=None)
@given(before=_TEXT, needle=_WORD, after=_TEXT)
def test_every_substring_of_three_or_more_is_found(shared_store: Store, before: str, needle: str, after: str) -> None:
    channel, msg = _insert(shared_store, before + needle + after)
    assert [h.message.id for h in shared_store.search(needle, channel=channel)] == [msg]


@settings(max_examples=100, deadline=None)
@given(text=_TEXT, data=st.data())
def test_every_cjk_character_and_pair_is_found(shared_store: Store, text: str, data) -> None:
    runs = [r for r in re.findall("[会议室明天好的开服务器👍🦄]+", text)]
    assume(runs)
    run = data.draw(st.sampled_from(runs))
    i = data.draw(st.integers(0, len(run) - 1))
    needle = run[i : i + data.draw(st.integers(1, 2))]
    channel, msg = _insert(shared_store, text)
    assert [h.message.id for h in shared_store.search(needle, channel=channel)] == [msg]


def _short_tokens_by_runs(text: str) -> set[str]:
    """short_tokens as first written (a loop over _RUNS): the index on disk holds these."""
    tokens: set[str] = set()
    for match in search._RUNS.finditer(text.lower()):
        run, word = match.groups()
        if run:
            tokens.update(run)
            tokens.update(map(str.__add__, run, run[1:]))
        else:
            tokens.update((word[:1], word[:2]))
    return tokens


_MIXED = st.text(
    alphabet=st.sampled_from(list("abcXYZ éÉßİ_-.,!?  0123456789会议室好的明天") + ["👍", "😀", "Ａ", "ｂ", "한", "カ", "\u3000", "\n", "𠀀"]),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(text=_MIXED)
def test_short_tokens_are_the_tokens_the_index_was_built_with(text: str) -> None:
    assert set(short_tokens(text).split()) == _short_tokens_by_runs(text)


def test_short_tokens_by_regex_match_the_loop_on_every_script_boundary() -> None:
    for text in ["A股今天大涨", "会议室 OK Meeting", "x会y议z", "ﬀ会ﬁ", "Café_au_lait für alle", "好", "ab😀cd👍👍", "𠀀𠀁x"]:
        assert set(short_tokens(text).split()) == _short_tokens_by_runs(text), text
