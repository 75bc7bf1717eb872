"""The relay on PostgreSQL: a connection with the shape of `sqlite3.Connection`, so the
relay's SQL (written for SQLite) runs unchanged on either database.

What differs, and where it is handled:
- Placeholders: `?` and `:name` become `%s` and `%(name)s` (`translate`).
- `user` is a reserved word in PostgreSQL; it is quoted wherever it names a column.
- `BEGIN IMMEDIATE` takes SQLite's database write lock. Here it is `BEGIN` plus a
  transaction-scoped advisory lock (`WRITE_LOCK`), held until COMMIT/ROLLBACK: every
  node's writes are serialized exactly as SQLite serializes them, so `max(seq) + 1` read
  under it is the next seq, and seq order is commit order (docs/SCALE.md says why that
  is the property the resume contract needs).
- Savepoints: `RELEASE x` / `ROLLBACK TO x` get the `SAVEPOINT` keyword.
- DDL: INTEGER is BIGINT, BLOB is BYTEA, REAL is DOUBLE PRECISION, WITHOUT ROWID is
  dropped, an `INTEGER PRIMARY KEY` is an identity column (SQLite numbers those rows).
- `json_extract(CAST(col AS TEXT), '$.key')` is `convert_from(col, 'UTF8')::jsonb ->> 'key'`.
- `INSERT OR IGNORE` is `INSERT ... ON CONFLICT DO NOTHING`.
- Errors come out as the sqlite3 exception classes the relay already handles: a
  constraint as `sqlite3.IntegrityError`; anything else (the server restarting, a lost
  connection, a serialization failure) as `sqlite3.OperationalError` — "not applied,
  retry", never "the log is damaged" (damage is what the event checksums find).
- A lost connection is reopened by the next statement outside a transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
from psycopg import errors as pg_errors
from psycopg.adapt import Loader

from server_stub import pg_pipeline
from server_stub.pg_sql import BEGIN_WRITE, _cacheable_read, _touches_cached, translate

WRITE_LOCK = 0x62656163  # 'beac': the one advisory lock every write transaction holds


def is_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


# ---- results and errors ---------------------------------------------------------


class _NumericLoader(Loader):
    """sum() of BIGINT is NUMERIC in PostgreSQL: back as int (or float), as in SQLite."""

    def load(self, data):
        text = bytes(data).decode()
        try:
            return int(text)
        except ValueError:
            return float(text)


def _mapped(exc: psycopg.Error) -> sqlite3.Error:
    if isinstance(exc, pg_errors.IntegrityError):
        return sqlite3.IntegrityError(str(exc).strip())
    return sqlite3.OperationalError(f"PostgreSQL: {str(exc).strip() or type(exc).__name__}")


class Cursor:
    """The part of sqlite3.Cursor the relay uses, over a psycopg cursor (outside a write
    transaction) or a statement queued in the write pipeline (`pg_pipeline`): reading
    such a result first sends everything queued and waits for it."""

    __slots__ = ("_cur", "_owner", "_queued")

    def __init__(self, cur: psycopg.Cursor | None, owner: "PgConnection | None" = None,
                 queued: pg_pipeline.Result | None = None):
        self._cur = cur  # None: a statement with no result (a ROLLBACK with nothing to undo)
        self._owner = owner
        self._queued = queued

    def _ready(self) -> None:
        if self._queued is not None and self._queued.pgresult is None and self._owner is not None:
            self._owner.sync()

    @property
    def rowcount(self) -> int:
        self._ready()
        if self._queued is not None:
            res = self._queued.pgresult
            count = res.command_tuples if res is not None else None
            return -1 if count is None else count
        return -1 if self._cur is None else self._cur.rowcount

    def fetchone(self):
        rows = self._rows(one=True)
        return rows[0] if rows else None

    def fetchall(self) -> list:
        return self._rows(one=False)

    def _rows(self, one: bool) -> list:
        try:
            self._ready()
            if self._queued is not None:
                owner = self._owner
                rows = owner.pipeline_rows(self._queued) if owner is not None else []
                if one:
                    taken, self._queued.rows = rows[:1], rows[1:]
                    return taken
                self._queued.rows = []
                return rows
            if self._cur is None or self._cur.description is None:
                return []
            if one:
                row = self._cur.fetchone()
                return [] if row is None else [row]
            return self._cur.fetchall()
        except psycopg.Error as exc:
            raise _mapped(exc) from exc

    def __iter__(self):
        return iter(self.fetchall())


class _Remembered:
    """A cached read's rows, with the shape of Cursor."""

    __slots__ = ("_rows", "_pos")

    def __init__(self, rows: list):
        self._rows, self._pos = rows, 0

    @property
    def rowcount(self) -> int:
        return len(self._rows)

    def fetchone(self):
        if self._pos >= len(self._rows):
            return None
        self._pos += 1
        return self._rows[self._pos - 1]

    def fetchall(self) -> list:
        rows, self._pos = self._rows[self._pos:], len(self._rows)
        return rows

    def __iter__(self):
        return iter(self.fetchall())


class PgConnection:
    """One PostgreSQL session in autocommit mode: transactions are the explicit
    BEGIN/COMMIT statements the relay's code runs, as with sqlite3's isolation_level=None."""

    def __init__(self, url: str, data_dir: Path | None = None, *, read_only: bool = False, connect_timeout: float = 10):
        self.url = url
        self.data_dir = Path(data_dir) if data_dir is not None else None  # where blobs live
        self.read_only = read_only
        self.connect_timeout = connect_timeout
        self._conn: psycopg.Connection | None = None
        self._pipeline: pg_pipeline.WritePipeline | None = None  # in a write transaction
        self._session = pg_pipeline.Session()
        self._remembered: dict = {}
        self._open()

    def _open(self) -> None:
        try:
            # TCP keepalives: a node cut off without a FIN is noticed in ~25 s, not 2 hours.
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=int(max(1, self.connect_timeout)),
                                   keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3)
        except psycopg.Error as exc:
            raise _mapped(exc) from exc
        conn.adapters.register_loader("numeric", _NumericLoader)
        if self.read_only:
            conn.execute("SET default_transaction_read_only = on")
        else:
            # A writer never idles in a transaction; one that does (a node frozen while it
            # holds the write lock) is ended by the server so the other nodes go on. And
            # no writer waits for the lock for ever: it answers "retry" instead.
            conn.execute("SET idle_in_transaction_session_timeout = '30s'")
            conn.execute("SET lock_timeout = '30s'")
        self._conn = conn
        self._session = pg_pipeline.Session()  # a new session has no prepared statements

    def _live(self) -> psycopg.Connection:
        conn = self._conn
        if conn is None or conn.closed or conn.info.status != psycopg.pq.ConnStatus.OK:
            if conn is not None and self._in_transaction(conn):
                raise sqlite3.OperationalError("PostgreSQL: the connection was lost in a transaction")
            if conn is not None:
                conn.close()
            self._conn = None
            self._open()
            conn = self._conn
        return conn

    @staticmethod
    def _in_transaction(conn: psycopg.Connection) -> bool:
        status = conn.info.transaction_status
        return status in (psycopg.pq.TransactionStatus.INTRANS, psycopg.pq.TransactionStatus.INERROR)

    @property
    def in_transaction(self) -> bool:
        conn = self._conn
        return conn is not None and not conn.closed and (self._pipeline is not None or self._in_transaction(conn))

    # A write transaction (BEGIN IMMEDIATE ... COMMIT) runs in libpq's pipeline mode
    # (pg_pipeline): statements whose results nobody reads (INSERT, SAVEPOINT, RELEASE)
    # are only buffered; the next read, and COMMIT, send them all and wait once. An
    # error surfaces at that wait, inside the same command's savepoint or the same
    # batch's transaction, as it would have a statement earlier.

    def sync(self) -> None:
        """Send every queued statement and wait for its result (raises the first error)."""
        if self._pipeline is not None:
            try:
                self._pipeline.sync()
            except psycopg.Error as exc:
                self._abandon()
                raise _mapped(exc) from exc

    def pipeline_rows(self, result: pg_pipeline.Result) -> list:
        pipeline = self._pipeline
        if pipeline is None:  # the session was dropped: the transaction is gone
            raise sqlite3.OperationalError("PostgreSQL: the connection was lost in a transaction")
        return pipeline.rows(result)

    def _abandon(self) -> None:
        """A statement of a write transaction failed: drop the session. The server then
        aborts the transaction and releases the write lock at once — a half-failed
        pipeline must never leave the lock held (every node would wait on it). The
        relay treats the error as "batch not applied" either way; the next statement
        opens a new session."""
        self._pipeline = None
        self._remembered.clear()
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass

    def remember(self, sql: str, params: tuple, rows: list) -> None:
        """Inside a write transaction: `sql` with `params` (a read of users, channels or
        members, in the relay's SQLite text) gives `rows` until something in this
        transaction writes one of those tables (server_stub.prefetch)."""
        if self._pipeline is not None and _cacheable_read(sql):
            self._remembered[(sql, tuple(params))] = rows

    def _queue(self, text: str, params) -> Cursor:
        return Cursor(None, self, self._pipeline.queue(text, params))

    def execute(self, sql: str, params=()) -> Cursor:
        text = translate(sql)
        upper = text[:20].upper()
        rollback = upper.startswith("ROLLBACK") and not upper.startswith("ROLLBACK TO")
        commit = upper.startswith("COMMIT")
        gone = self._conn is None or self._conn.closed
        if gone and rollback:
            self._pipeline = None
            return Cursor(None)  # the session (and with it the transaction) is gone already
        if gone and commit:
            self._pipeline = None
            raise sqlite3.OperationalError("PostgreSQL: the connection was lost in a transaction")
        if self._remembered and (upper.startswith("ROLLBACK") or commit or _touches_cached(sql)):
            self._remembered.clear()
        key = None
        if self._pipeline is not None and _cacheable_read(sql):
            key = (sql, tuple(sorted(params.items())) if isinstance(params, dict) else tuple(params))
            hit = self._remembered.get(key)
            if hit is not None:
                return _Remembered(hit)
        conn = self._live()
        piped = self._pipeline is not None
        try:
            if text == BEGIN_WRITE:
                if self._pipeline is None and psycopg.Pipeline.is_supported():
                    self._pipeline = pg_pipeline.WritePipeline(conn, self._session)
                    piped = True
                    self._pipeline.queue("BEGIN")
                    self._pipeline.queue("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                    self._pipeline.sync()  # held when this returns, as SQLite's lock is
                    return Cursor(None)
                conn.execute("BEGIN")
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                return Cursor(None)
            if piped and (commit or rollback):
                pipeline = self._pipeline
                pipeline.queue(text)  # an error of a statement before it is raised here, not lost
                pipeline.close()  # COMMIT: durable when this returns
                self._pipeline = None
                return Cursor(None)
            if rollback and not self._in_transaction(conn):
                return Cursor(None)  # sqlite3 would raise; the relay only rolls back to be safe
            if piped:
                cur = self._queue(text, params)
                if key is not None:
                    rows = cur.fetchall()
                    self._remembered[key] = rows
                    return _Remembered(rows)
                return cur
            return Cursor(conn.execute(text, params if params else None))
        except psycopg.Error as exc:
            if piped:
                self._abandon()
            raise _mapped(exc) from exc

    def executemany(self, sql: str, rows) -> Cursor:
        if self._remembered and _touches_cached(sql):
            self._remembered.clear()
        conn = self._live()
        text = translate(sql)
        try:
            if self._pipeline is not None:
                last = Cursor(None)
                for row in rows:
                    last = self._queue(text, row)
                return last
            cur = conn.cursor()
            cur.executemany(text, list(rows))
        except psycopg.Error as exc:
            if self._pipeline is not None:
                self._abandon()
            raise _mapped(exc) from exc
        return Cursor(cur)

    def close(self) -> None:
        self._pipeline = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
