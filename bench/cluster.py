"""The relay as a cluster (issue 14): SQLite vs PostgreSQL commit rate, fan-out on one
node vs three, cross-node latency, memory per idle connection. Writes docs/perf/cluster.md.

Run: .venv/bin/python bench/cluster.py [--clients 3000] [--posters 40] [--seconds 5]
                                        [--runs 3] [--rates 2,4,7,10] [--no-write]

Everything is real and local: a private PostgreSQL 15 (fsync on) and nats-server with
JetStream are started by the script (tests/cluster/servers.py), every relay node is a
`beacon-relay serve` process of its own.

- **Commit rate**: one node; `--posters` users each keep 8 posts in flight for
  `--seconds`; acknowledged posts per second, SQLite (WAL, synchronous=FULL) and
  PostgreSQL (synchronous_commit=on) measured alternately in the same run.
- **Fan-out**: `--clients` distinct users in one channel, spread evenly over the nodes
  (1 node: all on it; 3 nodes: a third each, the sender on node 0). Each offered rate
  (messages/s; deliveries/s = rate x clients) is sent for `--seconds`; every message
  carries its send time, each receiver process computes post-to-receipt latency. On 3
  nodes, receivers on nodes 1 and 2 measure **cross-node** latency: commit on node 0,
  bus (or database) to node 1/2, fan-out there.
- **Memory**: a node's RSS with its share of idle authenticated connections minus its
  RSS before them, per connection.
"""

from __future__ import annotations

import argparse
import array
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import cpu_seconds, machine, machine_markdown, percentile, rss_kb, write_section  # noqa: E402
from fanout import READY_BARE, READY_RELAY, Server, Workers, prepare_relay  # noqa: E402
from relay_gc import _drain  # noqa: E402

from tests.cluster_kit import Node  # noqa: E402

from desktop.protocol import codec  # noqa: E402
from desktop.protocol import frames as fr  # noqa: E402
from desktop.protocol.ids import new_client_id  # noqa: E402

DOC = ROOT / "docs" / "perf" / "cluster.md"
TEXT_BYTES = 100


# ---- commit rate -------------------------------------------------------------------


async def commit_rate(url: str, hellos: list[bytes], channel: str, seconds: float, window: int = 8) -> float:
    from websockets.asyncio.client import connect

    acked = 0
    stop_at = time.monotonic() + seconds

    async def poster(hello: bytes) -> None:
        nonlocal acked
        async with connect(url, max_size=None) as ws:
            await ws.send(hello, text=True)
            while b'"synced"' not in (await ws.recv()).encode():
                pass
            inflight = 0
            while time.monotonic() < stop_at or inflight:
                while inflight < window and time.monotonic() < stop_at:
                    await ws.send(codec.encode(fr.Post(id=new_client_id(), channel=channel, text="x" * 80)), text=True)
                    inflight += 1
                frame = await ws.recv()
                if '"type":"ack"' in frame:
                    inflight -= 1
                    if time.monotonic() <= stop_at:
                        acked += 1
                elif '"type":"error"' in frame:
                    inflight -= 1

    start = time.monotonic()
    await asyncio.gather(*(poster(h) for h in hellos))
    return acked / min(seconds, time.monotonic() - start)


def run_commit_rates(args, pg, runs: int) -> dict[str, list[float]]:
    from server_stub import db

    result: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
    for run in range(runs):
        for kind in (("sqlite", "postgresql") if run % 2 == 0 else ("postgresql", "sqlite")):
            folder = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-"))
            database = pg.create_database() if kind == "postgresql" else None
            place = db.Place(folder, database)
            work = prepare_relay(place, args.posters)
            hellos, channel = work.receiver_hellos, work.channel
            node = Node(place, "n0")
            try:
                rate = asyncio.run(commit_rate(node.url, hellos, channel, args.seconds))
            finally:
                node.stop()
            result[kind].append(rate)
            print(f"  commit rate {kind}: {rate:,.0f} acked posts/s", flush=True)
    return result


# ---- fan-out -----------------------------------------------------------------------


async def fan_out(nodes: list[Node], workers: list[Workers], sender_hello: bytes, channels: list[str], rate: int,
                  seconds: float, run_id: int, audience: int) -> dict:
    """Post `rate` messages/s round-robin into `channels` (each reaching `audience`
    receivers) for `seconds`; latency per delivery, cross-node for nodes 1 and 2."""
    from websockets.asyncio.client import connect

    # The relay limits each connection to 100 commands/s: one sender connection (same
    # user, on node 0) per 80 messages/s of the offered rate.
    senders = [await connect(nodes[0].url, max_size=None) for _ in range(max(1, -(-rate // 80)))]
    for ws in senders:
        await ws.send(sender_hello, text=True)
    drains = [asyncio.create_task(_drain(ws)) for ws in senders]
    await asyncio.sleep(0.2)
    n = max(1, int(rate * seconds))
    cpu0 = {node.pid: cpu_seconds(node.pid) for node in nodes}
    first = time.monotonic_ns()
    start = time.monotonic()
    for i in range(n):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        marker = f"@@{run_id}:{time.monotonic_ns()}@@ "
        text = marker + "x" * (TEXT_BYTES - len(marker))
        channel = channels[i % len(channels)]
        await senders[i % len(senders)].send(codec.encode(fr.Post(id=new_client_id(), channel=channel, text=text)), text=True)
    expected = n * audience
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        got = sum(w.count(run_id)[0] for w in workers)
        if got >= expected:
            break
        await asyncio.sleep(0.05)
    wall = time.monotonic() - start
    per_node = []
    last = first
    for w in workers:
        lats = array.array("q")
        delivered = 0
        for count, _f, l_ns, raw in w.report(run_id):
            delivered += count
            last = max(last, l_ns) if count else last
            lats.frombytes(raw)
        per_node.append((delivered, sorted(lats)))
    for ws in senders:
        await ws.close()
    await asyncio.gather(*drains)
    span = max(1e-9, (last - first) / 1e9)
    every = sorted(x for _d, lats in per_node for x in lats)
    cross = sorted(x for _d, lats in per_node[1:] for x in lats)
    delivered = sum(d for d, _ in per_node)
    return {
        "rate": rate, "expected": expected, "delivered": delivered, "deliveries_per_s": delivered / span,
        "p50": percentile(every, 50) / 1000, "p99": percentile(every, 99) / 1000,
        "cross_p50": percentile(cross, 50) / 1000 if cross else None,
        "cross_p99": percentile(cross, 99) / 1000 if cross else None,
        "node_cpu": sum(cpu_seconds(node.pid) - cpu0[node.pid] for node in nodes) / wall,
    }


def run_fan_out(args, pg, nats, node_count: int, rates: list[int], channel_size: int) -> dict:
    from server_stub import db

    folder = Path(tempfile.mkdtemp(prefix=f"bench-fanout{node_count}-"))
    place = db.Place(folder, pg.create_database())
    work = prepare_relay(place, args.clients, channel_size)
    hellos, sender_hello, channels = work.receiver_hellos, work.sender_hello, work.channels
    nodes = [Node(place, f"n{i}", nats.url if node_count > 1 else None) for i in range(node_count)]
    shares = [hellos[i::node_count] for i in range(node_count)]
    rss0 = [rss_kb(n.pid) for n in nodes]
    workers = [Workers(node.port, share, READY_RELAY, 1, None) for node, share in zip(nodes, shares)]
    time.sleep(1.0)
    rss1 = [rss_kb(n.pid) for n in nodes]
    per_conn = [(b - a) / max(1, len(s)) for a, b, s in zip(rss0, rss1, shares)]
    steps = []
    try:
        for i, rate in enumerate(rates):
            step = asyncio.run(fan_out(nodes, workers, sender_hello, channels, rate, args.seconds,
                                       node_count * 1000 + channel_size + i, min(channel_size, args.clients)))
            steps.append(step)
            cross = f", cross-node p50/p99 {step['cross_p50']:.1f}/{step['cross_p99']:.1f} ms" if step["cross_p99"] else ""
            print(f"  {node_count} node(s), channels of {channel_size}, {rate}/s: {step['deliveries_per_s']:,.0f} deliveries/s, "
                  f"p50/p99 {step['p50']:.1f}/{step['p99']:.1f} ms{cross}, {step['delivered']}/{step['expected']}",
                  flush=True)
    finally:
        for w in workers:
            w.stop()
        for node in nodes:
            node.stop()
    return {"nodes": node_count, "size": channel_size, "per_conn_kb": per_conn, "steps": steps}


def run_bare_fan_out(args, rates: list[int], receiver_processes: int = 3) -> dict:
    """The machine's floor for one channel of all clients: websockets' own `broadcast`
    in one process (no log, no database, no bus), the receivers split over as many
    processes as the 3-node run's, the same sender and latency measurement."""
    server = Server("bare", None)
    hello = b'{"type":"hello"}'
    hellos = [hello] * args.clients
    workers = [Workers(server.port, hellos[i::receiver_processes], READY_BARE, 1, None)
               for i in range(receiver_processes)]
    time.sleep(1.0)
    steps = []
    try:
        for i, rate in enumerate(rates):
            step = asyncio.run(fan_out([server], workers, hello, ["bare"], rate, args.seconds, 9000 + i, args.clients))
            steps.append(step)
            print(f"  bare broadcast, {args.clients} receivers, {rate}/s: {step['deliveries_per_s']:,.0f} deliveries/s, "
                  f"p50/p99 {step['p50']:.1f}/{step['p99']:.1f} ms, {step['delivered']}/{step['expected']}", flush=True)
    finally:
        for w in workers:
            w.stop()
        server.stop()
    for step in steps:  # receivers in 3 processes, but one server: no "cross-node" column
        step["cross_p50"] = step["cross_p99"] = None
    return {"nodes": "bare", "size": args.clients, "per_conn_kb": [], "steps": steps}


# ---- report ------------------------------------------------------------------------


def report(info, load0, load1, rates_result, fan, args) -> str:
    sq, pq = statistics.median(rates_result["sqlite"]), statistics.median(rates_result["postgresql"])
    lines = [
        "## The relay as a cluster: PostgreSQL + NATS JetStream",
        "",
        "Measured by `bench/cluster.py`.",
        "",
        machine_markdown(info),
        f"- load average at start / end: {load0:.2f} / {load1:.2f} (2 cores; PostgreSQL, nats-server, the nodes,"
        " the receivers and the sender all share them)",
        "",
        f"### Acknowledged posts per second, one node ({args.posters} posters x 8 in flight, {args.seconds:.0f} s,"
        f" median of {len(rates_result['sqlite'])})",
        "",
        "| log | acked posts/s | runs |",
        "|---|---|---|",
        f"| SQLite (WAL, synchronous=FULL) | {sq:,.0f} | {', '.join(f'{r:,.0f}' for r in rates_result['sqlite'])} |",
        f"| PostgreSQL 15 (synchronous_commit=on) | {pq:,.0f} | {', '.join(f'{r:,.0f}' for r in rates_result['postgresql'])} |",
        "",
        f"PostgreSQL / SQLite: **{pq / sq:.2f}x** (target >= 0.5x: {'met' if pq / sq >= 0.5 else 'NOT met'}).",
        "",
        f"### Fan-out, {args.clients:,} clients in all: one channel of all of them, and channels of {args.small_size}",
        "",
        "Post-to-receipt latency of every delivery (commit, bus, fan-out, the receiver reading it);"
        " cross-node: the receivers on nodes 1 and 2 of a post committed on node 0.",
        "",
        "`bare`: the machine's floor for the same workload, websockets' own `broadcast` in one process"
        " (nothing stored, no bus) to the same receivers in 3 processes.",
        "",
        "| channel size | nodes | offered msgs/s | deliveries/s | delivered | p50 / p99 ms | cross-node p50 / p99 ms | nodes' CPU (cores) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in fan:
        for s in run["steps"]:
            cross = f"{s['cross_p50']:.1f} / {s['cross_p99']:.1f}" if s["cross_p99"] is not None else "-"
            lines.append(f"| {run['size']:,} | {run['nodes']} | {s['rate']} | {s['deliveries_per_s']:,.0f} | {s['delivered']:,}/{s['expected']:,}"
                         f" | {s['p50']:.1f} / {s['p99']:.1f} | {cross} | {s['node_cpu']:.2f} |")
    lines += ["", "Memory per idle authenticated connection (RSS growth / connections):", ""]
    for run in fan[:2]:
        lines.append(f"- {run['nodes']} node(s): " + ", ".join(f"node {i}: {kb:.1f} KiB" for i, kb in enumerate(run["per_conn_kb"])))
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--clients", type=int, default=3000)
    p.add_argument("--posters", type=int, default=40)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--rates", default="2,4,7,10", help="messages/s into the one channel of all clients")
    p.add_argument("--small-size", type=int, default=100, help="members of each channel in the second workload")
    p.add_argument("--small-rates", default="70,140,200,300", help="messages/s, round-robin over those channels")
    p.add_argument("--no-write", action="store_true")
    p.add_argument("--commit-only", action="store_true", help="only the commit rate (prints, writes nothing)")
    args = p.parse_args(argv)
    from tests.cluster.servers import nats_server, postgres_server

    info = machine()
    load0 = os.getloadavg()[0]
    rates = [int(r) for r in args.rates.split(",")]
    with postgres_server() as pg, nats_server() as nats:
        print("commit rate:", flush=True)
        commit = run_commit_rates(args, pg, args.runs)
        if args.commit_only:
            sq, pq = statistics.median(commit["sqlite"]), statistics.median(commit["postgresql"])
            print(f"PostgreSQL / SQLite: {pq / sq:.2f}x")
            return 0
        print("fan-out:", flush=True)
        small = [int(r) for r in args.small_rates.split(",")]
        fan = [run_fan_out(args, pg, nats, n, rates, args.clients) for n in (1, 3)]
        fan += [run_bare_fan_out(args, rates)]
        fan += [run_fan_out(args, pg, nats, n, small, args.small_size) for n in (1, 3)]
    text = report(info, load0, os.getloadavg()[0], commit, fan, args)
    print(text)
    if not args.no_write:
        write_section(DOC, "cluster", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
