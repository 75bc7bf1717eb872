"""Catch-up is readable first, searchable soon after (#17): the index backlog.

Real SQLCipher caches; a crash is a real SIGKILL of a process indexing the backlog.
Correctness is checked three ways: searches for a word unique to each message, the
position invariant, and FTS5's own integrity check of the trigram index against the
messages table (it fails if an edit or delete left a stale entry behind).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from desktop.domain.search_query import parse
from desktop.secrets import CacheKey
from desktop.store import Store, indexer
from desktop.store.migrations import MIGRATIONS

from .conftest import ME, Log

ROOT = Path(__file__).resolve().parents[3]


def _word(i: int) -> str:
    return f"uniq{i:05d}x"


def _open(db_path: Path, key: CacheKey, *, background: bool = False) -> Store:
    store = Store.open(db_path, key, background_index=background)
    store.set_account("ws://relay.test", ME, "Alice")
    return store


def _setup(store: Store, log: Log) -> None:
    store.apply_events([log.user("bob", "Bob"), log.channel("C1", "general")], epoch="E1")


def _catch_up(store: Store, log: Log, n: int, *, batch: int = 2000) -> list[int]:
    """n posts, in catch-up batches (as the sync engine applies them)."""
    ids: list[int] = []
    for start in range(0, n, batch):
        events = [log.post("C1", f"common {_word(i)} 会议") for i in range(start, min(n, start + batch))]
        store.apply_events(events, defer_index=True)
        ids.extend(e.msg for e in events)
    return ids


def _ids(store: Store, query: str, limit: int = 100_000) -> list[int]:
    return [h.message.id for h in store.search(query, limit=limit)]


def _fts_consistent(store: Store) -> None:
    """The trigram index, read term by term (fts5vocab), holds exactly the current text
    of each message at or below the position, once, and nothing else."""
    with store._db.transaction() as conn:
        conn.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")
        conn.execute("CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, 'messages_fts', 'instance')")
        try:
            got = Counter(conn.execute("SELECT doc, term FROM temp.fts_terms"))
        finally:
            conn.execute("DROP TABLE temp.fts_terms")
        upto = indexer.position(conn)
        texts = conn.execute("SELECT id, lower(text) FROM messages WHERE id <= ? AND text != ''", (upto,)).fetchall()
    expected = Counter((msg, text[i : i + 3]) for msg, text in texts for i in range(len(text) - 2))
    assert got == expected


def _assert_all_found_once(store: Store, ids: list[int]) -> None:
    assert store.index_backlog() == 0
    everything = _ids(store, "common")
    assert sorted(everything) == sorted(ids) and len(set(everything)) == len(everything)
    assert _ids(store, "会议") == sorted(ids, reverse=True)  # the short-term index too
    for n in (0, len(ids) // 2, len(ids) - 1):
        assert _ids(store, _word(n)) == [ids[n]]
    hits = store.search("common")
    assert not hits.incomplete and hits.unindexed == 0
    _fts_consistent(store)


def test_a_big_catch_up_is_readable_at_once_and_searchable_after_indexing(db_path, key) -> None:
    log = Log()
    store = _open(db_path, key)
    try:
        _setup(store, log)
        ids = _catch_up(store, log, 5000)
        assert store.count("C1") == 5000  # readable
        assert [m.id for m in store.messages("C1", limit=3)] == ids[-3:]
        assert store.index_backlog() == 5000
        hits = store.search(_word(4999))
        assert hits == [] and hits.incomplete and hits.unindexed == 5000
        assert store.index_pending() == 5000
        _assert_all_found_once(store, ids)
    finally:
        store.close()


def test_a_short_catch_up_and_live_events_are_indexed_in_their_own_transaction(workspace: Store, log: Log) -> None:
    events = [log.post("C1", f"short {_word(i)}") for i in range(indexer.DEFER_MIN - 1)]
    workspace.apply_events(events, defer_index=True)
    workspace.apply_events([log.post("C1", "live one")])
    assert workspace.index_backlog() == 0
    assert _ids(workspace, _word(7)) == [events[7].msg] and len(_ids(workspace, "live")) == 1
    with workspace._db.read() as conn:
        assert not indexer.maybe_behind(conn)  # the position follows the cursor: nothing to resume


def test_close_in_the_middle_of_the_backlog_then_reopen_completes_the_index(db_path, key) -> None:
    log = Log()
    store = _open(db_path, key)
    try:
        _setup(store, log)
        ids = _catch_up(store, log, 6000)
        assert store.index_pending(batches=1) == indexer.BATCH
        store.apply_events([log.post("C1", f"common {_word(6000)} 会议")], defer_index=True)  # waits too
        ids.append(log.seq)
        assert store.index_backlog() == 6001 - indexer.BATCH
    finally:
        store.close()
    store = _open(db_path, key, background=True)  # resumes by itself
    try:
        assert store.wait_indexed(timeout=60)
        _assert_all_found_once(store, ids)
    finally:
        store.close()


def test_close_while_the_background_indexer_runs_loses_and_repeats_nothing(db_path, key, monkeypatch) -> None:
    monkeypatch.setattr(indexer, "BATCH", 50)
    monkeypatch.setattr(indexer, "SETTLE_S", 0.0)
    log = Log()
    store = _open(db_path, key, background=True)
    try:
        _setup(store, log)
        ids = _catch_up(store, log, 6000)
        deadline = time.monotonic() + 30
        while store.index_backlog() == 6000 and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        store.close()  # waits for the batch in progress, no longer
    store = _open(db_path, key)
    try:
        left = store.index_backlog()
        assert 0 <= left < 6000
        assert store.index_pending() == left
        _assert_all_found_once(store, ids)
    finally:
        store.close()


_KILLED_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desktop.secrets import CacheKey
    from desktop.store import Store
    store = Store.open(Path(sys.argv[1]), CacheKey.from_hex(sys.argv[2]), background_index=False)
    while store.index_pending(batches=1):
        print("batch", flush=True)
    print("done", flush=True)
    """
)


def test_a_process_killed_while_indexing_resumes_with_every_message_indexed_once(db_path, key, monkeypatch) -> None:
    log = Log()
    store = _open(db_path, key)
    try:
        _setup(store, log)
        ids = _catch_up(store, log, 3 * indexer.BATCH + 5)
    finally:
        store.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_CHILD, str(db_path), key.hex()], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert child.stdout.readline().strip() == "batch"  # one batch committed, the next under way
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    store = _open(db_path, key)
    try:
        left = store.index_backlog()
        assert 0 < left <= len(ids) - indexer.BATCH
        assert store.index_pending() == left
        _assert_all_found_once(store, ids)
    finally:
        store.close()


def test_edits_and_deletes_before_the_indexer_gets_there_end_up_correct(db_path, key) -> None:
    log = Log()
    store = _open(db_path, key)
    try:
        _setup(store, log)
        ids = _catch_up(store, log, 2 * indexer.BATCH + 100)
        store.index_pending(batches=1)  # ids[:BATCH] indexed, the rest waits
        below, above = ids[10], ids[indexer.BATCH + 10]
        changes = [
            log.edit("C1", below, "rewritten below alpha"),
            log.edit("C1", above, "rewritten above alpha"),
            log.edit("C1", above, "rewritten above again beta"),  # twice before indexing
            log.delete("C1", ids[11]),
            log.delete("C1", ids[indexer.BATCH + 11]),
        ]
        store.apply_events(changes, defer_index=True)
        # A post, edited and deleted in the same catch-up batch as itself.
        late = [log.post("C1", "late gamma"), log.post("C1", "late delta")]
        store.apply_events(
            [*late, log.edit("C1", late[0].msg, "late epsilon"), log.delete("C1", late[1].msg)], defer_index=True
        )
        assert _ids(store, "alpha") == [below]  # the indexed one already, the other not yet
        store.index_pending()
        assert _ids(store, "alpha") == [below]
        assert _ids(store, "beta") == [above]
        assert _ids(store, "rewritten") == [above, below]
        assert _ids(store, "late") == [late[0].msg] and _ids(store, "epsilon") == [late[0].msg]
        assert _ids(store, "gamma") == [] and _ids(store, "delta") == []
        for gone in (ids[11], ids[indexer.BATCH + 11], below, above):
            assert gone not in _ids(store, "common")
        assert len(_ids(store, "common")) == len(ids) - 4
        assert _ids(store, _word(indexer.BATCH + 10)) == [] and _ids(store, _word(indexer.BATCH + 12)) == [ids[indexer.BATCH + 12]]
        _fts_consistent(store)
    finally:
        store.close()


def test_a_history_page_below_the_position_is_indexed_at_once_during_a_backlog(db_path, key) -> None:
    log = Log()
    store = _open(db_path, key)
    try:
        _setup(store, log)
        old = [log.post("C1", f"history {_word(90_000 + i)}") for i in range(20)]  # seqs 3..22, never applied live
        ids = _catch_up(store, log, indexer.BATCH + 500)
        store.index_pending(batches=1)  # the position is now past the history's seqs
        store.apply_history("C1", old)
        assert _ids(store, "history") == [e.msg for e in reversed(old)]
        store.index_pending()
        assert len(_ids(store, "history")) == 20 and len(_ids(store, "common")) == len(ids)
        _fts_consistent(store)
    finally:
        store.close()


def test_resync_forgets_the_position_and_indexes_the_new_log(db_path, key) -> None:
    log = Log()
    store = _open(db_path, key)
    try:
        _setup(store, log)
        _catch_up(store, log, 600)
        store.reset_for_resync("E2")
        assert store.index_backlog() == 0 and _ids(store, "common") == []
        log2 = Log()
        _setup(store, log2)
        ids = _catch_up(store, log2, 600)
        assert store.index_backlog() == 600
        store.index_pending()
        _assert_all_found_once(store, ids)
    finally:
        store.close()


def test_the_background_indexer_catches_up_and_tells_subscribers(db_path, key) -> None:
    log = Log()
    store = _open(db_path, key, background=True)
    seen = []
    store.subscribe(lambda changes: seen.append(indexer.FEATURE in changes.features))
    try:
        _setup(store, log)
        ids = _catch_up(store, log, 3000)
        assert store.wait_indexed(timeout=60)
        _assert_all_found_once(store, ids)
        assert any(seen)
    finally:
        store.close()


def test_filters_alone_are_complete_during_a_backlog_words_are_not(db_path, key) -> None:
    log = Log()
    store = _open(db_path, key)
    try:
        _setup(store, log)
        ids = _catch_up(store, log, 500)
        today = dt.date(2026, 12, 3)
        only_filters = store.search_query(parse("from:bob", today), limit=10)
        assert [h.message.id for h in only_filters] == ids[::-1][:10] and not only_filters.incomplete
        words = store.search_query(parse("common from:bob", today), limit=10)
        assert words == [] and words.incomplete and words.unindexed == 500
    finally:
        store.close()


def test_a_cache_from_before_the_backlog_opens_fully_indexed(db_path, key) -> None:
    log = Log()
    store = _open(db_path, key)
    try:
        _setup(store, log)
        store.apply_events([log.post("C1", f"common {_word(i)} 会议") for i in range(50)])
        with store._db.transaction() as conn:  # back to schema 1, as Beacon 1 left it
            conn.execute("ALTER TABLE sync_state DROP COLUMN indexed_upto")
            conn.execute("PRAGMA user_version = 1")
    finally:
        store.close()
    store = _open(db_path, key)
    try:
        with store._db.read() as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
            assert not indexer.maybe_behind(conn)
        _assert_all_found_once(store, list(range(3, 53)))
    finally:
        store.close()


@pytest.mark.parametrize("background", [True, False])
def test_closing_with_nothing_to_index_starts_no_thread(db_path, key, background) -> None:
    import threading

    store = _open(db_path, key, background=background)
    store.close()
    assert not [t for t in threading.enumerate() if t.name == "beacon-indexer"]


def test_live_edits_deletes_and_searches_while_the_indexer_thread_works(db_path, key, monkeypatch) -> None:
    """The indexer thread, a writer thread (live events) and a reader thread at once."""
    import threading

    monkeypatch.setattr(indexer, "BATCH", 100)
    monkeypatch.setattr(indexer, "SETTLE_S", 0.0)
    log = Log()
    store = _open(db_path, key, background=True)
    errors: list[BaseException] = []
    done = threading.Event()

    def reader() -> None:
        try:
            while not done.is_set():
                hits = store.search("common", limit=20)
                assert hits.unindexed >= 0 and len({h.message.id for h in hits}) == len(hits)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    try:
        _setup(store, log)
        ids = _catch_up(store, log, 4000)
        thread = threading.Thread(target=reader)
        thread.start()
        try:
            for n in range(0, 4000, 97):  # live: not deferred, but waits behind the backlog
                store.apply_events([log.edit("C1", ids[n], f"common edited {n} 会议"), log.delete("C1", ids[n + 1])])
        finally:
            done.set()
            thread.join()
        assert not errors, errors
        assert store.wait_indexed(timeout=60)
        deleted = {ids[n + 1] for n in range(0, 4000, 97)}
        assert sorted(_ids(store, "common")) == [i for i in ids if i not in deleted]
        assert len(_ids(store, "edited")) == len(range(0, 4000, 97))
        _fts_consistent(store)
    finally:
        store.close()
