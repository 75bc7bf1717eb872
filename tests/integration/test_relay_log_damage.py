"""A damaged event in the relay's log: the relay refuses to serve it and tells its operator."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import sqlite3
import subprocess
import sys

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from desktop.protocol import PROTOCOL_VERSION, codec
from desktop.protocol import frames as fr

from server_stub import db
from server_stub.server import DAMAGED_REASON, Relay
from server_stub import log_check
from tests.integration.conftest import FAST
from tests.relay_client import WireClient


async def _posted(workspace, n=20) -> int:
    relay = Relay(workspace.data, "127.0.0.1", 0, config=FAST)
    await relay.start()
    try:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        for i in range(n):
            await alice.post(workspace.channels["general"], f"note {i}")
        await alice.close()
    finally:
        await relay.stop()
    conn = sqlite3.connect(workspace.data / db.DB_NAME)
    try:
        seq = conn.execute("SELECT max(seq) FROM events WHERE kind = 'message.posted'").fetchone()[0] - 5
        body = bytearray(conn.execute("SELECT body FROM events WHERE seq = ?", (seq,)).fetchone()[0])
        body[body.index(b"note") + 1] ^= 0x01  # "note" -> "nnte": still valid JSON, altered text
        conn.execute("UPDATE events SET body = ? WHERE seq = ?", (bytes(body), seq))
        conn.commit()
    finally:
        conn.close()
    return seq


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "server_stub", *map(str, args)],
                          capture_output=True, text=True, timeout=60)


async def test_a_damaged_log_does_not_start_and_admin_check_names_it(workspace):
    seq = await _posted(workspace)
    relay = Relay(workspace.data, "127.0.0.1", 0, config=FAST)
    with pytest.raises(log_check.LogDamaged) as info:
        await relay.start()
    assert info.value.seq == seq
    check = _cli("admin", "--data", workspace.data, "check")
    assert check.returncode == 3
    assert check.stderr.strip().count("\n") == 0 and f"event {seq} does not match its checksum" in check.stderr
    assert "restore the data folder from a backup" in check.stderr
    serve = _cli("serve", "--data", workspace.data, "--port", 0)
    assert serve.returncode == 3, serve.stdout + serve.stderr
    assert "Traceback" not in serve.stderr
    assert serve.stderr.strip().splitlines()[-1].startswith("beacon-relay: the relay's database is damaged")


async def test_a_healthy_log_passes_admin_check(workspace):
    await asyncio.sleep(0)
    check = _cli("admin", "--data", workspace.data, "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok: ") and "events verified" in check.stdout


async def test_damage_found_while_serving_closes_and_refuses_clients(workspace, caplog):
    seq = await _posted(workspace)
    # A log too long to verify before serving (here: any log) is verified in the background.
    relay = Relay(workspace.data, "127.0.0.1", 0, config=dataclasses.replace(FAST, verify_before_serving_events=0))
    caplog.set_level(logging.INFO, logger="server_stub")
    await relay.start()
    try:
        # Bob connects at once: his catch-up meets the damaged event, or the background
        # check closes him first (or refuses him). Either way he never gets it.
        bob = WireClient(relay.url, workspace.tokens["bob"])
        with contextlib.suppress(ConnectionClosed):
            await bob.connect(wait_synced=False)
            await bob.wait_for(bob.closed.is_set, 10)
        altered = [e for e in bob.events if getattr(e, "text", "").startswith("nnte")]
        assert altered == [], "an event that fails its checksum was served"
        assert not bob.synced.is_set()
        for _ in range(100):
            if relay.damaged is not None:
                break
            await asyncio.sleep(0.05)
        assert relay.damaged is not None and relay.damaged.seq == seq
        # new connections are refused with the reason, until the operator restores the data
        async with connect(relay.url) as ws:
            with contextlib.suppress(ConnectionClosed):
                await ws.send(codec.encode(fr.Hello(protocol=PROTOCOL_VERSION, token=workspace.tokens["carol"])), text=True)
                while True:
                    await asyncio.wait_for(ws.recv(), 10)
            assert ws.close_code == 1011 and ws.close_reason == DAMAGED_REASON
    finally:
        await relay.stop()
    lines = [r for r in caplog.records if "damaged" in r.getMessage() and r.levelno == logging.ERROR]
    assert len(lines) == 1 and f"event {seq}" in lines[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
