"""Fan-out benchmark: the relay vs a bare `websockets.broadcast` server, 1,000 receivers.

Run: .venv/bin/python bench/fanout.py [--clients 1000] [--workers 2] [--runs 3]
                                      [--rates 50,100,...] [--duration 3] [--quick] [--no-write]

Each server under test runs in its own process pinned to CPU 0; the receiving
connections live in `--workers` processes and the sender in this process, all
pinned to the remaining CPUs (on a 2-core machine: CPU 1). Every message carries
its send time (CLOCK_MONOTONIC, shared by all processes), so a receiver computes
post-to-receipt latency for each delivery.

The relay gets 1,000 distinct users (plus a `sender` user), all members of one
public channel; each posts-as-event goes through the real path: validate, group
commit (fsync), publish, fan-out. The bare server gets the same connection count
and the same frame bytes (a relay `events` frame built locally) and just calls
`websockets.broadcast` for each message it receives.

For each offered rate (messages/s; deliveries/s = rate x clients) the result is the
achieved deliveries/s, p50/p99/max latency, and the CPU the server used. The
"sustained" rate of a server is the highest offered rate at which every delivery
arrived with p99 <= 50 ms. Memory: relay RSS with 1,000 idle authenticated
connections minus RSS with none, per connection (subprocess, so RSS is the relay's).

Writes a markdown section to docs/perf/relay.md.

Diagnosing a p99 outlier: `FANOUT_STALLS=/tmp/stalls.json` makes each relay process
write `/tmp/stalls.json.<pid>` when it stops: every group commit and GC pass over
2 ms and every event-loop lag over 5 ms, as [kind, seconds since serving, ms].
"""

from __future__ import annotations

import argparse
import array
import asyncio
import json
import multiprocessing as mp
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from desktop.protocol import codec  # noqa: E402
from desktop.protocol import events as ev  # noqa: E402
from desktop.protocol import frames as fr  # noqa: E402
from desktop.protocol.ids import new_client_id  # noqa: E402

from common import (  # noqa: E402
    EpollReceivers,
    busy_cpu_seconds,
    Sink,
    cpu_seconds,
    machine,
    machine_markdown,
    percentile,
    pin,
    raise_nofile,
    rss_kb,
    write_section,
)

HOST = "127.0.0.1"
SERVER_CPUS = {0}
CLIENT_CPUS = None  # computed: every CPU but the server's
TEXT_BYTES = 100  # message text size (marker included); frames are ~330 bytes
P99_TARGET_MS = 50.0
DOC = ROOT / "docs" / "perf" / "relay.md"
READY_RELAY = b'"type":"synced"'
READY_BARE = b"ready"
RELAY_SRC: str | None = None  # --relay-src: run the relay from another checkout
PING_S = 20.0  # --ping-interval: keepalive of both servers under test (0 = off)


# ---- servers under test (run as `fanout.py _serve-relay DATA` / `_serve-bare`) ----------


def _ping_interval() -> float | None:
    """Keepalive interval of both servers (FANOUT_PING_S; 0 = off). Default: the relay's, 20 s."""
    value = float(os.environ.get("FANOUT_PING_S", "20"))
    return value or None


def serve_relay(data: str, profile: str | None) -> None:
    src = os.environ.get("FANOUT_RELAY_SRC")
    if src:  # benchmark another checkout's relay (before/after comparisons)
        sys.path.insert(0, src)
    from server_stub.config import RelayConfig
    from server_stub.server import Relay

    raise_nofile()
    # Only the sender posts; its per-connection rate limit must not cap the benchmark.
    ping = _ping_interval()
    config = RelayConfig(rate_per_s=1e9, rate_burst=10**9, ping_interval_s=ping, ping_timeout_s=ping)

    async def main() -> None:
        relay = Relay(data, HOST, 0, config=config)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        await relay.start()
        try:  # as `beacon-relay serve` does once serving (checkouts before it have none)
            from server_stub import gc_tuning
        except ImportError:
            pass
        else:
            gc_tuning.tune_after_startup()
        print(f"listening {relay.url}", flush=True)
        stalls = _watch_stalls(relay) if os.environ.get("FANOUT_STALLS") else None
        await stop.wait()
        if stalls is not None:
            Path(f"{os.environ['FANOUT_STALLS']}.{os.getpid()}").write_text(json.dumps(stalls))
        print(f"delivered {relay.hub.delivered}", flush=True)
        await relay.stop()

    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
        try:
            asyncio.run(main())
        finally:
            prof.disable()
            prof.dump_stats(profile)
    else:
        asyncio.run(main())


def _watch_stalls(relay) -> list:
    """Record what could stall deliveries: group commits and GC passes over 2 ms, event-loop lag."""
    import gc
    import time

    out: list = []
    t0 = time.monotonic()

    def commit(seconds: float) -> None:
        if seconds > 0.002:
            out.append(["commit", round(time.monotonic() - t0, 3), round(seconds * 1000, 2)])

    started = {}

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            started["t"] = time.perf_counter()
        elif "t" in started:
            ms = (time.perf_counter() - started.pop("t")) * 1000
            if ms > 2:
                out.append([f"gc{info['generation']}", round(time.monotonic() - t0, 3), round(ms, 2)])

    relay._writer.on_commit = commit
    gc.callbacks.append(on_gc)

    async def lag() -> None:
        while True:
            t = time.perf_counter()
            await asyncio.sleep(0.005)
            ms = (time.perf_counter() - t - 0.005) * 1000
            if ms > 5:
                out.append(["loop", round(time.monotonic() - t0, 3), round(ms, 2)])

    asyncio.get_running_loop().create_task(lag())
    return out


def serve_bare() -> None:
    """The baseline: websockets' own broadcast, nothing else (same server options as the relay)."""
    from websockets.asyncio.server import broadcast, serve

    from desktop.protocol.version import MAX_FRAME_BYTES

    raise_nofile()
    receivers: set = set()

    async def handler(ws) -> None:
        await ws.recv()  # the hello
        receivers.add(ws)
        try:
            await ws.send(b'{"type":"ready"}', text=True)
            while True:
                message = await ws.recv(decode=False)
                broadcast(receivers, message, text=True)
                await ws.send(b'{"type":"ack"}', text=True)  # the relay acks every post too
        except Exception:
            pass
        finally:
            receivers.discard(ws)

    async def main() -> None:
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        ping = _ping_interval()
        async with serve(handler, HOST, 0, max_size=MAX_FRAME_BYTES, compression=None, max_queue=16,
                         ping_interval=ping, ping_timeout=ping) as server:
            port = server.sockets[0].getsockname()[1]
            print(f"listening ws://{HOST}:{port}", flush=True)
            await stop.wait()

    asyncio.run(main())


def micro(clients: int, workers: int, rounds: int, reps: int) -> dict[str, list[float]]:
    """Server CPU per delivery, in-process, on the same live connections:
    the relay's Hub.publish vs websockets.broadcast vs one transport.write per connection.

    CPU is this thread's CPU time (time.thread_time), so other processes on the
    machine barely disturb it. Messages are paced so receivers keep up.
    """
    src = os.environ.get("FANOUT_RELAY_SRC")
    if src:
        sys.path.insert(0, src)
    from websockets.asyncio.server import broadcast
    from websockets.frames import Frame, Opcode

    from server_stub.config import RelayConfig
    from server_stub.log import StoredEvent
    from server_stub.server import Relay

    raise_nofile()

    async def main() -> dict[str, list[float]]:
        with tempfile.TemporaryDirectory(prefix="fanout-micro-") as tmp:
            workload = prepare_relay(tmp, clients)
            relay = Relay(tmp, HOST, 0, config=RelayConfig(ping_interval_s=None))
            await relay.start()
            pool = await asyncio.to_thread(Workers, relay.port, workload.receiver_hellos, READY_RELAY, workers,
                                           CLIENT_CPUS)
            try:
                await asyncio.sleep(0.5)
                hub = relay.hub
                conns = [c.ws for c in hub.clients()]
                transports = [ws.transport for ws in conns]
                seq = hub.published_head
                text = "x" * TEXT_BYTES

                def event(seq: int) -> StoredEvent:
                    body = codec.encode(ev.MessagePosted(seq=seq, ts=1, actor="sender", channel=workload.channel,
                                                         cid=new_client_id(), msg=seq, text=text))
                    return StoredEvent(seq, "message.posted", workload.channel, None, body)

                def relay_publish(e: StoredEvent) -> None:
                    hub.publish([e])

                def ws_broadcast(e: StoredEvent) -> None:
                    broadcast(conns, codec.events_frame([e.body]), text=True)

                def raw_write(e: StoredEvent) -> None:
                    data = Frame(Opcode.TEXT, codec.events_frame([e.body])).serialize(mask=False)
                    for t in transports:
                        t.write(data)

                fns = {"relay Hub.publish": relay_publish, "websockets.broadcast": ws_broadcast,
                       "transport.write only": raw_write}
                out: dict[str, list[float]] = {k: [] for k in fns}
                for _ in range(rounds):
                    for name, fn in fns.items():
                        cpu = 0.0
                        for _ in range(reps):
                            seq += 1
                            e = event(seq)
                            t0 = time.thread_time()
                            fn(e)
                            cpu += time.thread_time() - t0
                            await asyncio.sleep(0.015)  # receivers keep up: no socket backlog
                        out[name].append(cpu * 1e6 / reps / len(conns))
                return out
            finally:
                pool.stop()
                await relay.stop()

    return asyncio.run(main())


# ---- receiving workers -------------------------------------------------------------


def worker_entry(pipe, port: int, hellos: list[bytes], ready_marker: bytes, cpus) -> None:
    pin(cpus)
    raise_nofile()
    sink = Sink()
    receivers = EpollReceivers(HOST, port, sink)
    pipe.send(("ready", receivers.open(hellos, ready_marker)))

    def on_control() -> bool:
        cmd, arg = pipe.recv()
        if cmd == "count":
            pipe.send((sink.count(arg), len(receivers.closed)))
        elif cmd == "report":
            count, first, last, lats = sink.pop(arg)
            pipe.send((count, first, last, array.array("q", lats).tobytes()))
        elif cmd == "quit":
            return False
        return True

    receivers.run(pipe.fileno(), on_control)
    receivers.close()


# ---- orchestration ----------------------------------------------------------------


@dataclass
class Step:
    rate: int
    sent: int
    expected: int
    delivered: int
    deliveries_per_s: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    server_cpu: float  # fraction of one core
    server_us_per_delivery: float
    client_cpu: float  # fraction of one core, all workers
    closed: int
    foreign_cpu: float = 0.0  # cores used by processes that are not part of the benchmark

    @property
    def ok(self) -> bool:
        return self.delivered >= self.expected and self.closed == 0 and self.p99_ms <= P99_TARGET_MS


@dataclass
class ServerRun:
    kind: str
    attempts: int = 1
    rss0_kb: int = 0
    rss_idle_kb: int = 0
    connected: int = 0
    steps: list[Step] = field(default_factory=list)

    @property
    def foreign_cpu(self) -> float:
        """The most CPU other processes took during any step of this run (cores)."""
        return max((s.foreign_cpu for s in self.steps), default=0.0)

    @property
    def per_conn_kb(self) -> float:
        return (self.rss_idle_kb - self.rss0_kb) / max(1, self.connected)

    @property
    def sustained(self) -> int:
        best = 0
        for s in self.steps:
            if not s.ok:
                break
            best = s.rate
        return best


class Server:
    def __init__(self, kind: str, data: str | None, profile: str | None = None):
        self.kind = kind
        args = [sys.executable, str(Path(__file__).resolve())]
        args += ["_serve-relay", data] + (["--profile", profile] if profile else []) if kind == "relay" else ["_serve-bare"]
        env = dict(os.environ)
        env["FANOUT_PING_S"] = str(PING_S)
        if RELAY_SRC:
            env["FANOUT_RELAY_SRC"] = RELAY_SRC
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, cwd=ROOT, env=env,
                                     preexec_fn=lambda: pin(SERVER_CPUS))
        line = self.proc.stdout.readline().decode().strip()
        if not line.startswith("listening "):
            self.proc.kill()
            raise RuntimeError(f"{kind} server did not start: {line!r}")
        self.url = line.split()[1]
        self.port = int(self.url.rsplit(":", 1)[1])
        self.pid = self.proc.pid

    def stop(self) -> str:
        self.proc.send_signal(signal.SIGTERM)
        try:
            out, _ = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        return out.decode()


@dataclass
class Workload:
    """Hellos for the receivers, the sender's hello, and how to build each message."""

    receiver_hellos: list[bytes]
    sender_hello: bytes
    channel: str
    channels: list[str] = field(default_factory=list)  # every channel (channel_size < clients)


def prepare_relay(data, clients: int, channel_size: int | None = None) -> Workload:
    """`clients` users in one channel (or in channels of `channel_size`: user i in
    channel i // channel_size) and a sender in all; `data` a folder or a db.Place."""
    from desktop.protocol import codec
    from desktop.protocol import frames as fr
    from server_stub import accounts, commands, db
    from server_stub import log as evlog
    from server_stub.writer import run_admin

    def setup(app):
        names = [f"u{i:04d}" for i in range(clients)]
        tokens = []
        # The sender first: the workspace's first user owns it and joins every channel
        # the operator makes, so no receiver sits in more channels than its own.
        accounts.add_user(app, "sender")
        sender = accounts.issue_token(app.conn, "sender")
        for name in names:
            accounts.add_user(app, name)
            tokens.append(accounts.issue_token(app.conn, name))
        size = channel_size or clients
        made = [commands.create_channel(app, None, f"bench-{k}" if k else "bench", private=False,
                                        members=names[k * size:(k + 1) * size] + ["sender"])[0]
                for k in range((clients + size - 1) // size)]
        return tokens, sender, made

    tokens, sender, channels = run_admin(data if isinstance(data, os.PathLike) else Path(data), setup)
    conn = db.connect(data)
    try:
        epoch, head = db.get_meta(conn, "epoch"), evlog.head(conn)
    finally:
        conn.close()

    def hello(token: str) -> bytes:  # resume at the head: no replay of the setup events
        return codec.encode(fr.Hello(protocol=1, token=token, client="bench", cursor=head, epoch=epoch))

    return Workload([hello(t) for t in tokens], hello(sender), channels[0], channels)


class Sender:
    """Posts marked messages through a websockets client; discards what comes back."""

    def __init__(self, kind: str, url: str, workload: Workload):
        self.kind, self.url, self.workload = kind, url, workload
        self.ws = None
        self._drain_task = None
        self._seq = 10_000_000

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(self.url, max_size=None, compression=None)
        await self.ws.send(self.workload.sender_hello, text=True)
        self._drain_task = asyncio.create_task(self._drain())

    async def _drain(self) -> None:
        try:
            async for _ in self.ws:
                pass
        except Exception:
            pass

    def message(self, run: int) -> bytes:
        marker = f"@@{run}:{time.monotonic_ns()}@@ "
        text = marker + "x" * (TEXT_BYTES - len(marker))
        cid = new_client_id()
        if self.kind == "relay":
            return codec.encode(fr.Post(id=cid, channel=self.workload.channel, text=text))
        # The bare server forwards bytes as they come: send it what the relay would fan out.
        self._seq += 1
        event = ev.MessagePosted(seq=self._seq, ts=int(time.time() * 1000), actor="sender",
                                 channel=self.workload.channel, cid=cid, msg=self._seq, text=text)
        return codec.events_frame([codec.encode(event)])

    async def close(self) -> None:
        await self.ws.close()
        await self._drain_task


class Workers:
    def __init__(self, port: int, hellos: list[bytes], ready_marker: bytes, n: int, cpus):
        ctx = mp.get_context("spawn")
        self.pipes, self.procs = [], []
        shares = [hellos[i::n] for i in range(n)]
        for share in shares:
            ours, theirs = ctx.Pipe()
            proc = ctx.Process(target=worker_entry, args=(theirs, port, share, ready_marker, cpus), daemon=True)
            proc.start()
            self.pipes.append(ours)
            self.procs.append(proc)
        self.connected = 0
        for pipe in self.pipes:
            if not pipe.poll(120):
                raise RuntimeError("a worker did not connect in time")
            tag, count = pipe.recv()
            self.connected += count

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def count(self, run: int) -> tuple[int, int]:
        for p in self.pipes:
            p.send(("count", run))
        got = [p.recv() for p in self.pipes]
        return sum(g[0] for g in got), sum(g[1] for g in got)

    def report(self, run: int):
        for p in self.pipes:
            p.send(("report", run))
        return [p.recv() for p in self.pipes]

    def stop(self) -> None:
        for p in self.pipes:
            p.send(("quit", None))
        for proc in self.procs:
            proc.join(10)
            if proc.is_alive():
                proc.kill()


async def run_step(sender: Sender, workers: Workers, server: Server, rate: int, duration: float, run_id: int,
                   clients: int) -> Step:
    n = max(1, int(rate * duration))
    ours = [server.pid, os.getpid(), *workers.pids()]
    cpu0, wcpu0 = cpu_seconds(server.pid), sum(cpu_seconds(p) for p in workers.pids())
    busy0, ours0 = busy_cpu_seconds(), sum(cpu_seconds(p) for p in ours)
    wall0 = time.monotonic()
    first_send = time.monotonic_ns()
    start = time.monotonic()
    for i in range(n):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        await sender.ws.send(sender.message(run_id), text=True)
    expected = n * clients
    deadline = time.monotonic() + 10
    closed = 0
    while time.monotonic() < deadline:
        got, closed = workers.count(run_id)
        if got >= expected or closed:
            break
        await asyncio.sleep(0.05)
    wall = time.monotonic() - wall0
    cpu = cpu_seconds(server.pid) - cpu0
    wcpu = sum(cpu_seconds(p) for p in workers.pids()) - wcpu0
    foreign = max(0.0, (busy_cpu_seconds() - busy0) - (sum(cpu_seconds(p) for p in ours) - ours0)) / wall
    reports = workers.report(run_id)
    delivered = sum(r[0] for r in reports)
    last = max((r[2] for r in reports if r[0]), default=first_send)
    lats = array.array("q")
    for r in reports:
        lats.frombytes(r[3])
    ordered = sorted(lats)
    span = max(1e-9, (last - first_send) / 1e9)
    return Step(
        rate=rate, sent=n, expected=expected, delivered=delivered,
        deliveries_per_s=delivered / span,
        p50_ms=percentile(ordered, 50) / 1000, p99_ms=percentile(ordered, 99) / 1000,
        max_ms=(ordered[-1] / 1000) if ordered else float("nan"),
        server_cpu=cpu / wall, server_us_per_delivery=cpu * 1e6 / max(1, delivered),
        client_cpu=wcpu / wall, closed=closed, foreign_cpu=foreign,
    )


async def measure(kind: str, args, run_index: int, profile: str | None = None) -> ServerRun:
    result = ServerRun(kind)
    with tempfile.TemporaryDirectory(prefix=f"fanout-{kind}-") as tmp:
        if kind == "relay":
            workload = prepare_relay(tmp, args.clients)
            marker = READY_RELAY
        else:
            workload = Workload([b'{"type":"hello"}'] * args.clients, b'{"type":"hello"}', "Cbench")
            marker = READY_BARE
        server = Server(kind, tmp, profile)
        workers = None
        sender = None
        try:
            # Warm up with one connection (first-use allocations are not per-connection cost).
            warm = EpollReceivers(HOST, server.port, Sink())
            warm.open(workload.receiver_hellos[:1], marker)
            warm.close()
            await asyncio.sleep(0.5)
            result.rss0_kb = rss_kb(server.pid)
            workers = Workers(server.port, workload.receiver_hellos, marker, args.workers, CLIENT_CPUS)
            result.connected = workers.connected
            await asyncio.sleep(1.0)
            result.rss_idle_kb = rss_kb(server.pid)
            sender = Sender(kind, server.url, workload)
            await sender.connect()
            await asyncio.sleep(0.2)
            for i, rate in enumerate(args.rates):
                step = await run_step(sender, workers, server, rate, args.duration, 1 + run_index * 100 + i,
                                      args.clients)
                result.steps.append(step)
                print(f"  {kind:5} run {run_index + 1} rate {rate:4}/s: {step.deliveries_per_s:9,.0f} deliveries/s "
                      f"p50 {step.p50_ms:6.1f} ms p99 {step.p99_ms:7.1f} ms  server {step.server_cpu:4.0%} CPU "
                      f"{step.server_us_per_delivery:5.2f} µs/delivery  clients {step.client_cpu:4.0%}  others {step.foreign_cpu:4.0%}"
                      f"{'' if step.ok else '  (missed)'}", flush=True)
                if not step.ok and (step.closed or step.delivered < step.expected or step.p99_ms > 10 * P99_TARGET_MS):
                    break  # higher rates can only be worse; connections may be gone
                await asyncio.sleep(0.3)
        finally:
            if sender is not None:
                await sender.close()
            if workers is not None:
                workers.stop()
            tail = server.stop()
            if kind == "relay" and args.verbose:
                print("  " + tail.strip().replace("\n", "\n  "))
    return result


# ---- report -------------------------------------------------------------------------


def _median(values):
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def summarize(runs: dict[str, list[ServerRun]], args) -> str:
    if not runs:
        return ""
    lines = []
    rates = args.rates
    lines.append("| offered msgs/s | server | deliveries/s | p50 ms | p99 ms | max ms | server CPU | server µs/delivery | all delivered |")
    lines.append("|---:|---|---:|---:|---:|---:|---:|---:|:---:|")
    table: dict[tuple[str, int], dict] = {}
    for kind in runs:
        for rate in rates:
            steps = [s for r in runs[kind] for s in r.steps if s.rate == rate]
            if not steps:
                continue
            row = {
                "dps": _median([s.deliveries_per_s for s in steps]),
                "p50": _median([s.p50_ms for s in steps]),
                "p99": _median([s.p99_ms for s in steps]),
                "max": _median([s.max_ms for s in steps]),
                "cpu": _median([s.server_cpu for s in steps]),
                "us": _median([s.server_us_per_delivery for s in steps]),
                "ok": f"{sum(s.delivered >= s.expected and not s.closed for s in steps)}/{len(steps)}",
            }
            table[(kind, rate)] = row
    for rate in rates:
        for kind in ("relay", "bare"):
            row = table.get((kind, rate))
            if row:
                lines.append(
                    f"| {rate} | {kind} | {row['dps']:,.0f} | {row['p50']:.1f} | {row['p99']:.1f} | {row['max']:.1f} "
                    f"| {row['cpu']:.0%} | {row['us']:.2f} | {row['ok']} |"
                )
    sustained = {k: _median([r.sustained for r in runs[k]]) for k in runs}
    mem = {k: _median([r.per_conn_kb for r in runs[k]]) for k in runs}
    rss0 = {k: _median([r.rss0_kb for r in runs[k]]) for k in runs}
    rss1 = {k: _median([r.rss_idle_kb for r in runs[k]]) for k in runs}
    # Efficiency at the same offered load: server CPU per delivery, relay / bare.
    common = [r for r in rates if ("relay", r) in table and ("bare", r) in table]
    eff = [table[("bare", r)]["us"] / table[("relay", r)]["us"] for r in common]
    target_rate = next((r for r in rates if r * args.clients >= 50_000), None)
    out = []
    out.append((
        f"{args.clients} receiving connections in one channel, {args.workers} client processes, "
        f"{args.runs} runs per server (medians), {args.duration:g} s per offered rate; "
        f"message text {TEXT_BYTES} bytes, frame ~{frame_size()} bytes."
    ))
    out.append("")
    out.extend(lines)
    disturbance = "; ".join(
        f"{k}: " + ", ".join(f"{r.foreign_cpu:.0%}" + (f" ({r.attempts} attempts)" if r.attempts > 1 else "")
                             for r in runs[k])
        for k in runs
    )
    out.append("")
    out.append(f"CPU used by other processes during the kept runs (peak per run, share of one core): {disturbance}.")
    out.append("")
    out.append("Summary (medians over runs):")
    out.append("")
    if target_rate is not None and ("relay", target_rate) in table:
        t = table[("relay", target_rate)]

        def per_run(kind: str) -> str:
            return ", ".join(f"{s.p99_ms:.0f}" for r in runs.get(kind, []) for s in r.steps if s.rate == target_rate)

        out.append(
            f"- Target >= 50,000 deliveries/s at p99 <= {P99_TARGET_MS:.0f} ms: relay at {target_rate} msgs/s "
            f"delivered {t['dps']:,.0f}/s with p99 {t['p99']:.1f} ms (per run: {per_run('relay')} ms; "
            f"bare: {per_run('bare')} ms) -> "
            f"{'met' if t['dps'] >= 50_000 * 0.98 and t['p99'] <= P99_TARGET_MS else 'MISSED'}."
        )
    if sustained:
        parts = [f"{k} {v:g} msgs/s ({v * args.clients:,.0f} deliveries/s)" for k, v in sustained.items()]
        ratio = ""
        if sustained.get("bare"):
            ratio = f"; relay / bare = {sustained.get('relay', 0) / sustained['bare']:.2f}x"
        out.append(
            f"- Highest offered rate with every delivery arriving and p99 <= {P99_TARGET_MS:.0f} ms "
            f"(0 = not even the lowest rate): {', '.join(parts)}{ratio}."
        )
    peak = {k: _median([max((s.deliveries_per_s for s in r.steps if s.delivered >= s.expected and not s.closed),
                            default=0) for r in runs[k]]) for k in runs}
    if peak:
        ratio = f"; relay / bare = {peak['relay'] / peak['bare']:.2f}x" if peak.get("bare") and "relay" in peak else ""
        out.append(
            "- Highest throughput with every delivery arriving (any latency): "
            + ", ".join(f"{k} {v:,.0f} deliveries/s" for k, v in peak.items()) + ratio + "."
        )
    if eff:
        out.append(
            f"- Server CPU per delivery, bare / relay (1.0 = as cheap as bare broadcast), median over rates: "
            f"{_median(eff):.2f}x (per rate: {', '.join(f'{r}: {e:.2f}' for r, e in zip(common, eff))})."
        )
    if "relay" in mem:
        out.append(
            f"- Relay memory per idle authenticated connection: {mem['relay']:.1f} KB "
            f"(RSS {rss0['relay'] / 1024:.1f} MB with 0, {rss1['relay'] / 1024:.1f} MB with {args.clients}; target <= 20 KB); "
            f"bare websockets server: {mem.get('bare', float('nan')):.1f} KB."
        )
    return "\n".join(out)


_FRAME_SIZE = None


def frame_size() -> int:
    global _FRAME_SIZE
    if _FRAME_SIZE is None:
        s = Sender("bare", "", Workload([], b"", "C0123456789ab"))
        _FRAME_SIZE = len(s.message(1))
    return _FRAME_SIZE


def run_micro(args) -> dict[str, list[float]] | None:
    import json

    env = dict(os.environ)
    if RELAY_SRC:
        env["FANOUT_RELAY_SRC"] = RELAY_SRC
    cpus = json.dumps(sorted(CLIENT_CPUS)) if CLIENT_CPUS else "null"
    cmd = [sys.executable, str(Path(__file__).resolve()), "_micro", str(args.clients), str(args.workers),
           str(args.micro_rounds), "60", cpus]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=900)
    for line in proc.stdout.splitlines():
        if line.startswith("MICRO "):
            return json.loads(line[6:])
    print(f"micro benchmark failed:\n{proc.stderr[-3000:]}", file=sys.stderr)
    return None


def summarize_micro(result: dict[str, list[float]], args) -> str:
    med = {k: _median(v) for k, v in result.items()}
    base = med["websockets.broadcast"]
    lines = [
        f"Server CPU per delivery, in-process (one message to {args.clients} live connections, "
        f"{args.micro_rounds} rounds x 60 messages, CPU time of the event-loop thread; medians):",
        "",
        "| fan-out path | µs CPU per delivery | vs websockets.broadcast |",
        "|---|---:|---:|",
    ]
    for name, value in med.items():
        lines.append(f"| {name} | {value:.2f} | {base / value:.2f}x |")
    return "\n".join(lines)


async def main_async(args) -> None:
    runs: dict[str, list[ServerRun]] = {"relay": [], "bare": []}
    for i in range(args.runs):
        order = ("relay", "bare") if i % 2 == 0 else ("bare", "relay")
        for kind in order:
            if kind not in args.only:
                continue
            # Another job on the machine skews a run (latency most of all): measure the
            # CPU the rest of the machine used and redo disturbed runs; keep the calmest.
            attempts = []
            for attempt in range(1 + args.retries):
                run = await measure(kind, args, i, args.profile if kind == "relay" else None)
                attempts.append(run)
                if run.foreign_cpu <= args.max_foreign:
                    break
                print(f"  {kind} run {i + 1}: other processes used up to {run.foreign_cpu:.0%} of a core; "
                      f"{'retrying' if attempt < args.retries else 'keeping the calmest attempt'}", flush=True)
                await asyncio.sleep(args.retry_wait)
            best = min(attempts, key=lambda r: r.foreign_cpu)
            best.attempts = len(attempts)
            runs[kind].append(best)
    runs = {k: v for k, v in runs.items() if v}
    text = summarize(runs, args)
    if args.micro_rounds:
        print("  in-process CPU per delivery ...", flush=True)
        result = run_micro(args)
        if result:
            text = (text + "\n\n" if text else "") + summarize_micro(result, args)
    print()
    print(text)
    load_after = os.getloadavg()
    if args.write:
        info = machine()
        info["load average (1/5/15 min) before / after"] = (
            f"{' '.join(f'{x:.2f}' for x in args.load_before)} / {' '.join(f'{x:.2f}' for x in load_after)}"
            " (the machine is shared: other jobs ran too)"
        )
        info["relay source"] = RELAY_SRC or "this checkout"
        body = (
            f"### {args.title}\n\n"
            "Produced by `.venv/bin/python bench/fanout.py` "
            f"(`{' '.join(sys.argv[1:]) or 'defaults'}`).\n\n"
            "Machine:\n\n" + machine_markdown(info) + "\n\n" + text + "\n"
        )
        write_section(args.out, args.section, body)
        print(f"\nwrote {args.out}")


def main(argv=None) -> int:
    global CLIENT_CPUS, SERVER_CPUS, RELAY_SRC, PING_S
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "_serve-relay":
        profile = argv[argv.index("--profile") + 1] if "--profile" in argv else None
        serve_relay(argv[1], profile)
        return 0
    if argv and argv[0] == "_serve-bare":
        serve_bare()
        return 0
    if argv and argv[0] == "_micro":
        import json

        clients, workers, rounds, reps = (int(a) for a in argv[1:5])
        CLIENT_CPUS = set(json.loads(argv[5])) if argv[5] != "null" else None
        pin(SERVER_CPUS if CLIENT_CPUS else None)
        print("MICRO " + json.dumps(micro(clients, workers, rounds, reps)), flush=True)
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=1000)
    p.add_argument("--workers", type=int, default=1,
                   help="client processes (they share the non-server cores; on 2 cores more than 1 only adds time-slicing)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--duration", type=float, default=3.0)
    p.add_argument("--rates", default="25,50,75,100,150,200,300,400", help="offered messages/s, comma-separated")
    p.add_argument("--only", default="relay,bare")
    p.add_argument("--profile", help="cProfile the relay into this file")
    p.add_argument("--relay-src", help="run the relay from this checkout (e.g. a git worktree of an older commit)")
    p.add_argument("--out", type=Path, default=DOC, help="markdown file to write the results section into")
    p.add_argument("--section", default="fanout-results", help="marker of the section to (re)write")
    p.add_argument("--title", default="Fan-out: relay vs bare websockets broadcast", help="heading of that section")
    p.add_argument("--max-foreign", type=float, default=0.15,
                   help="redo a run if other processes used more than this many cores during any step")
    p.add_argument("--retries", type=int, default=3, help="redos of a disturbed run")
    p.add_argument("--retry-wait", type=float, default=20.0, help="seconds to wait before a redo")
    p.add_argument("--ping-interval", type=float, default=20.0,
                   help="keepalive ping interval of both servers, s (0 = off; default 20 = the relay's default)")
    p.add_argument("--micro-rounds", type=int, default=7, help="rounds of the in-process CPU measurement (0: skip)")
    p.add_argument("--no-pin", action="store_true", help="do not pin processes to CPUs")
    p.add_argument("--no-write", dest="write", action="store_false")
    p.add_argument("--quick", action="store_true", help="1 run, 2 s per rate")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args(argv)
    args.rates = [int(r) for r in args.rates.split(",")]
    args.only = set(args.only.split(","))
    RELAY_SRC = str(Path(args.relay_src).resolve()) if args.relay_src else None
    PING_S = args.ping_interval
    if args.quick:
        args.runs, args.duration, args.micro_rounds = 1, 2.0, min(args.micro_rounds, 3)
    raise_nofile(4 * args.clients + 1024)
    ncpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if args.no_pin or ncpu < 2:
        SERVER_CPUS = None
    else:
        CLIENT_CPUS = set(os.sched_getaffinity(0)) - SERVER_CPUS
        pin(CLIENT_CPUS)
    args.load_before = os.getloadavg()
    print(f"fan-out: {args.clients} clients, {args.workers} workers, rates {args.rates}, {args.runs} runs", flush=True)
    asyncio.run(main_async(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
