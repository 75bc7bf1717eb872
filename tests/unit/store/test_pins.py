"""Pinned counts (the channel header's 📌): pins, unpins, replies, deletions, replays, on the
partial index rather than a walk of the channel's messages."""

from __future__ import annotations

from desktop.store import pins


def test_pinned_count_follows_pins_unpins_and_deletions(workspace, log):
    store = workspace
    root, other, elsewhere = log.post("C1", "root"), log.post("C1", "other"), log.post("C2", "elsewhere")
    store.apply_events([root, other, elsewhere])
    reply = log.post("C1", "a reply", thread=root.msg)
    store.apply_events([reply])
    assert store.pinned_count("C1") == 0
    pins = [log.pin("C1", root.msg), log.pin("C1", reply.msg), log.pin("C2", elsewhere.msg)]
    store.apply_events(pins)
    assert (store.pinned_count("C1"), store.pinned_count("C2")) == (2, 1)  # a pinned reply counts
    store.apply_events(pins)  # replayed: still two
    assert store.pinned_count("C1") == 2
    store.apply_events([log.pin("C1", root.msg, unpin=True)])
    assert store.pinned_count("C1") == 1
    store.apply_events([log.delete("C1", reply.msg)])
    assert store.pinned_count("C1") == 0
    assert store.pinned_count("nope") == 0


def test_the_count_reads_the_pins_index(workspace):
    with workspace._db.read() as conn:
        plan = conn.execute("EXPLAIN QUERY PLAN " + pins.COUNT_SQL, ("C1",)).fetchall()
    assert any("messages_pinned" in row[-1] for row in plan)
