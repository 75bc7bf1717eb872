"""A damaged page in a table read later (tasks) is found by the integrity check
(`beacon self-check --profile DIR`), and `beacon resync` rebuilds the cache from a real
relay: the old files set aside, queued messages kept and delivered exactly once."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from desktop.errors import CacheCorruptError
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.store import tasks as task_store
from desktop.store.damage import set_aside_dirs
from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import CLI, cli_env, engine, free_port, open_profile, relay_texts

FAST = RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5, rate_per_s=10_000, rate_burst=10_000)
PAGE = 4096


async def beacon(tmp_path, *args) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *CLI, *args, env=cli_env(tmp_path), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), 90)
    return proc.returncode, out.decode(), err.decode()


def damage_table(profile: Path, table: str) -> int:
    """Flip one byte in the root page of `table` (the cache is closed: no -wal)."""
    store = open_profile(profile)
    with store._db.read() as conn:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    store.close()
    assert not (profile / "cache.db-wal").exists()
    cache = profile / "cache.db"
    data = bytearray(cache.read_bytes())
    data[(root - 1) * PAGE + 1500] ^= 0x04
    cache.write_bytes(bytes(data))
    return root


async def test_a_damaged_tasks_page_is_found_and_resync_keeps_the_outbox(tmp_path, workspace):
    port = free_port()
    url = f"ws://127.0.0.1:{port}"
    general = workspace.channels["general"]
    relay = Relay(workspace.data, "127.0.0.1", port, config=FAST)
    await relay.start()
    alice = open_profile(tmp_path / "alice")
    sync = engine(alice, url, workspace.tokens["alice"])
    await sync.sync_once()
    alice.set_token(workspace.tokens["alice"])
    for i in range(40):
        alice.enqueue(fr.TaskCreate(id=new_client_id(), channel=general,
                                    changes=[fr.TaskFieldEdit(field="title", value=f"task {i} 任务")]))
    alice.enqueue(fr.Post(id=new_client_id(), channel=general, text="delivered before the damage"))
    await sync.sync_once()
    assert len(task_store.tasks(alice, general)) == 40
    await relay.stop()
    queued = [f"queued while offline {i}" for i in range(3)]
    for text in queued:
        alice.enqueue(fr.Post(id=new_client_id(), channel=general, text=text))
    alice.close()

    profile = tmp_path / "copy"
    shutil.copytree(tmp_path / "alice", profile)
    root = damage_table(profile, "tasks")

    store = open_profile(profile)  # opens: the damage is only in a table not read yet
    try:
        assert len(store.messages(general, limit=None)) >= 1
        with pytest.raises(CacheCorruptError, match="a copy is kept in .*damaged-.*beacon resync"):
            task_store.tasks(store, general)
        (first_copy,) = set_aside_dirs(profile)  # kept as found, before anything else is written
        problems = store.integrity_problems()
        assert any(f"page {root}" in p for p in problems), problems
    finally:
        store.close()

    p = ["--profile", str(profile)]
    code, out, err = await beacon(tmp_path, "self-check", *p)
    assert code == 1 and "FAIL pages" in out and f"page {root}" in out and "resync" in out, (out, err)
    assert "Traceback" not in out + err
    assert set_aside_dirs(profile) == [first_copy], "self-check wrote a copy"

    relay = Relay(workspace.data, "127.0.0.1", port, config=FAST)
    await relay.start()
    try:
        code, out, err = await beacon(tmp_path, *p, "resync")
        assert code == 0, (out, err)
        assert "3 queued command(s) kept" in out and "sent 3" in out
        (moved,) = [d for d in set_aside_dirs(profile) if d != first_copy]
        assert (moved / "cache.db").is_file()
        code, out, err = await beacon(tmp_path, "self-check", *p)
        assert code == 0 and "cache check passed" in out, (out, err)
        code, out, err = await beacon(tmp_path, *p, "sync")
        assert code == 0 and "sent" not in out
    finally:
        await relay.stop()
    on_relay = relay_texts(workspace.data)
    for text in [*queued, "delivered before the damage"]:
        assert on_relay.count(text) == 1, text
    rebuilt = open_profile(profile)
    try:
        assert len(task_store.tasks(rebuilt, general)) == 40  # back from the relay's log
        assert rebuilt.outbox(("pending", "sending", "acked", "failed")) == []
        texts = [m.text for m in rebuilt.messages(general, limit=None)]
        assert texts.count("delivered before the damage") == 1 and all(texts.count(t) == 1 for t in queued)
    finally:
        rebuilt.close()


async def test_resync_with_the_relay_down_keeps_the_outbox_and_says_so(tmp_path, workspace):
    port = free_port()
    relay = Relay(workspace.data, "127.0.0.1", port, config=FAST)
    await relay.start()
    alice = open_profile(tmp_path / "alice")
    await engine(alice, f"ws://127.0.0.1:{port}", workspace.tokens["alice"]).sync_once()
    alice.set_token(workspace.tokens["alice"])
    await relay.stop()
    alice.enqueue(fr.Post(id=new_client_id(), channel=workspace.channels["general"], text="kept through resync"))
    alice.close()

    code, out, err = await beacon(tmp_path, "--profile", str(tmp_path / "alice"), "resync")
    assert code == 1 and "1 queued command(s) kept" in out
    assert "not reachable" in err and "run `beacon sync` later" in err and err.count("\n") == 1, err
    store = open_profile(tmp_path / "alice")
    try:
        assert [i.frame.text for i in store.outbox()] == ["kept through resync"]
        assert store.cursor() == 0 and store.token() == workspace.tokens["alice"]
    finally:
        store.close()
