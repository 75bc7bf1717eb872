"""Encryption at rest, key verification, pragmas and storage errors of the cache file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from desktop.errors import CacheCorruptError, StorageFullError, WrongKeyError
from desktop.secrets import CacheKey
from desktop.store import Store
from desktop.store.database import Database

from .conftest import Log

MARKERS = [
    "zebra-marker-7f3a91 quarterly numbers",
    "机密会议纪要-标记甲乙丙 明天下午三点",
    "emoji-marker 🦄🦄 secret-token-551",
]


def _files(db_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(store: Store, log: Log) -> None:
    store.apply_events(
        [log.user("bob", "Bob Marker-Name"), log.channel("C1", "secret-channel-name")]
        + [log.post("C1", text) for text in MARKERS]
    )
    store.set_draft("C1", "draft-marker-0c0ffee")


def _assert_no_plaintext(files: dict[str, bytes]) -> None:
    assert files, "no database files to scan"
    needles = [m.encode() for m in MARKERS] + [b"draft-marker-0c0ffee", b"secret-channel-name", b"Marker-Name"]
    # Pieces too: a leak of part of a body (e.g. one FTS token) must be caught as well.
    needles += [b"zebra-marker", "机密会议".encode(), "标记甲乙丙".encode(), "🦄".encode(), b"SQLite format 3"]
    for name, data in files.items():
        for needle in needles:
            assert needle not in data, f"{needle!r} found in plaintext in {name}"


def test_no_plaintext_in_database_or_wal_while_open(store: Store, log: Log, db_path: Path) -> None:
    _fill(store, log)
    files = _files(db_path)
    assert any(name.endswith("-wal") and data for name, data in files.items()), "expected a WAL file"
    _assert_no_plaintext(files)


def test_no_plaintext_after_close(store: Store, log: Log, db_path: Path) -> None:
    _fill(store, log)
    store.close()
    _assert_no_plaintext(_files(db_path))


def test_standard_sqlite_cannot_read_it(store: Store, log: Log, db_path: Path) -> None:
    _fill(store, log)
    store.close()
    conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def test_wrong_key_leaves_file_untouched_and_right_key_still_opens(db_path: Path, key: CacheKey, log: Log) -> None:
    with Store.open(db_path, key) as store:
        store.set_account("ws://relay.test", "alice", "Alice")
        _fill(store, log)
    before = {name: hashlib.sha256(data).hexdigest() for name, data in _files(db_path).items()}
    for wrong in (CacheKey.random(), CacheKey.from_passphrase("not the key")):
        with pytest.raises(WrongKeyError, match="does not unlock this cache"):
            Store.open(db_path, wrong)
    after = {name: hashlib.sha256(data).hexdigest() for name, data in _files(db_path).items()}
    assert after == before  # no byte changed and no -wal/-shm file appeared
    with Store.open(db_path, key) as store:
        assert [m.text for m in store.messages("C1")] == MARKERS


def test_wrong_key_while_another_connection_has_it_open(store: Store, log: Log, db_path: Path) -> None:
    _fill(store, log)
    before = _digest(db_path)
    with pytest.raises(WrongKeyError):
        Store.open(db_path, CacheKey.random())
    assert _digest(db_path) == before
    assert len(store.messages("C1")) == 3


def test_passphrase_key_round_trip(db_path: Path) -> None:
    with Store.open(db_path, CacheKey.from_passphrase("correct horse 电池 staple")) as store:
        store.set_draft("C1", "hello")
    with Store.open(db_path, CacheKey.from_passphrase("correct horse 电池 staple")) as store:
        assert store.draft("C1") == "hello"
    with pytest.raises(WrongKeyError):
        Store.open(db_path, CacheKey.from_passphrase("correct horse 电池 stapler"))


def test_plain_sqlite_file_is_refused_untouched(db_path: Path, key: CacheKey) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    before = _digest(db_path)
    with pytest.raises(CacheCorruptError, match="not an encrypted Beacon cache"):
        Store.open(db_path, key)
    assert _digest(db_path) == before


def test_random_bytes_are_reported_as_wrong_key_untouched(db_path: Path, key: CacheKey) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(os.urandom(8192))
    before = _digest(db_path)
    # SQLCipher cannot tell random bytes from a wrong key; the file must survive either way.
    with pytest.raises(WrongKeyError):
        Store.open(db_path, key)
    assert _digest(db_path) == before


def test_new_file_is_private_and_in_wal_mode(store: Store, db_path: Path) -> None:
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    with store._db.read() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
        assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")


def test_disk_full_rolls_back_the_whole_batch(store: Store, log: Log) -> None:
    store.apply_events([log.user("bob", "Bob"), log.channel("C1", "general")])
    before = store.cursor()
    with store._db.transaction() as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        # A file-size ceiling on the write connection: SQLite reports SQLITE_FULL past it.
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    batch = [log.post("C1", f"message {i} " + "x" * 2000) for i in range(50)]
    with pytest.raises(StorageFullError, match="full"):
        store.apply_events(batch)
    assert store.cursor() == before
    assert store.count("C1") == 0
    assert store.search("message") == []
    with store._db.transaction() as conn:
        conn.execute("PRAGMA max_page_count = 4294967294")
    store.apply_events(batch)
    assert store.count("C1") == 50


def test_database_closes_and_refuses_use(db_path: Path, key: CacheKey) -> None:
    db = Database.open(db_path, key)
    db.close()
    db.close()  # idempotent
    with pytest.raises(Exception, match="closed"):
        with db.transaction():
            pass
