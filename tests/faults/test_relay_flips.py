"""Byte flips in the relay's data at rest: its database and its blobs.

A flipped byte must be refused or detected, never served as if it were the data:
- database: the relay (a process) is stopped, one byte of events.db is flipped at a
  seeded offset, the relay is started again. It may refuse to start (one line, no
  traceback), or serve; what a client then receives must be exactly the log as it was
  (same seqs, same bytes) or a refusal, never altered events and never a silent gap.
- blobs: one byte of a shared file's blob is flipped; a fresh profile downloading it must
  end with a clear error and no file in the chosen folder, or with the right bytes.
The pristine data is put back after each iteration.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import re
import shutil

import pytest

from desktop.protocol import codec
from server_stub import db
from server_stub.log import iter_visible
from tests.client_kit import free_port
from tests.faults.kit import Cli, RelayProc, Tally, flip_byte, marked, tracebacks
from tests.relay_client import WireClient

pytestmark = pytest.mark.faults


def _bodies(data, user) -> dict[int, bytes]:
    conn = db.connect(data, create=False)
    try:
        return {seq: bytes(body) for seq, body in iter_visible(conn, user)}
    finally:
        conn.close()


async def test_flipped_byte_in_relay_database(tmp_path, workspace):
    relay = await RelayProc(workspace.data, free_port(), tmp_path / "relay.log").start()
    poster = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    for i in range(200):
        await poster.post(workspace.channels["general"], marked(0, i) + " " + "数据" * (i % 40))
    await poster.close()
    await relay.stop()  # a clean stop: the WAL is checkpointed into events.db
    pristine = tmp_path / "pristine"
    shutil.copytree(workspace.data, pristine)
    truth = _bodies(pristine, "bob")
    tally = Tally("byte flip in the relay database", "refused at start, or served exactly the log as it was (no altered "
                  "or missing event); no traceback")
    try:
        for seed in tally.seeds(8, short=3):
            tally.iterations += 1
            rng = random.Random(seed)
            try:
                offset = flip_byte(workspace.data / db.DB_NAME, rng, lo=100)  # past the header: the pages
                with open(tmp_path / "relay.log", "w"):
                    pass
                relay = RelayProc(workspace.data, relay.port, tmp_path / "relay.log")
                try:
                    await relay.start()
                except AssertionError:  # refused to start: must say why in one line, no traceback
                    tb = tracebacks(relay.log_text())
                    tally.check(seed, not tb, f"flip at {offset}: the relay died with a traceback: {tb[:1]}")
                    continue
                bob = WireClient(relay.url, workspace.tokens["bob"])
                try:
                    await bob.connect()
                    await asyncio.sleep(0.1)
                except Exception:
                    pass  # refused the connection: fine
                await bob.close() if bob.ws is not None else None
                await relay.stop()
                got = {e.seq: e for e in bob.events}
                want = {seq: codec.decode_event(body) for seq, body in truth.items()}
                if bob.synced.is_set():
                    altered = [s for s, e in got.items() if want.get(s) != e]
                    tally.check(seed, not altered, f"flip at {offset}: {len(altered)} event(s) served altered, e.g. seq {altered[:1]}")
                    missing = sorted(set(want) - set(got))
                    tally.check(seed, not missing, f"flip at {offset}: {len(missing)} event(s) silently missing")
                tb = tracebacks(relay.log_text())
                tally.check(seed, not tb, f"flip at {offset}: traceback in the relay log: {tb[:1]}")
            except Exception:
                tally.crashed(seed)
            finally:
                shutil.rmtree(workspace.data)
                shutil.copytree(pristine, workspace.data)
    finally:
        await relay.stop()
    tally.finish()


async def test_flipped_byte_in_a_blob(tmp_path, workspace):
    relay = await RelayProc(workspace.data, free_port(), tmp_path / "relay.log").start()
    cli = Cli(tmp_path / "home")
    src, dl = cli.home / "src", cli.home / "downloads"
    src.mkdir()
    dl.mkdir()
    body = (marked(0, 0) + "\n").encode() * 100 + random.Random(1).randbytes(300_000)
    (src / "plan.bin").write_bytes(body)
    sha = hashlib.sha256(body).hexdigest()
    blob = workspace.data / "blobs" / sha[:2] / sha
    tally = Tally("byte flip in a relay blob", "download refused with a one-line error and nothing saved, or the "
                  "exact bytes; no traceback")
    try:
        a = ["--profile", cli.home / "alice"]
        assert (await cli.run(*a, "login", "--relay", relay.url, "--token", workspace.tokens["alice"]))[0] == 0
        code, out, err = await cli.run(*a, "upload", "general", src / "plan.bin")
        assert code == 0, err
        file_id = int(re.search(r"as file (\d+)", out).group(1))
        pristine = blob.read_bytes()
        for seed in tally.seeds(4, short=2):
            tally.iterations += 1
            rng = random.Random(seed)
            first = len(cli.stderr)
            try:
                offset = flip_byte(blob, rng)
                b = ["--profile", cli.home / f"bob-{seed}"]
                assert (await cli.run(*b, "login", "--relay", relay.url, "--token", workspace.tokens["bob"]))[0] == 0
                code, out, err = await cli.run(*b, "download", file_id, "--to", dl, timeout=60)
                saved = sorted(dl.iterdir())
                if code == 0:
                    tally.check(seed, (dl / "plan.bin").read_bytes() == body, f"flip at {offset}: wrong bytes saved")
                else:
                    last = err.strip().splitlines()[-1] if err.strip() else ""
                    tally.check(seed, last.startswith("beacon: "), f"flip at {offset}: no clear error: {err.strip()[-300:]!r}")
                    tally.check(seed, not saved, f"flip at {offset}: left in the folder: {[p.name for p in saved]}")
                tally.check(seed, not tracebacks(*cli.stderr[first:]), f"flip at {offset}: traceback: {tracebacks(*cli.stderr[first:])[:1]}")
                shutil.rmtree(cli.home / f"bob-{seed}")
            except Exception:
                tally.crashed(seed)
            finally:
                blob.write_bytes(pristine)
                for p in dl.iterdir():
                    p.unlink()
    finally:
        await relay.stop()
    tally.finish()
