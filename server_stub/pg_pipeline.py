"""A write transaction's statements sent to PostgreSQL together: libpq's pipeline mode,
driven directly (`psycopg.pq`), so that a statement nobody reads the result of costs no
system call and no wait.

psycopg's own `Pipeline` polls the socket and sends after every statement (a poll and a
send each: ~70% of the relay writer's time in a group commit of 60 posts, measured with
cProfile). Here a statement is dumped (psycopg's adapters, as `Cursor.execute` would)
and handed to libpq, which buffers it; nothing goes out until somebody needs an answer:
a read's rows or rowcount, COMMIT, ROLLBACK. Then everything queued goes out with one
sync, and the results are read in order. Statements seen twice are prepared on the
server (per session, keyed by text and parameter types, as psycopg does), so the server
does not parse and plan the same INSERT 60 times per commit.

Errors: the first failing statement's error is raised at the sync (the statements after
it are not applied: the server skips to the sync point), as psycopg's pipeline raises
it. The caller (`PgConnection`) then drops the session, which ends the transaction and
releases the write lock at once.
"""

from __future__ import annotations

import functools
import re
import select
import sqlite3
from collections import deque

import psycopg
from psycopg import errors as pg_errors
from psycopg import pq
from psycopg.adapt import PyFormat, Transformer

ANSWER_TIMEOUT_S = 60.0  # no answer at all from the server for this long: the session is dropped
PREPARE_AFTER = 2  # a statement text seen this many times in a session is prepared
MAX_PREPARED = 500  # per session: the relay's statements are a fixed set; this bounds a surprise

_PLACEHOLDER = re.compile(rb"%%|%s|%\((\w+)\)s")
_PREPARABLE = (b"SELECT", b"INSERT", b"UPDATE", b"DELETE", b"WITH")


@functools.lru_cache(maxsize=2048)
def numbered(query: str) -> tuple[bytes, tuple[str, ...] | None, int]:
    """psycopg's `%s` / `%(name)s` placeholders as `$1..$n`; `%%` as `%`. Returns the
    query, the parameter names in `$` order (None for positional), and their count."""
    names: list[str] = []
    count = 0

    def repl(match: re.Match) -> bytes:
        nonlocal count
        token = match.group(0)
        if token == b"%%":
            return b"%"
        if token == b"%s":
            count += 1
            return b"$%d" % count
        name = match.group(1).decode()
        if name not in names:
            names.append(name)
        return b"$%d" % (names.index(name) + 1)

    text = _PLACEHOLDER.sub(repl, query.encode())
    if names and count:
        raise ValueError("a statement mixes positional and named placeholders")
    return text, (tuple(names) if names else None), (len(names) if names else count)


class Result:
    """One queued statement's outcome, filled in by the sync that reads it."""

    __slots__ = ("pgresult", "rows")

    def __init__(self):
        self.pgresult: pq.abc.PGresult | None = None
        self.rows: list | None = None


class Session:
    """What outlives one transaction on a PostgreSQL session: its prepared statements."""

    def __init__(self):
        self.prepared: dict[tuple, bytes] = {}
        self.seen: dict[tuple, int] = {}


class WritePipeline:
    """The statements of one write transaction on `conn` (a psycopg connection in
    autocommit mode, idle). Everything goes through here until `close()`."""

    def __init__(self, conn: psycopg.Connection, session: Session):
        self._conn = conn
        self._pg = conn.pgconn
        self._session = session
        self._tx = Transformer(conn)
        self._queued: deque[Result | None] = deque()  # None: a prepare's result, not kept
        self._poll = select.poll()
        self._pg.enter_pipeline_mode()

    # ---- queueing ---------------------------------------------------------------

    def queue(self, query: str, params=None) -> Result:
        text, names, count = numbered(query)
        if params:
            values = [params[n] for n in names] if names is not None else list(params)
            if len(values) != count:
                raise sqlite3.ProgrammingError(f"{count} placeholders, {len(values)} values")
            dumped = self._tx.dump_sequence(values, [PyFormat.AUTO] * len(values))
            types, formats = tuple(self._tx.types), list(self._tx.formats)
        else:
            if count:
                raise sqlite3.ProgrammingError(f"{count} placeholders, no values")
            dumped, types, formats = None, (), None
        name = self._statement_name(text, types)
        pg = self._pg
        if name is None:
            pg.send_query_params(text, dumped, types or None, formats)
        else:
            pg.send_query_prepared(name, dumped, formats)
        result = Result()
        self._queued.append(result)
        return result

    def _statement_name(self, text: bytes, types: tuple) -> bytes | None:
        session = self._session
        key = (text, types)
        name = session.prepared.get(key)
        if name is not None:
            return name
        if not text.lstrip()[:6].upper().startswith(_PREPARABLE) or len(session.prepared) >= MAX_PREPARED:
            return None
        seen = session.seen.get(key, 0) + 1
        if seen < PREPARE_AFTER:
            if len(session.seen) < 4 * MAX_PREPARED:
                session.seen[key] = seen
            return None
        session.seen.pop(key, None)
        name = b"beacon_%d" % len(session.prepared)
        self._pg.send_prepare(name, text, types or None)
        self._queued.append(None)
        session.prepared[key] = name
        return name

    # ---- sending and reading ------------------------------------------------------

    @property
    def pending(self) -> bool:
        return bool(self._queued)

    def sync(self) -> None:
        """Send everything queued and read every result (raises the first error)."""
        if not self._queued:
            return
        pg = self._pg
        pg.pipeline_sync()
        self._flush()
        error: psycopg.Error | None = None
        while self._queued:
            slot = self._queued.popleft()
            res = self._next_result()
            if res is None:
                raise psycopg.OperationalError("PostgreSQL: a result is missing from the pipeline")
            if res.status == pq.ExecStatus.FATAL_ERROR and error is None:
                error = pg_errors.error_from_result(res, encoding=self._conn.info.encoding)
            elif slot is not None:
                slot.pgresult = res
            if self._next_result() is not None:  # each statement's results end with a NULL
                raise psycopg.OperationalError("PostgreSQL: more results than statements")
        while True:  # up to the sync point
            res = self._next_result()
            if res is not None and res.status == pq.ExecStatus.PIPELINE_SYNC:
                break
        if error is not None:
            raise error

    def rows(self, result: Result) -> list:
        if result.rows is None:
            res = result.pgresult
            if res is None or res.status != pq.ExecStatus.TUPLES_OK:
                result.rows = []
            else:
                self._tx.set_pgresult(res)
                result.rows = self._tx.load_rows(0, res.ntuples, tuple)
        return result.rows

    def close(self) -> None:
        """Leave pipeline mode (everything must have been read: after COMMIT's sync)."""
        self.sync()
        self._pg.exit_pipeline_mode()

    def _flush(self) -> None:
        pg = self._pg
        while pg.flush() == 1:  # the socket's buffer is full: wait, reading what arrives
            events = self._wait(select.POLLOUT | select.POLLIN)
            if events & select.POLLIN:
                pg.consume_input()

    def _next_result(self):
        pg = self._pg
        while pg.is_busy():
            self._wait(select.POLLIN)
            pg.consume_input()
        return pg.get_result()

    def _wait(self, mask: int) -> int:
        fd = self._pg.socket
        self._poll.register(fd, mask)
        try:
            ready = self._poll.poll(ANSWER_TIMEOUT_S * 1000)
        finally:
            self._poll.unregister(fd)
        if not ready:
            raise psycopg.OperationalError(f"PostgreSQL did not answer for {ANSWER_TIMEOUT_S:.0f} s")
        return ready[0][1] | (select.POLLIN if ready[0][1] & (select.POLLERR | select.POLLHUP) else 0)
