"""Guests learn about people only through the channels they share (issue 12).

Workspace-wide news about a person (user.created, user.updated, user.role...) is
withheld from guests who share no channel with that person (log.read_visible,
Hub._workspace_audience). So when a guest and someone new to them end up in the
same channel, the relay introduces them: a `user.updated` with that person's
display name, visible only to the guest (scope_user), like the user.created the
guest was not shown.
"""

from __future__ import annotations

from desktop.protocol.events import UserUpdated
from server_stub.log import Appender


def _shared_elsewhere(conn, channel: str, a: str, b: str) -> bool:
    return conn.execute(
        "SELECT 1 FROM members x JOIN members y ON x.channel = y.channel"
        " WHERE x.user = ? AND y.user = ? AND x.channel != ? LIMIT 1",
        (a, b, channel),
    ).fetchone() is not None


def introduce(app: Appender, channel: str, newcomers: list[str]) -> None:
    """Call after `newcomers` were added to `channel` (inside the same transaction)."""
    conn = app.conn
    guests = [r[0] for r in conn.execute(
        "SELECT m.user FROM members m JOIN users u ON u.name = m.user WHERE m.channel = ? AND u.role = 'guest'",
        (channel,),
    )]
    if not guests:
        return
    people = dict(conn.execute(
        "SELECT u.name, u.display_name FROM members m JOIN users u ON u.name = m.user WHERE m.channel = ?",
        (channel,),
    ).fetchall())
    new = set(newcomers)
    for guest in guests:
        subjects = people if guest in new else [n for n in newcomers if n in people]
        for person in subjects:
            if person == guest or _shared_elsewhere(conn, channel, guest, person):
                continue
            app.append(
                UserUpdated, scope_channel=None, scope_user=guest, user=person, display_name=people[person]
            )
