"""The audit log of administrative actions (issue 12).

One row per action: who, when, what, on whom or what. Never a message body:
`detail` holds short structured facts (a role name, an invite's use count).
Rows are written inside the same write transaction as the action they record,
so an action and its audit entry commit or roll back together.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from server_stub.log import now_ms

# The actions recorded; a new kind of admin action adds its name here.
ACTIONS: frozenset[str] = frozenset({
    "invite.created", "invite.used", "invite.revoked",
    "role.changed", "user.deactivated", "user.reactivated",
    "member.added", "member.removed",
    "channel.archived", "channel.unarchived",
    "message.removed", "device.signed_out",
})

_DETAIL_MAX = 200


@dataclass(frozen=True)
class Entry:
    id: int
    ts: int
    actor: str | None
    action: str
    target: str
    detail: str


def record(
    conn: sqlite3.Connection, actor: str | None, action: str, target: str = "", detail: str = ""
) -> None:
    """Append one audit entry (call inside the action's write transaction)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(
        "INSERT INTO audit(ts, actor, action, target, detail) VALUES (?,?,?,?,?)",
        (now_ms(), actor, action, target, detail[:_DETAIL_MAX]),
    )


def entries(conn: sqlite3.Connection, *, before: int | None = None, limit: int = 100) -> list[Entry]:
    """Newest first; `before` pages back from an entry id."""
    rows = conn.execute(
        "SELECT id, ts, actor, action, target, detail FROM audit"
        " WHERE id < ? ORDER BY id DESC LIMIT ?",
        (before if before is not None else 2**63 - 1, max(1, min(limit, 1000))),
    )
    return [Entry(*row) for row in rows]
