"""Accounts: tokens are 256-bit random, and only their sha256 ever reaches the disk."""

from __future__ import annotations

import base64
import hashlib

import pytest

from server_stub import accounts, admin, db


def _all_db_bytes(data_dir) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data_dir.iterdir()) if p.name.startswith(db.DB_NAME))


def test_token_has_at_least_256_random_bits(tmp_path):
    tokens = {admin.add_user(tmp_path, f"u{i}") for i in range(20)}
    tokens |= {admin.new_token(tmp_path, "u0") for _ in range(20)}
    assert len(tokens) == 40
    for token in tokens:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) * 8 >= 256
        assert len(set(raw)) > 8  # not a constant or counter


def test_only_the_sha256_of_a_token_is_stored(tmp_path):
    token = admin.add_user(tmp_path, "alice")
    other = admin.new_token(tmp_path, "alice")
    blob = _all_db_bytes(tmp_path)  # the database and its WAL, as on disk
    assert blob  # we did read something
    for t in (token, other):
        assert t.encode() not in blob
        assert hashlib.sha256(t.encode()).hexdigest().encode() in blob
    conn = db.connect(tmp_path)
    try:
        hashes = {r[0] for r in conn.execute("SELECT hash FROM tokens")}
    finally:
        conn.close()
    assert hashes == {accounts.hash_token(token), accounts.hash_token(other)}


def test_authenticate_and_revoke(tmp_path):
    token = admin.add_user(tmp_path, "alice", "Alice A.")
    second = admin.new_token(tmp_path, "alice")
    conn = db.connect(tmp_path)
    try:
        assert accounts.authenticate(conn, token) == ("alice", "Alice A.", accounts.hash_token(token))
        assert accounts.authenticate(conn, token + "x") is None
        assert accounts.authenticate(conn, "") is None
        generation = db.get_meta(conn, "revocations")
    finally:
        conn.close()
    assert admin.revoke_token(tmp_path, "alice") == 2
    conn = db.connect(tmp_path)
    try:
        assert accounts.authenticate(conn, token) is None
        assert accounts.authenticate(conn, second) is None
        # The serving relay notices revocations through this counter.
        assert int(db.get_meta(conn, "revocations")) == int(generation) + 1
    finally:
        conn.close()
    # Revoking again revokes nothing new; a fresh token works.
    assert admin.revoke_token(tmp_path, "alice") == 0
    fresh = admin.new_token(tmp_path, "alice")
    conn = db.connect(tmp_path)
    try:
        assert accounts.authenticate(conn, fresh)[0] == "alice"
    finally:
        conn.close()


@pytest.mark.parametrize("name", ["", "Alice", "-x", "a b", "x" * 33, "émile", "a/b"])
def test_invalid_user_names_are_refused(tmp_path, name):
    with pytest.raises(admin.AdminError):
        admin.add_user(tmp_path, name)


def test_duplicate_user_and_unknown_user_are_refused(tmp_path):
    admin.add_user(tmp_path, "alice")
    with pytest.raises(admin.AdminError):
        admin.add_user(tmp_path, "alice")
    with pytest.raises(admin.AdminError):
        admin.new_token(tmp_path, "nobody")
    with pytest.raises(admin.AdminError):
        admin.revoke_token(tmp_path, "nobody")


def test_admin_refuses_names_clients_would_reject(tmp_path):
    from server_stub import admin

    admin.add_user(tmp_path, "alice")
    for bad in ["has space", "#hash", "tab\there", "x" * 81, "rtl\u202eevil"]:
        with pytest.raises(admin.AdminError):
            admin.add_channel(tmp_path, bad)
    with pytest.raises(admin.AdminError):
        admin.add_user(tmp_path, "bob", "Bob\u202e")
    assert admin.add_channel(tmp_path, "产品讨论")


def test_tokens_never_start_with_a_dash(tmp_path, monkeypatch):
    from server_stub import admin

    admin.add_user(tmp_path, "alice")
    tokens = iter(["-starts-like-an-option", "_ok-token"])
    monkeypatch.setattr(accounts.secrets, "token_urlsafe", lambda n: next(tokens))
    assert admin.new_token(tmp_path, "alice") == "_ok-token"
