"""server_stub.pg_pipeline on a real PostgreSQL: a write transaction's statements wait in
libpq's buffer until a result is needed, are prepared once seen twice, and fail the way
psycopg's pipeline did; server_stub.prefetch reads a batch's lookups in one go."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.protocol import frames as fr
from server_stub import commands, db, pg_pipeline, prefetch


@pytest.fixture
def conn(tmp_path, pg_dsn):
    c = db.connect(db.Place(tmp_path, pg_dsn))
    yield c
    c.close()


def test_placeholders_are_numbered_positionally_and_by_name():
    assert pg_pipeline.numbered("SELECT %s, %s WHERE a LIKE '5%%'") == (b"SELECT $1, $2 WHERE a LIKE '5%'", None, 2)
    assert pg_pipeline.numbered("UPDATE t SET a = %(x)s WHERE b = %(y)s OR c = %(x)s") == (
        b"UPDATE t SET a = $1 WHERE b = $2 OR c = $1", ("x", "y"), 2)
    with pytest.raises(ValueError):
        pg_pipeline.numbered("SELECT %s, %(x)s")


def test_statements_whose_results_nobody_reads_wait_for_the_next_read(conn):
    conn.execute("BEGIN IMMEDIATE")
    pipeline = conn._pipeline
    assert pipeline is not None and not pipeline.pending  # the lock is held: it was waited for
    conn.execute("SAVEPOINT cmd")
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", ("k1", "v1"))
    conn.execute("INSERT INTO meta(key, value) VALUES (:key, :value)", {"key": "k2", "value": "v2"})
    conn.execute("RELEASE cmd")
    assert pipeline.pending  # nothing sent yet
    rows = conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?) ORDER BY key", ("k1", "k2")).fetchall()
    assert rows == [("k1", "v1"), ("k2", "v2")]
    assert not pipeline.pending
    updated = conn.execute("UPDATE meta SET value = 'x' WHERE key IN ('k1', 'k2')")
    assert pipeline.pending and updated.rowcount == 2 and not pipeline.pending
    conn.execute("COMMIT")
    assert conn._pipeline is None and not conn.in_transaction
    assert conn.execute("SELECT value FROM meta WHERE key = 'k2'").fetchone() == ("x",)


def test_a_statement_seen_twice_in_a_session_is_prepared_once(conn):
    insert = "INSERT INTO meta(key, value) VALUES (?, ?)"
    for txn in range(3):
        conn.execute("BEGIN IMMEDIATE")
        for i in range(3):
            conn.execute(insert, (f"t{txn}-{i}", "v"))
        conn.execute("COMMIT")
    prepared = [r[0] for r in conn.execute("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'beacon_%'")]
    assert prepared.count("INSERT INTO meta(key, value) VALUES ($1, $2)") == 1
    assert conn.execute("SELECT count(*) FROM meta WHERE key LIKE 't%'").fetchone() == (9,)


def test_an_error_mid_pipeline_applies_nothing_after_it_and_drops_the_session(conn):
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO meta(key, value) VALUES ('e1', '1')")
    conn.execute("INSERT INTO meta(key, value) VALUES ('e1', '2')")  # duplicate key
    conn.execute("INSERT INTO meta(key, value) VALUES ('e2', '3')")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("SELECT 1").fetchone()
    assert not conn.in_transaction
    conn.execute("ROLLBACK")  # what the relay does next: harmless
    assert conn.execute("SELECT count(*) FROM meta WHERE key IN ('e1', 'e2')").fetchone() == (0,)
    conn.execute("BEGIN IMMEDIATE")  # a new session: its statements are prepared anew
    for i in range(3):
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (f"n{i}", "v"))
    conn.execute("COMMIT")
    assert conn.execute("SELECT count(*) FROM meta WHERE key LIKE 'n%'").fetchone() == (3,)


def test_a_statement_with_too_few_values_is_refused_before_anything_is_sent(conn):
    conn.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", ("only-one",))
    conn.execute("ROLLBACK")
    assert not conn.in_transaction


def _seed(conn) -> None:
    conn.execute("BEGIN IMMEDIATE")
    for name, role, gone in (("ann", "member", None), ("bob", "admin", None), ("cyd", "member", 5)):
        conn.execute("INSERT INTO users(name, display_name, created_ts, role, deactivated_ts) VALUES (?,?,1,?,?)",
                     (name, name.title(), role, gone))
    conn.execute("INSERT INTO channels(id, name) VALUES ('C1', 'one')")
    conn.execute("INSERT INTO members(channel, user) VALUES ('C1', 'ann')")
    conn.execute("COMMIT")


def test_prefetched_lookups_answer_as_the_database_does_without_a_round_trip(conn):
    _seed(conn)
    post = lambda ch: fr.Post(id="x", channel=ch, text="hi")  # noqa: E731
    items = [("ann", post("C1")), ("bob", post("C1")), ("cyd", post("C9")), ("dan", post("C1"))]
    truth = {}
    for actor, cmd in items:
        truth[actor] = (conn.execute(commands.ROLE_SQL, (actor,)).fetchall(),
                        conn.execute(commands.CHANNEL_SQL, (cmd.channel,)).fetchall(),
                        conn.execute(commands.MEMBER_SQL, (cmd.channel, actor)).fetchall())
    conn.execute("BEGIN IMMEDIATE")
    prefetch.batch(conn, items)
    conn.execute("INSERT INTO meta(key, value) VALUES ('p', '1')")  # queued, unsent
    pipeline = conn._pipeline
    for actor, cmd in items:
        seen = (conn.execute(commands.ROLE_SQL, (actor,)).fetchall(),
                conn.execute(commands.CHANNEL_SQL, (cmd.channel,)).fetchall(),
                conn.execute(commands.MEMBER_SQL, (cmd.channel, actor)).fetchall())
        assert [list(map(tuple, part)) for part in seen] == [list(map(tuple, part)) for part in truth[actor]]
    assert pipeline.pending  # every answer came from the prefetch
    # A write to members forgets it: bob's new membership is read from the database.
    conn.execute("INSERT INTO members(channel, user) VALUES ('C1', 'bob')")
    assert commands.is_member(conn, "C1", "bob")
    conn.execute("ROLLBACK")
    assert not commands.is_member(conn, "C1", "bob")


def test_padded_chunks_come_in_bucket_sizes():
    chunks = list(prefetch.padded(list(range(70)), (1, 4, 16, 64)))
    assert [len(c) for c in chunks] == [64, 16]
    assert chunks[1][:6] == [64, 65, 66, 67, 68, 69] and set(chunks[1][6:]) == {69}
    assert list(prefetch.padded([7], (1, 4))) == [[7]]


def test_prefetch_leaves_a_sqlite_connection_alone(tmp_path):
    lite = db.connect(tmp_path)
    try:
        prefetch.batch(lite, [("ann", fr.Post(id="x", channel="C1", text="hi"))])  # no error, no reads
    finally:
        lite.close()
