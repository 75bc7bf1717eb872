"""How long the background integrity check takes on a 100k-message cache, and the
-wal inspection before open (docs/reliability-cache.md).

    PYTHONPATH=. python bench/cache_integrity.py [MESSAGES]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.cache_bench import build_search_cache
from desktop.store import Store, wal
from desktop.store.keys import CacheKey


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    key = CacheKey.random()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cache.db"
        built, _ = build_search_cache(path, key, size, seed=7)
        mib = path.stat().st_size / 2**20
        print(f"cache: {size:,} messages, {mib:.0f} MiB, built in {built:.0f} s")
        with Store.open(path, key) as store:
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                problems = store.integrity_problems()
                runs.append(time.perf_counter() - started)
            assert problems == [], problems
            print(f"integrity check (cipher_integrity_check + quick_check): median {statistics.median(runs):.2f} s"
                  f" of {len(runs)} ({', '.join(f'{r:.2f}' for r in runs)})")
            # A -wal as a crash leaves it (the store open while we copy), of about
            # SQLite's autocheckpoint size (1000 pages).
            for i in range(250):
                store.set_draft(f"C{i}", "x" * 3000)
            live_wal = Path(f"{path}-wal")
            copy = Path(tmp) / "copy-wal"
            shutil.copyfile(live_wal, copy)
            started = time.perf_counter()
            report = wal.inspect(copy)
            print(f"-wal inspection: {report.frames} frames ({copy.stat().st_size / 2**20:.1f} MiB)"
                  f" in {(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
