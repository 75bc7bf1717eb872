"""`beacon-relay migrate`: a SQLite relay with real traffic copied into PostgreSQL, then
served from there — old cursors resume, resent command ids get their original ack,
tokens authenticate, feature state (a scheduled message) carries on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.protocol import frames as fr
from server_stub import admin, db
from server_stub import log as evlog
from server_stub import migrate
from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.relay_client import WireClient

ROOT = Path(__file__).resolve().parents[2]
T0 = 1_800_000_000_000
MIN = 60_000
CID = "cid-once-only-0123456789"

class Clock:
    def __init__(self) -> None:
        self.ms = T0

    def __call__(self) -> int:
        return self.ms


def _visible(conn, user: str, after: int) -> list[int]:
    return [seq for seq, _body in evlog.iter_visible(conn, user) if seq > after]


async def _traffic(src: Path, clock: Clock) -> dict:
    """Users, channels, posts, reactions, a scheduled message and an idempotent command
    on a real SQLite relay; bob leaves with a cursor in the middle."""
    tokens = {u: admin.add_user(src, u, u.title()) for u in ("alice", "bob", "carol")}
    general = admin.add_channel(src, "general", members=["alice", "bob", "carol"])
    secret = admin.add_channel(src, "secret", private=True, members=["alice", "carol"])
    relay = Relay(src, "127.0.0.1", 0, config=RelayConfig(poll_interval_s=0.02, close_timeout_s=0.5, clock=clock))
    await relay.start()
    try:
        alice = await WireClient(relay.url, tokens["alice"]).connect()
        bob = await WireClient(relay.url, tokens["bob"]).connect()
        first = await alice.post(general, "before bob leaves")
        assert isinstance(first, fr.Ack), first
        assert isinstance(await bob.command(fr.React, msg=first.msg, emoji="👍"), fr.Ack)
        await bob.wait_for(lambda: "before bob leaves" in bob.texts())
        await bob.close()
        cursor, epoch = bob.cursor, bob.epoch
        idem = await alice.command(fr.Post, id=CID, channel=general, text="exactly once")
        assert isinstance(idem, fr.Ack) and not idem.duplicate
        sched = await alice.command(fr.Schedule, channel=general, text="the scheduled one", at=T0 + 30 * MIN)
        assert isinstance(sched, fr.Ack), sched
        for i in range(30):
            assert isinstance(await alice.post(general if i % 2 else secret, f"after {i}"), fr.Ack)
        assert isinstance(await alice.command(fr.React, msg=idem.msg, emoji="🎉"), fr.Ack)
        assert isinstance(await alice.command(fr.SetStatus, emoji="🌴", text="away \\ back monday"), fr.Ack)
        await alice.close()
    finally:
        await relay.stop()
    return {"tokens": tokens, "general": general, "cursor": cursor, "epoch": epoch, "idem": idem}


def _contents(conn) -> dict[str, list]:
    """Every row of every relay table, bytes as their text (SQLite lets a BLOB column
    hold text; PostgreSQL's BYTEA gives bytes back)."""
    if db.is_postgres(conn):
        query = ("SELECT table_name FROM information_schema.tables"
                 " WHERE table_schema = current_schema() AND table_name <> 'relay_schema'")
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    norm = lambda v: v.decode("utf-8", "surrogateescape") if isinstance(v, bytes) else v  # noqa: E731
    try:
        return {name: sorted((tuple(map(norm, r)) for r in conn.execute(f'SELECT * FROM "{name}"')), key=repr)
                for (name,) in conn.execute(query).fetchall()}
    finally:
        conn.close()


async def test_migrated_relay_resumes_cursors_dedupes_commands_and_keeps_tokens(tmp_path, cluster_place):
    src = tmp_path / "sqlite"
    clock = Clock()
    state = await _traffic(src, clock)
    conn = db.connect(src, create=False)
    try:
        head = evlog.head(conn)
        bob_missed = _visible(conn, "bob", state["cursor"])
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                  for t in ("events", "commands", "tokens", "reactions", "att_scheduled", "audit")}
    finally:
        conn.close()
    assert len(bob_missed) >= 16 and counts["att_scheduled"] == 1  # the traffic did what the test needs

    target = cluster_place(tmp_path / "cluster")
    summary = migrate.migrate(src, target.database)
    assert summary.head == head and summary.events_verified == head and summary.epoch == state["epoch"]
    assert {t: summary.tables[t] for t in counts} == counts

    place = db.Place(src, target.database)  # the blobs folder stays where it was
    before = _contents(db.connect(src, create=False))
    assert len(before["events"]) == head and [r[2] for r in before["att_status"]] == ["away \\ back monday"]
    assert _contents(db.connect(place)) == before
    relay = Relay(place, "127.0.0.1", 0, config=RelayConfig(poll_interval_s=0.02, close_timeout_s=0.5, clock=clock))
    await relay.start()
    try:
        bob = await WireClient(relay.url, state["tokens"]["bob"], cursor=state["cursor"], epoch=state["epoch"]).connect()
        assert bob.welcome.resume == "ok" and bob.welcome.head == head
        assert bob.seqs() == bob_missed and bob.problems == []

        alice = await WireClient(relay.url, state["tokens"]["alice"]).connect()
        again = await alice.command(fr.Post, id=CID, channel=state["general"], text="exactly once")
        assert isinstance(again, fr.Ack) and again.duplicate and again.seq == state["idem"].seq

        # The next seq follows the copied log, live to bob.
        new = await alice.post(state["general"], "first on PostgreSQL")
        assert isinstance(new, fr.Ack) and new.seq == head + 1
        await bob.wait_for(lambda: "first on PostgreSQL" in bob.texts())
        # The scheduled message was copied with its feature's table: it posts at its time.
        clock.ms = T0 + 31 * MIN
        await bob.wait_for(lambda: "the scheduled one" in bob.texts(), 10)
        assert bob.texts().count("the scheduled one") == 1
        await alice.close()
        await bob.close()
    finally:
        await relay.stop()
    # Identity columns continue after the copied ids (the audit log's id is one).
    assert admin.set_role(place, "carol", "admin")
    check = db.connect(place)
    try:
        ids = [r[0] for r in check.execute("SELECT id FROM audit ORDER BY id")]
    finally:
        check.close()
    assert len(ids) == counts["audit"] + 1 and ids == sorted(set(ids))


async def test_a_target_with_data_is_refused_and_left_alone(tmp_path, cluster_place):
    src = tmp_path / "sqlite"
    admin.add_user(src, "alice", "Alice")
    target = cluster_place(tmp_path / "cluster")
    admin.add_user(target, "zed", "Zed")  # a relay on PostgreSQL already holding someone
    with pytest.raises(migrate.MigrateError, match="not empty"):
        migrate.migrate(src, target.database)
    conn = db.connect(target)
    try:
        assert [r[0] for r in conn.execute("SELECT name FROM users")] == ["zed"]
    finally:
        conn.close()


def test_cli_migrates_and_prints_the_summary(tmp_path, cluster_place):
    src = tmp_path / "sqlite"
    admin.add_user(src, "alice", "Alice")
    admin.add_channel(src, "general", members=["alice"])
    target = cluster_place(tmp_path / "cluster")
    run = lambda: subprocess.run([sys.executable, "-m", "server_stub", "migrate", "--from", str(src),  # noqa: E731
                                  "--to", target.database], capture_output=True, text=True, timeout=120, cwd=ROOT)
    done = run()
    assert done.returncode == 0, done.stderr
    assert "verified: row counts equal, log head" in done.stdout and "users" in done.stdout
    again = run()
    assert again.returncode == 1 and "not empty" in again.stderr


def test_a_serving_relay_is_refused(tmp_path):
    """No PostgreSQL needed: the check comes before the target is opened."""
    src = tmp_path / "sqlite"
    admin.add_user(src, "alice", "Alice")
    assert not migrate.source_in_use(src)
    server = subprocess.Popen([sys.executable, "-m", "server_stub", "serve", "--data", str(src), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                              env=dict(os.environ, BEACON_RELAY_DATABASE=""))
    try:
        assert server.stdout.readline().startswith("listening ")
        assert migrate.source_in_use(src)
        with pytest.raises(migrate.MigrateError, match="stop the relay"):
            migrate.migrate(src, "postgresql://nobody@127.0.0.1:1/none")
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert not migrate.source_in_use(src)
