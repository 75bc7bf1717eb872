"""Cache feature "team" (issue 12): workspace roles and deactivation, channel managers,
topics, unarchiving, and which deleted messages were removed by moderation.

Handlers are idempotent and order-tolerant (history pages bring older events after
newer ones): each fact keeps the seq that set it and only a newer event changes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from desktop.protocol import events as ev
from desktop.store import features

NAME = "team"

MIGRATIONS = (
    (
        "CREATE TABLE team_people (user TEXT PRIMARY KEY, role TEXT, role_seq INTEGER NOT NULL DEFAULT 0,"
        " active INTEGER NOT NULL DEFAULT 1, active_seq INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID",
        "CREATE TABLE team_managers (channel TEXT NOT NULL, user TEXT NOT NULL, manager INTEGER NOT NULL,"
        " seq INTEGER NOT NULL, PRIMARY KEY (channel, user)) WITHOUT ROWID",
        # The newest topic / archive change per channel (channels.topic/archived show the value).
        "CREATE TABLE team_channel_seqs (channel TEXT NOT NULL, what TEXT NOT NULL, seq INTEGER NOT NULL,"
        " value, PRIMARY KEY (channel, what)) WITHOUT ROWID",
        "CREATE TABLE team_moderated (msg INTEGER PRIMARY KEY, actor TEXT)",
    ),
    # Skills people list on their profile (user.updated from profile.set): expert evidence.
    ("ALTER TABLE team_people ADD COLUMN skills TEXT NOT NULL DEFAULT '[]'",
     "ALTER TABLE team_people ADD COLUMN skills_seq INTEGER NOT NULL DEFAULT 0"),
    # Title and time zone (user.updated from profile.set): the DM intro and profile card, offline.
    ("ALTER TABLE team_people ADD COLUMN title TEXT NOT NULL DEFAULT ''",
     "ALTER TABLE team_people ADD COLUMN title_seq INTEGER NOT NULL DEFAULT 0",
     "ALTER TABLE team_people ADD COLUMN tz TEXT NOT NULL DEFAULT ''",
     "ALTER TABLE team_people ADD COLUMN tz_seq INTEGER NOT NULL DEFAULT 0"),
)


@dataclass(frozen=True, slots=True)
class Person:
    user: str
    role: str | None  # None: not known to this cache yet (only role changes are events)
    active: bool


# ---- event handlers (idempotent) ----------------------------------------------


def _latest(conn, channel: str, what: str, seq: int, value) -> object:
    """Record (seq, value) as `channel`'s latest `what` change unless a newer one is
    recorded; the value now in force either way."""
    conn.execute(
        "INSERT INTO team_channel_seqs(channel, what, seq, value) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(channel, what) DO UPDATE SET seq = excluded.seq, value = excluded.value"
        " WHERE excluded.seq > team_channel_seqs.seq",
        (channel, what, seq, value),
    )
    conn.execute("INSERT OR IGNORE INTO channels(id, name) VALUES (?, ?)", (channel, channel))
    return conn.execute(
        "SELECT value FROM team_channel_seqs WHERE channel = ? AND what = ?", (channel, what)
    ).fetchone()[0]


def _on_topic(conn, log, me, e: ev.ChannelTopicSet) -> None:
    if e.channel is not None:
        topic = _latest(conn, e.channel, "topic", e.seq, e.topic)
        conn.execute("UPDATE channels SET topic = ? WHERE id = ?", (topic, e.channel))
        log.channel_list = True


def _on_archive(conn, log, me, e: ev.ChannelArchived | ev.ChannelUnarchived) -> None:
    """Runs after the core handler of channel.archived (which sets archived = 1): an
    older archive arriving late (history) must not undo a newer unarchive."""
    if e.channel is not None:
        archived = _latest(conn, e.channel, "archived", e.seq, int(type(e) is ev.ChannelArchived))
        conn.execute("UPDATE channels SET archived = ? WHERE id = ?", (archived, e.channel))
        log.channel_list = True


def _set_manager(conn, log, channel: str, user: str, manager: bool, seq: int) -> None:
    cur = conn.execute(
        "INSERT INTO team_managers(channel, user, manager, seq) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(channel, user) DO UPDATE SET manager = excluded.manager, seq = excluded.seq"
        " WHERE excluded.seq > team_managers.seq",
        (channel, user, int(manager), seq),
    )
    if cur.rowcount:
        log.feature(NAME, "managers:" + channel)


def _on_created(conn, log, me, e: ev.ChannelCreated) -> None:
    """After the core handler: a later topic (seen first, e.g. live before history) wins."""
    row = conn.execute("SELECT value FROM team_channel_seqs WHERE channel = ? AND what = 'topic'", (e.channel,)).fetchone()
    if row is not None:
        conn.execute("UPDATE channels SET topic = ? WHERE id = ?", (row[0], e.channel))
    for user in e.managers:
        _set_manager(conn, log, e.channel, user, True, e.seq)


def _on_manager(conn, log, me, e: ev.ManagerChanged) -> None:
    if e.channel is not None:
        _set_manager(conn, log, e.channel, e.user, e.manager, e.seq)


def _on_removed(conn, log, me, e: ev.MemberRemoved) -> None:
    if e.channel is not None:  # leaving gives up managing
        _set_manager(conn, log, e.channel, e.user, False, e.seq)


def _person(conn, log, user: str, column: str, value, seq: int) -> None:
    cur = conn.execute(
        f"INSERT INTO team_people(user, {column}, {column}_seq) VALUES (?, ?, ?)"
        f" ON CONFLICT(user) DO UPDATE SET {column} = excluded.{column}, {column}_seq = excluded.{column}_seq"
        f" WHERE excluded.{column}_seq > team_people.{column}_seq",
        (user, value, seq),
    )
    if cur.rowcount:
        log.users = True
        log.feature(NAME, "person:" + user)


def _on_role(conn, log, me, e: ev.RoleChanged) -> None:
    _person(conn, log, e.user, "role", e.role, e.seq)


def _on_user(conn, log, me, e: ev.UserCreated) -> None:
    if e.role is not None:
        _person(conn, log, e.user, "role", e.role, e.seq)


def _on_updated(conn, log, me, e: ev.UserUpdated) -> None:
    if e.skills is not None:
        _person(conn, log, e.user, "skills", json.dumps(e.skills, ensure_ascii=False), e.seq)
    for column in ("title", "tz"):
        if getattr(e, column) is not None:
            _person(conn, log, e.user, column, getattr(e, column), e.seq)


def _on_active(conn, log, me, e: ev.UserDeactivated | ev.UserReactivated) -> None:
    _person(conn, log, e.user, "active", int(type(e) is ev.UserReactivated), e.seq)


def _on_deleted(conn, log, me, e: ev.MessageDeleted) -> None:
    if e.moderated:
        conn.execute("INSERT OR IGNORE INTO team_moderated(msg, actor) VALUES (?, ?)", (e.msg, e.actor))
        log.feature(NAME, "moderated:%d" % e.msg)


FEATURE = features.register(features.Feature(
    name=NAME,
    migrations=MIGRATIONS,
    handlers={
        ev.ChannelTopicSet: _on_topic,
        ev.ChannelArchived: _on_archive,
        ev.ChannelUnarchived: _on_archive,
        ev.ChannelCreated: _on_created,
        ev.ManagerChanged: _on_manager,
        ev.MemberRemoved: _on_removed,
        ev.RoleChanged: _on_role,
        ev.UserCreated: _on_user,
        ev.UserUpdated: _on_updated,
        ev.UserDeactivated: _on_active,
        ev.UserReactivated: _on_active,
        ev.MessageDeleted: _on_deleted,
    },
    synced_tables=("team_people", "team_managers", "team_channel_seqs", "team_moderated"),
))


# ---- reads (called with the Store) --------------------------------------------


def person(store, user: str) -> Person:
    with store._db.read() as conn:
        row = conn.execute("SELECT role, active FROM team_people WHERE user = ?", (user,)).fetchone()
    return Person(user, row[0], bool(row[1])) if row else Person(user, None, True)


def profile(store, user: str) -> tuple[str, str]:
    """(title, time zone) of `user` as the last user.updated told ("" when not told)."""
    with store._db.read() as conn:
        row = conn.execute("SELECT title, tz FROM team_people WHERE user = ?", (user,)).fetchone()
    return (row[0], row[1]) if row else ("", "")


def skills(store) -> dict[str, list[str]]:
    """Skills people list on their profile, by user (only people who listed some)."""
    with store._db.read() as conn:
        rows = conn.execute("SELECT user, skills FROM team_people WHERE skills != '[]'").fetchall()
    return {user: json.loads(value) for user, value in rows}


def managers(store, channel: str) -> set[str]:
    with store._db.read() as conn:
        rows = conn.execute("SELECT user FROM team_managers WHERE channel = ? AND manager = 1", (channel,))
        return {r[0] for r in rows}


def moderated_by(store, msg: int) -> str | None:
    """Who removed message `msg` by moderation (None: not removed by moderation)."""
    with store._db.read() as conn:
        row = conn.execute("SELECT actor FROM team_moderated WHERE msg = ?", (msg,)).fetchone()
    return (row[0] or "") if row else None
