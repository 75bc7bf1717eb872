"""How long `beacon-relay migrate` takes for a log of N posts, against a baseline measured
in the same run: verifying the same SQLite log (log_check.verify reads and checksums every
event). Needs a PostgreSQL server: BEACON_TEST_POSTGRES=postgresql://user@host:port.

    PYTHONPATH=. python bench/migrate_bench.py --events 50000 --runs 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402

from bench.resume_bench import seed  # noqa: E402
from server_stub import db, log_check, migrate  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--events", type=int, default=50_000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    base = os.environ.get("BEACON_TEST_POSTGRES")
    if not base:
        print("set BEACON_TEST_POSTGRES=postgresql://user@host:port", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "relay"
        seed(src, args.events)
        verify_s, migrate_s = [], []
        for _ in range(args.runs):
            conn = db.connect(src, create=False)
            started = time.perf_counter()
            log_check.verify(conn)
            verify_s.append(time.perf_counter() - started)
            conn.close()
            name = "bench_migrate_" + uuid.uuid4().hex[:8]
            with psycopg.connect(base.rstrip("/") + "/postgres", autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
            try:
                started = time.perf_counter()
                summary = migrate.migrate(src, base.rstrip("/") + "/" + name)
                migrate_s.append(time.perf_counter() - started)
                assert summary.events_verified == summary.head >= args.events
            finally:
                with psycopg.connect(base.rstrip("/") + "/postgres", autocommit=True) as admin:
                    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        v, m = statistics.median(verify_s), statistics.median(migrate_s)
        print(f"events {summary.head}, runs {args.runs}, load {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cpus")
        print(f"baseline verify of the SQLite log: median {v:.2f} s  {[round(x, 2) for x in verify_s]}")
        print(f"migrate (copy + verify on PostgreSQL): median {m:.2f} s  {[round(x, 2) for x in migrate_s]}"
              f"  = {m / v:.1f}x the baseline, {summary.head / m:,.0f} events/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
