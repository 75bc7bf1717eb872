"""Rebuilding a damaged cache keeps what the relay cannot give back, and says what it lost."""

from __future__ import annotations

from desktop.protocol import frames
from desktop.protocol.ids import new_client_id
from desktop.store import Store, rebuild
from desktop.store.damage import set_aside_dirs

PAGE = 4096


def test_rebuild_keeps_outbox_drafts_and_sign_in_and_forgets_synced_data(workspace, log, key, db_path):
    workspace.apply_events([log.post("C1", f"synced {i}") for i in range(20)])
    workspace.set_token("secret-token")
    cids = [new_client_id() for _ in range(4)]
    for i, cid in enumerate(cids):
        workspace.enqueue(frames.Post(id=cid, channel="C1", text=f"queued {i}"))
    workspace.mark_sending(cids[0])
    workspace.mark_failed(cids[1], "forbidden", "not allowed")
    workspace.set_draft("C2", "half a thought")
    workspace.close()
    old = db_path.read_bytes()

    report = rebuild.rebuild(db_path, key)
    assert report.outbox == 4 and report.lost == ()
    assert report.aside in set_aside_dirs(db_path.parent)
    assert (report.aside / "cache.db").read_bytes() == old  # moved, not changed
    with Store.open(db_path, key) as store:
        account = store.account()
        assert (account.relay_url, account.user, account.cursor, account.epoch) == ("ws://relay.test", "alice", 0, None)
        assert store.token() == "secret-token"
        items = store.outbox(("pending", "sending", "acked", "failed"))
        assert [i.cid for i in items] == cids  # queue order kept
        assert [i.state for i in items] == ["pending", "failed", "pending", "pending"]
        assert store.draft("C2") == "half a thought"
        assert store.channels() == [] and store.messages("C1", limit=None) == []
        assert store.integrity_problems() == []


def test_rebuild_of_a_damaged_outbox_keeps_the_rows_it_can_read(workspace, key, db_path):
    for i in range(300):  # several pages of outbox rows
        workspace.enqueue(frames.Post(id=new_client_id(), channel="C1", text=f"queued {i} " + "x" * 200))
    with workspace._db.read() as conn:
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
    workspace.close()
    data = bytearray(db_path.read_bytes())
    leaf = pages - 1  # a late page: one of the outbox's last leaves, written last
    data[(leaf - 1) * PAGE + 2000] ^= 0x01
    db_path.write_bytes(bytes(data))

    report = rebuild.rebuild(db_path, key)
    assert report.lost and "outbox" in report.describe()
    with Store.open(db_path, key) as store:
        kept = store.outbox()
        assert 0 < len(kept) == report.outbox < 300
        assert store.integrity_problems() == []


def test_a_requested_rebuild_runs_at_the_next_open_of_the_profile(tmp_path):
    from tests.client_kit import open_profile

    store = open_profile(tmp_path / "p")
    store.set_account("ws://relay.test", "alice", "Alice")
    store.enqueue(frames.Post(id=new_client_id(), channel="C1", text="keep me"))
    store.close()
    rebuild.request(tmp_path / "p")
    store = open_profile(tmp_path / "p")
    try:
        assert [i.frame.text for i in store.outbox()] == ["keep me"]
        assert len(set_aside_dirs(tmp_path / "p")) == 1 and not rebuild.requested(tmp_path / "p")
    finally:
        store.close()
