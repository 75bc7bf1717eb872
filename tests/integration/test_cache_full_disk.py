"""Reading a cache on a 100% full disk works (`beacon read`, `search`, `outbox`); writing
still says the disk is full. A real tmpfs, filled to the last byte (needs root to mount:
skipped, saying so, where mounting is not permitted)."""

from __future__ import annotations

import asyncio
import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from tests.client_kit import CLI, cli_env, engine, open_profile


@pytest.fixture
def full_tmpfs(tmp_path):
    """A 16 MiB tmpfs; the test fills it with `fill()` once its files are in place."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs (CI runs as root)")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {proc.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(mount: Path) -> None:
    fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    assert shutil.disk_usage(mount).free == 0


async def beacon(tmp_path, *args) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *CLI, *args, env=cli_env(tmp_path), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode, out.decode(), err.decode()


async def test_read_and_search_work_on_a_full_disk(tmp_path, workspace, relay, full_tmpfs):
    general = workspace.channels["general"]
    alice = open_profile(full_tmpfs / "alice")
    sync = engine(alice, relay.url, workspace.tokens["alice"])
    await sync.sync_once()
    alice.enqueue(fr.Post(id=new_client_id(), channel=general, text="budget meeting 预算会议 on Wednesday"))
    await sync.sync_once()
    alice.enqueue(fr.Post(id=new_client_id(), channel=general, text="queued before the disk filled"))
    alice.close()
    fill(full_tmpfs)

    p = ["--profile", str(full_tmpfs / "alice")]
    code, out, err = await beacon(tmp_path, *p, "read", "general")
    assert code == 0, err
    assert "预算会议" in out and "queued before the disk filled  (pending)" in out
    code, out, err = await beacon(tmp_path, *p, "search", "会议")
    assert code == 0 and "budget meeting" in out, err
    code, out, err = await beacon(tmp_path, *p, "outbox")
    assert code == 0 and "post  pending" in out, err
    code, out, err = await beacon(tmp_path, *p, "send", "general", "x" * 3000)
    assert code == 1 and "is full; free some space" in err and err.count("\n") == 1, err

    (full_tmpfs / "filler").unlink()  # space again: a normal open, and the queued post still goes
    alice = open_profile(full_tmpfs / "alice")
    try:
        assert not alice.read_only_disk_full
        report = await engine(alice, relay.url, workspace.tokens["alice"]).sync_once()
        assert report.sent == 1
    finally:
        alice.close()
