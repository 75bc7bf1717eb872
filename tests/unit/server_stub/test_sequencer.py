"""The sequencer publishes each committed event once, in seq order, whatever brings it."""

from __future__ import annotations

import asyncio

from server_stub.log import StoredEvent
from server_stub.sequencer import Sequencer


def _events(first: int, last: int) -> list[StoredEvent]:
    return [StoredEvent(s, "message.posted", "C1", None, b"{}") for s in range(first, last + 1)]


class _Log:
    """The committed log the sequencer fills gaps from; `visible_upto` holds back rows."""

    def __init__(self, head: int):
        self.head = head
        self.reads: list[tuple[int, int]] = []

    async def read_range(self, after: int, upto: int) -> list[StoredEvent]:
        self.reads.append((after, upto))
        await asyncio.sleep(0)
        return _events(after + 1, min(upto, self.head))


async def _settle(seq: Sequencer) -> None:
    for _ in range(50):
        await asyncio.sleep(0.01)
        if seq._filling is None and not seq.waiting:
            return


async def test_in_order_duplicates_dropped_gaps_filled_acks_after_publish():
    published: list[int] = []
    log = _Log(head=20)
    seq = Sequencer(0, lambda evs: published.extend(e.seq for e in evs), log.read_range, retry_s=0.005)
    answered: list[str] = []
    seq.offer(_events(1, 3), lambda: answered.append("a"))
    seq.offer(_events(2, 5))  # overlaps: 2 and 3 are duplicates
    seq.offer(_events(9, 10), lambda: answered.append("b"))  # gap 6..8: read from the log
    seq.offer(_events(6, 8))  # arrives (by the bus) after the gap was filled: duplicates
    seq.offer([], lambda: answered.append("c"))  # a failed batch: answered in its turn
    await _settle(seq)
    assert published == list(range(1, 11))
    assert answered == ["a", "b", "c"]
    assert log.reads and log.reads[0] == (5, 8)
    assert seq.stats["duplicates"] == 2 + 3 and seq.stats["gaps"] == 1 and seq.head == 10


async def test_a_gap_not_yet_readable_holds_everything_behind_it():
    published: list[int] = []
    log = _Log(head=4)  # 5 is committed elsewhere but not readable yet
    seq = Sequencer(3, lambda evs: published.extend(e.seq for e in evs), log.read_range, retry_s=0.005)
    answered: list[str] = []
    seq.offer(_events(6, 6), lambda: answered.append("six"))
    await asyncio.sleep(0.05)
    assert published == [4] and answered == []  # never 6 before 5
    log.head = 6
    await _settle(seq)
    assert published == [4, 5, 6] and answered == ["six"]


async def test_a_failing_read_is_retried_not_skipped():
    published: list[int] = []
    failures = [2]

    async def flaky(after, upto):
        if failures[0]:
            failures[0] -= 1
            raise OSError("database restarting")
        return _events(after + 1, upto)

    seq = Sequencer(0, lambda evs: published.extend(e.seq for e in evs), flaky, retry_s=0.001)
    seq.offer(_events(3, 4))
    for _ in range(100):
        await asyncio.sleep(0.01)
        if published == [1, 2, 3, 4]:
            break
    assert published == [1, 2, 3, 4]


async def test_behind_catches_up_to_the_database_head():
    published: list[int] = []
    log = _Log(head=7)
    seq = Sequencer(2, lambda evs: published.extend(e.seq for e in evs), log.read_range)
    seq.behind(7)
    await _settle(seq)
    assert published == [3, 4, 5, 6, 7]
