"""Opening another connection must not drop this process's SQLite locks.

Closing any descriptor of a file releases all of a process's POSIX locks on it. The
relay's permission fix-up once opened and closed the database file on every connect,
so after a relay reader connected, an admin command finishing in another process
believed it was the database's last user and removed the WAL under the running relay
("disk I/O error" in the relay's catch-up)."""

from __future__ import annotations

import subprocess
import sys

from server_stub import admin, db


def test_another_process_closing_does_not_remove_the_wal_under_us(tmp_path):
    admin.add_user(tmp_path, "alice")
    relay = db.connect(tmp_path)  # the serving relay's connection
    try:
        relay.execute("SELECT count(*) FROM users").fetchone()
        db.connect(tmp_path).close()  # a reader thread connecting (and later closing)
        # An admin command in another process: writes, then closes its connection.
        probe = (
            "import sqlite3\n"
            f"c = sqlite3.connect({str(tmp_path / db.DB_NAME)!r})\n"
            "c.execute(\"UPDATE meta SET value = value WHERE key = 'epoch'\"); c.commit(); c.close()\n"
        )
        subprocess.run([sys.executable, "-c", probe], check=True, timeout=30)
        assert (tmp_path / (db.DB_NAME + "-wal")).exists(), "the WAL was removed while the relay had it open"
        assert relay.execute("SELECT name FROM users").fetchall() == [("alice",)]
    finally:
        relay.close()
