"""Checking a whole cache for damage: every page's HMAC, then SQLite's own structure check.

A damaged page otherwise shows only when something reads it (the tasks board opened
a week later). `PRAGMA cipher_integrity_check` verifies the HMAC of every page in the
file (any flipped byte fails it, readable by the key or not); `PRAGMA quick_check`
then walks the b-trees of what decrypts. Both only read.
"""

from __future__ import annotations

import sqlcipher3

_MAX_PROBLEMS = 20


def check(conn: sqlcipher3.Connection) -> list[str]:
    """What is wrong with the cache behind `conn` (empty: nothing found)."""
    try:
        problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
    except sqlcipher3.DatabaseError as exc:
        return [f"the pages cannot be checked: {exc}"]
    try:
        rows = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlcipher3.DatabaseError as exc:
        rows = [str(exc)]
    problems += [r for r in rows if r != "ok"]
    return problems[:_MAX_PROBLEMS]


def summary(problems: list[str]) -> str:
    """One line for the user."""
    if not problems:
        return "no damage found"
    first = problems[0]
    more = f" and {len(problems) - 1} more problem(s)" if len(problems) > 1 else ""
    return f"{first}{more}"
