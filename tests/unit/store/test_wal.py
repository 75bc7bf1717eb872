"""The -wal inspector against logs SQLCipher really wrote: intact logs pass, one flipped
byte in a committed frame (page, checksum, salt or header) is found before SQLite drops it."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from desktop.errors import CacheRepairedError
from desktop.protocol import frames
from desktop.protocol.ids import new_client_id
from desktop.store import Store, wal
from desktop.store.damage import PREFIX

FRAME = 24 + 4096


def crash_copy(store: Store, target: Path) -> Path:
    """What a kill -9 leaves on disk: the files as they are while the store is open."""
    target.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        shutil.copyfile(f"{store.path}{suffix}", target / f"cache.db{suffix}")
    return target / "cache.db"


def flip(path: Path, offset: int, bit: int = 0x10) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= bit
    path.write_bytes(bytes(data))


def frames_in(wal_path: Path) -> list[tuple[int, int]]:
    data = wal_path.read_bytes()
    return [struct.unpack(">II", data[32 + i * FRAME:40 + i * FRAME]) for i in range((len(data) - 32) // FRAME)]


@pytest.fixture
def with_log(workspace: Store, log, tmp_path) -> Path:
    """A crash copy whose -wal holds several committed transactions (events, drafts)."""
    workspace.apply_events([log.post("C1", f"message {i}") for i in range(30)])
    for i in range(4):
        workspace.set_draft("C1", f"draft {i}")
    return crash_copy(workspace, tmp_path / "crashed")


def test_an_intact_log_written_by_sqlcipher_verifies(with_log):
    report = wal.inspect(Path(f"{with_log}-wal"))
    assert report.frames > 5 and report.valid == report.frames
    assert not report.damaged and report.dropped == 0


def test_a_log_cut_mid_frame_is_not_damage(with_log):
    wal_path = Path(f"{with_log}-wal")
    data = wal_path.read_bytes()
    wal_path.write_bytes(data[: len(data) - 1000])  # a crash while appending
    assert not wal.inspect(wal_path).damaged


@pytest.mark.parametrize("where", ["page", "checksum", "salt"])
def test_a_flipped_byte_in_the_newest_commit_frame_is_found(with_log, where):
    wal_path = Path(f"{with_log}-wal")
    last = len(frames_in(wal_path)) - 1
    assert frames_in(wal_path)[last][1] != 0  # the newest frame commits a transaction
    offset = 32 + last * FRAME + {"page": 24 + 777, "checksum": 17, "salt": 9}[where]
    flip(wal_path, offset)
    report = wal.inspect(wal_path)
    assert report.damaged and report.dropped == 1 and report.dropped_commits == 1


def test_a_zeroed_commit_field_in_the_newest_frame_is_found(with_log):
    wal_path = Path(f"{with_log}-wal")
    last = len(frames_in(wal_path)) - 1
    data = bytearray(wal_path.read_bytes())
    commit_field = 32 + last * FRAME + 4
    size = struct.unpack(">I", data[commit_field:commit_field + 4])[0]
    assert 0 < size < 256  # the database size in pages fits in the field's last byte
    data[commit_field + 3] = 0  # one byte: the frame no longer says it commits
    wal_path.write_bytes(bytes(data))
    report = wal.inspect(wal_path)
    assert report.damaged and report.dropped == 1


def test_never_committed_frames_left_by_a_rollback_are_not_damage(with_log):
    """A rolled-back transaction that spilled leaves frames with this log's salts, no
    commit, and checksums from a chain that no longer exists: here, stale frames made
    by re-chaining the newest frame's copy from a different start."""
    wal_path = Path(f"{with_log}-wal")
    data = bytearray(wal_path.read_bytes())
    last = len(frames_in(wal_path)) - 1
    frame = bytearray(data[32 + last * FRAME:32 + (last + 1) * FRAME])
    frame[4:8] = b"\0\0\0\0"  # not a commit
    frame[16:24] = bytes(8)  # checksums of some other chain
    wal_path.write_bytes(bytes(data) + bytes(frame) * 3)
    report = wal.inspect(wal_path)
    assert report.dropped == 3 and not report.damaged


def test_a_flipped_byte_early_drops_every_later_commit(with_log):
    wal_path = Path(f"{with_log}-wal")
    commits = sum(1 for _pg, c in frames_in(wal_path) if c)
    flip(wal_path, 32 + 24 + 100)  # the first frame's page
    report = wal.inspect(wal_path)
    assert report.valid == 0 and report.dropped == report.frames and report.dropped_commits == commits


def test_a_flipped_header_byte_drops_the_whole_log(with_log):
    wal_path = Path(f"{with_log}-wal")
    flip(wal_path, 17)  # salt-1 in the header: the header checksum no longer holds
    assert wal.inspect(wal_path).header_damaged


def test_open_sets_the_damaged_files_aside_and_says_so(workspace, key, with_log):
    wal_path = Path(f"{with_log}-wal")
    flip(wal_path, len(wal_path.read_bytes()) - 500)  # the newest frame: the last draft
    damaged = {name: (with_log.parent / name).read_bytes() for name in ("cache.db", "cache.db-wal")}
    with pytest.raises(CacheRepairedError) as caught:
        Store.open(with_log, key)
    aside = caught.value.aside
    assert aside.parent == with_log.parent and aside.name.startswith(PREFIX)
    assert {name: (aside / name).read_bytes() for name in damaged} == damaged  # byte for byte
    assert "damaged" in str(caught.value) and str(aside) in str(caught.value)
    assert "\n" not in str(caught.value)
    with Store.open(with_log, key) as store:  # once reported, it opens: what was readable is there
        assert store.draft("C1") == "draft 2"
        assert len(store.messages("C1", limit=None)) == 30
        assert store.integrity_problems() == []


def test_a_wrong_key_on_a_damaged_log_changes_and_copies_nothing(workspace, with_log):
    from desktop.errors import WrongKeyError
    from desktop.store.keys import CacheKey

    wal_path = Path(f"{with_log}-wal")
    flip(wal_path, len(wal_path.read_bytes()) - 500)
    before = {p.name: p.read_bytes() for p in with_log.parent.iterdir() if p.name != "cache.db-shm"}
    with pytest.raises(WrongKeyError):
        Store.open(with_log, CacheKey.random())
    after = {p.name: p.read_bytes() for p in with_log.parent.iterdir() if p.name != "cache.db-shm"}
    assert after == before


def test_queued_commands_survive_a_damaged_first_frame(workspace, key, tmp_path):
    texts = [f"queued {i}" for i in range(5)]
    for text in texts:
        workspace.enqueue(frames.Post(id=new_client_id(), channel="C1", text=text))
    workspace.set_draft("C1", "typing after queueing")  # later writes land in the -wal
    crashed = crash_copy(workspace, tmp_path / "crashed")
    wal_path = Path(f"{crashed}-wal")
    assert wal_path.stat().st_size > 32
    flip(wal_path, 32 + 24 + 100)  # the oldest frame still in the log: all after it are dropped
    with pytest.raises(CacheRepairedError):
        Store.open(crashed, key)
    with Store.open(crashed, key) as store:
        assert [item.frame.text for item in store.outbox()] == texts


def test_an_uncheckpointed_log_is_inspected_fast_enough(workspace, log, tmp_path):
    """A log of ~1000 frames (SQLite's autocheckpoint size) is checked in well under a second."""
    import time

    workspace.apply_events([log.post("C1", "x" * 3000) for _ in range(1200)])
    crashed = crash_copy(workspace, tmp_path / "big")
    started = time.perf_counter()
    report = wal.inspect(Path(f"{crashed}-wal"))
    assert not report.damaged and report.frames > 500
    assert time.perf_counter() - started < 2.0


def test_seeded_flips_anywhere_in_a_committed_frame_are_reported_and_keep_the_outbox(tmp_path, log):
    """Seeded (BEACON_FAULTS_SEED, BEACON_FAULTS_ITER scale it): queue some commands, do
    other writes, crash, flip one random byte of one random committed frame (header or
    page). Every time: reported once, files kept, every queued command still there."""
    import os
    import random

    from desktop.store.keys import CacheKey

    seed0 = int(os.environ.get("BEACON_FAULTS_SEED", "20261202"))
    rounds = 6 * max(1, int(os.environ.get("BEACON_FAULTS_ITER", "1")))
    for n in range(rounds):
        seed = seed0 * 1000 + n
        rng = random.Random(seed)
        key = CacheKey.random()
        live = Store.open(tmp_path / f"live-{n}" / "cache.db", key)
        live.set_account("ws://relay.test", "alice", "Alice")
        live.apply_events([log.user("alice", "Alice"), log.channel("C1", "general", members=("alice",))])
        texts = []
        for i in range(rng.randint(1, 6)):
            texts.append(f"queued {seed} {i}")
            live.enqueue(frames.Post(id=new_client_id(), channel="C1", text=texts[-1]))
            for _ in range(rng.randint(0, 2)):
                live.set_draft("C1", f"draft {rng.random()}")
        live.apply_events([log.post("C1", f"synced {j}") for j in range(rng.randint(1, 20))])
        crashed = crash_copy(live, tmp_path / f"crashed-{n}")
        live.close()
        wal_path = Path(f"{crashed}-wal")
        report = wal.inspect(wal_path)
        assert report.valid == report.frames > 0, f"seed {seed}"
        frame = rng.randrange(report.valid)
        offset = 32 + frame * FRAME + rng.randrange(FRAME)
        flip(wal_path, offset, 1 << rng.randrange(8))
        with pytest.raises(CacheRepairedError):
            Store.open(crashed, key)
        with Store.open(crashed, key) as store:
            got = [item.frame.text for item in store.outbox()]
        assert got == texts, f"seed {seed}: frame {frame} byte {offset}: {got} != {texts}"
        assert len(list(crashed.parent.glob("damaged-*/cache.db-wal"))) == 1, f"seed {seed}"
