"""The relay's disk fills up (a real, small tmpfs) while a user sends messages.

The relay runs as a process on its own tmpfs; each iteration fills that disk to a
seeded number of free bytes (zero included) and sends a seeded number of messages with
`beacon send`. Each send must either succeed or end non-zero with the one-line "could
not store it; it stays queued" message, never hang (the CLI's deadline is ~5 s), never print a traceback; the relay
must stay up. Once space is freed, `beacon sync` delivers every message exactly once,
in order, and the cache equals the relay's log; the relay's database stays intact.
"""

from __future__ import annotations

import random
import shutil

import pytest

from tests.client_kit import free_port
from tests.faults import checks
from tests.faults.kit import Cli, RelayProc, Tally, fill, marked, small_tmpfs, tracebacks

pytestmark = pytest.mark.faults
CHECKS = ("each send sent or 'stays queued' (exit 1), no hang/traceback, relay stays up; after space frees: "
          "exactly once in order, cache equals relay, integrity ok")
LEAVE = (0, 0, 4096, 16384, 65536, 262144)


async def test_relay_disk_full_while_sending(tmp_path, workspace):
    with small_tmpfs(tmp_path / "disk", "6m") as disk:
        data = disk / "relay"
        shutil.copytree(workspace.data, data)
        relay = await RelayProc(data, free_port(), tmp_path / "relay.log").start()
        cli = Cli(tmp_path / "home")
        alice = cli.home / "alice"
        general = workspace.channels["general"]
        tally = Tally("ENOSPC on the relay (small tmpfs) while sending", CHECKS)
        acked: list[str] = []
        written: list[str] = []
        try:
            code, _, err = await cli.run("--profile", alice, "login", "--relay", relay.url, "--token", workspace.tokens["alice"])
            assert code == 0, err
            for seed in tally.seeds(2, short=1):
                tally.iterations += 1
                rng = random.Random(seed)
                first = len(cli.stderr)
                mark = len(relay.log_text())
                try:
                    filler = fill(disk, rng.choice(LEAVE))
                    for i in range(rng.randint(1, 2)):
                        text = marked(seed, i) + " " + "填" * rng.randint(0, 3000)
                        written.append(text)
                        code, out, err = await cli.run("--profile", alice, "send", "general", text, timeout=40)
                        if code == 0:
                            tally.check(seed, "sent to" in out or "queued" in out, f"send said: {out!r}")
                        else:
                            last = err.strip().splitlines()[-1] if err.strip() else ""
                            tally.check(seed, last.startswith("beacon: ") and "could not store it; it stays queued" in last,
                                        f"send on a full disk ended {code}: {err.strip()[-300:]!r}")
                        acked.append(text)  # sent, or told that it stays queued
                        tally.check(seed, relay.proc.returncode is None, "the relay died on a full disk")
                    filler.unlink()
                    if relay.proc.returncode is not None:
                        relay = await RelayProc(data, relay.port, tmp_path / "relay.log").start()
                    code, out, err = await cli.run("--profile", alice, "sync", timeout=40)
                    tally.check(seed, code == 0, f"sync after space was freed: {code} {err.strip()[-300:]!r}")
                    checks.exactly_once_in_order(tally, seed, data, acked, written)
                    checks.cache_equals_relay(tally, seed, data, alice, "alice", general)
                    checks.relay_integrity(tally, seed, data)
                    tb = tracebacks(relay.log_text(mark), *cli.stderr[first:])
                    tally.check(seed, not tb, f"traceback: {tb[:2]}")
                except Exception:
                    tally.crashed(seed)
        finally:
            await relay.stop()
        tally.finish()
