"""kill -9 of the relay process while real clients flush their outboxes and apply events.

The relay runs as `python -m server_stub serve` on a fixed port; alice and bob are real
SyncEngines over real SQLCipher caches, running continuously (they reconnect with their
backoff). Each iteration queues a seeded burst on both sides, SIGKILLs the relay at a
seeded moment (while commands are being received, committed, acked or fanned out),
restarts it on the same data, waits for both outboxes to drain, and checks: each queued
message exactly once on the relay, in each writer's order; each cache equal to the
relay's visible log; the relay database intact; no traceback in the relay's log.
"""

from __future__ import annotations

import asyncio
import hashlib
import random

import pytest

from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from tests.client_kit import engine, free_port, open_profile, relay_texts, relay_visible
from tests.faults import checks
from tests.faults.kit import Cli, RelayProc, Tally, marked, plaintext_on_disk, tracebacks

pytestmark = pytest.mark.faults
CHECKS = ("queued messages exactly once on the relay in writer order; both caches equal the relay log; "
          "relay integrity_check ok; no plaintext in the profiles; no traceback in the relay log")


async def _drained(stores, data, users, timeout: float = 30.0) -> bool:
    for _ in range(int(timeout / 0.05)):
        if all(s.pending_count(("pending", "sending", "acked")) == 0 for s in stores) and \
                all(s.cursor() >= max((e.seq for e in relay_visible(data, u)), default=0) for s, u in zip(stores, users)):
            return True
        await asyncio.sleep(0.05)
    return False


async def test_kill9_relay_while_clients_flush(tmp_path, workspace):
    port = free_port()
    relay = await RelayProc(workspace.data, port, tmp_path / "relay.log").start()
    general = workspace.channels["general"]
    users = ["alice", "bob"]
    stores = [open_profile(tmp_path / u) for u in users]
    engines = [engine(s, relay.url, workspace.tokens[u]) for s, u in zip(stores, users)]
    runners = [asyncio.create_task(e.run()) for e in engines]
    tally = Tally("kill -9 relay (receive/commit/ack/fan-out)", CHECKS)
    written = {u: [] for u in users}
    try:
        for seed in tally.seeds(6, short=2):
            tally.iterations += 1
            rng = random.Random(seed)
            mark = len(relay.log_text())
            try:
                for n, (store, eng, user) in enumerate(zip(stores, engines, users)):
                    for i in range(rng.randint(5, 60)):
                        text = marked(seed, 100 * n + i)
                        written[user].append(text)
                        store.enqueue(fr.Post(id=new_client_id(), channel=general, text=text))
                    eng.outbox_changed()
                await asyncio.sleep(rng.uniform(0.0, 0.8) * rng.random())  # mostly early: mid-flush
                await relay.kill()
                await asyncio.sleep(rng.uniform(0.0, 0.3))
                relay = await RelayProc(workspace.data, port, tmp_path / "relay.log").start()
                if not tally.check(seed, await _drained(stores, workspace.data, users), "outboxes did not drain after the restart"):
                    for user, eng, r in zip(users, engines, runners):
                        died = r.exception() if r.done() and not r.cancelled() else None
                        tally.check(seed, False, f"{user}'s engine: {eng.state.link} {eng.state.reason!r}"
                                                 f"{f', ended with {died!r}' if r.done() else ''}")
                texts = relay_texts(workspace.data)
                for user in users:
                    order = {t: i for i, t in enumerate(written[user])}
                    mine = [order[t] for t in texts if t in order]
                    tally.check(seed, sorted(mine) == list(range(len(written[user]))),
                                f"{user}: {len(mine)} on the relay for {len(written[user])} queued (or duplicated)")
                    tally.check(seed, mine == sorted(mine), f"{user}'s messages are out of order on the relay")
                for store, user in zip(stores, users):
                    truth = [(e.seq, e.text) for e in relay_visible(workspace.data, user)
                             if e.kind == "message.posted" and e.channel == general]
                    cached = [(m.id, m.text) for m in store.messages(general, limit=1_000_000)]
                    tally.check(seed, cached == truth, f"{user}'s cache differs from the relay ({len(cached)} vs {len(truth)})")
                checks.relay_integrity(tally, seed, workspace.data)
                for user in users:
                    hits = plaintext_on_disk(tmp_path / user)
                    tally.check(seed, not hits, f"plaintext in {user}'s profile: {hits[:3]}")
                tb = tracebacks(relay.log_text(mark))
                tally.check(seed, not tb, f"traceback in the relay log: {tb[:2]}")
            except Exception:
                tally.crashed(seed)
    finally:
        for e in engines:
            await e.stop()
        for r in runners:
            r.cancel()
        await asyncio.gather(*runners, return_exceptions=True)
        for s in stores:
            s.close()
        await relay.stop()
    tally.finish()


async def test_kill9_relay_during_upload_and_download(tmp_path, workspace):
    """The relay dies mid-transfer: the CLI retries or says so in one line; a re-run
    completes with identical bytes, the file is shared once, and nothing is left over."""
    port = free_port()
    relay = await RelayProc(workspace.data, port, tmp_path / "relay.log").start()
    cli = Cli(tmp_path / "home")
    src, dl = cli.home / "src", cli.home / "downloads"
    src.mkdir()
    dl.mkdir()
    a, b = ["--profile", cli.home / "alice"], ["--profile", cli.home / "bob"]
    tally = Tally("kill -9 relay during /files upload and download",
                  "upload and download complete after a re-run with identical bytes, shared once; "
                  "one-line errors, no traceback (CLI or relay)")
    try:
        for args, who in ((a, "alice"), (b, "bob")):
            code, _, err = await cli.run(*args, "login", "--relay", relay.url, "--token", workspace.tokens[who])
            assert code == 0, err
        for seed in tally.seeds(3, short=1):
            tally.iterations += 1
            rng = random.Random(seed)
            first, mark = len(cli.stderr), len(relay.log_text())
            try:
                name = f"t-{seed}.bin"
                body = (marked(seed, 0) + "\n").encode() * 10 + rng.randbytes(rng.randint(1_000_000, 6_000_000))
                (src / name).write_bytes(body)
                for step in ("upload", "download"):
                    if step == "upload":
                        command = [*a, "upload", "general", src / name]
                    else:
                        await cli.run(*b, "sync")
                        file_id = next(int(line.split()[0]) for line in (await cli.run(*b, "files"))[1].splitlines()
                                       if name in line)
                        command = [*b, "download", file_id, "--to", dl, "--overwrite"]
                    run = asyncio.ensure_future(cli.run(*command, timeout=90))
                    await asyncio.sleep(rng.uniform(0.2, 1.2))
                    await relay.kill()
                    await asyncio.sleep(rng.uniform(0.0, 0.5))
                    relay = await RelayProc(workspace.data, port, tmp_path / "relay.log").start()
                    code, out, err = await run
                    if code != 0:
                        last = err.strip().splitlines()[-1] if err.strip() else ""
                        tally.check(seed, last.startswith("beacon: "), f"{step}: unclear failure {err.strip()[-200:]!r}")
                        code, out, err = await cli.run(*command, timeout=90)
                    tally.check(seed, code == 0, f"{step} after the relay restart: {code} {err.strip()[-200:]!r}")
                sha = hashlib.sha256(body).hexdigest()
                blob = workspace.data / "blobs" / sha[:2] / sha
                tally.check(seed, blob.exists() and blob.read_bytes() == body, "the relay's blob differs from the file")
                tally.check(seed, checks.shared_names(workspace.data)[name] == 1,
                            f"{name} shared {checks.shared_names(workspace.data)[name]} times")
                saved = dl / name
                tally.check(seed, saved.exists() and saved.read_bytes() == body, "the downloaded file differs")
                tally.check(seed, sorted(p.name for p in dl.iterdir()) == [name], f"left over: {sorted(p.name for p in dl.iterdir())}")
                tb = tracebacks(relay.log_text(mark), *cli.stderr[first:])
                tally.check(seed, not tb, f"traceback: {tb[:2]}")
                saved.unlink(missing_ok=True)
            except Exception:
                tally.crashed(seed)
    finally:
        await relay.stop()
    tally.finish()
