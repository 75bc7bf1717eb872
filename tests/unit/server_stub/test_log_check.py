"""Checksums of the relay's log: written on append, verified on every read and by verify()."""

from __future__ import annotations

import pytest

from desktop.protocol import frames as fr
from server_stub import commands, db, log_check
from server_stub import log as evlog


def _posts(tx, n=5):
    general, _ = tx(commands.create_channel, None, "general", private=False, members=["alice", "bob"])
    for i in range(n):
        tx(commands.execute, "alice", fr.Post(id=f"0192f0c2-aaaa-7bbb-8ccc-{i:012d}", channel=general, text=f"post {i}"))
    return general


def _damage(conn, seq, column, value):
    conn.execute(f"UPDATE events SET {column} = ? WHERE seq = ?", (value, seq))  # crc left as it was


def _flipped_body(conn, seq):
    body = bytearray(conn.execute("SELECT body FROM events WHERE seq = ?", (seq,)).fetchone()[0])
    body[len(body) // 2] ^= 0x04
    return bytes(body)


def test_every_appended_event_carries_its_checksum(tx, conn):
    _posts(tx)
    rows = conn.execute("SELECT seq, kind, scope_channel, scope_user, body, crc FROM events").fetchall()
    assert rows and all(r[5] == log_check.checksum(*r[:5]) for r in rows)
    assert log_check.verify(conn)[0] == evlog.head(conn)


def test_every_read_refuses_a_flipped_body(tx, conn):
    general = _posts(tx)
    seq = evlog.head(conn)
    _damage(conn, seq, "body", _flipped_body(conn, seq))
    for read in (lambda: evlog.read_range(conn, 0, seq),
                 lambda: evlog.read_visible_now(conn, "alice", 0, seq, 100),
                 lambda: evlog.read_channel_before(conn, general, None, 100),
                 lambda: log_check.verify(conn)):
        with pytest.raises(log_check.LogDamaged) as info:
            read()
        assert info.value.seq == seq
    # what lies before the damaged event is still served
    assert [e.seq for e in evlog.read_range(conn, 0, seq - 1)] == list(range(1, seq))


@pytest.mark.parametrize("column,value", [("scope_channel", "elsewhere"), ("scope_user", "bob"),
                                          ("kind", "message.edited"), ("crc", 12345)])
def test_a_changed_audience_kind_or_checksum_is_caught(tx, conn, column, value):
    _posts(tx)
    seq = evlog.head(conn)
    _damage(conn, seq, column, value)
    with pytest.raises(log_check.LogDamaged):
        evlog.read_range(conn, 0, seq)  # fan-out reads every row whatever its audience
    with pytest.raises(log_check.LogDamaged):
        log_check.verify(conn)


def test_a_missing_event_is_caught(tx, conn):
    _posts(tx)
    conn.execute("DELETE FROM events WHERE seq = 3")
    with pytest.raises(log_check.LogDamaged, match="missing"):
        log_check.verify(conn)


def test_an_older_relays_log_is_checksummed_once_at_upgrade(tmp_path):
    conn = db.connect(tmp_path)
    conn.execute("INSERT INTO events(seq, kind, scope_channel, scope_user, body) VALUES (1, 'user.created', NULL, NULL, ?)",
                 (b'{"kind":"user.created","seq":1,"ts":1,"user":"a","display_name":"A"}',))
    conn.execute("DELETE FROM meta WHERE key = ?", (log_check.CHECKSUM_META,))  # as before the upgrade
    with pytest.raises(log_check.LogDamaged):
        log_check.verify(conn)  # a row without a checksum is not verified data
    conn.close()
    conn = db.connect(tmp_path)  # the upgrade fills it in
    try:
        assert log_check.verify(conn)[0] == 1
        assert conn.execute("SELECT crc FROM events").fetchone()[0] == log_check.checksum(
            *conn.execute("SELECT seq, kind, scope_channel, scope_user, body FROM events").fetchone())
    finally:
        conn.close()
