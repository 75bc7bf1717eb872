"""Cache feature `library`: solution-library entries synced from the relay, their
offline full-text index (Chinese and English) and reuse counts; reads overlay the
outbox so an entry saved offline shows at once as pending.

Search uses the same two-index scheme as messages (desktop.store.search): a trigram
index for terms of 3+ characters, a token index (CJK unigrams and bigrams, word
prefixes) for 1-2 characters. Entries are few next to messages, so the two result
sets are simply intersected. Only entries of channels I am a member of are shown,
and those an admin published to the whole workspace.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from desktop.protocol import events as ev
from desktop.protocol import library as lib
from desktop.protocol.ids import new_client_id
from desktop.store import features, search
from desktop.store.changes import ChangeLog
from desktop.store.database import Connection

NAME = "library"

_MIGRATIONS = (
    (
        """CREATE TABLE library_entries (
            id TEXT PRIMARY KEY, channel TEXT NOT NULL, msg INTEGER, file INTEGER,
            thread INTEGER NOT NULL DEFAULT 0, author TEXT, saved_ts INTEGER NOT NULL,
            title TEXT NOT NULL, summary TEXT NOT NULL, tags TEXT NOT NULL, category TEXT NOT NULL,
            project TEXT NOT NULL, customer TEXT NOT NULL, reuse INTEGER NOT NULL DEFAULT 0,
            seq INTEGER NOT NULL, removed INTEGER NOT NULL DEFAULT 0)""",
        "CREATE INDEX library_by_channel ON library_entries(channel)",
        "CREATE INDEX library_by_msg ON library_entries(msg)",
        "CREATE VIRTUAL TABLE library_fts USING fts5(body, tokenize='trigram')",
        "CREATE VIRTUAL TABLE library_short USING fts5(tokens, content='', contentless_delete=1,"
        " detail=none, tokenize='ascii')",
        "CREATE TABLE experts_listing (user TEXT PRIMARY KEY, listed INTEGER NOT NULL, seq INTEGER NOT NULL)",
    ),
    ("ALTER TABLE library_entries ADD COLUMN published INTEGER NOT NULL DEFAULT 0",),
)


@dataclass(frozen=True, slots=True)
class EntryRow:
    id: str
    channel: str
    msg: int | None
    file: int | None
    thread: bool
    author: str | None
    saved_ts: int
    title: str
    summary: str
    tags: tuple[str, ...]
    category: str
    project: str
    customer: str
    reuse: int
    source_deleted: bool  # the saved message was deleted: the entry stays, the source is gone
    pending: bool = False  # saved offline, not yet confirmed by the relay
    failed: str | None = None  # the relay refused the save
    published: bool = False  # an admin published it to the whole workspace

    @property
    def ref(self) -> str:
        return self.id[-8:]


def _body(title: str, summary: str, tags, project: str, customer: str, category: str) -> str:
    return "\n".join([title, summary, " ".join(tags), project, customer, category])


def _index(conn: Connection, rowid: int, body: str) -> None:
    conn.execute("INSERT INTO library_fts(rowid, body) VALUES (?, ?)", (rowid, body))
    conn.execute("INSERT INTO library_short(rowid, tokens) VALUES (?, ?)", (rowid, search.short_tokens(body)))


def _unindex(conn: Connection, rowid: int) -> None:
    conn.execute("DELETE FROM library_fts WHERE rowid = ?", (rowid,))
    conn.execute("DELETE FROM library_short WHERE rowid = ?", (rowid,))


def _on_saved(conn: Connection, log: ChangeLog, me, e: ev.LibrarySaved) -> None:
    row = conn.execute(
        "INSERT INTO library_entries(id, channel, msg, file, thread, author, saved_ts, title, summary,"
        " tags, category, project, customer, seq, published) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(id) DO UPDATE SET title = excluded.title, summary = excluded.summary,"
        " tags = excluded.tags, category = excluded.category, project = excluded.project,"
        " customer = excluded.customer, seq = excluded.seq, published = excluded.published"
        " WHERE excluded.seq > library_entries.seq AND library_entries.removed = 0 RETURNING rowid",
        (e.entry, e.channel, e.msg, e.file, int(e.thread), e.author or e.actor, e.saved_ts or e.ts, e.title,
         e.summary, json.dumps(e.tags), e.category, e.project, e.customer, e.seq, int(e.published)),
    ).fetchone()
    if row is None:
        return  # an older version of the entry (replayed), or it was removed since
    _unindex(conn, row[0])
    _index(conn, row[0], _body(e.title, e.summary, e.tags, e.project, e.customer, e.category))
    log.feature(NAME, e.entry)


def _on_removed(conn: Connection, log: ChangeLog, me, e: ev.LibraryRemoved) -> None:
    row = conn.execute(
        "UPDATE library_entries SET removed = 1, seq = max(seq, ?) WHERE id = ? AND removed = 0 RETURNING rowid",
        (e.seq, e.entry),
    ).fetchone()
    if row is not None:
        _unindex(conn, row[0])
    elif e.channel is not None:  # removed before we saw it saved (history pages arrive newest first)
        conn.execute(
            "INSERT INTO library_entries(id, channel, saved_ts, title, summary, tags, category, project,"
            " customer, seq, removed) VALUES (?,?,?,'','','[]','','','',?,1) ON CONFLICT(id) DO NOTHING",
            (e.entry, e.channel, e.ts, e.seq),
        )
    log.feature(NAME, e.entry)


def _on_reused(conn: Connection, log: ChangeLog, me, e: ev.LibraryReused) -> None:
    conn.execute("UPDATE library_entries SET reuse = max(reuse, ?) WHERE id = ?", (e.count, e.entry))
    log.feature(NAME, e.entry)


def _on_listing(conn: Connection, log: ChangeLog, me, e: ev.ExpertsListed) -> None:
    conn.execute(
        "INSERT INTO experts_listing(user, listed, seq) VALUES (?,?,?) ON CONFLICT(user) DO UPDATE SET"
        " listed = excluded.listed, seq = excluded.seq WHERE excluded.seq > experts_listing.seq",
        (e.user, int(e.listed), e.seq),
    )
    log.feature(NAME, e.user)


FEATURE = features.register(features.Feature(
    name=NAME, migrations=_MIGRATIONS,
    handlers={ev.LibrarySaved: _on_saved, ev.LibraryRemoved: _on_removed, ev.LibraryReused: _on_reused,
              ev.ExpertsListed: _on_listing},
    synced_tables=("library_entries", "library_fts", "library_short", "experts_listing"),
))

_COLS = (
    "e.id, e.channel, e.msg, e.file, e.thread, e.author, e.saved_ts, e.title, e.summary, e.tags,"
    " e.category, e.project, e.customer, e.reuse, coalesce(m.deleted, 0), e.published"
)
# Entries of channels I am in, and those an admin published to the whole workspace
# (the relay sends a guest only the published entries of channels they are in).
_FROM = (
    " FROM library_entries e LEFT JOIN channels c ON c.id = e.channel"
    " LEFT JOIN messages m ON m.id = e.msg WHERE e.removed = 0 AND (c.am_member = 1 OR e.published = 1)"
)


def _row(r) -> EntryRow:
    return EntryRow(*r[:9], tuple(json.loads(r[9])), *r[10:14], bool(r[14]), published=bool(r[15]))


def _pending(store) -> list[EntryRow]:
    out = []
    for item in store.outbox(("pending", "sending", "acked", "failed")):
        cmd = item.frame
        if isinstance(cmd, lib.LibrarySave):
            out.append(EntryRow(
                id=cmd.id, channel=cmd.channel, msg=cmd.msg, file=cmd.file, thread=cmd.thread,
                author=store.account().user, saved_ts=item.created_ts, title=cmd.title, summary=cmd.summary,
                tags=tuple(lib.clean_tags(cmd.tags)), category=cmd.category, project=cmd.project,
                customer=cmd.customer, reuse=0, source_deleted=False, pending=True,
                failed=item.error if item.state == "failed" else None,
            ))
    return out


def entries(
    store, *, channel: str | None = None, tag: str | None = None, category: str | None = None,
    author: str | None = None, sort: str = "recent",
) -> list[EntryRow]:
    """Entries I can see (plus my pending saves), newest first or most reused first."""
    where, params = [], []
    for column, value in (("e.channel", channel), ("e.category", category), ("e.author", author)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if tag is not None:
        where.append("EXISTS (SELECT 1 FROM json_each(e.tags) WHERE value = ?)")
        params.append(lib.clean_tags([tag])[0] if lib.clean_tags([tag]) else tag)
    sql = f"SELECT {_COLS}{_FROM}" + "".join(f" AND {w}" for w in where)
    with store._db.read() as conn:
        rows = [_row(r) for r in conn.execute(sql, params)]
    known = {r.id for r in rows}
    rows += [p for p in _pending(store) if p.id not in known and _matches(p, channel, tag, category, author)]
    key = (lambda r: (-r.reuse, -r.saved_ts)) if sort == "reused" else (lambda r: -r.saved_ts)
    return sorted(rows, key=key)


def _matches(row: EntryRow, channel, tag, category, author) -> bool:
    return ((channel is None or row.channel == channel) and (category is None or row.category == category)
            and (author is None or row.author == author) and (tag is None or tag.lower() in row.tags))


def entry(store, ref: str) -> EntryRow | None:
    """An entry by id or by the last characters of its id (as `beacon library list` shows)."""
    ref = ref.strip()
    if not ref:
        return None
    hits = [r for r in entries(store) if r.id == ref or r.id.endswith(ref)]
    return hits[0] if len(hits) == 1 else None


def find(store, query: str, *, limit: int = 50) -> list[EntryRow]:
    """Entries containing every whitespace-separated term of `query`, most reused first."""
    p = search.plan(query)
    if p is None:
        return []
    with store._db.read() as conn:
        sets = []
        if p.trigram is not None:
            sets.append({r[0] for r in conn.execute("SELECT rowid FROM library_fts WHERE library_fts MATCH ?", (p.trigram,))})
        if p.short is not None:
            sets.append({r[0] for r in conn.execute("SELECT rowid FROM library_short WHERE library_short MATCH ?", (p.short,))})
        ids = set.intersection(*sets) if sets else set()
        if not ids:
            return []
        marks = ",".join(str(int(i)) for i in ids)
        rows = [_row(r) for r in conn.execute(f"SELECT {_COLS}{_FROM} AND e.rowid IN ({marks})")]
    rows.sort(key=lambda r: (-r.reuse, -r.saved_ts))
    return rows[:limit]


def tag_counts(store) -> dict[str, int]:
    """Tags in use on entries I can see, with how many entries carry each (for suggestions)."""
    counts: dict[str, int] = {}
    for row in entries(store):
        for t in row.tags:
            counts[t] = counts.get(t, 0) + 1
    return counts


def save_command(channel: str, title: str, **fields) -> lib.LibrarySave:
    return lib.LibrarySave(id=new_client_id(), channel=channel, title=title, **fields)


def publish_command(entry: str, published: bool = True) -> lib.LibraryPublish:
    return lib.LibraryPublish(id=new_client_id(), entry=entry, published=published)


def edit_command(entry: str, **fields) -> lib.LibraryEdit:
    return lib.LibraryEdit(id=new_client_id(), entry=entry, **fields)
