"""The checkpoint after each enqueue: the queued command reaches cache.db and the -wal
is emptied, without making the composer wait for a long reader."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from desktop.protocol import frames
from desktop.protocol.ids import new_client_id


def _wal_size(store) -> int:
    wal = Path(f"{store.path}-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_enqueue_leaves_an_empty_log(workspace, log):
    workspace.apply_events([log.post("C1", f"m {i}") for i in range(20)])
    assert _wal_size(workspace) > 0
    workspace.enqueue(frames.Post(id=new_client_id(), channel="C1", text="queued"))
    assert _wal_size(workspace) == 0


def test_a_long_reader_does_not_hold_up_enqueue_and_the_checkpoint_follows(workspace):
    holding, release = threading.Event(), threading.Event()

    def long_reader():
        with workspace._db.read() as conn:  # an old snapshot, like the integrity check
            conn.execute("SELECT count(*) FROM outbox").fetchone()
            holding.set()
            release.wait(10)

    reader = threading.Thread(target=long_reader)
    reader.start()
    try:
        assert holding.wait(5)
        started = time.perf_counter()
        workspace.enqueue(frames.Post(id=new_client_id(), channel="C1", text="while reading"))
        took = time.perf_counter() - started
        assert took < 1.0, f"enqueue waited {took:.2f} s for the reader"
        assert _wal_size(workspace) > 0  # not yet: the reader needs the old pages
    finally:
        release.set()
        reader.join(10)
    # Given back: the owed checkpoint ran on the reader's thread.
    assert _wal_size(workspace) == 0
    assert os.path.getsize(workspace.path) > 0
