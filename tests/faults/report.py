"""One JSON line per fault test for docs/RELIABILITY.md (see tools/faults_report.py)."""

from __future__ import annotations

import json
import os


def record(fault: str, iterations: int, violations: int, seed: int, checks: str) -> None:
    """Append {"fault", "iterations", "violations", "seed", "checks"} to $BEACON_FAULTS_REPORT.

    Does nothing when the variable is not set (a plain `make test`)."""
    path = os.environ.get("BEACON_FAULTS_REPORT")
    if not path:
        return
    line = {"fault": fault, "iterations": iterations, "violations": violations, "seed": seed, "checks": checks}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
