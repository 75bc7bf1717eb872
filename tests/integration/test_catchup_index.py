"""A long catch-up from a real relay is readable at once and searchable after (#17).

The relay is real (127.0.0.1, port 0) and so is the cache; edits and deletes of
messages still waiting for the indexer come through the relay too.
"""

from __future__ import annotations

import asyncio

from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from server_stub import commands
from server_stub.writer import run_admin
from tests.client_kit import NO_KEYRING, PASSPHRASE, engine
from tests.integration.test_cli import beacon
from desktop.profile import open_store

POSTS = 1500


def _seed(workspace) -> list[str]:
    texts = [f"catchup{i:04d}z {'会议' if i % 3 == 0 else 'build'} note" for i in range(POSTS)]

    def fn(app):
        for text in texts:
            commands.execute(app, "bob", fr.Post(id=new_client_id(), channel=workspace.channels["general"], text=text))

    run_admin(workspace.data, fn)
    return texts


def _profile(path, *, background: bool):
    return open_store(
        path, passphrase_provider=lambda _r, _n: PASSPHRASE, keyring_backend=NO_KEYRING, background_index=background
    )


def _ids(store, query: str) -> list[int]:
    return [h.message.id for h in store.search(query, limit=10_000)]


async def test_catch_up_then_edits_and_deletes_before_indexing_then_search_is_exact(tmp_path, workspace, relay):
    texts = _seed(workspace)
    general = workspace.channels["general"]
    store = _profile(tmp_path / "alice", background=False)
    try:
        report = await engine(store, relay.url, workspace.tokens["alice"]).sync_once()
        assert report.caught_up
        rows = store.messages(general, limit=None)
        assert [m.text for m in rows] == texts  # readable, all of it
        backlog = store.index_backlog()
        assert 0 < backlog <= POSTS
        assert store.search("catchup").incomplete
        # Bob edits one message and deletes another while alice's index lags behind.
        edited, deleted = rows[-10], rows[-20]

        def change(app):
            commands.execute(app, "bob", fr.Edit(id=new_client_id(), msg=edited.id, text="rewritten zeta"))
            commands.execute(app, "bob", fr.Delete(id=new_client_id(), msg=deleted.id))

        run_admin(workspace.data, change)
        for _ in range(100):  # the relay publishes admin-made events at its next poll
            await engine(store, relay.url, workspace.tokens["alice"]).sync_once()
            if store.message(deleted.id).deleted and store.message(edited.id).edited_ts:
                break
            await asyncio.sleep(0.05)
        assert store.message(edited.id).text == "rewritten zeta"
        assert store.index_backlog() == backlog  # live events wait behind the backlog too
        assert store.index_pending() == backlog
        hits = store.search("catchup")
        assert not hits.incomplete
        everything = _ids(store, "catchup")
        assert sorted(everything) == sorted(m.id for m in rows if m.id not in (edited.id, deleted.id))
        assert _ids(store, "zeta") == [edited.id]
        assert _ids(store, texts[-20].split()[0]) == [] and _ids(store, texts[-10].split()[0]) == []
        assert _ids(store, texts[0].split()[0]) == [rows[0].id]
        kept = [m.id for m in rows if "会议" in m.text and m.id not in (edited.id, deleted.id)]
        assert _ids(store, "会议") == kept[::-1]  # the short-term index, newest first
    finally:
        store.close()


async def test_the_cli_search_indexes_the_backlog_first(tmp_path, workspace, relay):
    texts = _seed(workspace)
    profile = tmp_path / "alice"
    store = _profile(profile, background=False)
    try:
        await engine(store, relay.url, workspace.tokens["alice"]).sync_once()
        backlog = store.index_backlog()
        assert backlog > 0
    finally:
        store.close()
    code, out, err = await beacon(tmp_path, "--profile", str(profile), "search", texts[-1].split()[0])
    assert code == 0, err
    assert f"indexing {backlog} message(s)" in err and "incomplete" not in err
    assert texts[-1] in out and out.count("catchup") == 1
    code, out, err = await beacon(tmp_path, "--profile", str(profile), "search", "catchup", "--limit", "5000")
    assert code == 0 and "indexing" not in err and out.count("catchup") == POSTS
