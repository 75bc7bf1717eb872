"""Scheduled delivery: how late after its due time a scheduled message reaches another
client (real relay, real clock, default poll interval), and that none is early or twice.

Run: .venv/bin/python bench/schedule_latency.py [N]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.protocol import events as ev  # noqa: E402
from desktop.protocol import frames as fr  # noqa: E402
from server_stub import admin  # noqa: E402
from server_stub.server import Relay  # noqa: E402
from bench.common import machine, machine_markdown, write_section  # noqa: E402
from tests.relay_client import WireClient  # noqa: E402


async def main(n: int) -> None:
    data = Path(tempfile.mkdtemp()) / "relay"
    tokens = {u: admin.add_user(data, u, u) for u in ("alice", "bob")}
    general = admin.add_channel(data, "general", members=["alice", "bob"])
    relay = Relay(data, "127.0.0.1", 0)
    await relay.start()
    alice = await WireClient(relay.url, tokens["alice"]).connect()
    bob = await WireClient(relay.url, tokens["bob"]).connect()
    start = int(time.time() * 1000) + 1500
    due = {}
    for i in range(n):
        at = start + i * 37  # spread over the poll interval
        await alice.command(fr.Schedule, channel=general, text=f"s{i}", at=at)
        due[f"s{i}"] = at
    arrived: dict[str, float] = {}

    def seen():
        for e in bob.events:
            if isinstance(e, ev.MessagePosted) and e.text in due and e.text not in arrived:
                arrived[e.text] = time.time() * 1000
        return len(arrived) == n

    await bob.wait_for(seen, timeout=60)
    posted = [e for e in bob.events if isinstance(e, ev.MessagePosted) and e.text in due]
    lateness = [arrived[t] - due[t] for t in due]
    early = [e for e in posted if e.ts < due[e.text]]
    duplicates = len(posted) - len(set(e.text for e in posted))
    # Baseline in the same run: an ordinary post, from sending to another client's receipt.
    direct = []
    for i in range(50):
        sent = time.time() * 1000
        text = f"direct {i}"
        await alice.post(general, text)
        await bob.wait_for(lambda: text in bob.texts(general))
        direct.append(time.time() * 1000 - sent)
    p95 = sorted(lateness)[int(0.95 * n) - 1]
    section = f"""## Scheduled delivery (send later)

Measured by `bench/schedule_latency.py`: {n} messages scheduled on a real relay
(real clock, default poll interval {relay.config.poll_interval_s * 1000:.0f} ms), due times spread over
the poll interval; another client records when each arrives. Baseline in the same
run: 50 ordinary posts, from sending to the other client's receipt.

{machine_markdown(machine())}

| | median | p95 | max |
|---|---|---|---|
| scheduled: due time -> received by another client | {statistics.median(lateness):.0f} ms | {p95:.0f} ms | {max(lateness):.0f} ms |
| baseline: ordinary post -> received | {statistics.median(direct):.0f} ms | {sorted(direct)[46]:.0f} ms | {max(direct):.0f} ms |

Posted {len(posted)} of {n}; sent twice: {duplicates}; early by the relay's clock: {len(early)}.
"""
    out = Path(__file__).resolve().parents[1] / "docs" / "perf" / "schedule.md"
    write_section(out, "schedule", section)  # notes written by hand after the block stay
    print(section)
    await alice.close()
    await bob.close()
    await relay.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
