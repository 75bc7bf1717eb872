"""`beacon-relay migrate --from DATA_DIR --to postgresql://...`: a single relay's SQLite
database copied into an empty PostgreSQL database, for the relay as a cluster (issue 14).

Every table and row is copied as it is — event seqs, the epoch (meta), the idempotency
records (commands), tokens, every feature's tables and versions, the audit log — so
clients resume from their cursors, a resent command id gets its original ack, and
tokens keep working. The copy is one transaction under the relay's write lock
(server_stub.pg.WRITE_LOCK): a node started against the target meanwhile waits, and a
failed copy leaves the target without any relay data. It is verified afterwards (row
counts, log head, every event's checksum, epoch and schema versions).

File blobs are not in the database: they stay files, in <DATA_DIR>/blobs, and must be
copied to the folder every node of the cluster is given as --data.

The relay must be stopped first: `source_in_use` refuses while a process holds the
SQLite database open (its shared-memory lock), which is what a serving relay does.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import sqlite3
import struct
import time
from pathlib import Path

from server_stub import db, log_check
from server_stub import log as evlog

BATCH = 5000  # rows read from SQLite per batch (the target receives them over COPY)
# The bookkeeping the target's db.connect writes itself; compared, not copied.
_SCHEMA_TABLES = {"relay_schema"}
# Tables an empty relay's schema setup fills: a target with rows only there holds no data.
_NO_DATA = {"relay_schema", "feature_versions", "meta"}


class MigrateError(Exception):
    """The migration cannot start, or its result does not match the source."""


@dataclasses.dataclass
class Summary:
    tables: dict[str, int]  # table -> rows copied
    head: int
    epoch: str
    schema: int
    events_verified: int
    seconds: float
    blobs: Path

    def lines(self) -> list[str]:
        out = [f"copied {sum(self.tables.values())} rows in {len(self.tables)} tables in {self.seconds:.2f} s:"]
        width = max(map(len, self.tables), default=0)
        out += [f"  {name:<{width}}  {rows}" for name, rows in sorted(self.tables.items())]
        out.append(f"verified: row counts equal, log head {self.head}, {self.events_verified} event checksums,"
                   f" epoch {self.epoch}, schema {self.schema}")
        if self.blobs.is_dir():
            out.append(f"file blobs are not in the database: copy {self.blobs} to the blobs folder of the data"
                       " folder every node is given as --data (e.g. rsync -a, keeping modes)")
        else:
            out.append("no file blobs to copy")
        out.append("the SQLite database is left as it was: do not serve it again (its writes would not reach"
                   " the cluster)")
        return out


# ---- is the source in use? -------------------------------------------------------


def source_in_use(data_dir: Path) -> bool:
    """True when another process has the SQLite database open in WAL mode: every such
    connection holds a shared lock on the "DMS" byte of relay.db-shm (offset 128) for
    as long as it is open. F_GETLK only asks; nothing is locked. Must run before this
    process opens the database itself (closing any descriptor of a file drops this
    process's locks on it)."""
    shm = Path(data_dir) / (db.DB_NAME + "-shm")
    try:
        fd = os.open(shm, os.O_RDWR)
    except FileNotFoundError:
        return False
    except PermissionError:
        return True  # another user's open database: not ours to copy while it runs
    try:
        query = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 128, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        return struct.unpack("hhqqi", answer)[0] != fcntl.F_UNLCK
    finally:
        os.close(fd)


# ---- the copy ----------------------------------------------------------------------


def _source_tables(src: sqlite3.Connection) -> dict[str, list[str]]:
    """Table -> columns, referenced tables before the tables that reference them
    (PostgreSQL checks each foreign key as the rows arrive)."""
    names = [r[0] for r in src.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    refs = {n: {r[2] for r in src.execute(f'PRAGMA foreign_key_list("{n}")')} - {n} for n in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and refs[n] <= set(ordered)]
        if not ready:
            raise MigrateError(f"foreign keys form a cycle among {sorted(set(names) - set(ordered))}")
        ordered += ready
    return {name: [r[1] for r in src.execute(f'PRAGMA table_info("{name}")')] for name in ordered}


def _target_tables(cur) -> dict[str, dict[str, str]]:
    """Table -> {column: PostgreSQL data type}."""
    cur.execute("SELECT table_name, column_name, data_type FROM information_schema.columns"
                " WHERE table_schema = current_schema()")
    out: dict[str, dict[str, str]] = {}
    for table, column, kind in cur.fetchall():
        out.setdefault(table, {})[column] = kind
    return out


def _as_bytes(row: tuple, binary: list[int]) -> tuple:
    """SQLite lets a BLOB column hold text; BYTEA takes bytes (its UTF-8, as the relay
    wrote it): sent as text, a backslash in it would be read as an escape."""
    row = list(row)
    for i in binary:
        if isinstance(row[i], str):
            row[i] = row[i].encode("utf-8", "surrogatepass")
    return tuple(row)


def check_empty(url: str) -> None:
    import psycopg

    from psycopg import sql

    try:
        with psycopg.connect(url, connect_timeout=10, autocommit=True) as conn:
            rows = conn.execute("SELECT table_name FROM information_schema.tables"
                                " WHERE table_schema = current_schema() ORDER BY table_name").fetchall()
            names = {r[0] for r in rows}
            # An empty relay schema (a relay started on it, or a migration that failed
            # after making it) holds no one's data: it may be filled.
            if "relay_schema" in names and not any(
                    conn.execute(sql.SQL("SELECT 1 FROM {} LIMIT 1").format(sql.Identifier(n))).fetchone()
                    for n in names - _NO_DATA):
                return
    except psycopg.Error as exc:
        raise MigrateError(f"cannot open the target database: {str(exc).strip()}") from None
    if rows:
        listed = ", ".join(r[0] for r in rows[:6]) + (", ..." if len(rows) > 6 else "")
        raise MigrateError(
            f"the target database is not empty (it has {len(rows)} table(s): {listed}); migrate copies into an"
            " empty database only: CREATE DATABASE name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C'"
            " LC_CTYPE 'C', then pass its URL to --to")


def _copy(src: sqlite3.Connection, url: str, tables: dict[str, list[str]]) -> dict[str, int]:
    import psycopg

    try:
        return _copy_in_one_transaction(src, url, tables)
    except psycopg.Error as exc:
        raise MigrateError(f"the copy failed and was rolled back, the target holds no copied data:"
                           f" {str(exc).strip()}") from None


def _copy_in_one_transaction(src: sqlite3.Connection, url: str, tables: dict[str, list[str]]) -> dict[str, int]:
    import psycopg
    from psycopg import sql

    from server_stub import pg

    copied: dict[str, int] = {}
    with psycopg.connect(url, connect_timeout=10) as conn:  # one transaction, committed on exit
        cur = conn.cursor()
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (pg.WRITE_LOCK,))
        target = _target_tables(cur)
        for name in reversed(list(tables)):  # what the target's schema setup wrote (meta, versions)
            if name in target:
                cur.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(name)))
        for name, columns in tables.items():
            have = target.get(name)
            if have is None:
                raise MigrateError(f"table {name} of the source has no counterpart in the target schema"
                                   " (is this relay older than the source's?)")
            missing = [c for c in columns if c not in have]
            if missing:
                raise MigrateError(f"table {name}: the target has no column(s) {', '.join(missing)}")
            ident = sql.Identifier(name)
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = src.execute(f'SELECT {quoted} FROM "{name}"')
            count = 0
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(ident, sql.SQL(", ").join(map(sql.Identifier, columns)))
            binary = [i for i, c in enumerate(columns) if have[c] == "bytea"]
            with cur.copy(statement) as copy:
                while batch := rows.fetchmany(BATCH):
                    for row in batch:
                        copy.write_row(_as_bytes(row, binary) if binary else row)
                    count += len(batch)
            copied[name] = count
        # INTEGER PRIMARY KEY columns are identity columns here: the next id follows the copied ones.
        cur.execute("SELECT table_name, column_name FROM information_schema.columns"
                    " WHERE table_schema = current_schema() AND is_identity = 'YES'")
        for table, column in cur.fetchall():
            cur.execute(sql.SQL("SELECT setval(pg_get_serial_sequence(%s, %s), max({col})) FROM {tab}"
                                " HAVING max({col}) IS NOT NULL").format(
                col=sql.Identifier(column), tab=sql.Identifier(table)), (table, column))
    return copied


def _verify(src: sqlite3.Connection, place: db.Place, copied: dict[str, int]) -> tuple[int, int, str, int]:
    target = db.connect(place)
    try:
        for name, rows in copied.items():
            have = target.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            source = src.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            if not have == rows == source:
                raise MigrateError(f"table {name}: {source} rows in the source, {rows} copied, {have} in the target")
        head, src_head = evlog.head(target), evlog.head(src)
        if head != src_head:
            raise MigrateError(f"log head {head} in the target, {src_head} in the source")
        try:
            events, _seconds = log_check.verify(target)
        except log_check.LogDamaged as exc:
            raise MigrateError(f"the copied log does not verify: {exc}") from None
        epoch = db.get_meta(target, "epoch") or ""
        if epoch != (db.get_meta(src, "epoch") or ""):
            raise MigrateError("the epoch differs between the source and the target")
        schema, src_schema = db._schema_version(target), db._schema_version(src)
        if schema != src_schema:
            raise MigrateError(f"schema version {schema} in the target, {src_schema} in the source")
        features = lambda c: sorted(c.execute("SELECT name, version FROM feature_versions").fetchall())  # noqa: E731
        if [tuple(r) for r in features(target)] != [tuple(r) for r in features(src)]:
            raise MigrateError("the feature versions differ between the source and the target")
    finally:
        target.close()
    return head, events, epoch, schema


def migrate(data_dir: Path | str, url: str) -> Summary:
    """Copy the SQLite relay in data_dir into the empty PostgreSQL database at url."""
    from server_stub import pg

    started = time.perf_counter()
    data_dir = Path(data_dir)
    if not pg.is_url(url):
        raise MigrateError(f"--to takes a postgresql:// URL, got {url!r}")
    if not (data_dir / db.DB_NAME).is_file():
        raise MigrateError(f"no relay database at {data_dir / db.DB_NAME}")
    if source_in_use(data_dir):
        raise MigrateError(f"a process has {data_dir / db.DB_NAME} open (a relay serving it?): stop the relay"
                           " and any `beacon-relay admin`, then migrate")
    check_empty(url)
    # The source brought to this relay's schema (what starting the relay would do), then
    # read in one snapshot: nothing may change between the copy and its verification.
    src = log_check.open_checked(db.connect, data_dir, create=False)
    try:
        try:
            log_check.verify(src)
        except log_check.LogDamaged as exc:
            raise MigrateError(f"the source does not verify, nothing copied: {exc.operator_line()}") from None
        place = db.Place(data_dir, url)
        db.connect(place).close()  # the target's schema, made by the same code that serves it
        tables = {n: c for n, c in _source_tables(src).items() if n not in _SCHEMA_TABLES}
        src.execute("BEGIN")
        try:
            copied = _copy(src, url, tables)
            head, events, epoch, schema = _verify(src, place, copied)
        finally:
            src.execute("ROLLBACK")
    finally:
        src.close()
    return Summary(copied, head, epoch, schema, events, time.perf_counter() - started, data_dir / "blobs")


# ---- command line ------------------------------------------------------------------


def add_parser(sub) -> None:
    m = sub.add_parser("migrate", help="copy a stopped SQLite relay into an empty PostgreSQL database (cluster)")
    m.add_argument("--from", dest="source", type=Path, required=True, metavar="DATA_DIR",
                   help="the relay's data folder (relay.db); the relay must be stopped")
    m.add_argument("--to", dest="target", required=True, metavar="URL",
                   help="an empty PostgreSQL database: postgresql://user@host:port/database")


def run(args) -> int:
    import sys

    try:
        summary = migrate(args.source, args.target)
    except MigrateError as exc:
        print(f"beacon-relay migrate: {exc}", file=sys.stderr)
        return 1
    except (sqlite3.Error, OSError) as exc:
        print(f"beacon-relay migrate: {exc}; the target holds no copied data (the copy is one transaction)",
              file=sys.stderr)
        return 1
    print("\n".join(summary.lines()))
    return 0
