"""The relay's cyclic GC while serving: CPython's defaults vs server_stub.gc_tuning.

One in-process relay (as `beacon-relay serve` runs it); `--clients` idle signed-in
connections are opened after start-up (so they are not frozen), then one client posts
`--posts` messages that the relay commits and fans out. A `gc.callbacks` probe counts
the collections and their pauses; at the end one full collection is timed (what a
gen-2 collection costs now). Prints one line per mode, alternating, `--runs` each.

    .venv/bin/python bench/relay_gc.py [--clients 200] [--posts 6000] [--runs 2]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.protocol import codec  # noqa: E402
from desktop.protocol import frames as fr  # noqa: E402
from desktop.protocol.ids import new_client_id  # noqa: E402
from server_stub import admin, gc_tuning  # noqa: E402
from server_stub.config import RelayConfig  # noqa: E402
from server_stub.server import Relay  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402


async def run(tuned: bool, clients: int, posts: int) -> str:
    data = Path(tempfile.mkdtemp(prefix="beacon-gc-"))
    users = ["poster", *(f"u{i:04d}" for i in range(clients))]
    tokens = {u: admin.add_user(data, u) for u in users}
    chan = admin.add_channel(data, "general", members=users)
    relay = Relay(data, port=0, config=RelayConfig(rate_per_s=1e9, rate_burst=10**9))
    await relay.start()
    if tuned:
        gc_tuning.tune_after_startup()
    else:
        gc.collect()
    pauses: list[tuple[int, float]] = []
    started = [0.0]

    def probe(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses.append((info["generation"], time.perf_counter() - started[0]))

    sockets = [await connect(relay.url, max_size=None) for _ in users]
    drains = []
    for ws, user in zip(sockets, users):
        await ws.send(codec.encode(fr.Hello(protocol=1, token=tokens[user])), text=True)
        drains.append(asyncio.create_task(_drain(ws)))
    gc.callbacks.append(probe)
    t0 = time.perf_counter()
    for i in range(posts):
        await sockets[0].send(codec.encode(fr.Post(id=new_client_id(), channel=chan, text=f"m{i} " + "x" * 80)), text=True)
        if i % 50 == 0:
            await asyncio.sleep(0.001)
    await asyncio.sleep(1.0)
    wall = time.perf_counter() - t0
    gc.callbacks.remove(probe)
    t = time.perf_counter()
    gc.collect()
    full = (time.perf_counter() - t) * 1000
    tracked = len(gc.get_objects())
    for task in drains:
        task.cancel()
    for ws in sockets:
        await ws.close()
    await relay.stop()
    counts = [sum(1 for g, _ in pauses if g == n) for n in (0, 1, 2)]
    return (
        f"{'tuned  ' if tuned else 'default'} {wall:.1f} s: collections gen0/1/2 {counts[0]}/{counts[1]}/{counts[2]},"
        f" {sum(p for _, p in pauses) * 1000:.1f} ms in all, longest {max((p for _, p in pauses), default=0) * 1000:.2f} ms;"
        f" a full collection after: {full:.2f} ms over {tracked:,} tracked objects ({gc.get_freeze_count():,} frozen)"
    )


async def _drain(ws) -> None:
    try:
        async for _ in ws:
            pass
    except Exception:
        pass


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--posts", type=int, default=6000)
    p.add_argument("--runs", type=int, default=2)
    p.add_argument("--mode", choices=["default", "tuned"], help=argparse.SUPPRESS)  # one run, in a child
    args = p.parse_args()
    if args.mode:
        print(asyncio.run(run(args.mode == "tuned", args.clients, args.posts)), flush=True)
        return 0
    for _ in range(args.runs):
        for mode in ("default", "tuned"):  # each in a fresh interpreter: freezing is for good
            cmd = [sys.executable, __file__, "--mode", mode, "--clients", str(args.clients), "--posts", str(args.posts)]
            subprocess.run(cmd, check=True, cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
