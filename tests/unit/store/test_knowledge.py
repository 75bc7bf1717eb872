"""Digest items from a real SQLCipher cache: reactions, replies, pins, saves, tasks, files."""

from __future__ import annotations

from desktop.domain import digest as dg
from desktop.protocol import events as ev
from desktop.store import knowledge as sk


def test_digest_items_carry_engagement_and_respect_since_and_thread(workspace, log):
    store = workspace
    root = log.post("C1", "Which vendor should we pick for the GPU cluster?", author="carol")
    answer = log.post("C1", "Pick the vendor with the best GPU cluster support contract", author="bob", thread=root.seq)
    later = log.post("C1", "GPU cluster vendor contract signed", author="bob")
    other = log.post("C2", "GPU cluster in the other channel", author="bob")
    store.apply_events([root, answer, later, other, log.react("C1", later.seq, "🎉"), log.pin("C1", later.seq),
                        ev.LibrarySaved(seq=log._next()["seq"], ts=log.ts, channel="C1", actor="bob",
                                        entry="E" * 20, title="GPU vendor", msg=later.seq, author="bob")])
    items = sk.digest_items(store, "C1")
    assert [i.id for i in items] == [root.seq, later.seq]  # top level of C1 only, oldest first
    assert items[0].replies == 1 and items[0].author == "Carol"
    assert (items[1].reactions, items[1].pinned, items[1].saves) == (1, True, 1)
    thread = sk.digest_items(store, "C1", thread=root.seq)
    assert [i.id for i in thread] == [root.seq, answer.seq]
    assert [i.id for i in sk.digest_items(store, "C1", since_ms=later.ts)] == [later.seq]
    d = dg.build(items, key_count=1)
    assert [l.msg for l in d.key] == [later.seq]


def test_digest_of_2000_messages(workspace, log):
    store = workspace
    words = ["replica", "failover", "latency", "budget", "deploy", "数据库", "切换", "延迟", "预算", "上线"]
    events = [log.post("C1", f"{words[n % 10]} {words[(n * 7) % 10]} note {n} 关于{words[(n * 3) % 10]}",
                       author=("bob", "carol", "alice")[n % 3]) for n in range(2000)]
    store.apply_events(events)
    items = sk.digest_items(store, "C1")
    assert len(items) == 2000
    d = dg.build(items)
    assert d.total == 2000 and len(d.key) == 12
