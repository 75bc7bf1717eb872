"""`beacon send --at`, `scheduled`, `unschedule`, `dnd`, `status` end to end: real CLI
processes, a real relay whose clock is injected (and skewed against the client's)."""

from __future__ import annotations

import asyncio
import time

import pytest

from desktop.store import attention as att
from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import free_port, open_profile, relay_texts
from tests.integration.test_cli import beacon

MIN = 60_000


class SkewedClock:
    """The relay's clock: real time + skew (the client's clock is off by -skew) + shift
    (time the test makes pass without waiting)."""

    def __init__(self, skew_ms: int):
        self.skew, self.shift = skew_ms, 0

    def __call__(self) -> int:
        return int(time.time() * 1000) + self.skew + self.shift


async def _relay(workspace, clock, port):
    relay = Relay(workspace.data, "127.0.0.1", port,
                  config=RelayConfig(poll_interval_s=0.02, close_timeout_s=0.5, clock=clock))
    await relay.start()
    return relay


async def _until(cond, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("skew_h", [1, -1])
async def test_send_at_relative_time_follows_the_relay_clock_despite_skew(tmp_path, workspace, skew_h):
    clock = SkewedClock(skew_h * 60 * MIN)
    port = free_port()
    relay = await _relay(workspace, clock, port)
    a = ["--profile", str(tmp_path / "alice")]
    try:
        code, _, err = await beacon(tmp_path, *a, "login", "--relay", f"ws://127.0.0.1:{port}",
                                    f"--token={workspace.tokens['alice']}")
        assert code == 0, err
        code, out, err = await beacon(tmp_path, *a, "send", "#general", "in half an hour", "--at", "+30m")
        assert code == 0, err
        assert "scheduled for" in out and "#general" in out
        code, out, _ = await beacon(tmp_path, *a, "scheduled")
        assert "in half an hour" in out and "pending" in out
        clock.shift = 29 * MIN  # by the relay's clock: one minute early
        await asyncio.sleep(0.2)
        assert "in half an hour" not in relay_texts(workspace.data)
        clock.shift = 30 * MIN + 2000  # a little slack for the CLI's own run time
        await _until(lambda: "in half an hour" in relay_texts(workspace.data))
        code, out, _ = await beacon(tmp_path, *a, "scheduled")
        assert "no scheduled messages" in out
        code, out, _ = await beacon(tmp_path, *a, "scheduled", "--all")
        assert "in half an hour" in out and "sent" in out and "(late)" not in out
    finally:
        await relay.stop()
    assert relay_texts(workspace.data).count("in half an hour") == 1


async def test_scheduled_offline_due_passes_then_reconnect_sends_late(tmp_path, workspace):
    clock = SkewedClock(0)
    port = free_port()
    a = ["--profile", str(tmp_path / "alice")]
    relay = await _relay(workspace, clock, port)
    try:
        assert (await beacon(tmp_path, *a, "login", "--relay", f"ws://127.0.0.1:{port}",
                             f"--token={workspace.tokens['alice']}"))[0] == 0
    finally:
        await relay.stop()
    # Offline: the schedule waits in the encrypted outbox.
    past_soon = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() + 60))
    code, out, err = await beacon(tmp_path, *a, "send", "general", "written on the train", "--at", past_soon)
    assert code == 0, err
    assert "waits in the outbox" in out
    code, out, _ = await beacon(tmp_path, *a, "scheduled")
    assert "written on the train" in out and "queued" in out
    store = open_profile(tmp_path / "alice")
    try:
        [queued] = att.scheduled(store)
        assert queued.state == "queued"
    finally:
        store.close()
    clock.shift = 10 * MIN  # its time passes while offline
    relay = await _relay(workspace, clock, port)
    try:
        code, out, err = await beacon(tmp_path, *a, "scheduled", "--all")
        assert code == 0, err
        assert "written on the train" in out and "sent (late)" in out
        assert relay_texts(workspace.data).count("written on the train") == 1
    finally:
        await relay.stop()


async def test_unschedule_dnd_and_status_commands(tmp_path, workspace):
    clock = SkewedClock(0)
    port = free_port()
    url = f"ws://127.0.0.1:{port}"
    a = ["--profile", str(tmp_path / "alice")]
    b = ["--profile", str(tmp_path / "bob")]
    relay = await _relay(workspace, clock, port)
    try:
        assert (await beacon(tmp_path, *a, "login", "--relay", url, f"--token={workspace.tokens['alice']}"))[0] == 0
        assert (await beacon(tmp_path, *b, "login", "--relay", url, f"--token={workspace.tokens['bob']}"))[0] == 0
        code, out, _ = await beacon(tmp_path, *a, "send", "general", "never mind", "--at", "+2h")
        assert code == 0
        sched = out.rsplit("(id ", 1)[1].split(")")[0]
        code, out, err = await beacon(tmp_path, *a, "unschedule", sched)
        assert code == 0 and "cancelled" in out, err
        code, _, err = await beacon(tmp_path, *a, "unschedule", sched)
        assert code == 1 and "cancelled" in err and "Traceback" not in err
        code, _, err = await beacon(tmp_path, *a, "unschedule", "nonexistent-id-123")
        assert code == 1 and "no scheduled message" in err
        code, _, err = await beacon(tmp_path, *a, "send", "general", "x", "--at", "next tuesday-ish")
        assert code == 1 and "cannot read the time" in err

        code, out, err = await beacon(tmp_path, *b, "dnd", "on", "--for", "1h")
        assert code == 0 and "do-not-disturb on until" in out, err
        code, out, _ = await beacon(tmp_path, *b, "dnd", "status")
        assert "do-not-disturb: on until" in out
        code, out, _ = await beacon(tmp_path, *b, "status", "set", "专注中 Focusing", "--emoji", "🎯", "--until", "+2h")
        assert code == 0 and "status set" in out
        code, out, _ = await beacon(tmp_path, *a, "status", "show", "bob")
        assert "🎯 专注中 Focusing until" in out and "in do-not-disturb until" in out
        # Bob's other device gets his DND settings through the relay.
        c = ["--profile", str(tmp_path / "bob2")]
        assert (await beacon(tmp_path, *c, "login", "--relay", url, f"--token={workspace.tokens['bob']}"))[0] == 0
        code, out, _ = await beacon(tmp_path, *c, "dnd", "status")
        assert "do-not-disturb: on until" in out
        code, out, _ = await beacon(tmp_path, *b, "dnd", "off")
        assert code == 0
        clock.shift = 2 * 60 * MIN + 1000  # the status expires on the relay
        await asyncio.sleep(0.2)
        code, out, _ = await beacon(tmp_path, *a, "status", "show", "bob")
        assert out.strip() == "bob: no status"
        code, out, err = await beacon(tmp_path, *b, "dnd", "hours", "Mon-Fri 09:00-18:00", "--tz", "Asia/Shanghai")
        assert code == 0, err
        code, _, err = await beacon(tmp_path, *b, "dnd", "hours", "Mon-Fri 9-18")
        assert code == 1 and "HH:MM" in err
        code, _, err = await beacon(tmp_path, *b, "dnd", "hours", "Mon-Fri 09:00-18:00", "--tz", "Nowhere/Land")
        assert code == 1 and "time zone" in err
        code, out, _ = await beacon(tmp_path, *b, "dnd", "channel", "general", "mute")
        assert code == 0
        code, out, _ = await beacon(tmp_path, *b, "dnd", "status")
        assert "#general: mute" in out
    finally:
        await relay.stop()
