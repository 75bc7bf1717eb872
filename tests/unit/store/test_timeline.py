"""Timeline reads: paging both ways, threads, single messages, and index use."""

from __future__ import annotations

import pytest

from desktop.store import Store, timeline

from .conftest import Log


@pytest.fixture
def posted(workspace: Store, log: Log) -> list[int]:
    """120 top-level messages in C1 (plus replies and another channel in between)."""
    ids = []
    events = []
    for i in range(120):
        post = log.post("C1", f"message {i}")
        events.append(post)
        ids.append(post.msg)
        if i % 10 == 0:
            events.append(log.post("C1", f"reply to {i}", thread=post.msg))
            events.append(log.post("C2", f"noise {i}"))
    workspace.apply_events(events)
    return ids


def test_newest_page_oldest_first(workspace: Store, posted: list[int]) -> None:
    page = workspace.messages("C1")
    assert [m.id for m in page] == posted[-50:]
    assert all(m.thread is None for m in page)


def test_paging_backwards_covers_everything_once(workspace: Store, posted: list[int]) -> None:
    seen: list[int] = []
    before = None
    while True:
        page = workspace.messages("C1", before=before, limit=33)
        if not page:
            break
        seen[:0] = [m.id for m in page]
        before = page[0].id
    assert seen == posted


def test_after_pages_forward(workspace: Store, posted: list[int]) -> None:
    assert [m.id for m in workspace.messages("C1", after=posted[100])] == posted[101:]
    assert [m.id for m in workspace.messages("C1", after=posted[10], limit=5)] == posted[11:16]
    assert [m.id for m in workspace.messages("C1", after=posted[10], before=posted[20], limit=3)] == posted[17:20]
    assert workspace.messages("C1", after=posted[-1]) == []
    assert len(workspace.messages("C1", limit=None)) == 120


def test_count_thread_and_message(workspace: Store, posted: list[int]) -> None:
    assert workspace.count("C1") == 120
    assert workspace.count("nope") == 0
    thread = workspace.thread(posted[10])
    assert [m.text for m in thread] == ["message 10", "reply to 10"]
    assert workspace.thread(posted[11]) == workspace.thread(posted[11])[:1]
    assert workspace.thread(10**9) == []
    assert workspace.message(posted[0]).text == "message 0"
    assert workspace.message(10**9) is None


def test_unknown_author_falls_back_to_login_name(workspace: Store, log: Log) -> None:
    msg = log.post("C1", "hi", author="dave")
    workspace.apply_events([msg])
    assert workspace.message(msg.msg).author_name == "dave"


_PAGE = {"channel": "C1", "before": 10**9, "after": 0, "limit": 50}


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        (timeline.page_sql(before=False, after=False), _PAGE),
        (timeline.page_sql(before=True, after=False), _PAGE),
        (timeline.page_sql(before=False, after=True), _PAGE),
        (timeline.page_sql(before=True, after=True), _PAGE),
        (timeline.COUNT_SQL, ("C1",)),
        (timeline.THREAD_SQL, (1,)),
    ],
)
def test_hot_queries_use_indexes(workspace: Store, sql: str, params) -> None:
    """No table scan and no sort: a page costs the same on 100 or 1,000,000 messages."""
    with workspace._db.read() as conn:
        steps = [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    assert not any(s.startswith("SCAN") or "TEMP B-TREE" in s for s in steps), steps
    assert all(s.startswith("SEARCH") for s in steps), steps
