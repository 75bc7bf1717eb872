"""kill -9 of the `beacon` CLI at seeded random moments of send, sync, upload and download.

One relay (in-process, real websockets) and two real profiles (real SQLCipher caches),
each iteration picks a phase and a moment, SIGKILLs the CLI there, then runs the
command the user would run next (`beacon sync`, or the same upload/download again)
and checks: every acknowledged message exactly once on the relay and in both caches,
in order; the outbox drained; files byte-identical; no plaintext anywhere in the
sandboxed HOME; nothing written outside the profiles, the log folder and the chosen
download folder; no traceback on any stderr.
"""

from __future__ import annotations

import hashlib
import random
import re

import pytest

from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import open_profile
from tests.faults import checks
from tests.faults.kit import Cli, Tally, Tree, log_dir, marked, plaintext_on_disk, tracebacks
from tests.relay_client import WireClient

pytestmark = pytest.mark.faults

# What the CLI is doing when it dies (the moment inside it is seeded too).
PHASES = {
    "enqueue": ("send", (0.0, 0.45)),     # dies while starting up / writing the outbox
    "flush": ("send", (0.35, 1.2)),       # dies while the message is on the wire
    "apply": ("sync", (0.2, 1.0)),        # dies while applying a backlog of events
    "commit": ("sync", (0.5, 1.6)),       # dies while committing / acking / closing
    "checkpoint": ("sync", (1.0, 2.5)),   # dies late: WAL checkpoint and close
    "upload": ("upload", (0.2, 1.5)),
    "download": ("download", (0.2, 1.5)),
}
CHECKS = ("acked exactly once on relay and both caches, in order; outbox drained; files identical; "
          "no plaintext in HOME; nothing outside chosen folders; no traceback")


def _file(path, seed: int, rng: random.Random) -> bytes:
    body = (marked(seed, 0) + "\n").encode() * 8 + rng.randbytes(rng.randint(200_000, 3_000_000))
    path.write_bytes(body)
    return body


async def test_kill9_client_at_random_points(tmp_path, workspace):
    relay = Relay(workspace.data, "127.0.0.1", 0, config=RelayConfig(
        poll_interval_s=0.05, close_timeout_s=0.5, rate_per_s=10_000, rate_burst=10_000))
    await relay.start()
    home = tmp_path / "home"
    cli = Cli(home)
    alice, bob = home / "alice", home / "bob"
    src, dl = home / "src", home / "downloads"
    src.mkdir(parents=True)
    dl.mkdir()
    general = workspace.channels["general"]
    tally = Tally("kill -9 client (enqueue/flush/apply/commit/checkpoint/upload/download)", CHECKS)
    try:
        for who, profile in (("alice", alice), ("bob", bob)):
            code, _, err = await cli.run("--profile", profile, "login", "--relay", relay.url, "--token", workspace.tokens[who])
            assert code == 0, err
        # A file of bob's for alice to download.
        shared = _file(src / "bob-plan.bin", 0, random.Random(0))
        code, out, err = await cli.run("--profile", bob, "upload", "general", src / "bob-plan.bin")
        assert code == 0, err
        bob_file = int(re.search(r"as file (\d+)", out).group(1))
        poster = await WireClient(relay.url, workspace.tokens["bob"]).connect()
        tree = Tree(home)
        acked: list[str] = []    # texts the user was told are sent or queued
        written: list[str] = []  # every text a command was started for, in order
        for n, seed in enumerate(tally.seeds(4, short=2)):
            tally.iterations += 1
            rng = random.Random(seed)
            phase = rng.choice(sorted(PHASES))
            command, (lo, hi) = PHASES[phase]
            moment = rng.uniform(lo, hi)
            first = len(cli.stderr)
            try:
                if command == "send":
                    text = marked(seed, n)
                    written.append(text)
                    code, out, _ = await cli.run("--profile", alice, "send", "general", text, kill_after=moment)
                    if code == 0 and ("sent to" in out or "queued" in out):
                        acked.append(text)
                elif command == "sync":
                    backlog = [await poster.send_command(fr.Post, channel=general, text=marked(seed, 1000 + i))
                               for i in range(rng.randint(20, 150))]  # a backlog for alice to apply
                    await poster.wait_for(lambda: all(c in poster.acks for c in backlog))
                    written += [marked(seed, 1000 + i) for i in range(len(backlog))]
                    acked += [marked(seed, 1000 + i) for i in range(len(backlog))]
                    store = open_profile(alice)  # and a few of her own, queued (the store acked them)
                    for i in range(rng.randint(0, 8)):
                        text = marked(seed, 2000 + i)
                        written.append(text)
                        store.enqueue(fr.Post(id=new_client_id(), channel=general, text=text))
                        acked.append(text)
                    store.close()
                    await cli.run("--profile", alice, "sync", kill_after=moment)
                elif command == "upload":
                    name = f"up-{seed}.bin"
                    body = _file(src / name, seed, rng)
                    code, out, _ = await cli.run("--profile", alice, "upload", "general", src / name, kill_after=moment)
                    if "shared" not in out:
                        # The user was not told it is shared: sync, look, and upload again if it is not there.
                        await cli.run("--profile", alice, "sync")
                        code, out, err = await cli.run("--profile", alice, "files", "general", "--search", name)
                        if name not in out:
                            code, out, err = await cli.run("--profile", alice, "upload", "general", src / name)
                            tally.check(seed, code == 0 and "shared" in out, f"upload after the kill: {code} {err.strip()[-200:]}")
                    tally.check(seed, checks.shared_names(workspace.data)[name] == 1,
                                f"{name} shared {checks.shared_names(workspace.data)[name]} times")
                    blob = workspace.data / "blobs" / hashlib.sha256(body).hexdigest()[:2] / hashlib.sha256(body).hexdigest()
                    tally.check(seed, blob.exists() and blob.read_bytes() == body, "the relay's blob differs from the file")
                else:  # download
                    target = dl / "bob-plan.bin"
                    await cli.run("--profile", alice, "download", bob_file, "--to", dl, kill_after=moment)
                    code, out, err = await cli.run("--profile", alice, "download", bob_file, "--to", dl, "--overwrite")
                    tally.check(seed, code == 0, f"download after the kill: {code} {err.strip()[-200:]}")
                    tally.check(seed, target.read_bytes() == shared, "the downloaded file differs from the shared one")
                    extra = sorted(p.name for p in dl.iterdir() if p.name != "bob-plan.bin")
                    tally.check(seed, not extra, f"left in the download folder: {extra}")
                # What the user does next: sync (both of them).
                for profile in (alice, bob):
                    code, _, err = await cli.run("--profile", profile, "sync")
                    tally.check(seed, code == 0, f"sync after the kill ({phase} at {moment:.2f}s): {code} {err.strip()[-200:]}")
                checks.exactly_once_in_order(tally, seed, workspace.data, acked, written)
                for who, profile in (("alice", alice), ("bob", bob)):
                    checks.cache_equals_relay(tally, seed, workspace.data, profile, who, general)
                hits = plaintext_on_disk(home, skip=(src, dl))
                tally.check(seed, not hits, f"plaintext on disk: {hits[:3]}")
                outside = tree.written_outside(alice, bob, dl, src, log_dir(home))
                tally.check(seed, not outside, f"written outside the chosen folders: {outside[:3]}")
                tb = tracebacks(*cli.stderr[first:])
                tally.check(seed, not tb, f"traceback on stderr ({phase}): {tb[:2]}")
            except Exception:
                tally.crashed(seed)
        await poster.close()
    finally:
        await relay.stop()
    tally.finish()
    if tally.iterations >= 8:  # the short run is too small to insist (a fast machine finishes first)
        assert cli.kills >= tally.iterations // 3, f"only {cli.kills} of {tally.iterations} runs were killed mid-way"
