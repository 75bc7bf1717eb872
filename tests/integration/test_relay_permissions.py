"""The relay's data is private whatever the umask it is started with (issue 11, item 12):
the data directory and every directory in it 0700, every file 0600 — database, -wal,
-shm, blobs and partial uploads. The relay runs as a real `beacon-relay` process
(`python -m server_stub`) started with the umask under test. (The relay writes no log
files: it logs to stderr.)"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import stat
import sys
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from desktop.protocol import files as fp
from desktop.protocol import frames as fr
from tests.relay_client import WireClient

REPO = Path(__file__).resolve().parents[2]


async def _run(umask: int, *args: str, stdout=asyncio.subprocess.PIPE):
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server_stub", *args, stdout=stdout,
        stderr=asyncio.subprocess.PIPE, cwd=REPO, umask=umask,
    )


async def _admin(umask: int, data: Path, *args: str) -> str:
    proc = await _run(umask, "admin", "--data", str(data), *args)
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    return out.decode().strip().splitlines()[-1]


def _modes(data: Path) -> dict[str, str]:
    found = {".": oct(stat.S_IMODE(data.stat().st_mode))}
    for path in data.rglob("*"):
        found[str(path.relative_to(data))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def _wrong(modes: dict[str, str], data: Path) -> dict[str, str]:
    return {name: mode for name, mode in modes.items()
            if mode != ("0o700" if (data / name).is_dir() else "0o600")}


@pytest.mark.parametrize("umask", [0o022, 0o000])
async def test_data_dir_0700_and_files_0600_whatever_the_umask(tmp_path, umask):
    data = tmp_path / "relay"
    if umask == 0:
        data.mkdir(mode=0o777)  # made by hand (or an older relay) world-readable: fixed too
        os.chmod(data, 0o777)
    token = await _admin(umask, data, "add-user", "alice")
    channel = await _admin(umask, data, "add-channel", "general", "--members", "alice")
    server = await _run(umask, "serve", "--data", str(data), "--port", "0")
    try:
        line = (await asyncio.wait_for(server.stdout.readline(), 20)).decode().strip()
        assert line.startswith("listening ws://127.0.0.1:"), line
        url = line.split()[1]
        alice = await WireClient(url, token).connect()
        assert isinstance(await alice.post(channel, "hello"), fr.Ack)
        whole, part = os.urandom(300_000), os.urandom(500_000)
        async with connect(url + fp.FILES_PATH, max_size=None) as ws:
            await ws.send(fp.encode(fp.Auth(token=token)))
            assert isinstance(fp.decode_server(await ws.recv()), fp.Ready)
            for data_, sent in ((whole, len(whole)), (part, 200_000)):
                await ws.send(fp.encode(fp.Put(channel=channel, sha256=hashlib.sha256(data_).hexdigest(),
                                               size=len(data_))))
                assert isinstance(fp.decode_server(await ws.recv()), fp.PutOk)
                for i in range(0, sent, fp.CHUNK_BYTES):
                    await ws.send(data_[i:min(i + fp.CHUNK_BYTES, sent)])
                if sent == len(data_):
                    assert isinstance(fp.decode_server(await ws.recv()), fp.Stored)
        partial_dir = data / "blobs" / "partial"
        for _ in range(200):  # the relay closes the interrupted upload's file
            if any(p.stat().st_size == 200_000 for p in partial_dir.iterdir()):
                break
            await asyncio.sleep(0.02)
        await alice.close()
        running = _modes(data)
        names = set(running)
        assert {"relay.db", "relay.db-wal", "relay.db-shm"} <= names, names
        sha = hashlib.sha256(whole).hexdigest()
        assert f"blobs/{sha[:2]}/{sha}" in names and any(n.startswith("blobs/partial/") for n in names), names
        assert _wrong(running, data) == {}, running
    finally:
        if server.returncode is None:
            server.send_signal(signal.SIGTERM)
            await asyncio.wait_for(server.wait(), 20)
        await server.stdout.read()
        await server.stderr.read()
    after = _modes(data)
    assert _wrong(after, data) == {}, after
