"""Helpers for client-core integration tests: profiles, engines, relay-side truth."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import msgspec

from desktop.net.retry import Backoff
from desktop.net.sync import SyncEngine
from desktop.profile import open_store
from server_stub import db
from server_stub.log import iter_visible

from keyring.backends import fail

PASSPHRASE = "correct horse battery staple"
NO_KEYRING = fail.Keyring()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_profile(path: Path):
    """A profile protected by a passphrase (no keyring on this machine)."""
    return open_store(path, passphrase_provider=lambda _reason, _new: PASSPHRASE, keyring_backend=NO_KEYRING)


def engine(store, url: str, token: str) -> SyncEngine:
    return SyncEngine(store, url, token, backoff=Backoff(base=0.05, cap=0.5), open_timeout=3.0)


class _Visible(msgspec.Struct):
    seq: int
    kind: str
    channel: str | None = None
    text: str | None = None
    cid: str | None = None


def relay_visible(data_dir: Path, user: str) -> list[_Visible]:
    """The relay's log as `user` may see it now: the truth a cache must equal."""
    conn = db.connect(data_dir)
    try:
        return [msgspec.json.decode(body, type=_Visible) for _seq, body in iter_visible(conn, user)]
    finally:
        conn.close()


def relay_bytes(data) -> bytes:
    """Everything the relay stored, as bytes: its SQLite files, or (on PostgreSQL) every
    row of every table, for tests that look for a secret stored in plaintext."""
    if getattr(data, "database", None):
        conn = db.connect(data, create=False)
        try:
            tables = [r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            return b"".join(repr(conn.execute(f'SELECT * FROM "{t}"').fetchall()).encode() for t in tables)
        finally:
            conn.close()
    return b"".join(p.read_bytes() for p in Path(data).glob(db.DB_NAME + "*"))


def relay_texts(data_dir: Path) -> list[str]:
    conn = db.connect(data_dir, create=False)
    try:
        rows = conn.execute("SELECT body FROM events WHERE kind = 'message.posted' ORDER BY seq").fetchall()
    finally:
        conn.close()
    return [msgspec.json.decode(r[0], type=_Visible).text for r in rows]


def posted_count(data_dir: Path) -> int:
    """How many `message.posted` events the relay's log holds (cheap enough to poll)."""
    conn = db.connect(data_dir, create=False)
    try:
        return conn.execute("SELECT count(*) FROM events WHERE kind = 'message.posted'").fetchone()[0]
    finally:
        conn.close()


def cli_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        BEACON_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        PYTHONPATH=str(Path(__file__).resolve().parents[1]),
    )
    return env


CLI = [sys.executable, "-m", "desktop.cli"]
