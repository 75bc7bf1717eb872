"""The outbox: durable offline commands from enqueue to the relay's event."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import BugError
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.secrets import CacheKey
from desktop.store import Changes, Store

from .conftest import ME, Log


def _post(channel: str = "C1", text: str = "hello", thread: int | None = None) -> fr.Post:
    return fr.Post(id=new_client_id(), channel=channel, text=text, thread=thread)


def _ack(cmd: fr.Command, seq: int | None) -> fr.Ack:
    return fr.Ack(id=cmd.id, ts=1, seq=seq, msg=seq if isinstance(cmd, fr.Post) else None)


def test_enqueue_is_durable_and_decodes_back(db_path: Path, key: CacheKey, log: Log) -> None:
    cmd = _post(text="written offline 离线")
    with Store.open(db_path, key) as store:
        item = store.enqueue(cmd)
        assert (item.cid, item.kind, item.channel, item.state, item.attempts) == (cmd.id, "post", "C1", "pending", 0)
    with Store.open(db_path, key) as store:  # a new process: still there
        (item,) = store.outbox()
    assert item.frame == cmd
    assert (item.text, item.thread, item.error, item.created_ts > 0) == ("written offline 离线", None, None, True)


def test_order_is_insertion_order(workspace: Store) -> None:
    cmds = [_post(text=f"m{i}") for i in range(5)]
    for cmd in reversed(cmds[:2]):
        workspace.enqueue(cmd)
    for cmd in cmds[2:]:
        workspace.enqueue(cmd)
    assert [i.cid for i in workspace.outbox()] == [cmds[1].id, cmds[0].id] + [c.id for c in cmds[2:]]


def test_message_commands_find_their_channel(workspace: Store, log: Log) -> None:
    msg = log.post("C2", "target")
    workspace.apply_events([msg])
    react = workspace.enqueue(fr.React(id=new_client_id(), msg=msg.msg, emoji="👍"))
    unknown = workspace.enqueue(fr.Edit(id=new_client_id(), msg=999_999, text="?"))
    assert (react.channel, unknown.channel) == ("C2", None)


def test_queries_and_duplicates_are_refused(workspace: Store) -> None:
    with pytest.raises(BugError):
        workspace.enqueue(fr.History(id=new_client_id(), channel="C1"))
    cmd = _post()
    workspace.enqueue(cmd)
    with pytest.raises(BugError, match="already"):
        workspace.enqueue(cmd)
    assert workspace.pending_count() == 1


def test_full_lifecycle_ack_then_event(workspace: Store, log: Log) -> None:
    cmd = _post(text="lifecycle")
    workspace.enqueue(cmd)
    assert workspace.mark_sending(cmd.id)
    (item,) = workspace.outbox(("sending",))
    assert item.attempts == 1
    event = log.post("C1", "lifecycle", author=ME, cid=cmd.id)
    assert workspace.mark_acked(cmd.id, _ack(cmd, event.seq))
    (item,) = workspace.pending_posts("C1")
    assert (item.state, item.seq) == ("acked", event.seq)
    assert workspace.pending_count() == 0  # acked is no longer waiting to be sent
    changes = workspace.apply_events([event])
    assert workspace.outbox(("pending", "sending", "acked", "failed")) == []
    assert changes.outbox and "C1" in changes.pending
    assert changes.channels["C1"].appended == (event.msg,)


def test_event_before_ack_then_ack_is_harmless(workspace: Store, log: Log) -> None:
    cmd = _post()
    workspace.enqueue(cmd)
    workspace.mark_sending(cmd.id)
    event = log.post("C1", "hello", author=ME, cid=cmd.id)
    workspace.apply_events([event])
    assert workspace.pending_posts("C1") == []
    assert not workspace.mark_acked(cmd.id, _ack(cmd, event.seq))


def test_ack_for_an_already_applied_event_deletes_at_once(workspace: Store, log: Log) -> None:
    cmd = _post()
    workspace.enqueue(cmd)
    event = log.post("C1", "hello", author=ME)  # arrived without our cid (e.g. stripped)
    workspace.apply_events([event])
    assert workspace.mark_acked(cmd.id, _ack(cmd, event.seq))
    assert workspace.pending_posts("C1") == []


def test_noop_ack_deletes(workspace: Store) -> None:
    cmd = fr.Pin(id=new_client_id(), msg=1)
    workspace.enqueue(cmd)
    assert workspace.mark_acked(cmd.id, _ack(cmd, None))
    assert workspace.outbox(("pending", "sending", "acked", "failed")) == []


def test_acked_row_goes_once_the_cursor_passes_its_seq(workspace: Store, log: Log) -> None:
    cmd = fr.React(id=new_client_id(), msg=1, emoji="👍")
    workspace.enqueue(cmd)
    workspace.mark_acked(cmd.id, _ack(cmd, log.seq + 2))
    workspace.apply_events([log.post("C1", "x"), log.unknown()])
    assert workspace.outbox(("acked",)) == []


def test_failed_keeps_reason_until_retry_or_discard(workspace: Store) -> None:
    first, second, third = _post(text="a"), _post(text="b"), _post(text="c")
    for cmd in (first, second, third):
        workspace.enqueue(cmd)
    workspace.mark_sending(first.id)
    assert workspace.mark_failed(first.id, "archived", "channel general is archived")
    (failed,) = workspace.outbox(("failed",))
    assert (failed.error_code, failed.error, failed.state) == ("archived", "channel general is archived", "failed")
    assert [i.cid for i in workspace.outbox()] == [second.id, third.id]
    assert [p.state for p in workspace.pending_posts("C1")] == ["failed", "pending", "pending"]
    assert workspace.retry(first.id)
    # A retried command keeps its original place: later commands may depend on it.
    assert [i.cid for i in workspace.outbox()] == [first.id, second.id, third.id]
    assert workspace.outbox()[0].error is None
    assert not workspace.retry(second.id)  # only failed items can be retried
    assert workspace.discard(second.id)
    assert not workspace.discard(second.id)
    assert [i.cid for i in workspace.outbox()] == [first.id, third.id]


def test_event_from_a_previous_run_removes_the_row(db_path: Path, key: CacheKey, log: Log) -> None:
    cmd = _post(text="sent just before a crash")
    with Store.open(db_path, key) as store:
        store.set_account("ws://relay.test", ME, "Alice")
        store.enqueue(cmd)
        store.mark_sending(cmd.id)
    with Store.open(db_path, key) as store:
        (item,) = store.outbox()  # 'sending' from the crashed run is pending again
        assert item.cid == cmd.id
        store.apply_events(
            [log.channel("C1", "general"), log.post("C1", "sent just before a crash", author=ME, cid=cmd.id)]
        )
        assert store.pending_count() == 0
        assert [m.text for m in store.messages("C1")] == ["sent just before a crash"]


def test_pending_posts_are_per_channel_with_thread(workspace: Store) -> None:
    workspace.enqueue(_post("C1", "top"))
    workspace.enqueue(_post("C1", "in thread", thread=42))
    workspace.enqueue(_post("C2", "elsewhere"))
    workspace.enqueue(fr.MarkRead(id=new_client_id(), channel="C1", upto=1))
    assert [(p.text, p.thread) for p in workspace.pending_posts("C1")] == [("top", None), ("in thread", 42)]


def test_mark_read_is_applied_locally_at_once(workspace: Store, log: Log) -> None:
    posts = [log.post("C1", f"m{i}") for i in range(3)]
    workspace.apply_events(posts)
    seen: list[Changes] = []
    workspace.subscribe(seen.append)
    workspace.enqueue(fr.MarkRead(id=new_client_id(), channel="C1", upto=posts[-1].msg))
    assert workspace.channel("C1").unread == 0
    assert "C1" in seen[-1].counts and seen[-1].outbox


def test_mark_unread_is_applied_locally_at_once_and_only_moves_back(workspace: Store, log: Log) -> None:
    posts = [log.post("C1", f"m{i}") for i in range(4)]
    workspace.apply_events(posts + [log.read("C1", posts[-1].msg)])
    assert workspace.channel("C1").unread == 0
    seen: list[Changes] = []
    workspace.subscribe(seen.append)
    workspace.enqueue(fr.MarkUnread(id=new_client_id(), msg=posts[1].msg))
    row = workspace.channel("C1")
    assert (row.read_upto, row.unread) == (posts[1].msg - 1, 3)  # m1, m2, m3 unread again, offline
    assert "C1" in seen[-1].counts and seen[-1].outbox
    # The relay's read.unmarked for it changes nothing more; one that would move forward is ignored.
    workspace.apply_events([log.unread("C1", posts[1].msg - 1), log.unread("C1", posts[-1].msg)])
    assert workspace.channel("C1").unread == 3
    # Someone else's marker is not mine; a later read marker moves it forward as usual.
    workspace.apply_events([log.unread("C1", 0, user="bob")])
    assert workspace.channel("C1").unread == 3
    workspace.apply_events([log.read("C1", posts[-1].msg)])
    assert workspace.channel("C1").unread == 0
    # A message the cache does not have: queued for the relay to judge, no local change.
    workspace.enqueue(fr.MarkUnread(id=new_client_id(), msg=10**9))
    assert workspace.channel("C1").unread == 0


def test_bad_states_are_a_bug(workspace: Store) -> None:
    with pytest.raises(BugError):
        workspace.outbox(("lost",))
    with pytest.raises(BugError):
        workspace.outbox("pending")
