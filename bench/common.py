"""Shared benchmark helpers: machine description, process stats, a lean websocket client."""

from __future__ import annotations

import base64
import datetime as _dt
import os
import platform
import re
import resource
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---- the machine ---------------------------------------------------------------


def machine() -> dict[str, str]:
    import msgspec
    import websockets

    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "websockets": websockets.__version__,
        "msgspec": msgspec.__version__,
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def machine_markdown(info: dict[str, str]) -> str:
    return "\n".join(f"- {k}: {v}" for k, v in info.items())


def raise_nofile(want: int = 16384) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(max(soft, want), hard)
    if target != soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


def pin(cpus: set[int] | None, pid: int = 0) -> None:
    """Restrict a process to `cpus` (None: leave it alone). Ignored where unsupported."""
    if cpus is None or not hasattr(os, "sched_setaffinity"):
        return
    available = set(range(os.cpu_count() or 1))
    chosen = {c for c in cpus if c in available} or available
    try:
        os.sched_setaffinity(pid, chosen)
    except OSError:
        pass


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all threads)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


def busy_cpu_seconds() -> float:
    """CPU time charged to processes on the whole machine (user + nice + system, from
    /proc/stat), in seconds. Interrupt and softirq time is left out: the loopback
    traffic of the benchmark itself is processed there, charged to no process."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system = (int(x) for x in fields[:3])
    return (user + nice + system) / _CLK_TCK


def percentile(sorted_values, p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def write_section(path: Path, marker: str, body: str) -> None:
    """Replace (or append) the block between `<!-- marker:start -->` and `<!-- marker:end -->`."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}\n"
    text = path.read_text() if path.exists() else ""
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail.lstrip("\n")
    else:
        text = (text.rstrip() + "\n\n" if text.strip() else "") + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


# ---- a lean websocket client ------------------------------------------------------
#
# A thousand receiving connections in Python cost more CPU on the client side than
# on the server under test. This client does the minimum per frame: split frames,
# answer pings, and hand complete frames' bytes to one regex per read. Server
# frames are never masked and the servers here never fragment.

MARK = re.compile(rb"@@(\d+):(\d+)@@")  # @@<run id>:<send time, monotonic ns>@@


def mask_frame(opcode: int, payload: bytes) -> bytes:
    """A masked client frame (FIN set). The mask is zero: legal, and cheap."""
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    return head + b"\x00\x00\x00\x00" + payload


class Sink:
    """Per-process tally of marked messages: count, first/last arrival, latencies (µs)."""

    def __init__(self):
        self.first: dict[bytes, int] = {}
        self.last: dict[bytes, int] = {}
        self.latencies: dict[bytes, list[int]] = {}

    def feed(self, data: bytes, now: int) -> None:
        for run, sent in MARK.findall(data):
            lats = self.latencies.get(run)
            if lats is None:
                lats = self.latencies[run] = []
                self.first[run] = now
            lats.append((now - int(sent)) // 1000)
            self.last[run] = now

    def count(self, run: int) -> int:
        return len(self.latencies.get(str(run).encode(), ()))

    def pop(self, run: int) -> tuple[int, int, int, list[int]]:
        """(count, first arrival ns, last arrival ns, latencies µs) of one run, forgotten after."""
        key = str(run).encode()
        lats = self.latencies.pop(key, [])
        return len(lats), self.first.pop(key, 0), self.last.pop(key, 0), lats


_monotonic_ns = __import__("time").monotonic_ns


class EpollReceivers:
    """Many receiving connections served by one epoll loop, without asyncio.

    asyncio costs ~15 µs of Python per read callback; at 50,000+ deliveries/s that
    alone would need more than the one core the clients get. Here a read is one
    recv(), a frame split and one regex over the complete frames.
    """

    def __init__(self, host: str, port: int, sink: Sink):
        import select
        import socket

        self.host, self.port, self.sink = host, port, sink
        self._socket, self._select = socket, select
        self.epoll = select.epoll()
        self.socks: dict[int, object] = {}
        self.bufs: dict[int, bytes] = {}
        self.closed: set[int] = set()

    def open(self, hellos: list[bytes], ready_marker: bytes, parallel: int = 64) -> int:
        """Connect one socket per hello and wait until each has seen `ready_marker`."""
        socket = self._socket
        pending = list(hellos)
        opening: dict[int, tuple[object, bytes, bytearray, int]] = {}  # fd -> (sock, hello, buf, stage)
        ep = self._select.epoll()
        ready = 0
        while pending or opening:
            while pending and len(opening) < parallel:
                hello = pending.pop()
                sock = socket.create_connection((self.host, self.port))
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                key = base64.b64encode(os.urandom(16)).decode()
                sock.sendall(
                    (
                        f"GET / HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nUpgrade: websocket\r\n"
                        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
                    ).encode()
                )
                sock.setblocking(False)
                opening[sock.fileno()] = (sock, hello, bytearray(), 0)
                ep.register(sock.fileno(), self._select.EPOLLIN)
            for fd, _ in ep.poll(30):
                sock, hello, buf, stage = opening[fd]
                chunk = sock.recv(65536)
                if not chunk:
                    raise ConnectionError("server closed a connection during setup")
                buf += chunk
                if stage == 0:
                    end = buf.find(b"\r\n\r\n")
                    if end < 0:
                        continue
                    if not buf.startswith(b"HTTP/1.1 101"):
                        raise ConnectionError(f"handshake refused: {bytes(buf[:80])!r}")
                    del buf[: end + 4]
                    sock.setblocking(True)
                    sock.sendall(mask_frame(0x1, hello))
                    sock.setblocking(False)
                    stage = 1
                if ready_marker in buf:
                    ep.unregister(fd)
                    del opening[fd]
                    self.socks[fd] = sock
                    self.bufs[fd] = b""
                    ready += 1
                else:
                    opening[fd] = (sock, hello, buf, stage)
        ep.close()
        for fd in self.socks:
            self.epoll.register(fd, self._select.EPOLLIN)
        return ready

    def run(self, control_fd: int, on_control) -> None:
        """Serve reads until `on_control()` (called when control_fd is readable) returns False."""
        self.epoll.register(control_fd, self._select.EPOLLIN)
        socks, bufs, feed, now_ns = self.socks, self.bufs, self.sink.feed, _monotonic_ns
        poll = self.epoll.poll
        while True:
            for fd, _ev in poll():
                if fd == control_fd:
                    if not on_control():
                        self.epoll.unregister(control_fd)
                        return
                    continue
                sock = socks[fd]
                try:
                    data = sock.recv(262144)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    self._drop(fd)
                    continue
                now = now_ns()
                if bufs[fd]:
                    data = bufs[fd] + data
                # Split into frames; keep a partial frame for the next read.
                n = len(data)
                pos = 0
                control = False
                while n - pos >= 2:
                    ln = data[pos + 1] & 0x7F
                    if ln < 126:
                        hdr = 2
                    elif ln == 126:
                        if n - pos < 4:
                            break
                        ln = (data[pos + 2] << 8) | data[pos + 3]
                        hdr = 4
                    else:
                        if n - pos < 10:
                            break
                        ln = int.from_bytes(data[pos + 2 : pos + 10], "big")
                        hdr = 10
                    end = pos + hdr + ln
                    if end > n:
                        break
                    op = data[pos] & 0x0F
                    if op >= 0x8:
                        control = True
                        if op == 0x9:
                            sock.send(mask_frame(0xA, data[pos + hdr : end]))
                        elif op == 0x8:
                            self._drop(fd)
                            break
                    pos = end
                if fd not in socks:
                    continue
                bufs[fd] = data[pos:] if pos < n else b""
                if pos:
                    feed(data if pos == n and not control else data[:pos], now)

    def _drop(self, fd: int) -> None:
        sock = self.socks.pop(fd, None)
        self.bufs.pop(fd, None)
        if sock is not None:
            self.closed.add(fd)
            try:
                self.epoll.unregister(fd)
            except (OSError, ValueError):
                pass
            sock.close()

    def close(self) -> None:
        for fd in list(self.socks):
            sock = self.socks.pop(fd)
            sock.close()
        self.epoll.close()


if sys.platform != "linux":  # pragma: no cover
    print("warning: these benchmarks read /proc and were written for Linux", file=sys.stderr)
