"""The Store facade: notifications, threads, resync, drafts, account."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop.errors import KnownError
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.secrets import CacheKey
from desktop.store import Changes, Store

from .conftest import ME, Log


def test_listeners_get_changes_after_commit_on_the_writing_thread(workspace: Store, log: Log) -> None:
    seen: list[tuple[Changes, int, int]] = []

    def listener(changes: Changes) -> None:
        # Committed already: a read on another connection sees the new row.
        seen.append((changes, threading.get_ident(), workspace.count("C1")))

    unsubscribe = workspace.subscribe(listener)
    post = log.post("C1", "hi")
    with ThreadPoolExecutor(1) as pool:
        writer = pool.submit(lambda: (workspace.apply_events([post]), threading.get_ident())).result()[1]
    ((changes, thread, count),) = seen
    assert (thread, count, changes.channels["C1"].appended) == (writer, 1, (post.msg,))
    unsubscribe()
    workspace.apply_events([log.post("C1", "again")])
    assert len(seen) == 1


def test_nothing_changed_means_no_notification(workspace: Store, log: Log) -> None:
    post = log.post("C1", "once")
    workspace.apply_events([post])
    seen: list[Changes] = []
    workspace.subscribe(seen.append)
    workspace.apply_events([post])
    assert seen == []


def test_a_failing_listener_does_not_undo_the_write(workspace: Store, log: Log, caplog) -> None:
    seen: list[Changes] = []

    def broken(changes: Changes) -> None:
        raise RuntimeError("listener bug")

    workspace.subscribe(broken)
    workspace.subscribe(seen.append)
    with caplog.at_level(logging.ERROR, logger="desktop.store.store"):
        workspace.apply_events([log.post("C1", "still saved")])
    assert workspace.count("C1") == 1 and len(seen) == 1
    assert "listener" in caplog.text and "RuntimeError" in caplog.text


def test_a_listener_may_write(workspace: Store, log: Log) -> None:
    def listener(changes: Changes) -> None:
        if changes.channels:
            workspace.set_draft("C1", "written from a listener")

    workspace.subscribe(listener)
    workspace.apply_events([log.post("C1", "x")])
    assert workspace.draft("C1") == "written from a listener"


def test_reads_do_not_wait_for_an_open_write(workspace: Store, log: Log) -> None:
    workspace.apply_events([log.post("C1", "visible")])
    entered, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with workspace._db.transaction() as conn:
            conn.execute("INSERT INTO drafts(channel, text, updated_ts) VALUES ('C9', 'uncommitted', 0)")
            entered.set()
            release.wait(10)

    with ThreadPoolExecutor(2) as pool:
        writing = pool.submit(long_write)
        assert entered.wait(10)
        reading = pool.submit(lambda: ([m.text for m in workspace.messages("C1")], workspace.draft("C9")))
        assert reading.result(timeout=5) == (["visible"], "")  # the snapshot excludes the open write
        release.set()
        writing.result(timeout=10)
    assert workspace.draft("C9") == "uncommitted"


def test_concurrent_writers_and_readers(workspace: Store) -> None:
    log = Log()
    log.seq = workspace.cursor()
    batches = [[log.post("C1" if i % 2 else "C2", f"batch {b} message {i} 会议") for i in range(50)] for b in range(20)]
    stop = threading.Event()
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            while not stop.is_set():
                for channel in workspace.channels():
                    workspace.messages(channel.id, limit=20)
                workspace.search("会议", limit=10)
                workspace.pending_count()
        except BaseException as exc:  # reported below
            errors.append(exc)

    def enqueuer() -> None:
        for i in range(30):
            workspace.enqueue(fr.Post(id=new_client_id(), channel="C1", text=f"offline {i}"))

    readers = [threading.Thread(target=reader) for _ in range(6)]  # more than the reader pool
    for t in readers:
        t.start()
    def syncer() -> None:  # the sync engine applies its batches in order, from one worker
        for batch in batches:
            workspace.apply_events(batch)

    with ThreadPoolExecutor(2) as pool:
        for job in [pool.submit(enqueuer), pool.submit(syncer)]:
            job.result(timeout=60)
    stop.set()
    for t in readers:
        t.join(30)
    assert errors == []
    assert workspace.count("C1") + workspace.count("C2") == 1000
    assert workspace.cursor() == log.seq
    assert workspace.pending_count() == 30


def test_reset_for_resync_keeps_outbox_and_drafts(workspace: Store, log: Log) -> None:
    post = fr.Post(id=new_client_id(), channel="C1", text="unsent")
    acked = fr.React(id=new_client_id(), msg=1, emoji="👍")
    workspace.apply_events([log.post("C1", "synced text")])
    workspace.enqueue(post)
    workspace.enqueue(acked)
    workspace.mark_acked(acked.id, fr.Ack(id=acked.id, ts=1, seq=log.seq + 5))
    workspace.set_draft("C1", "half a thought")
    changes = workspace.reset_for_resync("E2")
    assert changes.reset and changes.channel_list and "C1" in changes.pending
    assert (workspace.cursor(), workspace.epoch()) == (0, "E2")
    assert workspace.channels() == [] and workspace.users() == [] and workspace.messages("C1") == []
    assert workspace.search("synced") == [] and workspace.search("sy") == []
    # Kept; the acked one is pending again (its seq belonged to the old log).
    assert [(i.cid, i.state) for i in workspace.outbox()] == [(post.id, "pending"), (acked.id, "pending")]
    assert workspace.draft("C1") == "half a thought"
    assert workspace.account().user == ME
    fresh = Log()
    workspace.apply_events([fresh.channel("C1", "general"), fresh.post("C1", "after reset")], epoch="E2")
    assert [m.text for m in workspace.messages("C1")] == ["after reset"]


def test_drafts(workspace: Store) -> None:
    assert workspace.draft("C1") == ""
    workspace.set_draft("C1", "草稿 draft")
    assert workspace.draft("C1") == "草稿 draft"
    workspace.set_draft("C1", "")
    assert workspace.draft("C1") == ""


def test_account_and_token(db_path: Path, key: CacheKey) -> None:
    with Store.open(db_path, key) as store:
        assert store.account().user is None and store.cursor() == 0 and store.epoch() is None
        store.set_account("wss://relay.example", None, None)  # first run: the user is not known yet
        assert store.account().relay_url == "wss://relay.example"
        store.set_account("wss://relay.example", ME, "Alice")
        store.set_account("wss://relay2.example", ME, "Alice A.")
        store.set_token("tok-secret")
    with Store.open(db_path, key) as store:
        account = store.account()
        assert (account.relay_url, account.user, account.display_name) == ("wss://relay2.example", ME, "Alice A.")
        assert store.token() == "tok-secret"
        with pytest.raises(KnownError, match="belongs to alice"):
            store.set_account("wss://relay.example", "mallory", "Mallory")
        store.set_account("wss://relay3.example", None, None)
        assert (store.account().relay_url, store.account().user) == ("wss://relay3.example", ME)
