"""The solution library against a real relay: offline saves, authorisation on every
command, who receives entries, search in Chinese and English, reuse counts, and what
happens when the source message is deleted."""

from __future__ import annotations

import pytest

from desktop.protocol import frames as fr
from desktop.protocol import library as lib
from desktop.protocol.ids import new_client_id
from desktop.store import library as sl
from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import engine, free_port, open_profile

FAST = RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5, rate_per_s=10_000, rate_burst=10_000)
USERS = ("alice", "bob", "carol", "dave")


@pytest.fixture
async def world(tmp_path, workspace):
    port = free_port()
    url = f"ws://127.0.0.1:{port}"
    state = {"relay": Relay(workspace.data, "127.0.0.1", port, config=FAST)}
    await state["relay"].start()
    stores = {u: open_profile(tmp_path / u) for u in USERS}

    async def sync(user):
        return await engine(stores[user], url, workspace.tokens[user]).sync_once()

    async def post(user, channel, text, thread=None):
        cmd = fr.Post(id=new_client_id(), channel=workspace.channels[channel], text=text, thread=thread)
        stores[user].enqueue(cmd)
        await sync(user)
        return next(m.id for m in stores[user].messages(workspace.channels[channel], limit=None) if m.text == text)

    async def down():
        await state["relay"].stop()

    async def up():
        state["relay"] = Relay(workspace.data, "127.0.0.1", port, config=FAST)
        await state["relay"].start()

    for u in USERS:
        await sync(u)
    yield dict(stores=stores, sync=sync, post=post, ch=workspace.channels, down=down, up=up, data=workspace.data,
               url=url, tokens=workspace.tokens)
    await state["relay"].stop()
    for s in stores.values():
        s.close()


async def _save(w, user, channel, msg, title, **fields):
    cmd = sl.save_command(w["ch"][channel], title, msg=msg, **fields)
    w["stores"][user].enqueue(cmd)
    report = await w["sync"](user)
    return cmd, dict(report.failed)


async def test_saved_offline_pending_then_seen_exactly_by_who_can_read_the_source(world):
    w = world
    msg = await w["post"]("alice", "general", "Failover fixed by raising the replica timeout to 30 s")
    secret = await w["post"]("alice", "secret", "双活数据库切换方案：先切读流量，再切写流量")
    await w["down"]()
    cmd = sl.save_command(w["ch"]["general"], "Replica failover timeout", msg=msg, summary="raise it to 30 s",
                          tags=["#Database", "failover", "database"], category="solution")
    w["stores"]["alice"].enqueue(cmd)
    [row] = sl.entries(w["stores"]["alice"])
    assert row.pending and row.tags == ("database", "failover")
    await w["up"]()
    assert not (await w["sync"]("alice")).failed
    _cmd, failed = await _save(w, "alice", "secret", secret, "双活切换", tags=["数据库"], category="howto")
    assert not failed
    for u in USERS:
        await w["sync"](u)
    seen = {u: {r.title for r in sl.entries(w["stores"][u])} for u in USERS}
    assert seen == {
        "alice": {"Replica failover timeout", "双活切换"},
        "bob": {"Replica failover timeout", "双活切换"},
        "carol": {"Replica failover timeout"},  # not in #secret
        "dave": set(),  # in no channel
    }
    [row] = sl.entries(w["stores"]["bob"], tag="failover")
    assert not row.pending and row.author == "alice" and row.msg == msg and row.summary == "raise it to 30 s"
    # Search, both scripts, short and long terms; carol never finds the #secret entry.
    for q, want in (("failover", "Replica failover timeout"), ("双活", "双活切换"), ("切换", "双活切换"),
                    ("数据库", "双活切换"), ("timeout 30", "Replica failover timeout"), ("rep", "Replica failover timeout"),
                    ("fixed", None)):
        hits = [r.title for r in sl.find(w["stores"]["bob"], q)]
        assert hits == ([want] if want else []), q
    assert sl.find(w["stores"]["carol"], "双活") == [] and sl.find(w["stores"]["dave"], "failover") == []


async def test_every_command_is_authorised(world):
    w = world
    secret = await w["post"]("alice", "secret", "the private plan")
    general = await w["post"]("alice", "general", "the public plan")
    # carol cannot save what she cannot read; nor save a message under another channel.
    _c, failed = await _save(w, "carol", "secret", secret, "stolen")
    assert list(failed.values()) and "not a member" in next(iter(failed.values()))
    _c, failed = await _save(w, "alice", "general", secret, "moved")
    assert failed and "another channel" in next(iter(failed.values()))
    cmd, failed = await _save(w, "alice", "general", general, "Plan")
    assert not failed
    await w["sync"]("carol")
    for user, change, reason in (
        ("carol", lib.LibraryEdit(id=new_client_id(), entry=cmd.id, title="mine now"), "author"),
        ("carol", lib.LibraryRemove(id=new_client_id(), entry=cmd.id), "author"),
        ("dave", lib.LibraryReuse(id=new_client_id(), entry=cmd.id), "no library entry"),
        ("carol", lib.LibraryReuse(id=new_client_id(), entry=cmd.id, how="copied", channel=w["ch"]["secret"]), "not a member"),
    ):
        w["stores"][user].enqueue(change)
        failed = dict((await w["sync"](user)).failed)
        assert reason in failed[change.id], (user, change)
    # The author edits, then removes; everyone who saw it sees that.
    w["stores"]["alice"].enqueue(lib.LibraryEdit(id=new_client_id(), entry=cmd.id, title="Plan B", tags=["plans"]))
    assert not (await w["sync"]("alice")).failed
    await w["sync"]("bob")
    [row] = sl.entries(w["stores"]["bob"])
    assert (row.title, row.tags) == ("Plan B", ("plans",)) and sl.find(w["stores"]["bob"], "plan b")[0].id == cmd.id
    w["stores"]["alice"].enqueue(lib.LibraryRemove(id=new_client_id(), entry=cmd.id))
    assert not (await w["sync"]("alice")).failed
    await w["sync"]("bob")
    assert sl.entries(w["stores"]["bob"]) == [] and sl.find(w["stores"]["bob"], "plan") == []


async def test_reuse_counts_distinct_people_and_ways(world):
    w = world
    msg = await w["post"]("alice", "general", "deploy checklist")
    cmd, _ = await _save(w, "alice", "general", msg, "Deploy checklist", category="template")
    other = sl.save_command(w["ch"]["general"], "Other", msg=msg)
    w["stores"]["alice"].enqueue(other)
    await w["sync"]("alice")
    for user, how in (("bob", "opened"), ("bob", "opened"), ("carol", "opened"), ("bob", "copied")):
        await w["sync"](user)
        w["stores"][user].enqueue(lib.LibraryReuse(id=new_client_id(), entry=cmd.id, how=how))
        assert not (await w["sync"](user)).failed
    await w["sync"]("alice")
    rows = sl.entries(w["stores"]["alice"], sort="reused")
    assert [(r.title, r.reuse) for r in rows] == [("Deploy checklist", 3), ("Other", 0)]


async def test_deleted_source_keeps_the_entry_and_marks_the_source_gone(world):
    w = world
    msg = await w["post"]("alice", "general", "the answer with a secret token inside")
    cmd, _ = await _save(w, "bob", "general", msg, "How to rotate tokens", summary="use the admin command")
    w["stores"]["alice"].enqueue(fr.Delete(id=new_client_id(), msg=msg))
    await w["sync"]("alice")
    await w["sync"]("bob")
    [row] = sl.entries(w["stores"]["bob"])
    assert row.id == cmd.id and row.source_deleted and row.summary == "use the admin command"
    assert w["stores"]["bob"].message(msg).text == ""  # the source text is gone from the cache
    assert sl.find(w["stores"]["bob"], "secret token") == []  # and never was in the library index
    # A deleted message can no longer be saved.
    _c, failed = await _save(w, "carol", "general", msg, "too late")
    assert "deleted" in next(iter(failed.values()))


async def test_replayed_events_change_nothing(world):
    w = world
    msg = await w["post"]("alice", "general", "replay me")
    await _save(w, "alice", "general", msg, "Replay")
    store = w["stores"]["bob"]
    await w["sync"]("bob")
    before = sl.entries(store)
    store.reset_for_resync(store.epoch())  # the whole log again from seq 0, then once more
    await w["sync"]("bob")
    await w["sync"]("bob")
    assert sl.entries(store) == before and [r.title for r in sl.find(store, "replay")] == ["Replay"]


async def test_an_admin_publishes_an_entry_to_the_workspace_and_withdraws_it(world, tmp_path):
    """Published: every member and admin sees it (and may reuse it) wherever they are;
    a guest only if in the source channel; withdrawn: back to the channel's members,
    also for a profile that replays the whole log from nothing."""
    from server_stub import admin

    w = world
    await w["down"]()
    # alice, the first user, is the owner.
    assert admin.set_role(w["data"], "dave", "guest")
    await w["up"]()
    secret = await w["post"]("alice", "secret", "双活数据库切换方案：先切读流量，再切写流量")
    cmd, failed = await _save(w, "bob", "secret", secret, "双活切换", tags=["数据库"], category="howto")
    assert not failed
    # bob wrote it but is no admin: he may not publish; carol cannot even see it.
    for user, reason in (("bob", "owners and admins"), ("carol", "no library entry")):
        change = sl.publish_command(cmd.id)
        w["stores"][user].enqueue(change)
        assert reason in dict((await w["sync"](user)).failed)[change.id], user
    publish = sl.publish_command(cmd.id)
    w["stores"]["alice"].enqueue(publish)
    assert not (await w["sync"]("alice")).failed
    for u in USERS:
        await w["sync"](u)
    seen = {u: [(r.title, r.published) for r in sl.entries(w["stores"][u])] for u in USERS}
    assert seen == {"alice": [("双活切换", True)], "bob": [("双活切换", True)], "carol": [("双活切换", True)],
                    "dave": []}  # dave is a guest outside #secret
    assert [r.id for r in sl.find(w["stores"]["carol"], "双活")] == [cmd.id]
    # carol, not in #secret, reuses it; bob (in the channel) sees the count.
    reuse = lib.LibraryReuse(id=new_client_id(), entry=cmd.id, how="opened")
    w["stores"]["carol"].enqueue(reuse)
    assert not (await w["sync"]("carol")).failed
    await w["sync"]("bob")
    assert sl.entries(w["stores"]["bob"])[0].reuse == 1
    # An edit of a published entry reaches carol too.
    w["stores"]["bob"].enqueue(sl.edit_command(cmd.id, title="双活切换步骤"))
    assert not (await w["sync"]("bob")).failed
    await w["sync"]("carol")
    assert [r.title for r in sl.entries(w["stores"]["carol"])] == ["双活切换步骤"]
    # Publishing twice changes nothing; withdrawing hides it from carol again.
    again = sl.publish_command(cmd.id)
    w["stores"]["alice"].enqueue(again)
    w["stores"]["alice"].enqueue(sl.publish_command(cmd.id, False))
    assert not (await w["sync"]("alice")).failed
    for u in USERS:
        await w["sync"](u)
    assert sl.entries(w["stores"]["carol"]) == [] and sl.find(w["stores"]["carol"], "双活") == []
    assert [(r.title, r.published) for r in sl.entries(w["stores"]["bob"])] == [("双活切换步骤", False)]
    # A new device of carol's replays everything: the withdrawn entry stays out of sight.
    fresh = open_profile(tmp_path / "carol2")
    try:
        await engine(fresh, w["url"], w["tokens"]["carol"]).sync_once()
        assert sl.entries(fresh) == []
        reuse = lib.LibraryReuse(id=new_client_id(), entry=cmd.id, how="copied", channel=w["ch"]["general"])
        fresh.enqueue(reuse)
        assert "no library entry" in dict((await engine(fresh, w["url"], w["tokens"]["carol"]).sync_once()).failed)[reuse.id]
    finally:
        fresh.close()
