"""Offline search: Chinese and English, 1- and 2-character queries, hostile input."""

from __future__ import annotations

import pytest

from desktop.store import Store
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


@pytest.mark.parametrize("query", ["会", "会议", "meeting", "会议室 好", "A股"])
@pytest.mark.parametrize("channel", [None, "C1"])
def test_search_plans_use_the_fts_indexes(workspace: Store, query: str, channel: str | None) -> None:
    """Every query is driven by an FTS index; the messages table is only probed by id."""
    p = plan(query)
    sql, params = statement(p, channel=channel, limit=50)
    with workspace._db.read() as conn:
        steps = [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    assert any(s.startswith("SCAN f VIRTUAL TABLE INDEX") for s in steps), steps
    assert not any(s.startswith("SCAN m") or "TEMP B-TREE" in s for s in steps), steps
