"""Start writing a file's new bytes to disk early, so the fsync that makes a finished
download durable has little left to do (Linux `sync_file_range(SYNC_FILE_RANGE_WRITE)`:
starts writeback, does not wait, promises nothing; elsewhere a no-op and the final
fsync does all the work). The relay has its own copy (server_stub/blobs.py)."""

from __future__ import annotations

import ctypes
import ctypes.util

EVERY = 8 * 1024 * 1024  # bytes between two calls
_WRITE = 2  # SYNC_FILE_RANGE_WRITE


def _load():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.sync_file_range
    except (OSError, AttributeError):
        return None
    fn.argtypes = (ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint)
    return fn


_sync_file_range = _load()


def start_writeback(fd: int, offset: int, length: int) -> None:
    if _sync_file_range is not None and length > 0:
        _sync_file_range(fd, offset, length, _WRITE)
