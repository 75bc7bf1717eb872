"""SHA-256 on its own thread, in order, so hashing overlaps with the stage that
calls it (reading a file, encrypting and writing a download): the two run on two
cores at once (hashlib releases the GIL for large buffers). At most `depth` batches
wait to be hashed, so memory stays bounded. The relay has its own copy
(server_stub/blobs.py): it imports nothing from the client.
"""

from __future__ import annotations

import hashlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor


def _update(digest, chunks) -> None:
    for chunk in chunks:
        digest.update(chunk)


class BackgroundHash:
    def __init__(self, *, depth: int = 2):
        self._digest = hashlib.sha256()
        self._pool: ThreadPoolExecutor | None = None
        self._pending: deque[Future] = deque()
        self.depth = depth

    def update(self, chunks) -> None:
        """Hash `chunks` after everything given before (returns at once unless `depth`
        batches already wait). The chunks must not change until they are hashed."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256")
        while len(self._pending) >= self.depth:
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(_update, self._digest, list(chunks)))

    def update_now(self, data) -> None:
        self.wait()
        self._digest.update(data)

    def wait(self) -> None:
        while self._pending:
            self._pending.popleft().result()

    def hexdigest(self) -> str:
        self.wait()
        return self._digest.hexdigest()

    def close(self) -> None:
        for fut in self._pending:
            fut.cancel()
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
