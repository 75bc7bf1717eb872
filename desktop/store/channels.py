"""Channel, member and user reads, and resolving what the user typed to a channel."""

from __future__ import annotations

from desktop.store.database import Connection
from desktop.store.rows import ChannelRow, UserRow

# For a DM, the other member (or me, for a note-to-self DM) names and titles it.
_SELECT = """SELECT c.id, c.name, c.private, c.dm, c.archived, c.topic, c.am_member, c.read_upto,
    c.unread, c.mentions, c.last_msg_ts, o.user, coalesce(u.display_name, o.user)
    FROM channels c
    LEFT JOIN members o ON c.dm = 1 AND o.channel = c.id AND o.present = 1 AND o.user = (
        SELECT x.user FROM members x WHERE x.channel = c.id AND x.present = 1
        ORDER BY x.user IS :me, x.user LIMIT 1)
    LEFT JOIN users u ON u.name = o.user"""


def all_channels(conn: Connection, me: str | None) -> list[ChannelRow]:
    """Channels first (by name), then DMs (by title)."""
    rows = [_row(r) for r in conn.execute(_SELECT, {"me": me})]
    rows.sort(key=lambda c: (c.dm, c.title.casefold(), c.id))
    return rows


def by_id(conn: Connection, channel: str, me: str | None) -> ChannelRow | None:
    row = conn.execute(f"{_SELECT} WHERE c.id = :id", {"me": me, "id": channel}).fetchone()
    return _row(row) if row else None


def by_ref(conn: Connection, ref: str, me: str | None) -> ChannelRow | None:
    """`general`, `#general`, a channel id, or `@bob` for the DM with bob."""
    ref = ref.strip()
    if ref.startswith("@"):
        return _dm_with(conn, ref[1:].lower(), me)
    if ref.startswith("#"):
        ref = ref[1:]
    else:
        found = by_id(conn, ref, me)
        if found is not None:
            return found
    row = conn.execute(
        f"{_SELECT} WHERE c.dm = 0 AND c.name = :name COLLATE NOCASE ORDER BY c.archived, c.id LIMIT 1",
        {"me": me, "name": ref},
    ).fetchone()
    return _row(row) if row else None


def _dm_with(conn: Connection, user: str, me: str | None) -> ChannelRow | None:
    wanted = {user, me} if me else {user}
    for (channel,) in conn.execute(
        "SELECT c.id FROM channels c JOIN members m ON m.channel = c.id AND m.present = 1"
        " WHERE c.dm = 1 AND m.user = ? ORDER BY c.id",
        (user,),
    ).fetchall():
        rows = conn.execute("SELECT user FROM members WHERE channel = ? AND present = 1", (channel,))
        present = {u for (u,) in rows}
        if present == wanted:
            return by_id(conn, channel, me)
    return None


def members(conn: Connection, channel: str) -> list[UserRow]:
    rows = conn.execute(
        "SELECT m.user, coalesce(u.display_name, m.user) FROM members m LEFT JOIN users u ON u.name = m.user"
        " WHERE m.channel = ? AND m.present = 1 ORDER BY m.user",
        (channel,),
    )
    return [UserRow(name=n, display_name=d) for n, d in rows]


def users(conn: Connection) -> list[UserRow]:
    rows = conn.execute("SELECT name, display_name FROM users ORDER BY name")
    return [UserRow(name=n, display_name=d) for n, d in rows]


def _row(r: tuple) -> ChannelRow:
    dm = bool(r[3])
    return ChannelRow(
        id=r[0], name=r[1], title=(r[12] or r[1]) if dm else r[1], private=bool(r[2]), dm=dm,
        archived=bool(r[4]), topic=r[5], am_member=bool(r[6]), read_upto=r[7], unread=r[8],
        mentions=r[9], last_msg_ts=r[10], dm_user=r[11] if dm else None,
    )
