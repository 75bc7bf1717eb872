"""Several relay nodes in one test process over one PostgreSQL database: the cluster the
protocol tests also run against (tests/integration/conftest.py, relay_backend=cluster).

Each node is a whole `Relay` (its own writer thread, readers, hub and websocket server)
as `beacon-relay serve --database ... [--bus ...]` runs it; the fault tests that kill a
node use real processes instead (tests/cluster/test_cluster_faults.py).
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools

from server_stub.config import RelayConfig
from server_stub.server import Relay


class Cluster:
    """Looks like one Relay to a test: `url` names the next node each time it is read,
    so the clients a test opens spread over the nodes."""

    def __init__(self, place, nodes: int = 3, config: RelayConfig = RelayConfig(), bus: str | None = None):
        self.place = place
        self.nodes = [
            Relay(place, "127.0.0.1", 0,
                  config=dataclasses.replace(config, database=place.database, bus=bus, node=f"node{i}"))
            for i in range(nodes)
        ]
        self._turn = itertools.count()

    async def start(self) -> None:
        for node in self.nodes:
            await node.start()

    async def stop(self) -> None:
        for node in self.nodes:
            await node.stop()

    @property
    def url(self) -> str:
        return self.nodes[next(self._turn) % len(self.nodes)].url

    @property
    def epoch(self) -> str:
        return self.nodes[0].epoch

    @property
    def damaged(self):
        return next((n.damaged for n in self.nodes if n.damaged is not None), None)


@contextlib.asynccontextmanager
async def running_cluster(place, config: RelayConfig | None = None, nodes: int = 3, bus: str | None = None):
    cluster = Cluster(place, nodes, config or RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5), bus)
    await cluster.start()
    try:
        yield cluster
    finally:
        await cluster.stop()
