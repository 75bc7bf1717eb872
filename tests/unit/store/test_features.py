"""Feature modules add tables, event handlers and resync cleanup to the cache."""

from __future__ import annotations

import pytest

from desktop.protocol.events import EventBase
from desktop.store import Store, features
from desktop.store.keys import CacheKey


class NoteAdded(EventBase, tag="test.note_added"):
    note: str


def _on_note(conn, log, me, event):
    conn.execute("INSERT OR IGNORE INTO test_notes(seq, note) VALUES (?, ?)", (event.seq, event.note))
    log.feature("notes", event.seq)


@pytest.fixture
def notes_feature():
    feature = features.register(
        features.Feature(
            name="test-notes",
            migrations=(("CREATE TABLE test_notes (seq INTEGER PRIMARY KEY, note TEXT NOT NULL)",),),
            handlers={NoteAdded: _on_note},
            synced_tables=("test_notes",),
        )
    )
    yield feature
    del features.FEATURES[feature.name]


def test_feature_tables_handlers_and_resync(tmp_path, notes_feature):
    key = CacheKey.random()
    store = Store.open(tmp_path / "cache.db", key)
    seen = []
    store.subscribe(seen.append)
    store.apply_events([NoteAdded(seq=1, ts=1, note="hello"), NoteAdded(seq=2, ts=2, note="你好")])
    assert seen[-1].features == {"notes": frozenset({1, 2})}
    store.close()

    store = Store.open(tmp_path / "cache.db", key)  # migration does not run twice
    with store._db.read() as conn:
        assert conn.execute("SELECT note FROM test_notes ORDER BY seq").fetchall() == [("hello",), ("你好",)]
        assert conn.execute("SELECT version FROM feature_versions WHERE name = 'test-notes'").fetchone() == (1,)
    store.reset_for_resync("new-epoch")
    with store._db.read() as conn:
        assert conn.execute("SELECT count(*) FROM test_notes").fetchone() == (0,)
    store.close()


def test_a_feature_cannot_be_registered_twice(notes_feature):
    with pytest.raises(RuntimeError):
        features.register(features.Feature(name="test-notes"))
