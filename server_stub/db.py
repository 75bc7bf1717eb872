"""The relay's SQLite database: opening with durable settings, schema migrations."""

from __future__ import annotations

import logging
import os
import secrets
import stat
import sqlite3
from pathlib import Path

from server_stub import log_check
from server_stub.private_files import private_dir, private_file

DB_NAME = "relay.db"

logger = logging.getLogger(__name__)

# Each entry migrates from user_version == index to index + 1. Never edit a
# released entry: append a new one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE users (
        name TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        created_ts INTEGER NOT NULL
    );
    CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,           -- sha256 of the token, the token itself is never stored
        user TEXT NOT NULL REFERENCES users(name),
        created_ts INTEGER NOT NULL,
        revoked_ts INTEGER
    );
    CREATE INDEX tokens_user ON tokens(user);
    CREATE TABLE channels (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        private INTEGER NOT NULL DEFAULT 0,
        dm_key TEXT UNIQUE,              -- 'alice|bob' for direct messages, else NULL
        archived INTEGER NOT NULL DEFAULT 0,
        creator TEXT
    );
    CREATE UNIQUE INDEX channels_name ON channels(lower(name)) WHERE dm_key IS NULL;
    CREATE TABLE members (
        channel TEXT NOT NULL REFERENCES channels(id),
        user TEXT NOT NULL REFERENCES users(name),
        PRIMARY KEY (channel, user)
    ) WITHOUT ROWID;
    CREATE INDEX members_user ON members(user, channel);
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,          -- the seq of its message.posted event
        channel TEXT NOT NULL,
        author TEXT NOT NULL,
        thread INTEGER,
        deleted INTEGER NOT NULL DEFAULT 0,
        pinned INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE reactions (
        msg INTEGER NOT NULL, user TEXT NOT NULL, emoji TEXT NOT NULL,
        PRIMARY KEY (msg, user, emoji)
    ) WITHOUT ROWID;
    CREATE TABLE read_markers (
        user TEXT NOT NULL, channel TEXT NOT NULL, upto INTEGER NOT NULL,
        PRIMARY KEY (user, channel)
    ) WITHOUT ROWID;
    CREATE TABLE commands (              -- idempotency: one row per (user, client id)
        user TEXT NOT NULL, cid TEXT NOT NULL, ack BLOB NOT NULL,
        PRIMARY KEY (user, cid)
    ) WITHOUT ROWID;
    CREATE TABLE events (                -- the append-only log
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        scope_channel TEXT,              -- visible to this channel's members
        scope_user TEXT,                 -- and/or to this user, both NULL = everyone
        body BLOB NOT NULL               -- the event as sent on the wire (JSON)
    );
    CREATE INDEX events_channel ON events(scope_channel, seq) WHERE scope_channel IS NOT NULL;
    CREATE INDEX events_user ON events(scope_user, seq) WHERE scope_user IS NOT NULL;
    """,
    # Teams (issue 12): workspace roles, deactivation, per-device tokens, channel
    # topics and managers, and the audit log of admin actions.
    """
    ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'member';
    ALTER TABLE users ADD COLUMN deactivated_ts INTEGER;
    ALTER TABLE users ADD COLUMN title TEXT NOT NULL DEFAULT '';
    ALTER TABLE users ADD COLUMN tz TEXT NOT NULL DEFAULT '';
    ALTER TABLE tokens ADD COLUMN device TEXT NOT NULL DEFAULT '';
    ALTER TABLE tokens ADD COLUMN last_seen_ts INTEGER;
    ALTER TABLE channels ADD COLUMN topic TEXT NOT NULL DEFAULT '';
    ALTER TABLE members ADD COLUMN manager INTEGER NOT NULL DEFAULT 0;
    UPDATE members SET manager = 1
        WHERE user = (SELECT creator FROM channels WHERE channels.id = members.channel);
    UPDATE users SET role = 'owner'
        WHERE name = (SELECT name FROM users ORDER BY created_ts, name LIMIT 1);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        actor TEXT,                      -- NULL: the relay's operator (beacon-relay admin)
        action TEXT NOT NULL,            -- e.g. 'invite.created', 'role.changed'
        target TEXT NOT NULL DEFAULT '', -- a user, channel id, invite id, message id...
        detail TEXT NOT NULL DEFAULT ''  -- short structured detail, never a message body
    );
    CREATE INDEX audit_ts ON audit(ts);
    """,
    # Issue 11: a checksum per event, verified on every read (server_stub.log_check).
    """
    ALTER TABLE events ADD COLUMN crc INTEGER;
    """,
    # Skills people list on their profile (profile.set): evidence for "who knows X".
    """
    ALTER TABLE users ADD COLUMN skills TEXT NOT NULL DEFAULT '[]';
    """,
]


class Place(os.PathLike):
    """Where a relay keeps its data: the data folder (blobs; relay.db for SQLite) and,
    for a cluster, the PostgreSQL URL of its database. `Path(place)` is the folder, so
    code that only needs the folder takes a Place where it took a path."""

    __slots__ = ("data_dir", "database")

    def __init__(self, data_dir: Path | str, database: str | None = None):
        self.data_dir = Path(data_dir)
        self.database = database or None

    def __fspath__(self) -> str:
        return str(self.data_dir)

    def __str__(self) -> str:  # the folder, as where a path is printed or passed on
        return str(self.data_dir)

    def __repr__(self) -> str:
        return f"Place({str(self.data_dir)!r}, {'postgresql' if self.database else 'sqlite'})"


def connect(
    data_dir: Path | str | Place, *, create: bool = True, database: str | None = None, read_only: bool = False,
) -> sqlite3.Connection:
    """Open the relay database with settings that make a COMMIT durable.

    `database` None: the SQLite file in data_dir. WAL + synchronous=FULL fsyncs the
    WAL at every commit, so an acknowledged event survives power loss, not only a
    process crash. `database` a postgresql:// URL: that database (server_stub.pg), whose
    COMMIT is durable with the server's default synchronous_commit=on; data_dir then
    only holds what is not in the database (file blobs).
    """
    if isinstance(data_dir, Place):
        data_dir, database = data_dir.data_dir, database or data_dir.database
    if database is not None:
        return _connect_pg(data_dir, database, read_only=read_only)
    path = Path(data_dir) / DB_NAME
    if not create and not path.exists():
        raise FileNotFoundError(f"no relay database at {path} (run `beacon-relay serve` or `admin add-user` first)")
    secure(path.parent)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    migrate(conn)
    _finish(conn)
    if read_only:
        conn.execute("PRAGMA query_only=ON")
    return conn


def _connect_pg(data_dir: Path | str, url: str, *, read_only: bool):
    from server_stub import pg

    if not pg.is_url(url):
        raise ValueError(f"not a PostgreSQL URL: {url!r} (postgresql://user@host:port/database)")
    private_dir(Path(data_dir))
    conn = pg.PgConnection(url, Path(data_dir), read_only=False)
    # Nodes starting together: the bookkeeping tables are made under the write lock too.
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS relay_schema (version INTEGER NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS feature_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    migrate(conn)
    _finish(conn)
    if read_only:
        conn.close()
        conn = pg.PgConnection(url, Path(data_dir), read_only=True)
    return conn


def is_postgres(conn) -> bool:
    return type(conn).__name__ == "PgConnection"


def data_dir_of(conn) -> Path:
    """The folder beside the database that holds what is not in it (file blobs)."""
    if is_postgres(conn):
        if conn.data_dir is None:
            raise RuntimeError("this PostgreSQL connection was opened without a data folder")
        return conn.data_dir
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file).parent
    raise RuntimeError("relay database has no file")


def _finish(conn) -> None:
    log_check.backfill(conn)
    from server_stub import features, plugins  # noqa: F401 -- plugins registers the features

    features.migrate(conn)


def secure(data_dir: Path) -> None:
    """The data directory 0700 and the database files 0600, whatever the umask, also
    for a directory made by an older relay. SQLite gives -wal and -shm the mode of the
    database file, so creating that one 0600 first covers them; blobs and partials are
    made 0600 by server_stub.blobs, inside directories it makes 0700."""
    private_dir(data_dir)
    try:
        os.chmod(data_dir, 0o700)
        # Never open (and close) a descriptor on a database this process may already
        # have open through SQLite: closing any descriptor of a file drops all of the
        # process's POSIX locks on it, and SQLite's locking breaks ("disk I/O error").
        # So: create it 0600 only when it does not exist yet, else chmod by path.
        try:
            os.close(private_file(data_dir / DB_NAME, os.O_RDONLY | os.O_EXCL))
        except FileExistsError:
            if not stat.S_ISREG(os.lstat(data_dir / DB_NAME).st_mode):
                raise OSError(f"{data_dir / DB_NAME} is not a regular file") from None
            os.chmod(data_dir / DB_NAME, 0o600)
        for suffix in ("-wal", "-shm", "-journal"):
            try:
                os.chmod(data_dir / (DB_NAME + suffix), 0o600)
            except FileNotFoundError:
                pass
    except OSError as exc:
        # Not the owner (an admin command run as another user), a symlinked database...:
        # the relay still runs; the operator is told.
        logger.warning("could not make the relay's data private (%s): %s", data_dir, exc)


def _schema_version(conn) -> int:
    if not is_postgres(conn):
        return conn.execute("PRAGMA user_version").fetchone()[0]
    row = conn.execute("SELECT version FROM relay_schema").fetchone()
    return row[0] if row else 0


def _set_schema_version(conn, version: int) -> None:
    if not is_postgres(conn):
        conn.execute(f"PRAGMA user_version = {int(version)}")
        return
    conn.execute("DELETE FROM relay_schema")
    conn.execute("INSERT INTO relay_schema(version) VALUES (?)", (version,))


def migrate(conn: sqlite3.Connection) -> None:
    version = _schema_version(conn)
    if version > len(MIGRATIONS):
        raise RuntimeError(
            f"relay database schema {version} is newer than this relay ({len(MIGRATIONS)})"
        )
    for index in range(version, len(MIGRATIONS)):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-check under the write lock: another process may have migrated.
            if _schema_version(conn) != index:
                conn.execute("ROLLBACK")
                continue
            for statement in MIGRATIONS[index].split(";"):
                if statement.strip():
                    conn.execute(statement)
            if index == 0:
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES ('epoch', ?), ('revocations', '0')",
                    (secrets.token_hex(8),),
                )
            _set_schema_version(conn, index + 1)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None
