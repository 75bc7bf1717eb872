"""Team schema (issue 12): the first user owns the workspace, roles are checked,
old databases migrate with their first user as owner, audit rows never grow unbounded detail."""

from __future__ import annotations

import sqlite3

import pytest

from server_stub import accounts, admin, audit, db


def test_first_user_is_owner_later_ones_members(tmp_path):
    admin.add_user(tmp_path, "alice")
    admin.add_user(tmp_path, "bob")
    conn = db.connect(tmp_path)
    try:
        assert accounts.role_of(conn, "alice") == "owner"
        assert accounts.role_of(conn, "bob") == "member"
        assert accounts.role_of(conn, "nobody") is None
        assert accounts.is_active(conn, "bob")
        assert not accounts.is_active(conn, "nobody")
    finally:
        conn.close()


def test_a_database_from_before_roles_gets_its_first_user_as_owner(tmp_path):
    conn = sqlite3.connect(tmp_path / db.DB_NAME, isolation_level=None)
    conn.executescript(db.MIGRATIONS[0])
    conn.execute("INSERT INTO meta(key, value) VALUES ('epoch', 'e'), ('revocations', '0')")
    conn.execute("INSERT INTO users VALUES ('zed', 'Zed', 1), ('amy', 'Amy', 2)")
    conn.execute("INSERT INTO channels(id, name, creator) VALUES ('c1', 'general', 'amy')")
    conn.execute("INSERT INTO members VALUES ('c1', 'amy'), ('c1', 'zed')")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    conn = db.connect(tmp_path)
    try:
        assert accounts.role_of(conn, "zed") == "owner"  # created first
        assert accounts.role_of(conn, "amy") == "member"
        managers = dict(conn.execute("SELECT user, manager FROM members WHERE channel = 'c1'"))
        assert managers == {"amy": 1, "zed": 0}  # the creator manages the channel
    finally:
        conn.close()


def test_audit_records_known_actions_only_newest_first(tmp_path):
    admin.add_user(tmp_path, "alice")
    conn = db.connect(tmp_path)
    try:
        audit.record(conn, "alice", "role.changed", "bob", "member->admin")
        audit.record(conn, None, "user.deactivated", "bob", "x" * 5000)
        with pytest.raises(ValueError):
            audit.record(conn, "alice", "message.read", "1")
        rows = audit.entries(conn)
        assert [(r.actor, r.action) for r in rows] == [(None, "user.deactivated"), ("alice", "role.changed")]
        assert len(rows[0].detail) == 200
        assert audit.entries(conn, before=rows[0].id) == rows[1:]
    finally:
        conn.close()
