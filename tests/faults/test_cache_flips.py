"""Byte flips in the client's cache: cache.db, its -wal, and the encrypted file-cache records.

cache.db / -wal: a process queues a seeded number of messages into a real profile and is
SIGKILLed (so the -wal holds them), one byte of cache.db or cache.db-wal is flipped at a
seeded offset, and the user runs `beacon sync`. Wanted: every queued message reaches the
relay exactly once, or the user is told (damage named on stdout/stderr, one line, no
traceback) and the damaged files are set aside, never deleted.
File-cache records: one byte of a downloaded file's encrypted record is flipped; saving
it must give the exact bytes (fetched again) or a one-line error, never wrong bytes.
"""

from __future__ import annotations

import asyncio
import random
import re
import shutil
import sys

import pytest

from tests.faults import checks
from tests.faults.kit import REPO, Cli, Tally, flip_byte, marked, tracebacks

pytestmark = pytest.mark.faults
TOLD = re.compile(r"(?i)damag|corrupt|lost|set aside|integrity")

_QUEUE_AND_DIE = """
import os, signal, sys
from pathlib import Path
from desktop.profile import open_store
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from keyring.backends import fail
store = open_store(Path(sys.argv[1]), passphrase_provider=lambda _r, _n: os.environ["BEACON_PASSPHRASE"],
                   keyring_backend=fail.Keyring())
for text in sys.argv[3:]:
    store.enqueue(fr.Post(id=new_client_id(), channel=sys.argv[2], text=text))
os.kill(os.getpid(), signal.SIGKILL)  # no close: the -wal keeps the committed outbox
"""


async def _queue_and_die(cli: Cli, profile, channel: str, texts: list[str]) -> None:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", _QUEUE_AND_DIE, str(profile), channel, *texts,
                                                env=cli.env, cwd=REPO)
    await proc.wait()


def _kept(profile, damaged: bytes) -> bool:
    """Some file in the profile still holds the damaged bytes (set aside, not deleted)."""
    return any(p.is_file() and p.stat().st_size == len(damaged) and p.read_bytes() == damaged for p in profile.rglob("*"))


async def test_flipped_byte_in_cache_db_or_wal(tmp_path, workspace, relay):
    cli = Cli(tmp_path / "home")
    template = cli.home / "template"
    code, _, err = await cli.run("--profile", template, "login", "--relay", relay.url, "--token", workspace.tokens["alice"])
    assert code == 0, err
    general = workspace.channels["general"]
    tally = Tally("byte flip in the client cache (cache.db / -wal)",
                  "queued messages delivered once, or the user told and the damaged files kept; no traceback")
    for seed in tally.seeds(6, short=2):
        tally.iterations += 1
        rng = random.Random(seed)
        first = len(cli.stderr)
        profile = cli.home / f"p-{seed}"
        try:
            shutil.copytree(template, profile)
            texts = [marked(seed, i) for i in range(rng.randint(1, 12))]
            await _queue_and_die(cli, profile, general, texts)
            wal = profile / "cache.db-wal"
            target = wal if wal.exists() and wal.stat().st_size and rng.random() < 0.7 else profile / "cache.db"
            offset = flip_byte(target, rng)
            damaged = target.read_bytes()
            code, out, err = await cli.run("--profile", profile, "sync")
            counts = checks.relay_counts(workspace.data)
            missing = [t for t in texts if counts[t] == 0]
            told = bool(TOLD.search(out + err))
            where = f"{target.name} byte {offset}"
            tally.check(seed, not [t for t in texts if counts[t] > 1], f"{where}: a queued message sent twice")
            tally.check(seed, not missing or told, f"{where}: {len(missing)} of {len(texts)} queued messages lost, exit {code}, nobody told")
            if missing or code != 0:
                tally.check(seed, _kept(profile, damaged), f"{where}: the damaged file was not kept aside")
            tally.check(seed, not tracebacks(*cli.stderr[first:]), f"{where}: traceback: {tracebacks(*cli.stderr[first:])[:1]}")
        except Exception:
            tally.crashed(seed)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
    tally.finish()


async def test_flipped_byte_in_a_file_cache_record(tmp_path, workspace, relay):
    cli = Cli(tmp_path / "home")
    src, dl = cli.home / "src", cli.home / "downloads"
    src.mkdir()
    dl.mkdir()
    body = (marked(0, 0) + "\n").encode() * 50 + random.Random(2).randbytes(200_000)
    (src / "notes.bin").write_bytes(body)
    a, b = ["--profile", cli.home / "alice"], ["--profile", cli.home / "bob"]
    assert (await cli.run(*a, "login", "--relay", relay.url, "--token", workspace.tokens["alice"]))[0] == 0
    assert (await cli.run(*b, "login", "--relay", relay.url, "--token", workspace.tokens["bob"]))[0] == 0
    code, out, err = await cli.run(*a, "upload", "general", src / "notes.bin")
    assert code == 0, err
    file_id = int(re.search(r"as file (\d+)", out).group(1))
    tally = Tally("byte flip in a file-cache record", "save gives the exact bytes or a one-line error, nothing wrong "
                  "saved; no traceback")
    for seed in tally.seeds(4, short=1):
        tally.iterations += 1
        rng = random.Random(seed)
        first = len(cli.stderr)
        try:
            code, _, err = await cli.run(*b, "download", file_id, "--to", dl, "--overwrite")
            assert code == 0, err
            [record] = [p for p in (cli.home / "bob" / "files").glob("*.bcf")]
            offset = flip_byte(record, rng)
            (dl / "notes.bin").unlink()
            code, out, err = await cli.run(*b, "download", file_id, "--to", dl)
            saved = dl / "notes.bin"
            if code == 0:
                tally.check(seed, saved.read_bytes() == body, f"record byte {offset}: wrong bytes saved")
            else:
                last = err.strip().splitlines()[-1] if err.strip() else ""
                tally.check(seed, last.startswith("beacon: "), f"record byte {offset}: no clear error: {err.strip()[-300:]!r}")
                tally.check(seed, not saved.exists(), f"record byte {offset}: a file was saved anyway")
            tally.check(seed, not tracebacks(*cli.stderr[first:]), f"record byte {offset}: traceback: {tracebacks(*cli.stderr[first:])[:1]}")
        except Exception:
            tally.crashed(seed)
        finally:
            for p in (cli.home / "bob" / "files").glob("*.bcf"):
                p.unlink()  # the next iteration downloads afresh
            for p in dl.iterdir():
                p.unlink()
    tally.finish()
