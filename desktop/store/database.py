"""SQLCipher connections: open with a key, verify it before any write, one writer, pooled readers."""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlcipher3

from desktop.errors import (
    BugError,
    CacheCorruptError,
    CacheRepairedError,
    KnownError,
    StorageError,
    StorageFullError,
    WrongKeyError,
)
from desktop.store import damage, integrity, wal
from desktop.store.keys import CacheKey

logger = logging.getLogger(__name__)

Connection = sqlcipher3.Connection
Setup = Callable[[Connection], None]  # per-connection setup, e.g. SQL functions

_MAX_READERS = 4
_BUSY_TIMEOUT_MS = 5000
_CACHE_KIB = 32 * 1024  # page cache per connection; SQLCipher decrypts each page it reads
_PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
# Below this much free space an I/O error at open is taken for a full disk (SQLite
# cannot size the -shm file): the cache is then opened for reading on one connection.
_FULL_DISK_BYTES = 1 << 20
_WAL_RECHECK_S = 0.05
_CHECKPOINT_WAIT_MS = 50
_PAGE_SIZE = 4096  # SQLCipher 4's default, which Beacon keeps
RESYNC_HINT = "run `beacon resync` to rebuild it from the relay (queued messages are kept)."

# Primary result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26


def translate(exc: sqlcipher3.Error, path: Path) -> Exception:
    """Map an SQLite failure to a KnownError the user can act on, or a BugError."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == _SQLITE_FULL:
        return StorageFullError(f"The disk holding {path.parent} is full; free some space and try again.")
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StorageError(f"The cache {path} is in use by another Beacon process; close it and try again.")
    if code in (_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_CANTOPEN):
        return StorageError(f"Beacon may not write to {path}; check the folder's permissions.")
    if code == _SQLITE_IOERR:
        return StorageError(f"The disk reported an error while Beacon used {path} ({exc}).")
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return CacheCorruptError(f"The cache {path} is damaged; {RESYNC_HINT}")
    return BugError(f"cache query failed: {exc}")


class Database:
    """One SQLCipher file: a single write connection behind a lock, and up to four
    read connections handed out one caller at a time (WAL lets them read while the
    writer writes). Every method may be called from any thread.
    """

    def __init__(
        self, path: Path, key: CacheKey, writer: Connection, setup: Setup | None, *, exclusive: bool = False
    ):
        self.path = path
        # On a full disk: one connection in exclusive locking mode (its WAL index lives
        # in memory, not in -shm), shared by readers and the writer.
        self.exclusive = exclusive
        self._key = key
        self._writer = writer
        self._setup = setup
        # Re-entrant so that a change listener (run while the lock is held, to keep
        # notifications in commit order) may itself write.
        self.write_lock = threading.RLock()
        self._readers: list[Connection] = []
        self._readers_open = 0
        self._pool = threading.Condition()
        self._closed = False
        self._kept: Path | None = None  # where damage found while open was copied
        self._checkpoint_owed = False

    @classmethod
    def open(cls, path: Path, key: CacheKey, *, setup: Setup | None = None) -> Database:
        """Open `path`, creating it only if it does not exist.

        An existing file is opened read-write but nothing is written until the key
        has been shown to decrypt it, so a wrong key leaves it byte-for-byte intact.
        """
        path = path.absolute()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            # O_EXCL: create it ourselves so it is never world-readable, even briefly.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass
        except OSError as exc:
            raise StorageError(f"Beacon cannot create its cache at {path} ({exc.strerror}).") from exc
        _repair_wal(path, key)
        exclusive = False
        try:
            conn = _connect(path, key)
        except StorageError:
            if not _disk_full(path):
                raise
            # Reading must still work: SQLite needs no new disk space in exclusive mode.
            logger.info("the disk holding %s is full: opening the cache on one connection", path)
            conn = _connect(path, key, exclusive=True)
            exclusive = True
        try:
            _configure(conn, writer=True, path=path, setup=setup)
        except BaseException:
            conn.close()
            raise
        return cls(path, key, conn, setup, exclusive=exclusive)

    def checkpoint(self) -> bool:
        """Copy every committed page into cache.db and empty the -wal (fsynced with
        synchronous=FULL): what is committed then no longer depends on the log.

        A reader on an older snapshot (the background integrity check) would make this
        wait for it; instead it gives up after a moment, returns False, and is done again
        as soon as a reader is given back."""
        with self.write_lock:
            self._check_open()
            conn = self._writer
            try:
                conn.execute(f"PRAGMA busy_timeout = {_CHECKPOINT_WAIT_MS}")
                try:
                    busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                finally:
                    conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            except sqlcipher3.Error as exc:
                raise self._failed(exc) from exc
            self._checkpoint_owed = bool(busy)
            return not busy

    def _retry_checkpoint(self) -> None:
        if not self.write_lock.acquire(blocking=False):
            return  # a writer is busy; the next reader given back tries again
        try:
            if self._checkpoint_owed and not self._closed and not self._writer.in_transaction:
                self.checkpoint()
        except KnownError as exc:
            logger.warning("deferred cache checkpoint failed: %s", exc)
        finally:
            self.write_lock.release()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """BEGIN IMMEDIATE ... COMMIT on the write connection; rolled back on any error."""
        with self.write_lock:
            self._check_open()
            conn = self._writer
            if conn.in_transaction:
                raise BugError("nested cache write transaction")
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                _rollback(conn)
                if isinstance(exc, sqlcipher3.Error):
                    raise self._failed(exc) from exc
                raise

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read connection inside one read transaction (a consistent snapshot)."""
        conn = self._borrow()
        broken = False
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")
        except sqlcipher3.Error as exc:
            error = self._failed(exc)
            # SQLCipher keeps failing on a connection that met a damaged page: drop it.
            broken = isinstance(error, CacheCorruptError)
            raise error from exc
        finally:
            self._give_back(conn, broken=broken)

    def _failed(self, exc: sqlcipher3.Error) -> Exception:
        """translate(exc); damage found while in use also keeps a copy of the files as
        they are now (once per open), before later writes change them."""
        error = translate(exc, self.path)
        if not isinstance(error, CacheCorruptError):
            return error
        with self.write_lock:
            if self._kept is None:
                try:
                    self._kept = damage.set_aside(self.path, move=False)
                    logger.info("damage found in %s (%s): files copied to %s", self.path, exc, self._kept)
                except KnownError as why:
                    logger.info("damage found in %s (%s); no copy kept: %s", self.path, exc, why)
                    return error
        return CacheCorruptError(f"The cache {self.path} is damaged; a copy is kept in {self._kept}; {RESYNC_HINT}")

    def integrity_problems(self) -> list[str]:
        """Run desktop.store.integrity.check on a read connection (reads every page: a
        second or more on a large cache; call it from a worker thread)."""
        if self.exclusive:
            conn = self._borrow()  # the one connection (full disk)
            try:
                return integrity.check(conn)
            finally:
                self._give_back(conn)
        problems = self._check_alone()
        if problems and not self._closed:
            # The page check reads cache.db itself, not through the -wal: a page our
            # writer's checkpoint is copying in at that moment reads as torn (a false
            # "HMAC verification failed"). Damage counts only if it is there again with
            # no write or checkpoint of ours running (seconds, and only when suspected).
            with self.write_lock:
                problems = self._check_alone()
        return problems

    def _check_alone(self) -> list[str]:
        # A connection of its own, closed after: one that met damage keeps failing.
        conn = _connect(self.path, self._key)
        self._checking = conn
        try:
            _configure(conn, writer=False, path=self.path, setup=self._setup)
            return integrity.check(conn)
        finally:
            self._checking = None
            conn.close()
            if self._checkpoint_owed and not self._closed:
                self._retry_checkpoint()

    def interrupt_check(self) -> None:
        """Stop a running integrity_problems() soon (it then raises or returns early).
        sqlite3_interrupt is safe to call from another thread."""
        conn = getattr(self, "_checking", None)
        if conn is not None:
            try:
                conn.interrupt()
            except Exception:  # closed in the meantime: the check is over anyway
                pass

    def close(self) -> None:
        with self.write_lock, self._pool:
            if self._closed:
                return
            self._closed = True
            for conn in self._readers:
                conn.close()
            self._readers.clear()
            # The last connection to close checkpoints the WAL into the main file.
            self._writer.close()

    def rekey(self, new: CacheKey) -> None:
        """Re-encrypt the whole cache under `new` (a changed passphrase). Every reader is
        waited for and closed; the -wal is emptied and the file switched to a rollback
        journal for the rewrite (SQLCipher cannot rekey in WAL mode), so a crash in the
        middle leaves it under the old key or the new one, whole. Another process with
        the cache open (Beacon, or `beacon`) makes it refuse."""
        busy_error = StorageError("Another program has this cache open (Beacon or `beacon`): close it and try again.")
        if self.exclusive:
            raise StorageError("The disk is full: free some space, then change the passphrase.")
        with self.write_lock, self._pool:
            self._check_open()
            while len(self._readers) < self._readers_open:
                self._pool.wait()
            for conn in self._readers:
                conn.close()
            self._readers.clear()
            self._readers_open = 0
            conn = self._writer
            try:
                busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if busy:
                    raise busy_error
                if conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0].lower() != "delete":
                    raise busy_error
                try:
                    conn.execute(new.rekey_pragma())
                finally:
                    conn.execute("PRAGMA journal_mode = WAL")
            except sqlcipher3.OperationalError as exc:
                if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                    raise busy_error from exc
                raise self._failed(exc) from exc
            except sqlcipher3.Error as exc:
                raise self._failed(exc) from exc
            self._key = new
            self._pool.notify_all()

    def _check_open(self) -> None:
        if self._closed:
            raise BugError("the cache is closed")

    def _borrow(self) -> Connection:
        if self.exclusive:
            self.write_lock.acquire()
            try:
                self._check_open()
            except BaseException:
                self.write_lock.release()
                raise
            return self._writer
        with self._pool:
            while True:
                self._check_open()
                if self._readers:
                    return self._readers.pop()
                if self._readers_open < _MAX_READERS:
                    self._readers_open += 1
                    break
                self._pool.wait()
        try:
            conn = _connect(self.path, self._key)
            _configure(conn, writer=False, path=self.path, setup=self._setup)
            return conn
        except BaseException:
            with self._pool:
                self._readers_open -= 1
                self._pool.notify()
            raise

    def _give_back(self, conn: Connection, *, broken: bool = False) -> None:
        if conn is self._writer:
            self.write_lock.release()
            return
        with self._pool:
            if self._closed:
                conn.close()
            elif broken:
                conn.close()
                self._readers_open -= 1
            else:
                self._readers.append(conn)
            self._pool.notify()
        if self._checkpoint_owed:
            self._retry_checkpoint()


def connect_read_only(path: Path, key: CacheKey) -> Connection:
    """A connection that leaves cache.db and -wal byte-for-byte as they are (it cannot
    checkpoint; only the -shm index, which holds no data, is rebuilt): for reading what
    can be saved from a cache set aside."""
    return _connect(path, key, mode="ro")


def _connect(path: Path, key: CacheKey, *, exclusive: bool = False, mode: str = "rw") -> Connection:
    """A keyed connection to an existing file, after proving the key decrypts it."""
    # mode=rw: never let SQLite create (or recreate) the file behind our back.
    uri = f"{path.as_uri()}?mode={mode}"
    try:
        conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlcipher3.Error as exc:
        raise translate(exc, path) from exc
    try:
        # SQLCipher logs a wrong key to stderr; we report it ourselves, once.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(key.pragma())
        if exclusive:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # before the first read: no -shm
        # The first read decrypts page 1: it fails here, before anything is written.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        try:
            explained = _explain_unreadable(path, exc, conn)
        finally:
            conn.close()
        raise explained from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < _FULL_DISK_BYTES
    except OSError:
        return False


def _repair_wal(path: Path, key: CacheKey) -> None:
    """If SQLite would drop committed frames of the -wal, keep a copy of the files,
    let SQLite replay what it can, and raise CacheRepairedError to tell the user."""
    wal_path = Path(f"{path}-wal")
    report = wal.inspect(wal_path)
    if not report.damaged:
        return
    # A log another process is writing right now can look torn: only a stable one counts.
    time.sleep(_WAL_RECHECK_S)
    if wal.inspect(wal_path) != report:
        return
    connect_read_only(path, key).close()  # a wrong key raises here, before anything is copied
    aside = damage.set_aside(path, move=False)
    logger.info("the write-ahead log of %s is damaged (%s); files copied to %s", path, report.describe(), aside)
    conn = _connect(path, key)
    try:
        problems = integrity.check(conn)
    finally:
        conn.close()  # the last connection checkpoints what was readable and deletes the log
    advice = f" Its pages are damaged too: {RESYNC_HINT}" if problems else " Run the command again."
    raise CacheRepairedError(
        f"The cache {path} was damaged ({report.describe()}); the damaged files are kept in {aside}."
        " Queued messages are safe; recent read markers and drafts may be lost, and everything"
        " else comes back from the relay." + advice,
        aside,
    )


def _explain_unreadable(path: Path, exc: sqlcipher3.DatabaseError, conn: Connection) -> KnownError | Exception:
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code != _SQLITE_NOTADB:
        return translate(exc, path)
    with open(path, "rb") as fh:
        head = fh.read(len(_PLAIN_SQLITE_HEADER))
    if head == _PLAIN_SQLITE_HEADER:
        return CacheCorruptError(f"{path} is not an encrypted Beacon cache.")
    # A wrong key fails every page's HMAC; a damaged first page fails only its own.
    try:
        failed = len(conn.execute("PRAGMA cipher_integrity_check").fetchall())
    except sqlcipher3.Error:
        failed = None
    pages = path.stat().st_size // _PAGE_SIZE
    if failed is not None and 0 < failed < pages:
        return CacheCorruptError(
            f"The cache {path} is damaged: its first page cannot be read ({failed} of {pages} pages fail"
            " their check). Move it aside (keep it: it is not changed) and sign in again to rebuild it from the relay."
        )
    # SQLCipher cannot tell a wrong key from random bytes; a wrong key is far more likely.
    return WrongKeyError("The passphrase or key does not unlock this cache.")


def _configure(conn: Connection, *, writer: bool, path: Path, setup: Setup | None) -> None:
    try:
        if writer:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StorageError(f"The file system holding {path} does not support Beacon's cache.")
        # FULL: a committed outbox row must survive a power cut; batching amortises the fsync.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        # Sorts and temp indexes stay in memory: a temp file would hold plaintext.
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        if not writer:
            conn.execute("PRAGMA query_only = ON")
        if setup is not None:
            setup(conn)
    except sqlcipher3.Error as exc:
        raise translate(exc, path) from exc


def _rollback(conn: Connection) -> None:
    if not conn.in_transaction:
        return  # SQLite already rolled back (it does so itself after SQLITE_FULL)
    try:
        conn.execute("ROLLBACK")
    except sqlcipher3.Error:
        logger.exception("rollback of a failed cache write failed")
