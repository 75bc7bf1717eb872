"""Logs go to the platform log directory, rotate, are private, and never carry tokens, keys or bodies."""

from __future__ import annotations

import asyncio
import io
import logging
import stat
import sys
import threading
from pathlib import Path

import pytest
from keyring.backends import fail

from desktop import logsetup
from desktop.net.sync import SyncEngine
from desktop.profile import open_store
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from server_stub import admin
from server_stub.server import Relay


@pytest.fixture(autouse=True)
def _restore_logging():
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    hooks, thread_hooks = sys.excepthook, threading.excepthook
    yield
    logsetup.shutdown()
    root.setLevel(level)
    root.handlers[:] = handlers
    sys.excepthook = hooks
    threading.excepthook = thread_hooks
    for name in logsetup.CHATTY:
        logging.getLogger(name).setLevel(logging.NOTSET)


def test_platform_log_dir_and_override(monkeypatch, tmp_path):
    monkeypatch.delenv(logsetup.ENV_LOG_DIR, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    if sys.platform.startswith("linux"):
        assert logsetup.log_dir() == tmp_path / "state" / "Beacon" / "log"
    monkeypatch.setenv(logsetup.ENV_LOG_DIR, str(tmp_path / "logs"))
    assert logsetup.log_dir() == tmp_path / "logs"


def test_writes_a_private_file_and_warnings_to_the_console(tmp_path):
    console = io.StringIO()
    path = logsetup.setup(directory=tmp_path / "logs", stream=console)
    assert path == tmp_path / "logs" / "beacon.log"
    logging.getLogger("desktop.test").info("an info line")
    logging.getLogger("desktop.test").warning("a warning line")
    logsetup.shutdown()
    text = path.read_text("utf-8")
    assert "INFO desktop.test: an info line" in text and "a warning line" in text
    assert "a warning line" in console.getvalue() and "an info line" not in console.getvalue()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_rotates(tmp_path):
    path = logsetup.setup(directory=tmp_path, stream=None, max_bytes=2000, backups=2)
    for i in range(200):
        logging.getLogger("desktop.test").info("line %d %s", i, "x" * 40)
    logsetup.shutdown()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["beacon.log", "beacon.log.1", "beacon.log.2"]
    assert all((tmp_path / f).stat().st_size <= 2100 for f in files)
    assert "line 199" in path.read_text("utf-8")


def test_setup_twice_does_not_duplicate_lines(tmp_path):
    logsetup.setup(directory=tmp_path, stream=None)
    path = logsetup.setup(directory=tmp_path, stream=None)
    logging.getLogger("desktop.test").info("once")
    logsetup.shutdown()
    assert path.read_text("utf-8").count("once") == 1


def test_an_unwritable_directory_falls_back_to_the_console(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    console = io.StringIO()
    assert logsetup.setup(directory=blocker / "logs", stream=console) is None
    assert "cannot write logs" in console.getvalue()


def test_scrub():
    token = "Zk3v9QmB8r2Tn5YxW1pLs7Hd0cFa6EjGuKoRiVbNq4M"  # token_urlsafe(32)
    key = "ab" * 32
    assert token not in logsetup.scrub(f"login with {token} failed")
    assert key not in logsetup.scrub(f"PRAGMA key = \"x'{key}'\"")
    assert "hunter2" not in logsetup.scrub("passphrase=hunter2 token: abc Bearer xyz")
    assert "xyz" not in logsetup.scrub("Authorization: Bearer xyz")
    # Ids and ordinary words stay readable.
    cid = new_client_id()
    assert logsetup.scrub(f"acked {cid} in C1a2b3c4d5e6 seq=42") == f"acked {cid} in C1a2b3c4d5e6 seq=42"


def test_uncaught_exceptions_reach_the_log(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", lambda *exc_info: None)  # not pytest-qt's: it fails the test
    path = logsetup.setup(directory=tmp_path, stream=None)
    try:
        raise RuntimeError("boom for the log")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    logsetup.shutdown()
    text = path.read_text("utf-8")
    assert "CRITICAL beacon.uncaught: uncaught exception" in text and "RuntimeError: boom for the log" in text


async def test_a_verbose_session_logs_neither_bodies_nor_tokens_nor_keys(tmp_path, capsys):
    """The whole client and relay at DEBUG: sign in, send, sync. The log must still be clean."""
    path = logsetup.setup(directory=tmp_path / "logs", stream=None, verbose=True)
    token = admin.add_user(tmp_path / "relay", "alice", "Alice")
    channel = admin.add_channel(tmp_path / "relay", "general", members=["alice"])
    body = "code XQZW 机密"  # short: websockets would show it in a truncated DEBUG frame
    passphrase = "correct horse battery staple"
    relay = Relay(tmp_path / "relay", "127.0.0.1", 0)
    await relay.start()
    try:
        store = await asyncio.to_thread(open_store, tmp_path / "profile",
                                        passphrase_provider=lambda *_: passphrase, keyring_backend=fail.Keyring())
        try:
            engine = SyncEngine(store, relay.url, token, open_timeout=5.0)
            await engine.sync_once()
            store.enqueue(fr.Post(id=new_client_id(), channel=channel, text=body))
            report = await engine.sync_once()
            assert report.sent == 1
        finally:
            store.close()
    finally:
        await relay.stop()
    logsetup.shutdown()
    text = path.read_text("utf-8")
    assert "DEBUG" in text or "INFO" in text, "nothing was logged: the test proves nothing"
    for secret in (body, "XQZW", "机密", token, token[:8], passphrase):
        assert secret not in text, f"{secret!r} leaked into the log"
