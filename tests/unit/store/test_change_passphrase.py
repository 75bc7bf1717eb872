"""Changing a cache's passphrase re-encrypts it: the new one opens it with everything
in it, the old one no longer does, a wrong current passphrase changes nothing, and a
second process holding the cache open makes it refuse (the cache stays as it was)."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from desktop.errors import KeyUnavailableError, StorageError, WrongKeyError
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.secrets import CacheKey
from desktop.store import Store
from tests.unit.store.conftest import Log


def _filled(path) -> Store:
    store = Store.open(path, CacheKey.from_passphrase("old words"))
    log = Log()
    store.apply_events([log.user("alice", "Alice"), log.channel("C1", "general")]
                       + [log.post("C1", f"秘密 message {i}") for i in range(300)])
    store.enqueue(fr.Post(id=new_client_id(), channel="C1", text="queued while offline"))
    return store


def test_the_new_passphrase_opens_it_and_the_old_one_does_not(tmp_path):
    path = tmp_path / "cache.db"
    store = _filled(path)
    reads = []
    readers = [threading.Thread(target=lambda: reads.append(len(store.messages("C1", limit=None)))) for _ in range(4)]
    for t in readers:
        t.start()
    store.change_passphrase("old words", "新的 passphrase")
    for t in readers:
        t.join()
    assert set(reads) == {300}
    assert len(store.messages("C1", limit=None)) == 300  # the open store goes on working
    store.enqueue(fr.Post(id=new_client_id(), channel="C1", text="after the change"))
    store.close()
    with pytest.raises(WrongKeyError):
        Store.open(path, CacheKey.from_passphrase("old words"))
    again = Store.open(path, CacheKey.from_passphrase("新的 passphrase"))
    try:
        assert len(again.messages("C1", limit=None)) == 300
        assert [i.frame.text for i in again.outbox(("pending",))] == ["queued while offline", "after the change"]
        assert again.integrity_problems() == []
    finally:
        again.close()
    assert b"\xe7\xa7\x98\xe5\xaf\x86" not in path.read_bytes()  # 秘密: no plaintext after the rewrite


def test_a_wrong_current_passphrase_or_a_keychain_cache_changes_nothing(tmp_path):
    store = _filled(tmp_path / "cache.db")
    try:
        with pytest.raises(KeyUnavailableError, match="not right"):
            store.change_passphrase("wrong", "new words")
        with pytest.raises(KeyUnavailableError, match="empty passphrase"):
            store.change_passphrase("old words", "   ")
    finally:
        store.close()
    Store.open(tmp_path / "cache.db", CacheKey.from_passphrase("old words")).close()
    keyed = Store.open(tmp_path / "k" / "cache.db", CacheKey.random())
    try:
        with pytest.raises(KeyUnavailableError, match="keychain"):
            keyed.change_passphrase("x", "y")
    finally:
        keyed.close()


def test_another_process_with_the_cache_open_makes_it_refuse(tmp_path):
    path = tmp_path / "cache.db"
    store = _filled(path)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time, sqlcipher3\n"
        f"c = sqlcipher3.connect({str(path)!r}); c.execute(\"PRAGMA key = 'old words'\")\n"
        "c.execute('BEGIN'); c.execute('SELECT count(*) FROM messages').fetchone()\n"
        "print('reading', flush=True); time.sleep(30)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "reading"
        with pytest.raises(StorageError, match="Another program has this cache open"):
            store.change_passphrase("old words", "new words")
        assert len(store.messages("C1", limit=None)) == 300
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
        store.close()
    Store.open(path, CacheKey.from_passphrase("old words")).close()  # still the old one


def test_beacon_passphrase_change_from_a_file(tmp_path):
    """The command line: two lines on stdin; then only the new passphrase opens it."""
    import os

    profile = tmp_path / "p"
    env = dict(os.environ, BEACON_PASSPHRASE="old words", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    run = lambda *a, **k: subprocess.run([sys.executable, "-m", "desktop.cli", "--profile", str(profile), *a],  # noqa: E731
                                         env=env, capture_output=True, text=True, timeout=60, **k)
    assert run("channels").returncode == 0  # makes the profile, under "old words"
    done = run("passphrase", "change", input="old words\nnew words\n")
    assert done.returncode == 0 and "passphrase changed" in done.stdout, done.stderr
    assert run("channels").returncode != 0  # BEACON_PASSPHRASE is still the old one
    env["BEACON_PASSPHRASE"] = "new words"
    assert run("channels").returncode == 0
    wrong = run("passphrase", "change", input="not it\nother\n")
    assert wrong.returncode == 1 and "not right" in wrong.stderr and "Traceback" not in wrong.stderr
