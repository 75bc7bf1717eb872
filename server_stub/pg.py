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

import functools
import re
import sqlite3
from pathlib import Path

import psycopg
from psycopg import errors as pg_errors
from psycopg.adapt import Loader

WRITE_LOCK = 0x62656163  # 'beac': the one advisory lock every write transaction holds


def is_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


# ---- SQL translation ----------------------------------------------------------

_STRING = re.compile(r"'(?:[^']|'')*'")
_JSON = re.compile(r"json_extract\(\s*CAST\((\w+) AS TEXT\)\s*,\s*'\$\.(\w+)'\s*\)", re.I)
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_USER = re.compile(r'(?<![\w":])user(?![\w"])', re.I)
_INSERT_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.I)
_INT_PK = re.compile(r"\bINTEGER\s+PRIMARY\s+KEY\b", re.I)
_DDL = re.compile(r"^\s*(CREATE\s+TABLE|ALTER\s+TABLE)\b", re.I)
_TYPES = ((re.compile(r"\bINTEGER\b", re.I), "BIGINT"), (re.compile(r"\bBLOB\b", re.I), "BYTEA"),
          (re.compile(r"\bREAL\b", re.I), "DOUBLE PRECISION"), (re.compile(r"\bWITHOUT\s+ROWID\b", re.I), ""))

BEGIN_WRITE = "BEGIN /* write */"

# Reads of these tables are remembered for the rest of a write transaction (the write
# lock keeps every other writer out, so only this transaction can change them, and any
# statement of its own that writes one of them, or rolls back, forgets them all): a group
# commit of 200 posts asks who the author is and whether they are in the channel 200
# times, one round trip each, for the same few rows.
_CACHED_TABLES = frozenset({"users", "channels", "members"})
_READS = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)", re.I)
_WRITES = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|ALTER\s+TABLE|CREATE\s+\w*\s*\w*\s*)\s*(\w+)", re.I)


@functools.lru_cache(maxsize=2048)
def _cacheable_read(sql: str) -> bool:
    text = sql.lstrip()
    if not text[:6].upper() == "SELECT":
        return False
    tables = {t.lower() for t in _READS.findall(text)}
    return bool(tables) and tables <= _CACHED_TABLES


@functools.lru_cache(maxsize=2048)
def _touches_cached(sql: str) -> bool:
    text = sql.lstrip()
    if text.split(None, 1)[0].upper() in ("SELECT", "SAVEPOINT", "RELEASE", "BEGIN"):
        return False
    match = _WRITES.match(text)
    return match is None or match.group(1).lower() in _CACHED_TABLES


def _outside_strings(sql: str, fn) -> str:
    """Apply fn to the parts of sql that are not string literals."""
    out, pos = [], 0
    for match in _STRING.finditer(sql):
        out.append(fn(sql[pos:match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(fn(sql[pos:]))
    return "".join(out)


@functools.lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """The PostgreSQL text of one SQLite statement of the relay's."""
    word = sql.strip().rstrip(";").strip()
    upper = word.upper()
    if upper == "BEGIN IMMEDIATE":
        return BEGIN_WRITE
    if upper in ("BEGIN", "BEGIN DEFERRED"):
        return "BEGIN"
    if upper.startswith("RELEASE ") and not upper.startswith("RELEASE SAVEPOINT"):
        return "RELEASE SAVEPOINT " + word[8:]
    if upper.startswith("ROLLBACK TO ") and not upper.startswith("ROLLBACK TO SAVEPOINT"):
        return "ROLLBACK TO SAVEPOINT " + word[12:]
    sql = _JSON.sub(lambda m: f"(convert_from({m.group(1)}, 'UTF8')::jsonb ->> '{m.group(2)}')", sql)
    ignore = bool(_INSERT_IGNORE.match(sql))
    if ignore:
        sql = _INSERT_IGNORE.sub("INSERT INTO", sql, count=1)
    ddl = bool(_DDL.match(sql))

    def code(part: str) -> str:
        part = part.replace("%", "%%").replace("?", "%s")
        part = _USER.sub('"user"', part)
        part = _NAMED.sub(lambda m: f"%({m.group(1)})s", part)
        if ddl:
            part = _INT_PK.sub("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", part)
            for pattern, replacement in _TYPES:
                part = pattern.sub(replacement, part)
        return part

    sql = _outside_strings(sql, code)
    if ignore:
        sql = sql.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    return sql


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
    """The part of sqlite3.Cursor the relay uses. Inside a write transaction statements
    are pipelined (PgConnection): reading a result first waits for everything sent."""

    __slots__ = ("_cur", "_owner")

    def __init__(self, cur: psycopg.Cursor | None, owner: "PgConnection | None" = None):
        self._cur = cur  # None: a statement with no result (a ROLLBACK with nothing to undo)
        self._owner = owner

    def _ready(self) -> None:
        if self._owner is not None:
            self._owner.sync()

    @property
    def rowcount(self) -> int:
        self._ready()
        return -1 if self._cur is None else self._cur.rowcount

    def fetchone(self):
        try:
            self._ready()
            if self._cur is None or self._cur.description is None:
                return None
            return self._cur.fetchone()
        except psycopg.Error as exc:
            raise _mapped(exc) from exc

    def fetchall(self) -> list:
        try:
            self._ready()
            if self._cur is None or self._cur.description is None:
                return []
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
        self._pipeline: psycopg.Pipeline | None = None
        self._pipeline_cm = None
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

    # A write transaction (BEGIN IMMEDIATE ... COMMIT) runs in pipeline mode: statements
    # whose results nobody reads (INSERT, SAVEPOINT, RELEASE) go out without waiting for
    # the server; the next read, and COMMIT, wait for all of them. It halves the round
    # trips of a post. An error surfaces at that wait, inside the same command's
    # savepoint or the same batch's transaction, as it would have a statement earlier.

    def sync(self) -> None:
        """Wait for every pipelined statement's result (raises the first error)."""
        if self._pipeline is not None:
            try:
                self._pipeline.sync()
            except psycopg.Error as exc:
                self._abandon()
                raise _mapped(exc) from exc

    def _abandon(self) -> None:
        """A statement of a write transaction failed: drop the session. The server then
        aborts the transaction and releases the write lock at once — a half-failed
        pipeline must never leave the lock held (every node would wait on it). The
        relay treats the error as "batch not applied" either way; the next statement
        opens a new session."""
        self._pipeline = self._pipeline_cm = None
        self._remembered.clear()
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass

    def _end_pipeline(self) -> None:
        cm, self._pipeline, self._pipeline_cm = self._pipeline_cm, None, None
        if cm is not None:
            cm.__exit__(None, None, None)

    def execute(self, sql: str, params=()) -> Cursor:
        text = translate(sql)
        upper = text[:20].upper()
        rollback = upper.startswith("ROLLBACK") and not upper.startswith("ROLLBACK TO")
        commit = upper.startswith("COMMIT")
        gone = self._conn is None or self._conn.closed
        if gone and rollback:
            self._pipeline = self._pipeline_cm = None
            return Cursor(None)  # the session (and with it the transaction) is gone already
        if gone and commit:
            self._pipeline = self._pipeline_cm = None
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
                    self._pipeline_cm = conn.pipeline()
                    self._pipeline = self._pipeline_cm.__enter__()
                    piped = True
                conn.execute("BEGIN")
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                if self._pipeline is not None:
                    self._pipeline.sync()  # held when this returns, as SQLite's lock is
                return Cursor(conn.cursor())
            if commit or rollback:
                if self._pipeline is not None:
                    self._pipeline.sync()  # an error before COMMIT is raised here, not lost
                if rollback and not self._in_transaction(conn):
                    self._end_pipeline()
                    return Cursor(None)  # sqlite3 would raise; the relay only rolls back to be safe
                cur = conn.execute(text)
                if self._pipeline is not None:
                    self._pipeline.sync()  # COMMIT: durable when this returns
                    self._end_pipeline()
                return Cursor(cur)
            cur = conn.execute(text, params if params else None)
            if key is not None:
                rows = Cursor(cur, self).fetchall()
                self._remembered[key] = rows
                return _Remembered(rows)
            return Cursor(cur, self if self._pipeline is not None else None)
        except psycopg.Error as exc:
            if piped:
                self._abandon()
            raise _mapped(exc) from exc

    def executemany(self, sql: str, rows) -> Cursor:
        if self._remembered and _touches_cached(sql):
            self._remembered.clear()
        conn = self._live()
        cur = conn.cursor()
        try:
            cur.executemany(translate(sql), list(rows))
        except psycopg.Error as exc:
            raise _mapped(exc) from exc
        return Cursor(cur, self if self._pipeline is not None else None)

    def close(self) -> None:
        self._pipeline = self._pipeline_cm = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
