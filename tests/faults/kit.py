"""Shared machinery of the fault suite: seeds, the violation tally and the after-checks.

Every fault module runs `for seed in tally.seeds(n, short=k)`, injects one fault per seed, and
calls the checks below; a failed check is a violation (counted, reported with its seed,
and failing the test at the end). `BEACON_FAULTS_ITER` scales the number of iterations,
`BEACON_FAULTS_SEED` the seeds; `BEACON_FAULTS_REPORT` collects one JSON line per test.
Replay one failure with BEACON_FAULTS_ONLY=<seed>.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from tests.client_kit import PASSPHRASE
from tests.faults.report import record

REPO = Path(__file__).resolve().parents[2]
ITER = max(1, int(os.environ.get("BEACON_FAULTS_ITER", "1")))
SEED = int(os.environ.get("BEACON_FAULTS_SEED", "20261202"))
ONLY = os.environ.get("BEACON_FAULTS_ONLY")

# Written into every message and file of the suite; none may be found in a profile on disk.
MARKERS = ("FAULTMARK", "机密标记")


def marked(seed: int, i: int) -> str:
    return f"FAULTMARK {seed} #{i} 机密标记"


class Tally:
    """Iterations and violations of one fault; `finish()` records and asserts."""

    def __init__(self, fault: str, checks: str):
        self.fault, self.checks = fault, checks
        self.iterations = 0
        self.violations: list[str] = []
        self.seed = SEED

    def seeds(self, per_iter: int, short: int) -> list[int]:
        """Iteration seeds derived from the suite seed: `short` of them in the short run
        (BEACON_FAULTS_ITER=1, inside `make test`), else `per_iter * BEACON_FAULTS_ITER`."""
        if ONLY:
            return [int(ONLY)]
        rng = random.Random(f"{SEED}/{self.fault}")
        return [rng.randrange(1 << 32) for _ in range(short if ITER == 1 else per_iter * ITER)]

    def check(self, seed: int, ok: bool, what: str) -> bool:
        if not ok:
            self.violations.append(f"{self.fault} seed {seed}: {what}")
        return ok

    def crashed(self, seed: int) -> None:
        """The iteration itself raised: a violation too (with the last frames)."""
        tb = "".join(traceback.format_exc(limit=-4))
        self.violations.append(f"{self.fault} seed {seed}: raised\n{tb}")

    def finish(self) -> None:
        record(self.fault, self.iterations, len(self.violations), self.seed, self.checks)
        replay = "replay one with BEACON_FAULTS_ONLY=<seed>"
        assert not self.violations, f"{len(self.violations)} violation(s), {replay}:\n" + "\n".join(self.violations[:15])


# ---- the after-checks ----------------------------------------------------------------


def plaintext_on_disk(root: Path, markers=MARKERS, skip: tuple[Path, ...] = ()) -> list[str]:
    """Files under `root` (not under `skip`) whose raw bytes hold a marker string."""
    needles = [m.encode("utf-8") for m in markers]
    hits = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink() or any(path.is_relative_to(s) for s in skip):
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        hits += [f"{path.relative_to(root)} holds {n.decode()!r}" for n in needles if n in data]
    return hits


def tracebacks(*texts: str) -> list[str]:
    """The exception line of every Python traceback in `texts`."""
    found = []
    for text in texts:
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("Traceback (most recent call last)"):
                end = next((x for x in lines[i + 1:] if x and not x.startswith(" ")), "?")
                found.append(end)
    return found


class Tree:
    """A snapshot of every file under `root`: what appeared or changed outside `allowed`."""

    def __init__(self, root: Path):
        self.root = root
        self.before = self._scan()

    def _scan(self) -> dict[str, tuple[int, int]]:
        out = {}
        for path in self.root.rglob("*"):
            try:
                st = path.lstat()
            except FileNotFoundError:
                continue
            if not path.is_dir() or path.is_symlink():
                out[str(path)] = (st.st_size, st.st_mtime_ns)
        return out

    def written_outside(self, *allowed: Path) -> list[str]:
        after = self._scan()
        changed = [p for p, v in after.items() if self.before.get(p) != v]
        return [p for p in changed if not any(Path(p).is_relative_to(a) for a in allowed)]


# ---- the CLI as a real process -------------------------------------------------------


def sandbox_env(home: Path) -> dict[str, str]:
    """The CLI's environment with HOME and every XDG folder inside the test's sandbox."""
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        BEACON_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONPATH=str(REPO),
    )
    env.pop("BEACON_LOG_DIR", None)
    return env


def log_dir(home: Path) -> Path:
    return home / ".local/state/Beacon"


class Cli:
    """Runs `beacon …` in a sandbox; `kill_after` SIGKILLs it mid-way."""

    def __init__(self, home: Path):
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        self.env = sandbox_env(home)
        self.stderr: list[str] = []  # every run's stderr, for the traceback check
        self.kills = 0  # runs that really died by SIGKILL (a kill after the exit does not count)

    async def run(self, *args, timeout: float = 60.0, kill_after: float | None = None) -> tuple[int, str, str]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "desktop.cli", *map(str, args), env=self.env, cwd=self.home,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        talk = asyncio.ensure_future(proc.communicate())
        if kill_after is not None:
            done, _ = await asyncio.wait({talk}, timeout=kill_after)
            if not done:
                try:
                    proc.send_signal(signal.SIGKILL)
                except ProcessLookupError:
                    pass
        out, err = await asyncio.wait_for(talk, timeout)
        self.kills += proc.returncode == -signal.SIGKILL
        self.stderr.append(err.decode(errors="replace"))
        return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


# ---- the relay as a real process -----------------------------------------------------


class RelayProc:
    """`python -m server_stub serve` on a fixed port (so clients reconnect after a restart)."""

    def __init__(self, data: Path, port: int, log: Path, extra: tuple[str, ...] = ()):
        self.data, self.port, self.log, self.extra = data, port, log, extra
        self.proc: asyncio.subprocess.Process | None = None
        self.url = f"ws://127.0.0.1:{port}"

    async def start(self) -> "RelayProc":
        with open(self.log, "ab") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "server_stub", "serve", "--data", str(self.data),
                "--port", str(self.port), *self.extra,
                stdout=asyncio.subprocess.PIPE, stderr=log, cwd=REPO,
            )
        line = (await asyncio.wait_for(self.proc.stdout.readline(), 30)).decode().strip()
        assert line == f"listening {self.url}", (line, self.log.read_text(errors="replace")[-2000:])
        return self

    async def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()
            await self.proc.stdout.read()

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        if self.proc is not None:
            await self.proc.stdout.read()

    def log_text(self, since: int = 0) -> str:
        """The relay's stderr log (from character `since`: one iteration's part)."""
        return self.log.read_text(errors="replace")[since:] if self.log.exists() else ""


def flip_byte(path: Path, rng: random.Random, lo: int = 0) -> int:
    """XOR one byte at a seeded offset (at or after `lo`) of `path`; returns the offset."""
    size = path.stat().st_size
    offset = rng.randrange(min(lo, size - 1), size)
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ (1 << rng.randrange(8))]))
    return offset


# ---- a small disk ---------------------------------------------------------------------


@contextlib.contextmanager
def small_tmpfs(path: Path, size: str):
    """A tmpfs of `size` mounted at `path` (needs root, as in CI); skips the test otherwise."""
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a {size} tmpfs for the full-disk faults (needs root): {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(disk: Path, leave: int) -> Path:
    """Fill the file system of `disk` up to `leave` free bytes with a filler file."""
    filler = disk / "filler"
    filler.unlink(missing_ok=True)
    st = os.statvfs(disk)
    want = max(0, st.f_bavail * st.f_frsize - leave)
    try:
        with open(filler, "wb") as f:
            while want > 0:
                n = min(want, 1 << 20)
                f.write(b"\0" * n)
                want -= n
    except OSError:
        pass  # full already
    return filler
