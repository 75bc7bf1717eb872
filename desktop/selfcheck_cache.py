"""`beacon self-check --profile DIR`: is this profile's cache damaged anywhere?

Checks, one line each: the write-ahead log (frames SQLite would drop), unlocking it,
every page (HMAC and b-tree structure: desktop.store.integrity), the outbox. A damaged
cache gets the way out: `beacon resync` (rebuild from the relay, queued messages kept).
"""

from __future__ import annotations

import time
from pathlib import Path

from desktop.errors import CacheRepairedError
from desktop.profile import CACHE_FILE, open_store
from desktop.selfcheck import CheckFailed
from desktop.store import integrity, wal
from desktop.store.damage import set_aside_dirs

RESYNC_ADVICE = "run `beacon --profile {dir} resync` to rebuild it from the relay (queued messages are kept)"


def run_profile(profile_dir: Path, report) -> int:
    profile_dir = profile_dir.resolve()
    cache = profile_dir / CACHE_FILE
    print(f"checking the cache {cache}", file=report.out)
    if not cache.is_file():
        print(f"FAIL no cache at {cache}", file=report.out)
        return 1
    state: dict = {}

    def log() -> str:
        found = wal.inspect(Path(f"{cache}-wal"))
        if found.damaged:
            raise CheckFailed(f"the write-ahead log is damaged: {found.describe()}")
        return f"{found.valid} logged page write(s), none lost" if found.frames else "empty (all in cache.db)"

    def unlock() -> str:
        try:
            state["store"] = open_store(profile_dir)
        except CacheRepairedError as exc:
            state["store"] = open_store(profile_dir)  # now set aside and reopened
            raise CheckFailed(str(exc)) from None
        return "the key opens it"

    def pages() -> str:
        started = time.perf_counter()
        problems = state["store"].integrity_problems()
        if problems:
            raise CheckFailed(
                f"{integrity.summary(problems)}; " + RESYNC_ADVICE.format(dir=profile_dir)
            )
        return f"every page verified in {time.perf_counter() - started:.1f} s"

    def queued() -> str:
        store = state["store"]
        pending = store.pending_count(("pending", "sending", "acked"))
        failed = store.pending_count(("failed",))
        aside = set_aside_dirs(profile_dir)
        extra = f"; {len(aside)} damaged cache(s) kept in {profile_dir}" if aside else ""
        return f"{pending} queued, {failed} refused{extra}"

    try:
        report.check("write-ahead log", log)
        if report.check("unlock", unlock) or "store" in state:
            report.check("pages", pages)
            report.check("outbox", queued)
    finally:
        if "store" in state:
            state["store"].close()
    print("cache check passed" if not report.failed else f"cache check FAILED: {report.failed} check(s)",
          file=report.out, flush=True)
    return 0 if not report.failed else 1
