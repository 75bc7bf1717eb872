"""The whole-cache check finds a flipped byte in any page, and a damaged first page is
called damage, not a wrong key."""

from __future__ import annotations

import pytest

from desktop.errors import CacheCorruptError, WrongKeyError
from desktop.store import Store
from desktop.store.keys import CacheKey

PAGE = 4096


def _flip(path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x20
    path.write_bytes(bytes(data))


def test_an_intact_cache_has_no_problems(workspace, log):
    workspace.apply_events([log.post("C1", f"m {i}") for i in range(100)])
    assert workspace.integrity_problems() == []


@pytest.mark.parametrize("table", ["tasks", "files", "messages"])
def test_a_flipped_byte_in_a_table_not_read_at_open_is_found(workspace, log, key, db_path, table):
    workspace.apply_events([log.post("C1", f"m {i}") for i in range(100)])
    with workspace._db.read() as conn:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    workspace.close()
    _flip(db_path, (root - 1) * PAGE + 900)
    with Store.open(db_path, key) as store:  # opens: nothing at open reads that table
        problems = store.integrity_problems()
    assert any(f"page {root}" in p for p in problems), problems


def test_a_damaged_first_page_is_damage_not_a_wrong_key(workspace, log, key, db_path):
    workspace.apply_events([log.post("C1", f"m {i}") for i in range(100)])
    workspace.close()
    _flip(db_path, 2000)
    with pytest.raises(CacheCorruptError, match="damaged: its first page"):
        Store.open(db_path, key)
    with pytest.raises(WrongKeyError):
        Store.open(db_path, CacheKey.random())  # a wrong key is still called one


def test_damage_met_by_one_read_does_not_break_later_reads(workspace, log, key, db_path):
    """SQLCipher keeps failing on a connection that met a damaged page: it is dropped,
    and reads of intact tables go on working (the integrity check has its own)."""
    from desktop.store import tasks as task_store

    workspace.apply_events([log.post("C1", f"m {i}") for i in range(100)])
    with workspace._db.read() as conn:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tasks'").fetchone()
    workspace.close()
    _flip(db_path, (root - 1) * PAGE + 900)
    with Store.open(db_path, key) as store:
        assert store.integrity_problems()
        assert store.pending_count() == 0
        with pytest.raises(CacheCorruptError, match="a copy is kept in"):
            task_store.tasks(store)
        for _ in range(6):  # more than the pool's readers
            assert len(store.messages("C1", limit=None)) == 100


def test_no_damage_is_reported_while_the_cache_is_being_written(workspace, log):
    """The app checks the cache in the background while it syncs: pages being
    checkpointed into cache.db at that moment must not be reported as damage."""
    import threading

    found, stop = [], threading.Event()

    def check():
        while not stop.is_set():
            found.extend(workspace.integrity_problems())

    worker = threading.Thread(target=check)
    worker.start()
    try:  # big commits: the writer's automatic checkpoints copy pages into cache.db meanwhile
        for batch in range(30):
            workspace.apply_events([log.post("C1", f"batch {batch} m {i} " + "y" * 400) for i in range(500)])
    finally:
        stop.set()
        worker.join()
    assert found == []
