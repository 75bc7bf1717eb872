"""Schema versions: fresh caches get the newest; newer caches are refused untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop.errors import CacheCorruptError
from desktop.secrets import CacheKey
from desktop.store import Store
from desktop.store.migrations import MIGRATIONS


def test_new_cache_has_the_newest_version(store: Store) -> None:
    with store._db.read() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"messages", "channels", "outbox", "drafts", "messages_fts", "messages_short"} <= tables


def test_reopening_does_not_migrate_again(db_path: Path, key: CacheKey) -> None:
    Store.open(db_path, key).close()
    with Store.open(db_path, key) as store:
        store.set_draft("C1", "still one schema")


def test_cache_from_a_newer_beacon_is_refused(db_path: Path, key: CacheKey) -> None:
    with Store.open(db_path, key) as store:
        with store._db.transaction() as conn:
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(CacheCorruptError, match="newer version"):
        Store.open(db_path, key)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
