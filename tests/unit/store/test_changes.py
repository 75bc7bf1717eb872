"""ChangeLog -> Changes: sorted ids, new rows not reported as updated, truthiness."""

from __future__ import annotations

from desktop.store.changes import ChangeLog, Changes


def test_freeze_sorts_and_separates_new_from_updated() -> None:
    log = ChangeLog()
    log.appended("C1", 9)
    log.appended("C1", 7)
    log.inserted("C1", 3)
    log.updated("C1", 7)  # created in the same transaction: reported as new only
    log.updated("C1", 5)
    log.updated("C1", 1)
    log.reply("C1", 5, 12)
    log.reply("C1", 5, 11)
    log.updated("C1", 11)
    changes = log.freeze()
    c1 = changes.channels["C1"]
    assert (c1.appended, c1.inserted, c1.updated) == ((7, 9), (3,), (1, 5))
    assert dict(c1.replies) == {5: (11, 12)}


def test_truthiness() -> None:
    assert not Changes()
    assert not Changes(max_seq=10)  # the cursor moving alone is nothing to redraw
    assert Changes(users=True)
    assert Changes(counts=frozenset({"C1"}))
    log = ChangeLog()
    log.pending.add("C1")
    assert log.freeze()
