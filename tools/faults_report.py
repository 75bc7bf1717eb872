"""Build docs/RELIABILITY.md from the JSON lines the fault suite wrote (`make faults`).

    python tools/faults_report.py build/faults.jsonl docs/RELIABILITY.md [--iter N] [--seconds S]

Each line is {"fault", "iterations", "violations", "seed", "checks"} (tests/faults/report.py);
lines of the same fault are summed. The promises below are fixed text: they say what the
suite is meant to hold, the table says what this run saw.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

PROMISES = """\
## What Beacon promises

- **Nothing acknowledged is lost, nothing is applied twice.** A message the relay acked (or
  that `beacon send` reported as sent or queued, or that the app shows as pending) reaches
  the relay exactly once and every member's cache exactly once, in the order its author
  wrote it — through kill -9 of the client or the relay at any moment, a full disk on
  either side, relay restarts and stale cursors.
- **Nothing queued is lost without the user being told.** Damage the cache cannot repair
  is named to the user, and damaged files are set aside, never deleted.
- **No plaintext at rest in the profile.** Messages, names and files are stored only in the
  SQLCipher cache and the AES-GCM file cache; the log files hold ids and counts, never text.
- **Nothing is written outside the folders the user chose** (the profile, Beacon's log
  folder, the download/save folder).
- **Bad input and bad luck end with one clear line, never a traceback.**
- **Scheduled messages** are posted once, never before their time and never after a
  cancel, whatever the relay's clock does (jumps forward, backward, restarts).
- **Wrong bytes are refused:** a file is saved only if its SHA-256 matches what was shared;
  a damaged file-cache record is detected (AES-GCM) and fetched again.

## What Beacon does not promise

- **Same-user malware.** Anything running as the same OS user can read the unlocked cache
  key from the keychain (or the passphrase as it is typed), read the decrypted temporary
  copies opened with the system's viewer, and drive the app. Beacon does not defend
  against it.
- **A stolen, unlocked laptop.** While the session is unlocked the keychain hands out the
  cache key; at-rest encryption protects a powered-off or locked machine only.
- **The relay operator.** The relay stores messages, names and file blobs in plaintext at
  rest (only transport is protected, with wss://). Whoever runs the relay, or takes its
  disk, can read everything; end-to-end encryption is not a feature of Beacon.
- **Damage on the relay's disk** is detected, not repaired. Every event row carries a
  CRC-32 of its seq, kind, audience and body, written on append and verified on every read
  (catch-up, history, fan-out). Before serving, the relay runs SQLite's integrity check
  (pages, and every index against its table: a flipped membership row shows there), checks
  that no seq is missing and verifies every checksum (~0.25 s per 100,000 events here; a
  log longer than `verify_before_serving_events`, 2,000,000, is verified while serving).
  On damage it does not start, or, found while serving, closes every connection with 1011
  "the relay's log is damaged; its operator has been told" and refuses new ones; one line
  names the damage (`beacon-relay admin check` prints the same). Clients keep their caches
  and outboxes. Not promised: damage that keeps a row's checksum right (a deliberate edit:
  CRC-32 is no defence against someone who can write the database) or that sits in a
  table SQLite's check cannot see through. Blobs are checked by the receiving client, which
  refuses them. Back up the relay's data folder; restore it from a backup when it is damaged.
- **A relay restored from a backup** loses the messages written after that backup, for
  everyone; clients notice (their cursor is ahead) and rebuild their caches from it.
- **Denial of service** by a member (flooding within the rate limits, filling the shared
  disk up to the quotas) is limited, not prevented.
"""


# Why a fault may show violations before its fix is merged (matched on the fault's name).
NOTES = {
    "byte flip in the client cache": "issue 11 item 1: damaged -wal frames drop committed outbox items "
                                     "silently (fix on the cache-integrity branch)",
    "ENOSPC on the relay during a /files upload": "issue 11 item 8: the upload handler crashes, the client "
                                                  "sees \"connection lost\", the partial stays (relay-trust branch)",
    "byte flip in the relay database": "not promised: the relay keeps no checksum of its log (see below)",
}


def load(path: Path) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        row = rows.setdefault(r["fault"], {"iterations": 0, "violations": 0, "seeds": set(), "checks": r["checks"]})
        row["iterations"] += int(r["iterations"])
        row["violations"] += int(r["violations"])
        row["seeds"].add(int(r["seed"]))
    return rows


def render(rows: dict[str, dict], *, iter_: str, seconds: str, commit: str) -> str:
    total_i = sum(r["iterations"] for r in rows.values())
    total_v = sum(r["violations"] for r in rows.values())
    out = [
        "# Reliability: what the fault suite checks, and what Beacon promises",
        "",
        "Generated by `make faults` (tools/faults_report.py) — do not edit by hand; re-run it.",
        "",
        f"Last run: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit `{commit}`, "
        f"BEACON_FAULTS_ITER={iter_}, {total_i} iterations in {seconds} s, {total_v} violation(s).",
        "Every iteration derives its own seed from the suite seed below; a violation names its",
        "iteration seed, and `BEACON_FAULTS_ONLY=<seed> pytest -m faults tests/faults/<module>` replays it.",
        "",
        "Violations count failed checks (one iteration can fail several); 0 means every check held in",
        "every iteration.",
        "",
        "| Fault | Iterations | Violations | Suite seed | Checked after each iteration |",
        "|---|---:|---:|---|---|",
    ]
    for fault, r in sorted(rows.items()):
        seeds = ", ".join(str(s) for s in sorted(r["seeds"]))
        out.append(f"| {fault} | {r['iterations']} | {r['violations']} | {seeds} | {r['checks']} |")
    out.append("")
    open_rows = [f for f, r in sorted(rows.items()) if r["violations"]]
    if open_rows:
        out += ["**Open:** these faults broke a promise in this run (the suite marks the known ones",
                "`xfail` until their fix is merged):", ""]
        for f in open_rows:
            note = next((n for key, n in NOTES.items() if f.startswith(key)), "")
            out.append(f"- {f}: {rows[f]['violations']} failed checks in {rows[f]['iterations']} iterations"
                       + (f" — {note}" if note else ""))
        out.append("")
    out += [
        "The short subset (BEACON_FAULTS_ITER=1) runs inside `make test`. Faults that need root",
        "(a small tmpfs for full-disk faults) are skipped with a reason where mounting is refused.",
        "",
        PROMISES,
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("report", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--iter", default="?")
    p.add_argument("--seconds", default="?")
    p.add_argument("--commit", default="", help="the commit the suite ran on (default: HEAD now)")
    args = p.parse_args(argv)
    if not args.report.exists():
        print(f"faults_report: {args.report} does not exist (did the fault suite run?)", file=sys.stderr)
        return 1
    rows = load(args.report)
    commit = args.commit or subprocess.run(["git", "rev-parse", "--short", "HEAD"],
                                           capture_output=True, text=True).stdout.strip() or "?"
    args.out.write_text(render(rows, iter_=args.iter, seconds=args.seconds, commit=commit), encoding="utf-8")
    print(f"wrote {args.out}: {len(rows)} faults, {sum(r['iterations'] for r in rows.values())} iterations, "
          f"{sum(r['violations'] for r in rows.values())} violation(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
