"""Stale cursors: resuming from a cursor older or newer than the relay's log, or from another log.

Wire-level modes connect a raw client with a seeded cursor/epoch and check the welcome's
`resume` and that exactly the visible events after the right start arrive, once, in
order. Profile-level modes use real caches: a profile restored from an old copy (cursor
behind the log) and a relay restored from an old backup (the profile's cursor ahead of
the log); both must end with the cache equal to the relay and the queued messages
delivered exactly once.
"""

from __future__ import annotations

import random
import shutil

import pytest

from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import engine, free_port, open_profile, relay_visible
from tests.faults import checks
from tests.faults.kit import Tally, marked, plaintext_on_disk
from tests.relay_client import WireClient

pytestmark = pytest.mark.faults
MODES = ("older", "newer", "at-head", "other-epoch", "never", "profile-restored", "relay-restored")
CHECKS = ("welcome.resume right; exactly the visible events after the start, once, in order; "
          "restored profile/relay: cache equals relay, queued messages once, no plaintext in the profile")


async def _start(data, port) -> Relay:
    relay = Relay(data, "127.0.0.1", port, config=RelayConfig(
        poll_interval_s=0.05, close_timeout_s=0.5, rate_per_s=10_000, rate_burst=10_000))
    await relay.start()
    return relay


async def test_resume_from_stale_cursors(tmp_path, workspace):
    port = free_port()
    relay = await _start(workspace.data, port)
    general = workspace.channels["general"]
    profile = tmp_path / "alice"
    store = open_profile(profile)
    await engine(store, relay.url, workspace.tokens["alice"]).sync_once()
    store.close()
    tally = Tally("stale cursors (older, newer, other epoch, restored profile, restored relay)", CHECKS)
    acked: list[str] = []
    written: list[str] = []
    try:
        for seed in tally.seeds(30, short=7):
            tally.iterations += 1
            rng = random.Random(seed)
            mode = rng.choice(MODES)
            try:
                bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
                for i in range(rng.randint(3, 30)):
                    text = marked(seed, i)
                    ack = await bob.post(general, text)
                    if tally.check(seed, isinstance(ack, fr.Ack), f"post refused: {ack}"):
                        acked.append(text)
                        written.append(text)
                await bob.close()
                if mode in ("profile-restored", "relay-restored"):
                    old = tmp_path / "old"
                    shutil.rmtree(old, ignore_errors=True)
                    if mode == "profile-restored":
                        shutil.copytree(profile, old)  # the user's backup of the profile
                    else:
                        await relay.stop()
                        shutil.copytree(workspace.data, old)  # the operator's backup of the relay
                        relay = await _start(workspace.data, port)
                    later = await WireClient(relay.url, workspace.tokens["bob"]).connect()
                    for i in range(rng.randint(1, 20)):
                        await later.post(general, marked(seed, 100 + i))
                        if mode == "profile-restored":  # a relay restored from a backup lost these: not promised
                            acked.append(marked(seed, 100 + i))
                        written.append(marked(seed, 100 + i))
                    await later.close()
                    store = open_profile(profile)
                    await engine(store, relay.url, workspace.tokens["alice"]).sync_once()
                    store.close()
                    if mode == "profile-restored":
                        shutil.rmtree(profile)
                        shutil.copytree(old, profile)
                    else:
                        await relay.stop()
                        shutil.rmtree(workspace.data)
                        shutil.copytree(old, workspace.data)
                        relay = await _start(workspace.data, port)
                    store = open_profile(profile)
                    for i in range(rng.randint(1, 3)):  # queued in the stale profile
                        text = marked(seed, 200 + i)
                        store.enqueue(fr.Post(id=new_client_id(), channel=general, text=text))
                        acked.append(text)
                        written.append(text)
                    report = await engine(store, relay.url, workspace.tokens["alice"]).sync_once()
                    store.close()
                    tally.check(seed, not report.failed, f"{mode}: refused {report.failed}")
                    checks.exactly_once_in_order(tally, seed, workspace.data, acked, written)
                    checks.cache_equals_relay(tally, seed, workspace.data, profile, "alice", general)
                    hits = plaintext_on_disk(profile)
                    tally.check(seed, not hits, f"{mode}: plaintext in the profile: {hits[:3]}")
                    continue
                head, epoch = relay.hub.published_head, relay.epoch
                cursor, want = {
                    "older": (rng.randint(1, max(1, head - 1)), "ok"),
                    "newer": (head + rng.randint(1, 10_000), "reset"),
                    "at-head": (head, "ok"),
                    "other-epoch": (rng.randint(1, head), "reset"),
                    "never": (None, "ok"),
                }[mode]
                other = "%032x" % rng.randrange(1 << 128)
                client = await WireClient(relay.url, workspace.tokens["alice"], cursor=cursor,
                                          epoch=other if mode == "other-epoch" else epoch).connect()
                start = (cursor or 0) if want == "ok" else 0
                visible = [e.seq for e in relay_visible(workspace.data, "alice") if e.seq > start]
                await client.close()
                tally.check(seed, client.welcome.resume == want, f"{mode} cursor {cursor}: resume {client.welcome.resume}, want {want}")
                tally.check(seed, client.problems == [], f"{mode}: {client.problems[:3]}")
                tally.check(seed, client.seqs() == visible,
                            f"{mode} cursor {cursor}: got {len(client.seqs())} events, the log has {len(visible)} after {start}")
            except Exception:
                tally.crashed(seed)
    finally:
        await relay.stop()
    tally.finish()
