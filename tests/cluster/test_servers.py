"""The cluster fixtures start real servers, survive restarts and crashes, and leave nothing behind."""

from __future__ import annotations

import asyncio
import time

import psycopg
import pytest

from tests.cluster import servers


def _gone(*pids: int) -> bool:
    return not any(servers.alive(p) for p in pids)


def test_fresh_databases_are_separate(pg_server, pg_dsn):
    with psycopg.connect(pg_dsn) as conn:
        conn.execute("CREATE TABLE t (x int)")
        conn.execute("INSERT INTO t VALUES (1)")
    other = pg_server.create_database()
    with psycopg.connect(other) as conn:
        assert conn.execute("SELECT to_regclass('t')").fetchone()[0] is None
        assert conn.execute("SHOW fsync").fetchone()[0] == "on"
    pg_server.drop_database(other.rsplit("/", 1)[1])
    assert pg_dsn.startswith(f"postgresql://beacon@127.0.0.1:{pg_server.port}/")


def test_postgres_restart_and_crash_keep_committed_rows(pg_private):
    dsn = pg_private.create_database("app")
    with psycopg.connect(dsn) as conn:
        conn.execute("CREATE TABLE t (x int)")
        conn.execute("INSERT INTO t VALUES (1)")
    pg_private.restart()
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT x FROM t").fetchall() == [(1,)]
        conn.execute("INSERT INTO t VALUES (2)")
        conn.commit()
        conn.execute("INSERT INTO t VALUES (3)")  # open transaction when the server dies
        pids = [pg_private.proc.pid, *servers.children(pg_private.proc.pid)]
        assert len(pids) > 3  # checkpointer, writers, this connection's backend...
        pg_private.kill()
        assert _gone(*pids)  # postmaster and every backend
        with pytest.raises(psycopg.OperationalError):
            conn.execute("SELECT 1")
    pg_private.start()  # crash recovery from the WAL
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT x FROM t ORDER BY x").fetchall() == [(1,), (2,)]


def test_postgres_leaves_nothing_behind():
    with servers.postgres_server() as pg:
        with psycopg.connect(pg.dsn) as conn:
            conn.execute("SELECT 1")
            pids, base = [pg.proc.pid, *servers.children(pg.proc.pid)], pg.base
    assert _gone(*pids)
    assert not base.exists()


def test_nats_kill_restart_same_port_and_store(nats):
    import nats as nats_py

    async def go():
        nc = await nats_py.connect(nats.url)
        js = nc.jetstream()
        await js.add_stream(name="S", subjects=["s"])
        await js.publish("s", b"kept")
        await nc.close()
        port, pid = nats.port, nats.proc.pid
        nats.kill()
        assert _gone(pid)
        nats.start()
        assert nats.port == port
        nc = await nats_py.connect(nats.url)
        msg = await nc.jetstream().get_msg("S", 1)
        await nc.close()
        return msg.data

    assert asyncio.run(go()) == b"kept"


def test_nats_leaves_nothing_behind():
    with servers.nats_server() as n:
        pid, base = n.proc.pid, n.base
    assert _gone(pid)
    assert not base.exists()


def test_missing_binary_skips_or_fails_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        servers.missing("nats-server is not installed")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        servers.missing("nats-server is not installed")


def test_database_from_a_template_has_its_schema(pg_server):
    tmpl = pg_server.create_database()
    with psycopg.connect(tmpl) as conn:
        conn.execute("CREATE TABLE events (seq bigint PRIMARY KEY)")
        conn.execute("INSERT INTO events VALUES (1), (2)")
    copy = pg_server.create_database(template=tmpl.rsplit("/", 1)[1])  # no session may be open on the template
    with psycopg.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 2
        conn.execute("INSERT INTO events VALUES (3)")
    with psycopg.connect(tmpl) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 2
    for dsn in (copy, tmpl):
        pg_server.drop_database(dsn.rsplit("/", 1)[1])


def test_kill_postgres_mid_write_loses_no_acknowledged_commit(pg_private):
    """The fault-test pattern: a writer commits in a loop, the server is killed under it."""
    import threading

    dsn = pg_private.create_database("w")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (x int PRIMARY KEY)")
    acked: list[int] = []
    errors: list[str] = []
    halfway, killed, done = threading.Event(), threading.Event(), threading.Event()

    def writer():
        x, conn = 0, None
        while len(acked) < 40 and not done.is_set():
            try:
                conn = conn or psycopg.connect(dsn, autocommit=True, connect_timeout=5)
                conn.execute("INSERT INTO t VALUES (%s) ON CONFLICT DO NOTHING", (x + 1,))
                x += 1
                acked.append(x)
                if x == 20:
                    halfway.set()
                    killed.wait(60)  # the next write meets the crash (else 40 fast writes can beat the kill)
            except psycopg.OperationalError as e:
                errors.append(type(e).__name__)
                if conn is not None:
                    conn.close()
                conn = None
                time.sleep(0.02)  # retry pacing while the server is down (not synchronisation)
        if conn is not None:
            conn.close()

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert halfway.wait(60)
        pg_private.kill()
        killed.set()
        pg_private.start()
        t.join(60)
    finally:
        done.set()
        t.join(10)
    assert len(acked) == 40 and errors  # the writer did see the crash
    with psycopg.connect(dsn) as conn:
        rows = {r[0] for r in conn.execute("SELECT x FROM t")}
    assert set(acked) <= rows
