"""The `beacon` command line end to end: real processes, a real relay, real cache."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import time

from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from tests.client_kit import CLI, cli_env, free_port, open_profile, posted_count, relay_texts
from server_stub.config import RelayConfig
from server_stub.server import Relay


async def beacon(tmp_path, *args, timeout: float = 30.0) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *CLI, *args, env=cli_env(tmp_path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    return proc.returncode, out.decode(), err.decode()


async def test_cli_round_trip_online_and_offline(tmp_path, workspace):
    port = free_port()
    relay = Relay(workspace.data, "127.0.0.1", port, config=RelayConfig(poll_interval_s=0.05))
    await relay.start()
    url = f"ws://127.0.0.1:{port}"
    a = ["--profile", str(tmp_path / "alice")]
    b = ["--profile", str(tmp_path / "bob")]
    try:
        code, out, err = await beacon(tmp_path, *a, "login", "--relay", url, f"--token={workspace.tokens['alice']}")
        assert code == 0, err
        assert "signed in as alice" in out
        code, out, err = await beacon(tmp_path, *a, "channels")
        assert code == 0 and "#general" in out and "#产品讨论" in out and "#secret" in out
        code, out, _ = await beacon(tmp_path, *a, "send", "#general", "hello from the CLI 你好")
        assert code == 0 and "sent" in out
        code, out, _ = await beacon(tmp_path, *a, "send", "产品讨论", "需求评审会议改到周三")
        assert code == 0 and "sent" in out
        assert (await beacon(tmp_path, *b, "login", "--relay", url, f"--token={workspace.tokens['bob']}"))[0] == 0
        code, out, _ = await beacon(tmp_path, *b, "read", "general")
        assert code == 0 and "Alice: hello from the CLI 你好" in out
        code, out, _ = await beacon(tmp_path, *b, "channels")
        assert "#general  1 unread" in out
        # bob is not in 产品讨论 (public, so he knows it exists) nor in a made-up one.
        code, _, err = await beacon(tmp_path, *b, "read", "产品讨论")
        assert code == 1 and "not a member" in err and "Traceback" not in err
        code, _, err = await beacon(tmp_path, *b, "read", "#nowhere")
        assert code == 1 and "no channel" in err
    finally:
        await relay.stop()

    # Relay gone: reading and searching still work; sending queues; sync fails clearly.
    code, out, _ = await beacon(tmp_path, *a, "read", "#general", "--limit", "5")
    assert code == 0 and "hello from the CLI" in out
    code, out, _ = await beacon(tmp_path, *a, "search", "会议")
    assert code == 0 and "需求评审会议改到周三" in out
    code, out, _ = await beacon(tmp_path, *a, "send", "general", "written offline")
    assert code == 0 and "queued" in out
    code, out, _ = await beacon(tmp_path, *a, "read", "general")
    assert "written offline  (pending)" in out
    code, out, err = await beacon(tmp_path, *a, "sync")
    assert code == 1 and "not reachable" in err and "Traceback" not in err

    relay = Relay(workspace.data, "127.0.0.1", port, config=RelayConfig(poll_interval_s=0.05))
    await relay.start()
    try:
        code, out, err = await beacon(tmp_path, *a, "sync")
        assert code == 0 and "sent 1" in out, err
    finally:
        await relay.stop()
    assert relay_texts(workspace.data).count("written offline") == 1


async def test_cli_errors_are_one_line(tmp_path, workspace, relay):
    p = ["--profile", str(tmp_path / "x")]
    code, _, err = await beacon(tmp_path, *p, "login", "--relay", relay.url, "--token", "wrong")
    assert code == 1 and "refused the token" in err and len(err.strip().splitlines()) == 1
    code, _, err = await beacon(tmp_path, *p, "send", "general", "hi")
    assert code == 1 and err.startswith("beacon: ")
    code, _, err = await beacon(tmp_path, *p, "login", "--relay", "http://nope", "--token", "t")
    assert code == 1 and "ws://" in err


async def test_client_killed_while_flushing_sends_each_message_exactly_once(tmp_path, workspace):
    """SIGKILL `beacon sync` at random moments (seeded) while it flushes, until the outbox drains.

    Each kill lands after the relay has taken at least one new message from that run (a
    fixed delay from the start misses the flush when the machine is fast: CI saw a sync
    finish before its kill), so every counted kill is one mid-flush.
    """
    port = free_port()
    relay = Relay(workspace.data, "127.0.0.1", port, config=RelayConfig(rate_per_s=5000, rate_burst=5000))
    await relay.start()
    url = f"ws://127.0.0.1:{port}"
    profile = tmp_path / "alice"
    general = workspace.channels["general"]
    try:
        assert (await beacon(tmp_path, "--profile", str(profile), "login", "--relay", url, f"--token={workspace.tokens['alice']}"))[0] == 0
        store = open_profile(profile)
        texts = [f"kill-test {i}" for i in range(1500)]
        for text in texts:
            store.enqueue(fr.Post(id=new_client_id(), channel=general, text=text))
        store.close()
        rng = random.Random(1234)
        kills = 0
        base = posted_count(workspace.data)
        for _ in range(12):
            before = posted_count(workspace.data)
            if before >= base + len(texts):
                break
            proc = await asyncio.create_subprocess_exec(
                *CLI, "--profile", str(profile), "sync", env=cli_env(tmp_path),
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 20
            while proc.returncode is None and posted_count(workspace.data) == before and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
            await asyncio.sleep(rng.uniform(0.0, 0.03))
            if proc.returncode is None:
                try:
                    os.kill(proc.pid, signal.SIGKILL)
                    kills += 1
                except ProcessLookupError:
                    pass  # it finished between the check and the kill (not reaped yet): not a kill
            await proc.wait()
        code, out, err = await beacon(tmp_path, "--profile", str(profile), "sync")
        assert code == 0, err
    finally:
        await relay.stop()
    on_relay = [t for t in relay_texts(workspace.data) if t.startswith("kill-test")]
    assert kills >= 3, f"killed mid-flush only {kills} times; the test proved too little"
    assert sorted(on_relay) == sorted(texts)  # every message, each exactly once
    assert on_relay == texts  # and in the order they were written
    store = open_profile(profile)
    assert store.pending_count(("pending", "sending", "acked", "failed")) == 0
    store.close()
