"""Keepalive jitter (connections opened together ping apart) and the relay's gc settings."""

from __future__ import annotations

import asyncio
import gc
import random
import statistics

from websockets.asyncio.client import connect

from server_stub import db, gc_tuning, keepalive
from server_stub.config import RelayConfig
from server_stub.server import Relay


def test_jittered_intervals_spread_over_the_whole_band_around_the_interval() -> None:
    rng = random.Random(17)
    draws = [keepalive.jittered(20.0, rng) for _ in range(4000)]
    low, high = 20.0 * (1 - keepalive.JITTER), 20.0 * (1 + keepalive.JITTER)
    assert all(low <= d <= high for d in draws)
    assert min(draws) < low + 0.1 and max(draws) > high - 0.1  # the whole band is used
    assert abs(statistics.mean(draws) - 20.0) < 0.2  # dead peers are found as fast on average
    # Uniform: each tenth of the band holds about a tenth of the connections.
    bins = [0] * 10
    for d in draws:
        bins[min(9, int((d - low) / (high - low) * 10))] += 1
    assert all(300 <= b <= 500 for b in bins), bins
    # Two connections opened together ping at the same moment (within 50 ms) rarely.
    together = sum(abs(a - b) < 0.05 for a, b in zip(draws[::2], draws[1::2]))
    assert together / 2000 < 0.02


def test_keepalive_off_stays_off() -> None:
    assert keepalive.jittered(None) is None


async def test_connections_opened_together_get_different_ping_intervals(tmp_path) -> None:
    db.connect(tmp_path).close()
    relay = Relay(tmp_path, port=0, config=RelayConfig(ping_interval_s=20.0))
    await relay.start()
    try:
        clients = await asyncio.gather(*(connect(relay.url) for _ in range(12)))
        try:
            for _ in range(100):  # the server side registers each after its handshake
                if len(relay._server.connections) == 12:
                    break
                await asyncio.sleep(0.01)
            intervals = [c.ping_interval for c in relay._server.connections]
            assert len(intervals) == 12
            assert all(15.0 <= i <= 25.0 for i in intervals)
            assert len({round(i, 3) for i in intervals}) == 12
            assert all(c.keepalive_task is not None for c in relay._server.connections)
        finally:
            await asyncio.gather(*(c.close() for c in clients))
    finally:
        await relay.stop()


def test_tuning_freezes_what_start_up_left_and_raises_the_thresholds() -> None:
    before_threshold, before_frozen = gc.get_threshold(), gc.get_freeze_count()
    try:
        old = gc_tuning.tune_after_startup()
        assert old == before_threshold
        assert gc.get_threshold() == gc_tuning.THRESHOLDS
        assert gc.get_freeze_count() > before_frozen + 1000  # modules, classes, ... of this process
        assert gc_tuning.THRESHOLDS[0] > 700
    finally:
        gc.unfreeze()
        gc.set_threshold(*before_threshold)
