"""The file cache on a real encrypted store: LRU budget, pins, private temp copies."""

from __future__ import annotations

import hashlib
import os
import stat

from desktop.filecache.cache import FileCache
from desktop.protocol import events as ev
from desktop.secrets import CacheKey
from desktop.store import Store
from desktop.store.files import FileStore


def shared(seq: int, channel: str, data: bytes, name: str) -> ev.FileShared:
    return ev.FileShared(seq=seq, ts=1_700_000_000_000 + seq, actor="bob", channel=channel, file=seq, msg=seq,
                         sha256=hashlib.sha256(data).hexdigest(), size=len(data), name=name)


def fill(tmp_path, blobs):
    store = Store.open(tmp_path / "cache.db", CacheKey.random())
    events = [ev.ChannelCreated(seq=1, ts=1, channel="C1", name="general", members=["alice", "bob"]),
              ev.ChannelCreated(seq=2, ts=2, channel="C2", name="design", members=["alice", "bob"])]
    events += [shared(10 + i, ch, data, name) for i, (ch, data, name) in enumerate(blobs)]
    store.apply_events(events)
    files = FileStore(store)
    cache = FileCache(tmp_path, files)
    for _ch, data, _name in blobs:
        w = cache.writer(hashlib.sha256(data).hexdigest())
        w.write(data)
        w.finish()
    return store, files, cache


def test_eviction_drops_least_recently_used_and_keeps_pins(tmp_path):
    blobs = [("C1", os.urandom(100_000), f"f{i}.bin") for i in range(4)] + [("C2", os.urandom(100_000), "d.png")]
    store, files, cache = fill(tmp_path, blobs)
    try:
        shas = [hashlib.sha256(d).hexdigest() for _c, d, _n in blobs]
        files.pin(10)  # f0: kept offline by hand
        files.pin_channel("C2")  # d.png: kept with its channel
        list(cache.chunks(shas[1]))  # f1 used recently
        dropped = cache.evict(budget=150_000)
        # Unpinned: f1, f2, f3 (f1 most recent) -> f2 and f3 go, f1 fits the budget.
        assert set(dropped) == {shas[2], shas[3]}
        assert all(cache.has(s) for s in (shas[0], shas[1], shas[4]))
        assert not cache.path(shas[2]).exists()
        assert {r.name for r in files.files() if r.cached} == {"f0.bin", "f1.bin", "d.png"}
        # Budget 0: everything unpinned goes; pins stay.
        cache.evict(budget=0)
        assert {r.name for r in files.files() if r.cached} == {"f0.bin", "d.png"}
        assert {r.name for r in files.files() if r.pinned} == {"f0.bin", "d.png"}
    finally:
        store.close()


def test_open_decrypts_into_a_private_folder_and_save_is_safe(tmp_path):
    data = b"secret plan " * 1000
    store, files, cache = fill(tmp_path, [("C1", data, "../../plan\u202etxt.exe")])
    try:
        row = files.file(10)
        opened = cache.open_temp(row)
        assert opened.read_bytes() == data
        assert stat.S_IMODE(opened.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(opened.stat().st_mode) == 0o600
        assert opened.name == "plan_txt.exe" and ".." not in opened.name
        # Old temporary folders are removed later (not the one just opened by age 0 here).
        os.utime(opened.parent, (0, 0))
        assert FileCache.sweep_temp() >= 1 and not opened.exists()
        out_dir = tmp_path / "out"
        out_dir.mkdir()
        saved = cache.save_as(row, out_dir)
        assert saved.parent == out_dir and saved.read_bytes() == data
        free = cache.free_name(out_dir, row.name)
        assert free == "plan_txt (2).exe"
        # No plaintext in the cache directory.
        for held in (tmp_path / "files").iterdir():
            assert b"secret plan" not in held.read_bytes()
    finally:
        store.close()


def test_file_key_lives_in_the_encrypted_database(tmp_path):
    key = CacheKey.random()
    store = Store.open(tmp_path / "cache.db", key)
    first = FileStore(store).master_key()
    store.close()
    store = Store.open(tmp_path / "cache.db", key)
    try:
        assert FileStore(store).master_key() == first and len(first) == 32
        assert first not in (tmp_path / "cache.db").read_bytes()
    finally:
        store.close()
