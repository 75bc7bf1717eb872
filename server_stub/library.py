"""Relay feature `library`: the solution library's entries, authorised and logged as events.

An entry belongs to the channel of its source (a message, a thread or a shared
file): it is scoped to that channel, so exactly the people who can read the source
receive it. Saving needs membership of the source channel and a source that is
not deleted; editing and removing need the entry's author or a workspace admin;
an owner or admin may publish an entry to the whole workspace (its events then go
to everyone; a guest still sees it only when in the source channel);
counting a reuse needs membership (and of the channel it is reused in, if named).
When a source is deleted later the entry stays (its title, summary and tags are
the saver's own words); clients show the source as deleted (docs/KNOWLEDGE.md).
"""

from __future__ import annotations

import json

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol import library as lib
from desktop.protocol.errors import ErrorCode
from server_stub import features
from server_stub.accounts import role_of
from server_stub.commands import Rejected, _message, _require_member, is_member
from server_stub.log import Appender, now_ms

_MIGRATIONS = (
    (
        "CREATE TABLE library_entries (id TEXT PRIMARY KEY, channel TEXT NOT NULL, msg INTEGER,"
        " file INTEGER, thread INTEGER NOT NULL DEFAULT 0, author TEXT, saved_ts INTEGER NOT NULL,"
        " fields TEXT NOT NULL, removed INTEGER NOT NULL DEFAULT 0)",
        "CREATE INDEX library_entries_channel ON library_entries(channel)",
        # One row per distinct reuse: the same person opening an entry twice counts once.
        "CREATE TABLE library_reuses (entry TEXT NOT NULL, user TEXT NOT NULL, how TEXT NOT NULL,"
        " channel TEXT NOT NULL DEFAULT '', PRIMARY KEY (entry, user, how, channel))",
        "CREATE TABLE library_listing (user TEXT PRIMARY KEY, listed INTEGER NOT NULL)",
    ),
    # An owner or admin may publish an entry to the whole workspace (library.publish).
    ("ALTER TABLE library_entries ADD COLUMN published INTEGER NOT NULL DEFAULT 0",),
)
_FIELDS = ("title", "summary", "tags", "category", "project", "customer")
ADMIN_ROLES = ("owner", "admin")


def _ack(cmd, seq=None, channel=None) -> fr.Ack:
    return fr.Ack(id=cmd.id, ts=now_ms(), seq=seq, channel=channel)


def _title(value: str) -> str:
    if not value.strip():
        raise Rejected(ErrorCode.INVALID, "a library entry needs a title")
    return value.strip()


def _entry(conn, entry: str, actor: str | None):
    """(channel, author, saved_ts, fields, msg, file, thread, published) of a live entry
    the actor can see: a member of its channel, or anyone but a guest once it is published."""
    row = conn.execute(
        "SELECT channel, author, saved_ts, fields, msg, file, thread, published FROM library_entries"
        " WHERE id = ? AND removed = 0", (entry,)
    ).fetchone()
    # An entry the actor cannot see is reported as missing, not forbidden.
    if row is None or not _sees(conn, actor, row[0], bool(row[7])):
        raise Rejected(ErrorCode.NOT_FOUND, f"no library entry {entry}")
    return row


def _sees(conn, actor: str | None, channel: str, published: bool) -> bool:
    if actor is None or is_member(conn, channel, actor):
        return True
    return published and role_of(conn, actor) != "guest"


def _scope(channel: str, published: bool) -> str | None:
    """A published entry's events go to the whole workspace (guests: only those in its
    channel, by the `channel` field; log._GUEST_VISIBLE), others to its channel."""
    return None if published else channel


def _may_change(conn, actor: str | None, author: str | None) -> None:
    if actor is None or actor == author or role_of(conn, actor) in ADMIN_ROLES:
        return
    raise Rejected(ErrorCode.FORBIDDEN, "only the entry's author or a workspace admin can change it")


def _saved(app, actor, cid, channel, entry, author, saved_ts, fields, msg, file, thread, *, edited,
           published=False, scope_published=None):
    wide = published if scope_published is None else scope_published
    return app.append(
        ev.LibrarySaved, scope_channel=_scope(channel, wide), scope_user=None, actor=actor, channel=channel,
        cid=cid, entry=entry, msg=msg, file=file, thread=bool(thread), author=author, saved_ts=saved_ts,
        edited=edited, published=published, **fields,
    )


def save(app: Appender, actor: str | None, cmd: lib.LibrarySave) -> fr.Ack:
    conn = app.conn
    _require_member(conn, cmd.channel, actor, writable=False)
    if conn.execute("SELECT 1 FROM library_entries WHERE id = ?", (cmd.id,)).fetchone():
        raise Rejected(ErrorCode.CONFLICT, f"library entry {cmd.id} exists")
    if (cmd.msg is None) == (cmd.file is None):
        raise Rejected(ErrorCode.INVALID, "save either a message (msg) or a file (file)")
    if cmd.msg is not None:
        row = _message(conn, cmd.msg, actor)
        if row[1] != cmd.channel:
            raise Rejected(ErrorCode.INVALID, "the message is in another channel")
        if row[4]:
            raise Rejected(ErrorCode.NOT_FOUND, f"message {cmd.msg} was deleted")
    else:
        if cmd.thread:
            raise Rejected(ErrorCode.INVALID, "a file has no thread")
        found = conn.execute("SELECT channel FROM files WHERE id = ?", (min(cmd.file, 1 << 62),)).fetchone()
        if found is None or found[0] != cmd.channel:
            raise Rejected(ErrorCode.NOT_FOUND, f"no file {cmd.file} in this channel")
    fields = {
        "title": _title(cmd.title), "summary": cmd.summary, "tags": lib.clean_tags(cmd.tags),
        "category": cmd.category, "project": cmd.project.strip(), "customer": cmd.customer.strip(),
    }
    ts = now_ms()
    conn.execute(
        "INSERT INTO library_entries(id, channel, msg, file, thread, author, saved_ts, fields)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (cmd.id, cmd.channel, cmd.msg, cmd.file, int(cmd.thread), actor, ts, json.dumps(fields)),
    )
    stored = _saved(app, actor, cmd.id, cmd.channel, cmd.id, actor, ts, fields, cmd.msg, cmd.file,
                    cmd.thread, edited=False)
    return _ack(cmd, stored.seq, cmd.channel)


def edit(app: Appender, actor: str | None, cmd: lib.LibraryEdit) -> fr.Ack:
    conn = app.conn
    channel, author, saved_ts, fields_json, msg, file, thread, published = _entry(conn, cmd.entry, actor)
    _may_change(conn, actor, author)
    fields = json.loads(fields_json)
    after = dict(fields)
    for name in _FIELDS:
        value = getattr(cmd, name)
        if value is None:
            continue
        if name == "title":
            value = _title(value)
        elif name == "tags":
            value = lib.clean_tags(value)
        elif name in ("project", "customer"):
            value = value.strip()
        after[name] = value
    if after == fields:
        return _ack(cmd, channel=channel)
    conn.execute("UPDATE library_entries SET fields = ? WHERE id = ?", (json.dumps(after), cmd.entry))
    stored = _saved(app, actor, cmd.id, channel, cmd.entry, author, saved_ts, after, msg, file, thread,
                    edited=True, published=bool(published))
    return _ack(cmd, stored.seq, channel)


def publish(app: Appender, actor: str | None, cmd: lib.LibraryPublish) -> fr.Ack:
    """Owners and admins publish an entry to the whole workspace, or withdraw it. The
    event carries the whole entry; withdrawing is announced workspace-wide too, so the
    clients that are not in the source channel drop it."""
    conn = app.conn
    channel, author, saved_ts, fields_json, msg, file, thread, published = _entry(conn, cmd.entry, actor)
    if actor is not None and role_of(conn, actor) not in ADMIN_ROLES:
        raise Rejected(ErrorCode.FORBIDDEN, "only workspace owners and admins can publish library entries")
    if bool(published) == cmd.published:
        return _ack(cmd, channel=channel)
    conn.execute("UPDATE library_entries SET published = ? WHERE id = ?", (int(cmd.published), cmd.entry))
    stored = _saved(app, actor, cmd.id, channel, cmd.entry, author, saved_ts, json.loads(fields_json), msg,
                    file, thread, edited=True, published=cmd.published, scope_published=True)
    return _ack(cmd, stored.seq, channel)


def remove(app: Appender, actor: str | None, cmd: lib.LibraryRemove) -> fr.Ack:
    conn = app.conn
    channel, author, *_rest, published = _entry(conn, cmd.entry, actor)
    _may_change(conn, actor, author)
    conn.execute("UPDATE library_entries SET removed = 1 WHERE id = ?", (cmd.entry,))
    stored = app.append(
        ev.LibraryRemoved, scope_channel=_scope(channel, bool(published)), scope_user=None, actor=actor, channel=channel,
        cid=cmd.id, entry=cmd.entry,
    )
    return _ack(cmd, stored.seq, channel)


def reuse(app: Appender, actor: str | None, cmd: lib.LibraryReuse) -> fr.Ack:
    conn = app.conn
    channel, *_rest, published = _entry(conn, cmd.entry, actor)
    if cmd.channel is not None:
        _require_member(conn, cmd.channel, actor, writable=False)
    added = conn.execute(
        "INSERT INTO library_reuses(entry, user, how, channel) VALUES (?,?,?,?) ON CONFLICT DO NOTHING",
        (cmd.entry, actor or "", cmd.how, cmd.channel or ""),
    ).rowcount
    if not added:
        return _ack(cmd, channel=channel)
    count = conn.execute("SELECT count(*) FROM library_reuses WHERE entry = ?", (cmd.entry,)).fetchone()[0]
    stored = app.append(
        ev.LibraryReused, scope_channel=_scope(channel, bool(published)), scope_user=None, actor=actor, channel=channel,
        cid=cmd.id, entry=cmd.entry, how=cmd.how, count=count,
    )
    return _ack(cmd, stored.seq, channel)


def listing(app: Appender, actor: str | None, cmd: lib.ExpertsListing) -> fr.Ack:
    """Opting out of expert answers: a workspace-wide event, since every asker's client
    ranks people itself and must leave them out."""
    if actor is None:
        raise Rejected(ErrorCode.INVALID, "expert listing belongs to a user")
    row = app.conn.execute("SELECT listed FROM library_listing WHERE user = ?", (actor,)).fetchone()
    if (row[0] if row else 1) == int(cmd.listed):
        return _ack(cmd)
    app.conn.execute(
        "INSERT INTO library_listing(user, listed) VALUES (?, ?) ON CONFLICT(user) DO UPDATE SET listed = excluded.listed",
        (actor, int(cmd.listed)),
    )
    stored = app.append(ev.ExpertsListed, scope_channel=None, scope_user=None, actor=actor, cid=cmd.id,
                        user=actor, listed=cmd.listed)
    return _ack(cmd, stored.seq)


FEATURE = features.register(features.RelayFeature(
    name="library",
    migrations=_MIGRATIONS,
    commands={
        lib.LibrarySave: save,
        lib.LibraryEdit: edit,
        lib.LibraryRemove: remove,
        lib.LibraryPublish: publish,
        lib.LibraryReuse: reuse,
        lib.ExpertsListing: listing,
    },
))
