"""Keepalive pings with a per-connection jitter.

websockets pings every connection every `ping_interval` seconds from the moment it
opened. Clients that connect together (a relay restart, an office network coming
back) would then ping together, forever: a burst of pings and pongs every interval,
and the latency spike with it. Each connection here gets its own interval, drawn
uniformly from interval x [1 - JITTER, 1 + JITTER]: their pings drift apart from the
first one on, and the average interval, hence the dead-peer detection time, is kept.
"""

from __future__ import annotations

import random

from websockets.asyncio.server import ServerConnection

JITTER = 0.25
_rng = random.Random()


def jittered(interval: float | None, rng: random.Random = _rng) -> float | None:
    """One connection's ping interval (None: keepalive off)."""
    if interval is None:
        return None
    return interval * rng.uniform(1.0 - JITTER, 1.0 + JITTER)


class JitteredConnection(ServerConnection):
    """A ServerConnection whose keepalive period is jittered (serve(create_connection=...))."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read by keepalive(), which start_keepalive() starts after the handshake.
        self.ping_interval = jittered(self.ping_interval)
