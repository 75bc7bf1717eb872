"""The transfer pipeline's parts: ordered background hashing, batched hand-offs with
bounded memory, and the reader that feeds hash, cache copy and socket in one pass."""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading

import pytest

from desktop.net.hashing import BackgroundHash
from desktop.net.pipeline import Batches, FileChanged, HashingReader


def test_background_hash_keeps_the_order_of_updates():
    parts = [os.urandom(n) for n in (1, 70_000, 3, 300_000, 0, 5)]
    h = BackgroundHash(depth=1)
    for i in range(0, len(parts), 2):
        h.update(parts[i:i + 2])
    h.update_now(b"tail")
    assert h.hexdigest() == hashlib.sha256(b"".join(parts) + b"tail").hexdigest()
    h.close()


async def test_batches_hand_over_in_order_and_hold_back_a_fast_producer():
    seen, gate = [], threading.Event()
    in_flight = []

    def work(batch):
        in_flight.append(len(batch))
        gate.wait(5)
        seen.extend(batch)

    batches = Batches(work, batch_bytes=10, depth=2)
    producer = asyncio.ensure_future(_produce(batches, 100))
    await asyncio.sleep(0.2)
    assert not producer.done()  # the worker is stuck: the producer waits, memory is bounded
    assert len(in_flight) == 1  # one batch on the worker, the next ones queued, no more taken
    gate.set()
    await producer
    await batches.drain()
    batches.close()
    assert seen == [bytes([i % 256]) * 5 for i in range(100)]


async def _produce(batches, n):
    for i in range(n):
        await batches.add(bytes([i % 256]) * 5)


async def test_batches_raise_the_workers_error():
    def fail(batch):
        raise OSError(28, "No space left on device")

    batches = Batches(fail, batch_bytes=1, depth=1)
    with pytest.raises(OSError):
        for _ in range(10):
            await batches.add(b"xx")
        await batches.drain()
    batches.close()


async def test_reader_hashes_everything_and_keeps_a_copy(tmp_path):
    data = os.urandom(1_000_003)
    (tmp_path / "f").write_bytes(data)
    kept = bytearray()

    class Keep:
        def take(self, pos, chunks):
            assert pos == len(kept)
            kept.extend(b"".join(chunks))

    reader = HashingReader(tmp_path / "f", len(data), 100_000, keep=Keep(), batch_bytes=250_000)
    out = bytearray()
    while batch := await reader.next():
        assert len(batch) <= 2 and all(len(b) <= 100_000 for b in batch)
        out.extend(b"".join(batch))
    assert bytes(out) == data == bytes(kept)
    assert reader.hash.hexdigest() == hashlib.sha256(data).hexdigest()
    await reader.close()


async def test_reader_notices_a_file_that_got_shorter(tmp_path):
    (tmp_path / "f").write_bytes(b"x" * 1000)
    reader = HashingReader(tmp_path / "f", 2000, 300)
    with pytest.raises(FileChanged):
        while await reader.next():
            pass
    await reader.close()
