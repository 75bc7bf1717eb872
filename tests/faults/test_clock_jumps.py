"""Clock jumps around scheduled sends: forward, backward, past several due times, across restarts.

The relay runs in-process with an injected clock (RelayConfig.clock, the only clock that
counts for scheduled sends). Each iteration schedules a seeded set of messages, cancels
and edits some, then moves the clock in seeded jumps (some backwards, some far forward,
sometimes restarting the relay in between) and checks after every jump: nothing posted
before its time, nothing posted twice, nothing cancelled posted; after a final jump past
every due time each remaining one is posted exactly once.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3

import msgspec
import pytest

from desktop.protocol import frames as fr
from server_stub import db
from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.faults.kit import Tally, marked
from tests.relay_client import WireClient

pytestmark = pytest.mark.faults
MIN = 60_000
CHECKS = "nothing posted before its time, twice, or after a cancel; all due ones posted once after the last jump"


class Clock:
    def __init__(self, ms: int):
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def _posted(data) -> dict[str, list[int]]:
    """Every marked text on the relay with the times (ts) it was posted at."""
    conn = sqlite3.connect(data / db.DB_NAME)
    try:
        out: dict[str, list[int]] = {}
        for (body,) in conn.execute("SELECT body FROM events WHERE kind = 'message.posted' ORDER BY seq"):
            e = msgspec.json.decode(body)
            if e.get("text", "").startswith("FAULTMARK"):
                out.setdefault(e["text"], []).append(e["ts"])
        return out
    finally:
        conn.close()


async def _start(data, clock) -> Relay:
    relay = Relay(data, "127.0.0.1", 0, config=RelayConfig(
        poll_interval_s=0.02, close_timeout_s=0.5, clock=clock, rate_per_s=10_000, rate_burst=10_000))
    await relay.start()
    return relay


async def test_clock_jumps_around_scheduled_sends(workspace):
    general = workspace.channels["general"]
    clock = Clock(1_800_000_000_000)
    relay = await _start(workspace.data, clock)
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    tally = Tally("clock jumps around scheduled sends (forward, backward, restart)", CHECKS)
    try:
        for seed in tally.seeds(15, short=3):
            tally.iterations += 1
            rng = random.Random(seed)
            try:
                base = clock.ms
                plan: dict[str, tuple[str, int]] = {}  # sched id -> (text, due time)
                cancelled: set[str] = set()
                for i in range(rng.randint(2, 8)):
                    text, at = marked(seed, i), base + rng.randint(1, 120) * MIN
                    ack = await alice.command(fr.Schedule, channel=general, text=text, at=at)
                    tally.check(seed, isinstance(ack, fr.Ack), f"schedule refused: {ack}")
                    plan[ack.id] = (text, at)
                for sched in rng.sample(sorted(plan), k=rng.randint(0, len(plan) // 2)):
                    if rng.random() < 0.5:
                        ack = await alice.command(fr.ScheduleCancel, sched=sched)
                        tally.check(seed, isinstance(ack, fr.Ack), f"cancel refused: {ack}")
                        cancelled.add(sched)
                    else:
                        at = base + rng.randint(1, 120) * MIN
                        ack = await alice.command(fr.ScheduleEdit, sched=sched, at=at)
                        tally.check(seed, isinstance(ack, fr.Ack), f"edit refused: {ack}")
                        plan[sched] = (plan[sched][0], at)
                seen = base  # the latest time the relay has been at
                for step in range(rng.randint(2, 6)):
                    clock.ms = base + rng.randint(-180, 150) * MIN  # back before `base`, or past some due times
                    if rng.random() < 0.2:
                        await alice.close()
                        await relay.stop()
                        relay = await _start(workspace.data, clock)
                        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
                    await asyncio.sleep(0.12)
                    seen = max(seen, clock.ms)
                    posted = _posted(workspace.data)
                    for sched, (text, at) in plan.items():
                        times = posted.get(text, [])
                        tally.check(seed, len(times) <= 1, f"{text!r} posted {len(times)} times")
                        tally.check(seed, all(t >= at for t in times), f"{text!r} posted before its time")
                        if sched in cancelled:
                            tally.check(seed, not times, f"cancelled {text!r} was posted")
                clock.ms = base + 200 * MIN  # past every due time
                await asyncio.sleep(0.15)
                posted = _posted(workspace.data)
                for sched, (text, at) in plan.items():
                    want = 0 if sched in cancelled else 1
                    tally.check(seed, len(posted.get(text, [])) == want,
                                f"{text!r} posted {len(posted.get(text, []))} times after all due (want {want})")
                clock.ms = max(seen, clock.ms) + MIN
            except Exception:
                tally.crashed(seed)
        await alice.close()
    finally:
        await relay.stop()
    tally.finish()
