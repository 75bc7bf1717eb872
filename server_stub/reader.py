"""Read-only queries on worker threads, each with its own SQLite connection."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from server_stub import db


class Reader:
    """Runs `fn(conn, *args)` off the event loop. WAL lets reads run beside the writer."""

    def __init__(self, data_dir: Path, workers: int = 2):
        self._data_dir = data_dir  # a path or a db.Place
        self._local = threading.local()
        self._conns: list = []
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="relay-read")

    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = db.connect(self._data_dir, read_only=True)
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, lambda: fn(self._conn(), *args))

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        with self._lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()
