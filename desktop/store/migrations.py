"""Schema versions (PRAGMA user_version): an append-only list; never edit a released step."""

from __future__ import annotations

from desktop.errors import CacheCorruptError
from desktop.store.database import Database

# Design notes for version 1:
# - Events can arrive twice or out of order (catch-up, then history pages newest
#   first), so every mutable field that an event sets carries the seq of the event
#   that set it, and an event only wins if it is newer (`*_seq` columns, and
#   `present`=0 tombstones for removed members and reactions).
# - Events about a message not cached yet wait in `orphans` until it arrives.
# - The FTS tables are kept in sync by explicit statements in search.py (insert,
#   edit, delete, reset), not by triggers: FTS5 flushes its pending index at every
#   trigger's statement savepoint, which made ingest 2.5x slower.
_V1 = (
    """CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        relay_url TEXT,
        user TEXT,
        display_name TEXT,
        epoch TEXT,
        cursor INTEGER NOT NULL DEFAULT 0,
        token TEXT                        -- the relay login token (secret: hence here)
    )""",
    "INSERT INTO sync_state(id) VALUES (1)",
    """CREATE TABLE users (
        name TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        seq INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE channels (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        private INTEGER NOT NULL DEFAULT 0,
        dm INTEGER NOT NULL DEFAULT 0,
        archived INTEGER NOT NULL DEFAULT 0,
        topic TEXT NOT NULL DEFAULT '',
        am_member INTEGER NOT NULL DEFAULT 0,
        read_upto INTEGER NOT NULL DEFAULT 0,
        unread INTEGER NOT NULL DEFAULT 0,
        mentions INTEGER NOT NULL DEFAULT 0,
        last_msg_ts INTEGER,
        msg_count INTEGER NOT NULL DEFAULT 0,     -- top-level messages cached (deleted too)
        created_seq INTEGER,              -- NULL: known only from later events so far
        name_seq INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID""",
    """CREATE TABLE members (
        channel TEXT NOT NULL,
        user TEXT NOT NULL,
        present INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (channel, user)
    ) WITHOUT ROWID""",
    "CREATE INDEX members_by_user ON members(user, channel) WHERE present = 1",
    """CREATE TABLE messages (
        id INTEGER PRIMARY KEY,           -- the seq of its message.posted
        channel TEXT NOT NULL,
        author TEXT NOT NULL,
        ts INTEGER NOT NULL,
        text TEXT NOT NULL,               -- '' once deleted
        thread INTEGER,                   -- root id for a thread reply
        reply_count INTEGER NOT NULL DEFAULT 0,   -- replies not deleted
        last_reply_ts INTEGER,
        edited_ts INTEGER,
        text_seq INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        pinned INTEGER NOT NULL DEFAULT 0,
        pin_seq INTEGER NOT NULL DEFAULT 0,
        mention INTEGER NOT NULL DEFAULT 0,       -- text mentions the account's user
        cid TEXT
    )""",
    # Covers the timeline page query and the unread recount without touching rows.
    """CREATE INDEX messages_timeline ON messages(channel, id, author, deleted, mention)
        WHERE thread IS NULL""",
    "CREATE INDEX messages_thread ON messages(thread, id) WHERE thread IS NOT NULL",
    """CREATE TABLE reactions (
        msg INTEGER NOT NULL,
        emoji TEXT NOT NULL,
        user TEXT NOT NULL,
        present INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (msg, emoji, user)
    ) WITHOUT ROWID""",
    """CREATE TABLE orphans (
        seq INTEGER PRIMARY KEY,
        msg INTEGER NOT NULL,
        event BLOB NOT NULL
    )""",
    "CREATE INDEX orphans_by_msg ON orphans(msg)",
    """CREATE TABLE drafts (
        channel TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        updated_ts INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE outbox (
        pos INTEGER PRIMARY KEY AUTOINCREMENT,
        cid TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        channel TEXT,
        msg INTEGER,
        frame BLOB NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'sending', 'acked', 'failed')),
        error_code TEXT,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_ts INTEGER NOT NULL,
        seq INTEGER
    )""",
    # Substring search for queries of 3+ characters (any script), case-insensitive.
    """CREATE VIRTUAL TABLE messages_fts USING fts5(
        text, content='messages', content_rowid='id', tokenize='trigram'
    )""",
    # 1- and 2-character queries: tokens made by search.short_tokens (CJK unigrams and
    # bigrams, 1- and 2-letter word prefixes); only rowids are stored (detail=none).
    # Changing short_tokens needs a migration that rebuilds this table.
    """CREATE VIRTUAL TABLE messages_short USING fts5(
        tokens, content='', contentless_delete=1, detail=none, tokenize='ascii'
    )""",
    # Merge FTS segments 16 at a time instead of 4: each row is rewritten about half as
    # often, which made catch-up ingest ~20% faster; queries still meet their targets
    # with the extra segments (bench/cache_bench.py).
    "INSERT INTO messages_fts(messages_fts, rank) VALUES ('automerge', 16)",
    "INSERT INTO messages_fts(messages_fts, rank) VALUES ('crisismerge', 24)",
    "INSERT INTO messages_short(messages_short, rank) VALUES ('automerge', 16)",
    "INSERT INTO messages_short(messages_short, rank) VALUES ('crisismerge', 24)",
)

# Version 2: the full-text indexes may trail the messages table (issue #17). Catch-up
# stores messages without indexing them; desktop.store.indexer indexes them later, in
# id order, and `indexed_upto` says how far it got: every message with id <= it is in
# both indexes with its current text, none above it is (it may pass the newest message:
# it follows the cursor when nothing waits). A cache from version 1 was indexed in the
# same transactions, so it starts fully indexed.
_V2 = (
    "ALTER TABLE sync_state ADD COLUMN indexed_upto INTEGER NOT NULL DEFAULT 0",
    "UPDATE sync_state SET indexed_upto = max(cursor, (SELECT coalesce(max(id), 0) FROM messages))",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2)

# Core tables that hold only what the relay's log gives back (emptied by a resync).
SYNCED_TABLES = ("users", "channels", "members", "messages", "reactions", "orphans")


def migrate(db: Database) -> None:
    """Bring the schema to the newest version, one transaction per step."""
    for number, statements in enumerate(MIGRATIONS, start=1):
        with db.transaction() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise CacheCorruptError(
                    "This cache was written by a newer version of Beacon; update Beacon to open it."
                )
            if version >= number:
                continue
            for sql in statements:
                conn.execute(sql)
            conn.execute(f"PRAGMA user_version = {number}")
