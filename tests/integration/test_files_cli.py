"""`beacon upload | files | download | keep-offline` as real processes against a real relay."""

from __future__ import annotations

import asyncio
import hashlib
import signal

from server_stub.config import RelayConfig
from server_stub.files import blob_root
from server_stub.server import Relay
from tests.client_kit import CLI, cli_env
from tests.integration.test_files_transfer import MB, make_file


async def beacon(tmp_path, *args, timeout: float = 60.0) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *CLI, *args, env=cli_env(tmp_path), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    return proc.returncode, out.decode(), err.decode()


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_cli_share_list_download_keep_offline(tmp_path, workspace, relay):
    a = ["--profile", str(tmp_path / "alice")]
    b = ["--profile", str(tmp_path / "bob")]
    d = ["--profile", str(tmp_path / "dave")]
    for who, p in (("alice", a), ("bob", b), ("dave", d)):
        code, _, err = await beacon(tmp_path, *p, "login", "--relay", relay.url, "--token", workspace.tokens[who])
        assert code == 0, err
    doc = make_file(tmp_path / "Budget 2025.xlsx", 300_000)
    pic = make_file(tmp_path / "screen.png", 50_000, seed=2)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = await beacon(tmp_path, *a, "upload", "#general", str(doc), str(pic), str(empty), "--caption", "see these")
    assert code == 0, err
    assert out.count("shared ") == 3 and "as file" in out

    code, out, err = await beacon(tmp_path, *b, "sync")
    assert code == 0, err
    code, out, _ = await beacon(tmp_path, *b, "files", "general")
    assert "Budget 2025.xlsx" in out and "spreadsheet" in out and "screen.png" in out and "alice" in out
    code, out, _ = await beacon(tmp_path, *b, "files", "--type", "image")
    assert "screen.png" in out and "Budget" not in out
    code, out, _ = await beacon(tmp_path, *b, "files", "--search", "budget")
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and "Budget 2025.xlsx" in lines[0] and "[offline]" not in lines[0]
    file_id = lines[0].split()[0]

    dest = tmp_path / "dest"
    dest.mkdir()
    code, out, err = await beacon(tmp_path, *b, "download", file_id, "--to", str(dest))
    assert code == 0, err
    assert sha(dest / "Budget 2025.xlsx") == sha(doc)
    code, _, err = await beacon(tmp_path, *b, "download", file_id, "--to", str(dest))
    assert code == 1 and "--overwrite" in err and "Traceback" not in err
    code, _, err = await beacon(tmp_path, *b, "download", file_id, "--to", str(dest), "--overwrite")
    assert code == 0, err
    code, out, _ = await beacon(tmp_path, *b, "files", "--search", "budget")
    assert "[offline]" in out  # now held (encrypted) in bob's cache

    code, out, err = await beacon(tmp_path, *b, "keep-offline", file_id)
    assert code == 0 and "kept offline" in out, err
    code, out, _ = await beacon(tmp_path, *b, "files")
    assert "[kept offline]" in out

    # A zero budget evicts what is not kept offline; the kept file stays.
    other = [line.split()[0] for line in (await beacon(tmp_path, *b, "files"))[1].splitlines() if "screen.png" in line][0]
    assert (await beacon(tmp_path, *b, "download", other, "--to", str(dest)))[0] == 0
    code, out, err = await beacon(tmp_path, *b, "file-cache", "--budget", "0")
    assert code == 0 and "removed 1 file" in out, (out, err)
    code, out, _ = await beacon(tmp_path, *b, "files")
    assert "[offline]" not in [line for line in out.splitlines() if "screen.png" in line][0]
    assert "[offline] [kept offline]" in [line for line in out.splitlines() if "Budget" in line][0]

    # dave is not in #general: the CLI refuses, and so would the relay.
    code, _, err = await beacon(tmp_path, *d, "upload", "general", str(doc))
    assert code == 1 and ("not a member" in err or "no channel" in err)
    code, _, err = await beacon(tmp_path, *d, "download", file_id, "--to", str(dest))
    assert code == 1 and "Traceback" not in err

    # Offline: the list and a cached file still work.
    await relay.stop()
    code, out, _ = await beacon(tmp_path, *b, "files")
    assert code == 0 and "Budget 2025.xlsx" in out
    off = tmp_path / "off"
    off.mkdir()
    code, out, err = await beacon(tmp_path, *b, "download", file_id, "--to", str(off))
    assert code == 0 and sha(off / "Budget 2025.xlsx") == sha(doc), err


async def test_cli_too_large_is_refused_before_uploading(tmp_path, workspace):
    server = Relay(workspace.data, "127.0.0.1", 0, config=RelayConfig(poll_interval_s=0.05, max_file_bytes=100_000))
    await server.start()
    try:
        a = ["--profile", str(tmp_path / "alice")]
        assert (await beacon(tmp_path, *a, "login", "--relay", server.url, "--token", workspace.tokens["alice"]))[0] == 0
        small = make_file(tmp_path / "small.txt", 10)
        big = make_file(tmp_path / "big.mov", 100_001)
        code, _, err = await beacon(tmp_path, *a, "upload", "general", str(small), str(big))
        assert code == 1 and "big.mov" in err and "up to" in err
        assert not (blob_root(workspace.data)).exists()  # not even the small one went
    finally:
        await server.stop()


async def test_cli_killed_mid_upload_resumes_with_identical_bytes(tmp_path, workspace, relay):
    a = ["--profile", str(tmp_path / "alice")]
    assert (await beacon(tmp_path, *a, "login", "--relay", relay.url, "--token", workspace.tokens["alice"]))[0] == 0
    src = make_file(tmp_path / "video.mp4", 100 * MB, seed=5)
    partial = blob_root(workspace.data) / "partial"
    proc = await asyncio.create_subprocess_exec(
        *CLI, *a, "upload", "general", str(src), env=cli_env(tmp_path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    killed_at = 0
    for _ in range(20000):
        held = [p.stat().st_size for p in partial.glob("*")] if partial.exists() else []
        if held and held[0] > 4 * MB:
            proc.send_signal(signal.SIGKILL)
            killed_at = held[0]
            break
        await asyncio.sleep(0.001)
    await proc.wait()
    assert 0 < killed_at < 100 * MB, "the upload finished before it could be killed"
    code, out, err = await beacon(tmp_path, *a, "upload", "general", str(src), timeout=120)
    assert code == 0, err
    assert "resumed at" in out and "shared video.mp4" in out
    stored = next((blob_root(workspace.data)).glob("??/*"))
    assert stored.stat().st_size == 100 * MB and sha(stored) == sha(src)
    # One share, not two: the interrupted attempt left no duplicate in the channel.
    code, out, _ = await beacon(tmp_path, *a, "files", "general")
    assert out.count("video.mp4") == 1
