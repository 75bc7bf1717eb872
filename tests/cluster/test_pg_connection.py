"""server_stub.pg.PgConnection on a real PostgreSQL: the write lock, pipelined writes,
reads remembered within a write transaction, errors as sqlite3 classes, reconnecting."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from server_stub import db


@pytest.fixture
def conn(tmp_path, pg_dsn):
    c = db.connect(db.Place(tmp_path, pg_dsn))
    yield c
    c.close()


def test_reads_within_a_write_transaction_see_its_own_writes_and_rollbacks(conn):
    conn.execute("INSERT INTO users(name, display_name, created_ts) VALUES ('ann', 'Ann', 1)")
    conn.execute("INSERT INTO channels(id, name) VALUES ('C1', 'one')")
    member = "SELECT 1 FROM members WHERE channel = ? AND user = ?"
    conn.execute("BEGIN IMMEDIATE")
    assert conn.execute(member, ("C1", "ann")).fetchone() is None
    conn.execute("SAVEPOINT cmd")
    conn.execute("INSERT INTO members(channel, user) VALUES (?, ?)", ("C1", "ann"))
    assert conn.execute(member, ("C1", "ann")).fetchone() == (1,)  # its own write
    conn.execute("ROLLBACK TO cmd")
    conn.execute("RELEASE cmd")
    assert conn.execute(member, ("C1", "ann")).fetchone() is None  # and its rollback
    conn.execute("INSERT INTO members(channel, user) VALUES (?, ?)", ("C1", "ann"))
    conn.execute("COMMIT")
    assert conn.execute(member, ("C1", "ann")).fetchone() == (1,)


def test_an_error_in_a_pipelined_write_is_raised_before_commit_and_nothing_is_kept(conn):
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO meta(key, value) VALUES ('a', '1')")
    conn.execute("INSERT INTO meta(key, value) VALUES ('a', '2')")  # duplicate key, not read back
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("COMMIT")
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT value FROM meta WHERE key = 'a'").fetchone() is None
    assert not conn.in_transaction


def test_a_failed_write_never_leaves_the_write_lock_held(conn, tmp_path, pg_dsn):
    other = db.connect(db.Place(tmp_path, pg_dsn))
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO meta(key, value) VALUES ('epoch', 'twice')")  # exists already
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("SELECT 1").fetchone()  # the error surfaces at the next read
        # Whatever the caller does next (here: nothing), another writer gets the lock now.
        started = time.monotonic()
        other.execute("BEGIN IMMEDIATE")
        assert time.monotonic() - started < 2
        other.execute("ROLLBACK")
        conn.execute("ROLLBACK")  # harmless: that transaction is gone
        assert conn.execute("SELECT count(*) FROM meta WHERE value = 'twice'").fetchone() == (0,)
    finally:
        other.close()


def test_the_write_lock_serializes_writers_of_two_connections(conn, tmp_path, pg_dsn):
    other = db.connect(db.Place(tmp_path, pg_dsn))
    try:
        conn.execute("BEGIN IMMEDIATE")
        took: list[float] = []

        def second():
            start = time.monotonic()
            other.execute("BEGIN IMMEDIATE")
            took.append(time.monotonic() - start)
            other.execute("ROLLBACK")

        t = threading.Thread(target=second)
        t.start()
        time.sleep(0.3)
        assert not took  # still waiting for the lock
        conn.execute("COMMIT")
        t.join(5)
        assert took and took[0] >= 0.25
    finally:
        other.close()


def test_a_lost_connection_is_an_operational_error_then_reopened(conn, pg_server):
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    killer = db.connect(db.Place("/tmp", pg_server.dsn.rsplit("/", 1)[0] + "/" + conn.url.rsplit("/", 1)[1]))
    try:
        killer.execute("SELECT pg_terminate_backend(?)", (pid,))
    finally:
        killer.close()
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("SELECT 1").fetchone()
    assert conn.execute("SELECT 1").fetchone() == (1,)  # the next statement reconnects
