"""Real PostgreSQL and nats-server processes for the cluster tests (issue #14).

Both bind 127.0.0.1 on a free port and keep their data in a temporary directory
that is removed on exit, whatever happened in the test. Each server runs in its
own session; `kill()` freezes it and SIGKILLs it with all its children (the
PostgreSQL backends call setsid(), so a process-group kill would miss them): a
real crash. Cleanup waits until every one of them is gone.

PostgreSQL: the Debian binaries live in /usr/lib/postgresql/<major>/bin (not on
PATH); the newest major is used. initdb and postgres refuse to run as root, so
under root they run as the `postgres` system user (or `nobody` where the package
did not create it), switched in the child with subprocess's user=/group= (the
same setuid/setgid that runuser/setpriv do, without an extra parent process
that a SIGKILL would orphan). One cluster is initdb'd per test session and
copied for every further server, so a private server costs a copy and a start.

If a binary is missing the tests are skipped, unless CI is set: then they fail,
since CI installs both and must run them.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid
import weakref
from pathlib import Path
from typing import Iterator

NATS_BIN_CANDIDATES = ("/usr/sbin/nats-server", "/usr/bin/nats-server")
PG_USER = "beacon"  # the cluster's superuser (trust auth on 127.0.0.1 only)


class ServerUnavailable(RuntimeError):
    """A binary is missing or a server did not come up."""


def missing(reason: str) -> None:
    """Skip the calling test, or fail it under CI (CI installs both servers)."""
    import pytest

    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason} (CI is set: the cluster tests must run there)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<major>/bin with initdb and postgres, or None."""
    found = []
    for d in glob.glob("/usr/lib/postgresql/*/bin"):
        major = Path(d).parent.name
        if major.isdigit() and os.access(f"{d}/initdb", os.X_OK) and os.access(f"{d}/postgres", os.X_OK):
            found.append((int(major), Path(d)))
    return max(found)[1] if found else None


def nats_bin() -> Path | None:
    for p in (*NATS_BIN_CANDIDATES, shutil.which("nats-server")):
        if p and os.access(p, os.X_OK):
            return Path(p)
    return None


def _run_as() -> pwd.struct_passwd | None:
    """The unprivileged account to run PostgreSQL as (None: we are not root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise ServerUnavailable("running as root and neither a 'postgres' nor a 'nobody' account exists")


def _chown_tree(path: Path, account: pwd.struct_passwd | None) -> None:
    if account is None:
        return
    for root, dirs, files in os.walk(path):
        os.chown(root, account.pw_uid, account.pw_gid)
        for f in files:
            os.chown(os.path.join(root, f), account.pw_uid, account.pw_gid, follow_symlinks=False)


def _kill_group(proc: subprocess.Popen | None, sig: int, timeout: float) -> None:
    """Send `sig` to the server's process group and wait until every member is gone."""
    if proc is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout)
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # children (backends) may outlive the leader briefly
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        time.sleep(0.02)


def children(pid: int) -> list[int]:
    """Live child processes of `pid` (PostgreSQL's backends: each calls setsid(), so
    they are not in the postmaster's process group)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                fields = stat.rsplit(")", 1)[1].split()
                if int(fields[1]) == pid and fields[0] != "Z":
                    out.append(int(entry))
    return out


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _kill_tree(proc: subprocess.Popen | None, timeout: float = 10) -> None:
    """SIGKILL a postmaster and all its children at once (frozen first so it forks no more)."""
    if proc is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, signal.SIGSTOP)
    kids = children(proc.pid)
    for pid in (proc.pid, *kids):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _kill_group(proc, signal.SIGKILL, timeout)
    deadline = time.monotonic() + timeout
    while any(alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.01)


def _start_on_a_free_port(server, tries: int = 3) -> None:
    """First start: another process may take the free port before the server binds it."""
    for attempt in range(tries):
        try:
            return server.start()
        except ServerUnavailable:
            if attempt == tries - 1 or "in use" not in _tail(server.log).lower():
                raise
            server.port = free_port()
            if hasattr(server, "monitor_port"):
                server.monitor_port = free_port()


def _tail(path: Path, n: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-n:]
    except OSError:
        return ""


_LIVE: "weakref.WeakSet" = weakref.WeakSet()  # closed at interpreter exit, whatever the tests did


@atexit.register
def _close_all() -> None:
    for server in list(_LIVE):
        with contextlib.suppress(Exception):
            server.close()


def _exit_on_sigterm() -> None:
    """A test run stopped with SIGTERM (`timeout`, a CI runner) still runs the atexit
    cleanup above: Python's default for SIGTERM is to die without it, leaving private
    PostgreSQL servers behind."""
    import signal
    import threading

    def stop(signum, _frame) -> None:
        _close_all()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)  # then die of it, as without this handler

    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, stop)


_exit_on_sigterm()


_TEMPLATE: dict[str, Path] = {}  # bin dir -> an initdb'd cluster to copy (one per session)


class PostgresServer:
    """A private PostgreSQL on 127.0.0.1. Use as a context manager or call close().

    dsn           postgresql://beacon@127.0.0.1:PORT/postgres (the maintenance db)
    dsn_for(db)   the same for another database
    create_database(name=None, template=None) -> dsn of a new, empty database
    stop(mode)    "fast" (clean shutdown), "immediate" (no checkpoint: crash recovery on start)
    kill()        SIGKILL to postmaster and every backend at once (a crash)
    start()       (re)start on the same port and data dir; waits until it accepts
    restart(mode) stop(mode) then start()
    """

    def __init__(self, *, fsync: bool = True, settings: dict[str, str] | None = None):
        self.bin = pg_bin_dir()
        if self.bin is None:
            raise ServerUnavailable("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")
        self.account = _run_as()
        self.base = Path(tempfile.mkdtemp(prefix="beacon-pg-"))
        os.chmod(self.base, 0o700)
        self.data = self.base / "data"
        self.log = self.base / "postgres.log"
        self.port = free_port()
        self.host = "127.0.0.1"
        self.user = PG_USER
        self.proc: subprocess.Popen | None = None
        self.settings = {
            "listen_addresses": self.host,
            "unix_socket_directories": "",
            "fsync": "on" if fsync else "off",  # on: the tests measure durability
            "synchronous_commit": "on",
            "wal_level": "minimal",  # no replication here: less WAL per write
            "max_wal_senders": "0",
            "shared_buffers": "32MB",
            "max_connections": "60",
            "jit": "off",
            "max_wal_size": "256MB",
            "checkpoint_timeout": "30min",
            "log_min_messages": "warning",
            "log_checkpoints": "off",
            "dynamic_shared_memory_type": "mmap",  # segments in the data dir: removed with it after a crash
            **(settings or {}),
        }
        _LIVE.add(self)
        try:
            self._init_cluster()
            _chown_tree(self.base, self.account)
            _start_on_a_free_port(self)
        except BaseException:
            self.close()
            raise

    @property
    def dsn(self) -> str:
        return self.dsn_for("postgres")

    def dsn_for(self, db: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{db}"

    def _child_kwargs(self) -> dict:
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        kw: dict = {"start_new_session": True, "cwd": "/", "env": env}
        if self.account is not None:
            kw.update(user=self.account.pw_uid, group=self.account.pw_gid, extra_groups=[])
            kw["env"]["HOME"] = str(self.base)
        return kw

    def _init_cluster(self) -> None:
        key = str(self.bin)
        template = _TEMPLATE.get(key)
        if template is None or not template.exists():
            tdir = Path(tempfile.mkdtemp(prefix="beacon-pg-template-"))
            _chown_tree(tdir, self.account)
            out = subprocess.run(
                [self.bin / "initdb", "-D", tdir / "data", "-U", PG_USER, "-A", "trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
                capture_output=True, text=True, timeout=120, **self._child_kwargs(),
            )
            if out.returncode != 0:
                shutil.rmtree(tdir, ignore_errors=True)
                raise ServerUnavailable(f"initdb failed: {out.stderr[-2000:]}")
            template = _TEMPLATE[key] = tdir / "data"
            atexit.register(shutil.rmtree, tdir, True)
        shutil.copytree(template, self.data, symlinks=True)
        os.chmod(self.data, 0o700)

    def start(self, timeout: float = 60) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        args = [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port)]
        for k, v in self.settings.items():
            args += ["-c", f"{k}={v}"]
        logf = open(self.log, "ab")
        try:
            self.proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=logf, stderr=logf, **self._child_kwargs()
            )
        finally:
            logf.close()
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise ServerUnavailable(f"postgres exited with {self.proc.returncode}:\n{_tail(self.log)}")
            try:
                with psycopg.connect(self.dsn, connect_timeout=5) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise ServerUnavailable(f"postgres did not accept connections in {timeout}s:\n{_tail(self.log)}")
                time.sleep(0.05)

    def stop(self, mode: str = "fast", timeout: float = 60) -> None:
        sig = {"smart": signal.SIGTERM, "fast": signal.SIGINT, "immediate": signal.SIGQUIT}[mode]
        if self.proc is None:
            return
        kids = children(self.proc.pid)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, sig)  # the postmaster shuts its backends down itself
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(self.proc)
        deadline = time.monotonic() + 10
        while any(alive(k) for k in kids) and time.monotonic() < deadline:
            time.sleep(0.01)
        for k in kids:  # a backend that outlived its postmaster
            with contextlib.suppress(ProcessLookupError):
                if alive(k):
                    os.kill(k, signal.SIGKILL)
        self.proc = None

    def kill(self) -> None:
        _kill_tree(self.proc)
        self.proc = None

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def create_database(self, name: str | None = None, template: str | None = None) -> str:
        """CREATE DATABASE (from `template`, default template1) and return its DSN."""
        import psycopg
        from psycopg import sql

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        stmt = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            stmt = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
        with psycopg.connect(self.dsn, autocommit=True, connect_timeout=10) as conn:
            conn.execute(stmt)
        return self.dsn_for(name)

    def drop_database(self, name: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.dsn, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def _remove_stale_shm(self) -> None:
        """After a kill the postmaster leaves its small System V segment; remove it."""
        with contextlib.suppress(OSError, IndexError, ValueError):
            lines = (self.data / "postmaster.pid").read_text().splitlines()
            shmid = lines[6].split()[1]
            subprocess.run(["ipcrm", "-m", shmid], capture_output=True, timeout=10)

    def close(self) -> None:
        try:
            if self.proc is not None:
                self.kill()  # the data is about to go: no shutdown checkpoint to wait for
            self._remove_stale_shm()
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> "PostgresServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class NatsServer:
    """A private nats-server with JetStream on 127.0.0.1. Use as a context manager or close().

    url        nats://127.0.0.1:PORT
    kill()     SIGKILL (the store stays); stop() is a clean SIGTERM shutdown
    start()    (re)start on the same port and store dir; waits until JetStream is up
    restart()  kill() then start()
    """

    def __init__(self, *, settings: list[str] | None = None):
        self.bin = nats_bin()
        if self.bin is None:
            raise ServerUnavailable("nats-server is not installed (/usr/sbin/nats-server)")
        self.base = Path(tempfile.mkdtemp(prefix="beacon-nats-"))
        self.store = self.base / "store"
        self.log = self.base / "nats.log"
        self.port = free_port()
        self.monitor_port = free_port()
        self.extra = list(settings or [])
        self.proc: subprocess.Popen | None = None
        _LIVE.add(self)
        try:
            _start_on_a_free_port(self)
        except BaseException:
            self.close()
            raise

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        args = [str(self.bin), "-js", "-a", "127.0.0.1", "-p", str(self.port), "-m", str(self.monitor_port),
                "-sd", str(self.store), *self.extra]
        logf = open(self.log, "ab")
        try:
            self.proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=logf, stderr=logf, start_new_session=True, cwd="/"
            )
        finally:
            logf.close()
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.monitor_port}/healthz?js-enabled-only=true"
        while True:
            if self.proc.poll() is not None:
                raise ServerUnavailable(f"nats-server exited with {self.proc.returncode}:\n{_tail(self.log)}")
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise ServerUnavailable(f"nats-server not healthy in {timeout}s:\n{_tail(self.log)}")
            time.sleep(0.02)

    def kill(self) -> None:
        _kill_group(self.proc, signal.SIGKILL, 10)
        self.proc = None

    def stop(self, timeout: float = 20) -> None:
        _kill_group(self.proc, signal.SIGTERM, timeout)
        self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def close(self) -> None:
        try:
            self.kill()
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> "NatsServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _available(make):
    try:
        return make()
    except ServerUnavailable as e:
        if "not installed" in str(e):
            missing(str(e))
        raise


@contextlib.contextmanager
def postgres_server(**kw) -> Iterator[PostgresServer]:
    """A running private PostgreSQL (skips, or fails under CI, if it is not installed)."""
    server = _available(lambda: PostgresServer(**kw))
    try:
        yield server
    finally:
        server.close()


@contextlib.contextmanager
def nats_server(**kw) -> Iterator[NatsServer]:
    """A running private nats-server -js (skips, or fails under CI, if it is not installed)."""
    server = _available(lambda: NatsServer(**kw))
    try:
        yield server
    finally:
        server.close()
