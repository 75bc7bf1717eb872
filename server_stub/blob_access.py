"""Who may use a blob the relay holds: knowing its SHA-256 and size is not enough.

A user has access to a blob if they uploaded its bytes themselves (table
`blob_uploaders`, written once the relay verified the bytes they sent) or if it is
shared (a `files` row) in a channel they are a member of now. Without access, the
relay behaves as if it did not hold the blob: `share_file` is `not_found` and a `put`
must send every byte (no `have`), so nothing reveals that it exists.
"""

from __future__ import annotations

import sqlite3

# Appended to the files feature's migrations (server_stub/files.py). Blobs uploaded
# before it have no uploader rows: they stay reachable through their shares.
UPLOADERS_TABLE = (
    "CREATE TABLE blob_uploaders (sha256 TEXT NOT NULL, user TEXT NOT NULL,"
    " PRIMARY KEY (sha256, user)) WITHOUT ROWID"
)

_ACCESS = """
    SELECT 1 FROM blob_uploaders WHERE sha256 = :sha AND user = :user
    UNION ALL
    SELECT 1 FROM files JOIN members ON members.channel = files.channel AND members.user = :user
     WHERE files.sha256 = :sha
    LIMIT 1
"""


def has_access(conn: sqlite3.Connection, sha256: str, user: str) -> bool:
    return conn.execute(_ACCESS, {"sha": sha256, "user": user}).fetchone() is not None


def record_uploader(conn: sqlite3.Connection, sha256: str, user: str) -> None:
    """Runs on the writer thread (Writer.submit_write) after the bytes were verified."""
    conn.execute("INSERT INTO blob_uploaders(sha256, user) VALUES (?, ?) ON CONFLICT DO NOTHING", (sha256, user))
