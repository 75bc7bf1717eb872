"""Enqueue latency with and without the checkpoint after each enqueue (docs/reliability-cache.md).

    PYTHONPATH=. python bench/enqueue_checkpoint.py [DIR]   # DIR on the disk to measure
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from desktop.protocol import frames
from desktop.protocol.ids import new_client_id
from desktop.store import Store
from desktop.store.database import Database
from desktop.store.keys import CacheKey

ROUNDS = 200


def run(base: Path, *, checkpoint: bool) -> list[float]:
    original = Database.checkpoint
    if not checkpoint:
        Database.checkpoint = lambda self: None  # type: ignore[method-assign]
    try:
        with Store.open(base / ("on" if checkpoint else "off") / "cache.db", CacheKey.random()) as store:
            store.set_account("ws://bench", "alice", "Alice")
            times = []
            for i in range(ROUNDS):
                started = time.perf_counter()
                store.enqueue(frames.Post(id=new_client_id(), channel="C1", text=f"message {i} " * 20))
                times.append((time.perf_counter() - started) * 1000)
            return times
    finally:
        Database.checkpoint = original  # type: ignore[method-assign]


def main() -> None:
    where = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory(dir=where) as tmp:
        for checkpoint in (False, True, False, True):
            t = run(Path(tmp) / str(time.monotonic_ns()), checkpoint=checkpoint)
            q = statistics.quantiles(t, n=20)
            print(f"checkpoint={'on ' if checkpoint else 'off'}  median {statistics.median(t):.2f} ms"
                  f"  p95 {q[18]:.2f} ms  ({ROUNDS} enqueues)")


if __name__ == "__main__":
    main()
