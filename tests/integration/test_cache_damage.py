"""A damaged cache is never silent: a flipped -wal byte after a crash is reported (CLI
one line, non-zero exit), the files are set aside, and every queued message still
reaches a real relay exactly once."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from desktop.errors import CacheRepairedError
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.store.damage import set_aside_dirs
from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import CLI, cli_env, engine, free_port, open_profile, relay_texts

FRAME = 24 + 4096
FAST = RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5)


async def beacon(tmp_path, *args) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *CLI, *args, env=cli_env(tmp_path), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode, out.decode(), err.decode()


def crash_copy(profile: Path, target: Path) -> Path:
    """The profile as a kill -9 leaves it: copied while its cache is open."""
    shutil.copytree(profile, target)
    return target


@pytest.mark.parametrize("frame", ["newest", "oldest"])
async def test_queued_messages_survive_a_flipped_wal_byte(tmp_path, workspace, frame):
    port = free_port()
    url = f"ws://127.0.0.1:{port}"
    general = workspace.channels["general"]
    relay = Relay(workspace.data, "127.0.0.1", port, config=FAST)
    await relay.start()
    alice = open_profile(tmp_path / "alice")
    await engine(alice, url, workspace.tokens["alice"]).sync_once()
    alice.set_token(workspace.tokens["alice"])
    await relay.stop()

    texts = [f"offline {frame} {i} 离线" for i in range(6)]
    for text in texts:  # the relay is down: all queued
        alice.enqueue(fr.Post(id=new_client_id(), channel=general, text=text))
    alice.set_draft(general, "still typing")  # a later write, in the -wal
    profile = crash_copy(tmp_path / "alice", tmp_path / "crashed")
    alice.close()

    wal_path = profile / "cache.db-wal"
    data = bytearray(wal_path.read_bytes())
    frames = (len(data) - 32) // FRAME
    assert frames >= 1
    index = frames - 1 if frame == "newest" else 0
    data[32 + index * FRAME + 24 + 1234] ^= 0x01
    wal_path.write_bytes(bytes(data))

    p = ["--profile", str(profile)]
    code, out, err = await beacon(tmp_path, *p, "outbox")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "damaged" in err and "Traceback" not in err
    (aside,) = set_aside_dirs(profile)
    assert (aside / "cache.db-wal").read_bytes() == bytes(data)  # kept as found
    assert (aside / "cache.db").is_file()
    code, out, err = await beacon(tmp_path, *p, "outbox")  # told once; now it runs
    assert code == 0 and out.count("  post  pending") == len(texts), (out, err)

    relay = Relay(workspace.data, "127.0.0.1", port, config=FAST)
    await relay.start()
    try:
        code, out, err = await beacon(tmp_path, *p, "sync")
        assert code == 0 and f"sent {len(texts)}" in out, (out, err)
        code, out, err = await beacon(tmp_path, *p, "sync")
        assert code == 0 and "sent" not in out
    finally:
        await relay.stop()
    on_relay = relay_texts(workspace.data)
    assert [t for t in on_relay if t.startswith("offline")] == texts  # each once, in order


def test_store_open_reports_a_damaged_log_once(tmp_path, workspace):
    alice = open_profile(tmp_path / "alice")
    alice.enqueue(fr.Post(id=new_client_id(), channel=workspace.channels["general"], text="x"))
    alice.set_draft(workspace.channels["general"], "draft")
    profile = crash_copy(tmp_path / "alice", tmp_path / "crashed")
    alice.close()
    wal_path = profile / "cache.db-wal"
    data = bytearray(wal_path.read_bytes())
    data[-10] ^= 0x80
    wal_path.write_bytes(bytes(data))
    with pytest.raises(CacheRepairedError):
        open_profile(profile)
    store = open_profile(profile)
    assert [i.frame.text for i in store.outbox()] == ["x"]
    store.close()
    assert len(set_aside_dirs(profile)) == 1
