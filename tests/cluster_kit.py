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
import os
import signal
import subprocess
import sys
from pathlib import Path

from server_stub import db
from server_stub import log as evlog

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


ROOT = Path(__file__).resolve().parents[1]


class Node:
    """`beacon-relay serve` as a process of its own (so it can be SIGKILLed)."""

    def __init__(self, place, name: str, bus: str | None = None):
        cmd = [sys.executable, "-m", "server_stub", "serve", "--data", str(place.data_dir), "--port", "0",
               "--node", name]
        if place.database:
            cmd += ["--database", place.database]
        if bus:
            cmd += ["--bus", bus]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)}, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("listening "):
            self.proc.kill()
            self.proc.wait(10)
            self.proc.stdout.close()
            raise RuntimeError(f"node {name} did not start: {line!r}")
        self.url = line.split()[1]
        self.port = int(self.url.rsplit(":", 1)[1])
        self.pid = self.proc.pid

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.proc.stdout.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if not self.proc.stdout.closed:
            self.proc.stdout.close()


def visible(place, user: str) -> list[int]:
    """The seqs of the whole log `user` may see now, read from the database."""
    conn = db.connect(place, create=False)
    try:
        return [seq for seq, _ in evlog.iter_visible(conn, user)]
    finally:
        conn.close()
