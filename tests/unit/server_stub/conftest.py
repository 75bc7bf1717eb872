"""A fresh relay database in a temporary directory, plus helpers to run commands."""

from __future__ import annotations

import pytest

from server_stub import accounts, db
from server_stub import log as evlog


@pytest.fixture
def conn(tmp_path):
    c = db.connect(tmp_path)
    yield c
    c.close()


class Tx:
    """Runs each call in its own write transaction, like the writer thread does."""

    def __init__(self, conn):
        self.conn = conn

    def __call__(self, fn, *args, **kwargs):
        self.conn.execute("BEGIN IMMEDIATE")
        app = evlog.Appender(self.conn)
        try:
            result = fn(app, *args, **kwargs)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        return result


@pytest.fixture
def tx(conn):
    t = Tx(conn)
    for name in ("alice", "bob", "carol", "dave"):
        t(accounts.add_user, name)
    return t
