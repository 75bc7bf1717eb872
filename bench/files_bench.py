"""Upload and download a 100 MB file over loopback through the relay's /files endpoint,
beside a raw websocket transfer of the same bytes in the same run, with peak memory.

The relay runs in its own process; the same process also serves a bare websocket
endpoint that writes what it receives to a file (raw upload) or sends a file (raw
download), with the same chunk size. Ours: hash + resumable upload + dedup check +
SHA-256 verification on the relay; download into the AES-256-GCM encrypted cache.

    .venv/bin/python bench/files_bench.py [--mb 100] [--runs 5] [--out docs/perf/files.md]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import cpu_seconds, machine, machine_markdown, rss_kb, write_section  # noqa: E402
from desktop.protocol import files as fp  # noqa: E402
from desktop.protocol.version import MAX_FRAME_BYTES  # noqa: E402

CHILD = r"""
import asyncio, sys
from pathlib import Path
from websockets.asyncio.server import serve
from server_stub.server import Relay
from server_stub.config import RelayConfig

data, raw_dir, src = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])

async def raw(ws):
    path = ws.request.path
    if path == "/raw-up":
        size = int(await ws.recv())
        got = 0
        with open(raw_dir / "up.bin", "wb") as f:
            while got < size:
                chunk = await ws.recv()
                f.write(chunk)
                got += len(chunk)
        await ws.send("ok")
    else:
        with open(src, "rb") as f:
            while block := f.read(%(chunk)d):
                await ws.send(block)
        await ws.send("end")

async def main():
    relay = Relay(data, "127.0.0.1", 0, config=RelayConfig(max_file_bytes=1 << 40))
    await relay.start()
    server = await serve(raw, "127.0.0.1", 0, max_size=%(max)d, compression=None)
    print(relay.port, server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
""" % {"chunk": fp.CHUNK_BYTES, "max": MAX_FRAME_BYTES}


class PeakRss:
    """Samples this process's RSS every 5 ms; peak above the starting level. Reads
    /proc/<pid>/statm with one pread on an open descriptor: the sampler must not take
    the GIL from the transfer's threads for longer than a syscall."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._page_kb = os.sysconf("SC_PAGE_SIZE") // 1024

    def _rss(self) -> int:
        return int(os.pread(self._fd, 64, 0).split()[1]) * self._page_kb

    def __enter__(self):
        self._fd = os.open(f"/proc/{self.pid}/statm", os.O_RDONLY)
        self.base = self._rss()
        self.peak = self.base
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def _run(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self._rss())

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, self._rss())
        os.close(self._fd)


def make(path: Path, size: int) -> None:
    with open(path, "wb") as f:
        left = size
        while left:
            n = min(left, 1 << 20)
            f.write(os.urandom(n))
            left -= n


async def raw_upload(port: int, src: Path) -> None:
    from websockets.asyncio.client import connect

    async with connect(f"ws://127.0.0.1:{port}/raw-up", max_size=MAX_FRAME_BYTES, compression=None) as ws:
        await ws.send(str(src.stat().st_size))
        with open(src, "rb") as f:
            while block := f.read(fp.CHUNK_BYTES):
                await ws.send(block)
        assert await ws.recv() == "ok"


async def raw_download(port: int, out: Path) -> None:
    from websockets.asyncio.client import connect

    async with connect(f"ws://127.0.0.1:{port}/raw-down", max_size=MAX_FRAME_BYTES, compression=None) as ws:
        with open(out, "wb") as f:
            while True:
                data = await ws.recv()
                if isinstance(data, str):
                    break
                f.write(data)


def cpu_self() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


KINDS = ("raw_up", "up", "up_hash_first", "raw_down", "down")
LABELS = {
    "raw_up": "raw websocket upload",
    "up": "Beacon upload, streaming (hash not known: sent while hashed)",
    "up_hash_first": "Beacon upload, hash first (the path before #17)",
    "raw_down": "raw websocket download",
    "down": "Beacon download (encrypted cache)",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "perf" / "files.md")
    args = ap.parse_args()

    from desktop.filecache.cache import FileCache
    from desktop.net.sync import SyncEngine
    from desktop.net.transfer import FileClient, sha256_of
    from desktop.protocol import frames as fr
    from desktop.protocol.ids import new_client_id
    from desktop.secrets import CacheKey
    from desktop.store import Store
    from desktop.store.files import FileStore
    from server_stub import admin

    size = args.mb * 1024 * 1024
    wall: dict[str, list[float]] = {k: [] for k in KINDS}
    cpu_client: dict[str, list[float]] = {k: [] for k in KINDS}
    cpu_relay: dict[str, list[float]] = {k: [] for k in KINDS}
    peak: dict[str, list[int]] = {k: [] for k in KINDS}
    loads: list[float] = []
    hash_s: list[float] = []
    fsync_s: list[float] = []
    relay_peak: list[int] = []
    for run in range(args.runs):
        tmp = Path(tempfile.mkdtemp(prefix="files-bench-"))
        try:
            data, raw_dir = tmp / "relay", tmp / "raw"
            raw_dir.mkdir()
            token = admin.add_user(data, "alice")
            general = admin.add_channel(data, "general", members=["alice"])
            src, src2 = tmp / "src.bin", tmp / "src2.bin"
            make(src, size)
            make(src2, size)  # another file for the hash-first upload (src would be deduplicated)

            t = time.perf_counter()
            sha256_of(src)
            hash_s.append(time.perf_counter() - t)
            with open(tmp / "sync.bin", "wb") as f:
                with open(src, "rb") as s:
                    while block := s.read(1 << 20):
                        f.write(block)
                f.flush()
                t = time.perf_counter()
                os.fsync(f.fileno())
                fsync_s.append(time.perf_counter() - t)
            (tmp / "sync.bin").unlink()
            child = subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(raw_dir), str(src)],
                                     stdout=subprocess.PIPE, text=True, cwd=ROOT,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})
            relay_port, raw_port = map(int, child.stdout.readline().split())
            relay_start = rss_kb(child.pid)

            def timed(kind: str, coro_fn):
                os.sync()  # the previous step's dirty pages must not throttle this one's writes
                with PeakRss(os.getpid()) as mem:
                    c0, r0 = cpu_self(), cpu_seconds(child.pid)
                    t0 = time.perf_counter()
                    out = asyncio.run(coro_fn())
                    wall[kind].append(time.perf_counter() - t0)
                    cpu_client[kind].append(cpu_self() - c0)
                    cpu_relay[kind].append(cpu_seconds(child.pid) - r0)
                peak[kind].append(mem.peak - mem.base)
                return out

            try:
                url = f"ws://127.0.0.1:{relay_port}"
                loads.append(os.getloadavg()[0])
                client = FileClient(url, token)
                old = FileClient(url, token)
                old.stream_min_bytes = 1 << 62  # hash first, then put by hash (as before)
                # Odd runs measure raw first, even runs Beacon first: order effects cancel out.
                ours_first = run % 2 == 1
                if not ours_first:
                    timed("raw_up", lambda: raw_upload(raw_port, src))
                result = timed("up", lambda: client.upload(src, general))
                assert not result.deduplicated
                other = timed("up_hash_first", lambda: old.upload(src2, general))
                assert not other.deduplicated and other.resumed_from == 0
                if ours_first:
                    timed("raw_up", lambda: raw_upload(raw_port, src))

                if not ours_first:
                    timed("raw_down", lambda: raw_download(raw_port, tmp / "raw-down.bin"))
                store = Store.open(tmp / "profile" / "cache.db", CacheKey.random())
                try:
                    store.enqueue(fr.ShareFile(id=new_client_id(), channel=general, sha256=result.sha256,
                                               size=size, name="src.bin"))
                    asyncio.run(SyncEngine(store, url, token).sync_once())
                    files = FileStore(store)
                    row = files.files()[0]
                    cache = FileCache(tmp / "profile", files)
                    timed("down", lambda: client.download(row.id, cache.writer(row.sha256)))
                    assert cache.has(row.sha256)
                finally:
                    store.close()
                if ours_first:
                    timed("raw_down", lambda: raw_download(raw_port, tmp / "raw-down.bin"))
                loads.append(os.getloadavg()[0])
                hwm = [line for line in Path(f"/proc/{child.pid}/status").read_text().splitlines()
                       if line.startswith("VmHWM")]
                relay_peak.append(int(hwm[0].split()[1]) - relay_start)
            finally:
                child.kill()
                child.wait()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"run {run + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in wall.items())
              + f" (load {os.getloadavg()[0]:.2f})", flush=True)

    med = {k: statistics.median(v) for k, v in wall.items()}
    mbps = {k: args.mb / v for k, v in med.items()}
    ratios = {k: [r / o for r, o in zip(wall[raw], wall[k])]
              for k, raw in (("up", "raw_up"), ("up_hash_first", "raw_up"), ("down", "raw_down"))}
    ratio = {k: statistics.median(v) for k, v in ratios.items()}
    rows = "\n".join(
        f"| {LABELS[k]} | {med[k]:.3f} s | {mbps[k]:.0f} | "
        f"{statistics.median(cpu_client[k]):.2f} + {statistics.median(cpu_relay[k]):.2f} | "
        f"{max(peak[k]) / 1024:.1f} MB | {', '.join(f'{x:.2f}' for x in wall[k])} |"
        for k in KINDS)
    met = "met" if min(ratio["up"], ratio["down"]) >= 0.8 else "not met"
    body = f"""### {args.mb} MB upload and download over loopback

{machine_markdown(machine())}
- load average (1 min) during the runs: median {statistics.median(loads):.2f} (min {min(loads):.2f}, max {max(loads):.2f})

Relay in its own process on 127.0.0.1; made by `bench/files_bench.py --mb {args.mb} --runs {args.runs}`.
**Beacon**: upload = the resumable `/files` upload; *streaming* is what the client
does when the hash is not known yet (the bytes go while the client hashes them; the
relay hashes as it writes, checks its own hash against `put_end` and fsyncs before
publishing the blob); *hash first* hashes the whole file, then puts it by hash (what
every upload did before, still used when the hash is known, for dedup and resume).
Download = `/files` get into the AES-256-GCM encrypted file cache (SHA-256 verified,
fsynced). **Raw**, same run, same relay process, same chunk size
({fp.CHUNK_BYTES // 1024} KiB): a bare websocket that writes the received bytes to a
file (up) or sends a file (down), no hash, no fsync. CPU: seconds of CPU time used by
the client process + the relay process during the transfer (median; the relay's is
counted in 10 ms ticks). Peak memory: client RSS growth during the transfer (sampled
every 5 ms, largest of the runs). Before each timed transfer the bench calls sync()
(the previous step's dirty pages would otherwise throttle this one's writes), and
every other run measures Beacon before raw instead of after.

| | median of {args.runs} | MB/s | CPU s client + relay | client peak RSS growth | runs (s) |
|---|---|---|---|---|---|
{rows}

- throughput vs raw (median of the per-run ratios): streaming upload **{ratio['up']:.2f}x**,
  hash-first upload {ratio['up_hash_first']:.2f}x, download **{ratio['down']:.2f}x**
  (target >= 0.8x: {met})
- relay process peak RSS growth over its start (VmHWM): {max(relay_peak) / 1024:.1f} MB
  (file: {args.mb} MB)
- one SHA-256 pass over {args.mb} MB in this process: {statistics.median(hash_s):.3f} s;
  fsync of {args.mb} MB just written: {statistics.median(fsync_s):.3f} s
"""
    write_section(args.out, f"files-{args.mb}mb", body)  # one section per size; the rest of the page stays
    print(body)


if __name__ == "__main__":
    main()
