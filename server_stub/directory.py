"""Team queries (issue 12): browse channels, channel members, people, audit log.

Each runs on a reader thread with the asker's own view: guests see only people
who share a channel with them and cannot browse; the audit log is for owners and
admins. Returns the encoded answer frame (a `*_result` or an `error`).
"""

from __future__ import annotations

import json
import sqlite3

from desktop.protocol import codec
from desktop.protocol import frames as fr
from desktop.protocol import team as tm
from desktop.protocol.errors import ErrorCode
from server_stub import audit
from server_stub.commands import Rejected, actor_role, authorize, is_member


def _matches(query: str, *texts: str) -> bool:
    needle = query.strip().casefold()
    return not needle or any(needle in t.casefold() for t in texts)


def browse(conn: sqlite3.Connection, user: str, q: tm.BrowseChannels) -> tm.BrowseResult:
    authorize(conn, user, "browse")
    rows = conn.execute(
        "SELECT c.id, c.name, c.topic, (SELECT count(*) FROM members m WHERE m.channel = c.id)"
        " FROM channels c WHERE c.private = 0 AND c.dm_key IS NULL AND c.archived = 0"
        " AND c.id NOT IN (SELECT channel FROM members WHERE user = ?) ORDER BY lower(c.name)",
        (user,),
    )
    found = [tm.ChannelSummary(channel=r[0], name=r[1], topic=r[2], members=r[3]) for r in rows if _matches(q.query, r[1], r[2])]
    return tm.BrowseResult(id=q.id, channels=found)


def members(conn: sqlite3.Connection, user: str, q: tm.ChannelMembers) -> tm.MembersResult:
    role = actor_role(conn, user)
    row = conn.execute("SELECT private, dm_key, name FROM channels WHERE id = ?", (q.channel,)).fetchone()
    # In a channel: always. A public channel one is not in: everyone but guests (to decide on joining).
    if row is None or not (is_member(conn, q.channel, user) or (not row[0] and row[1] is None and role != "guest")):
        raise Rejected(ErrorCode.NOT_FOUND, f"no channel {q.channel}")
    rows = conn.execute(
        "SELECT u.name, u.display_name, u.role, m.manager, u.deactivated_ts IS NULL FROM members m"
        " JOIN users u ON u.name = m.user WHERE m.channel = ? ORDER BY lower(u.display_name), u.name",
        (q.channel,),
    )
    return tm.MembersResult(id=q.id, channel=q.channel, members=[
        tm.Member(user=r[0], display_name=r[1], role=r[2], manager=bool(r[3]), active=bool(r[4])) for r in rows
    ])


def people(conn: sqlite3.Connection, user: str, q: tm.People) -> tm.PeopleResult:
    role = actor_role(conn, user)
    sql = "SELECT name, display_name, role, deactivated_ts IS NULL, title, tz, skills FROM users"
    args: tuple = ()
    if role == "guest":
        sql += (" WHERE name = ? OR name IN (SELECT b.user FROM members a JOIN members b"
                " ON a.channel = b.channel WHERE a.user = ?)")
        args = (user, user)
    rows = conn.execute(sql + " ORDER BY lower(display_name), name", args)
    return tm.PeopleResult(id=q.id, people=[
        tm.Person(user=r[0], display_name=r[1], role=r[2], active=bool(r[3]), title=r[4], tz=r[5],
                  skills=json.loads(r[6] or "[]"))
        for r in rows if _matches(q.query, r[0], r[1], r[4], *json.loads(r[6] or "[]"))
    ])


def audit_list(conn: sqlite3.Connection, user: str, q: tm.AuditList) -> tm.AuditResult:
    authorize(conn, user, "audit")
    rows = audit.entries(conn, before=q.before, limit=q.limit + 1)
    more = len(rows) > q.limit
    return tm.AuditResult(id=q.id, more=more, entries=[
        tm.AuditEntry(id=e.id, ts=e.ts, actor=e.actor, action=e.action, target=e.target, detail=e.detail)
        for e in rows[: q.limit]
    ])


_ANSWER = {tm.BrowseChannels: browse, tm.ChannelMembers: members, tm.People: people, tm.AuditList: audit_list}


def answer(conn: sqlite3.Connection, user: str, query: fr.Command) -> bytes:
    """The encoded answer to one team query from `user`."""
    try:
        return codec.encode(_ANSWER[type(query)](conn, user, query))
    except Rejected as refused:
        return codec.error_frame(code=str(refused.code), message=refused.message, id=query.id)


assert set(_ANSWER) == set(tm.QUERIES)  # every query has an answer
