"""Applying relay events to the cache: idempotent and tolerant of history arriving late."""

from __future__ import annotations

import functools

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.protocol import codec
from desktop.protocol import events as ev
from desktop.store import features, indexer, search
from desktop.store.changes import ChangeLog
from desktop.store.database import Connection
from desktop.store.unread import mention_test, recount

@dataclass(slots=True)
class _Channel:
    """Per-channel state cached for one transaction, and count deltas not yet written."""

    read_upto: int
    newest: int  # newest top-level id already stored (to tell appended from inserted)
    unread: int = 0
    mentions: int = 0
    last_ts: int = 0
    count: int = 0


class Applier:
    """Applies events inside one open write transaction and records what changed.

    Every effect is idempotent: a message is inserted once (and only a real insert
    bumps counters); other fields are last-writer-wins by seq, with tombstones for
    removals; events about a message not cached yet wait in `orphans`. So replays and
    history pages (older events, arriving after newer ones) converge to one state.

    With `defer_index` (catch-up), new messages are stored unindexed and left to
    desktop.store.indexer (`index.deferred` counts them): FTS no longer slows catch-up.
    """

    def __init__(self, conn: Connection, log: ChangeLog, *, me: str | None, defer_index: bool = False):
        self._conn = conn
        self._log = log
        self._me = me
        self._mentions = mention_test(me)
        self._posts: list[ev.MessagePosted] = []
        self._channels: dict[str, _Channel] = {}
        self._have_orphans = conn.execute("SELECT EXISTS (SELECT 1 FROM orphans)").fetchone()[0]
        self.index = indexer.Position(conn, defer=defer_index)
        self._handlers = {
            ev.UserCreated: self._user,
            ev.UserUpdated: self._user,
            ev.ChannelCreated: self._channel_created,
            ev.ChannelRenamed: self._channel_renamed,
            ev.ChannelArchived: self._channel_archived,
            ev.MemberAdded: self._member,
            ev.MemberRemoved: self._member,
            ev.MessageEdited: self._edited,
            ev.MessageDeleted: self._deleted,
            ev.ReactionAdded: self._reaction,
            ev.ReactionRemoved: self._reaction,
            ev.MessagePinned: self._pin,
            ev.MessageUnpinned: self._pin,
            ev.ReadMarked: self._read_marked,
            ev.ReadUnmarked: self._read_unmarked,
        }
        # Kinds brought by feature modules (tasks, files, ...): see desktop.store.features.
        # A feature handler for a core kind runs after the core one (team: moderation, managers).
        for kind, handler in features.handlers().items():
            extra = functools.partial(handler, conn, log, me)
            core = self._handlers.get(kind)
            self._handlers[kind] = extra if core is None else _chain(core, extra)

    def apply(self, events: Iterable[ev.EventBase | ev.UnknownEvent]) -> None:
        """Apply in order; UnknownEvent and kinds without a handler are skipped."""
        cids = []
        for event in events:
            if type(event) is ev.MessagePosted:
                # Consecutive posts (the bulk of any catch-up) are inserted with executemany.
                self._posts.append(event)
            else:
                self._flush_posts()
                handler = self._handlers.get(type(event))
                if handler is not None:
                    handler(event)
            cid = getattr(event, "cid", None)
            if cid is not None:
                cids.append(cid)
        self._flush_posts()
        self._confirm_outbox(cids)

    def mark_read(self, channel: str, upto: int) -> None:
        """Move the read marker forward (never back) and recount the channel."""
        state = self._channel(channel)
        cur = self._conn.execute(
            "UPDATE channels SET read_upto = ? WHERE id = ? AND read_upto < ?", (upto, channel, upto)
        )
        if cur.rowcount:
            state.read_upto = upto
            recount(self._conn, channel, self._me)
            self._log.counts.add(channel)

    def mark_unread(self, channel: str, upto: int) -> None:
        """Move the read marker back to `upto` (never forward) and recount the channel."""
        state = self._channel(channel)
        cur = self._conn.execute(
            "UPDATE channels SET read_upto = ? WHERE id = ? AND read_upto > ?", (upto, channel, upto)
        )
        if cur.rowcount:
            state.read_upto = upto
            recount(self._conn, channel, self._me)
            self._log.counts.add(channel)

    # ---- messages ------------------------------------------------------------

    def _flush_posts(self) -> None:
        posts, self._posts = self._posts, []
        if not posts:
            return
        conn = self._conn
        ids = [p.msg for p in posts]
        low, high = min(ids), max(ids)
        if high - low < 4 * len(ids):  # catch-up: one range probe, normally empty
            seen = {r[0] for r in conn.execute("SELECT id FROM messages WHERE id BETWEEN ? AND ?", (low, high))}
        else:  # a history page spread over a long stretch of the log
            seen = {r[0] for r in conn.execute(f"SELECT id FROM messages WHERE id IN ({_marks(ids)})", ids)}
        new: list[ev.MessagePosted] = []
        rows = []
        for p in posts:
            if p.msg in seen or p.channel is None:
                continue
            seen.add(p.msg)
            new.append(p)
            mention = self._mentions(p.text)
            rows.append((p.msg, p.channel, p.actor or "", p.ts, p.text, p.thread, p.seq, mention, p.cid))
        if not new:
            return
        for channel in {p.channel for p in new}:
            self._channel(channel)  # load `newest` before this insert changes it
        roots = [p.msg for p in new if p.thread is None]
        # Can a new root already have replies cached? Only if history brought them first.
        early_replies = bool(roots) and conn.execute(
            "SELECT 1 FROM messages WHERE thread >= ? LIMIT 1", (min(roots),)
        ).fetchone() is not None
        to_index = self.index.to_index(rows)  # decided before the insert adds rows above the position
        conn.executemany(
            "INSERT INTO messages(id, channel, author, ts, text, thread, text_seq, mention, cid)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            rows,
        )
        search.index(conn, [(r[0], r[4], r[1]) for r in to_index])
        self._account_new(new, rows, roots, early_replies)
        if self._have_orphans:
            self._replay_orphans([p.msg for p in new])

    def _account_new(
        self, new: Sequence[ev.MessagePosted], rows: Sequence[tuple], roots: list[int], early_replies: bool
    ) -> None:
        """Counters that depend on messages just inserted: unread, last_msg_ts, replies."""
        log, me, conn = self._log, self._me, self._conn
        root_set = set(roots)
        bumps: dict[int, list] = {}  # root -> [new replies, newest reply ts, channel]
        before = {name: state.newest for name, state in self._channels.items()}
        for p, row in zip(new, rows):
            state = self._channels[p.channel]
            if p.thread is None:
                (log.appended if p.msg > before[p.channel] else log.inserted)(p.channel, p.msg)
                state.newest = max(state.newest, p.msg)
                state.last_ts = max(state.last_ts, p.ts)
                state.count += 1
                if p.msg > state.read_upto and p.actor != me:
                    state.unread += 1
                    state.mentions += row[7]
            else:
                log.reply(p.channel, p.thread, p.msg)
                bump = bumps.setdefault(p.thread, [0, 0, p.channel])
                bump[0] += 1
                bump[1] = max(bump[1], p.ts)
        if early_replies:
            # Count every reply of the new roots, the cached ones included.
            bumps = {root: b for root, b in bumps.items() if root not in root_set}
            conn.executemany(
                "UPDATE messages SET reply_count = ?, last_reply_ts = ? WHERE id = ?",
                conn.execute(
                    "SELECT count(*), max(ts), thread FROM messages"
                    f" WHERE thread IN ({_marks(roots)}) AND deleted = 0 GROUP BY thread",
                    roots,
                ).fetchall(),
            )
        if bumps:
            old = [r for r in bumps if r not in root_set]
            found = conn.execute(f"SELECT id FROM messages WHERE id IN ({_marks(old)})", old) if old else ()
            for (root,) in found:
                log.updated(bumps[root][2], root)
            conn.executemany(
                "UPDATE messages SET reply_count = reply_count + ?,"
                " last_reply_ts = max(coalesce(last_reply_ts, 0), ?) WHERE id = ?",
                [(count, ts, root) for root, (count, ts, _) in bumps.items()],
            )
        for name, state in self._channels.items():
            if state.count:
                conn.execute(
                    "UPDATE channels SET unread = unread + ?, mentions = mentions + ?,"
                    " last_msg_ts = max(coalesce(last_msg_ts, 0), ?), msg_count = msg_count + ? WHERE id = ?",
                    (state.unread, state.mentions, state.last_ts, state.count, name),
                )
                log.counts.add(name)
                state.unread = state.mentions = state.last_ts = state.count = 0

    def _replay_orphans(self, ids: list[int]) -> None:
        rows = self._conn.execute(
            f"DELETE FROM orphans WHERE msg IN ({_marks(ids)}) RETURNING seq, event", ids
        ).fetchall()
        for _seq, body in sorted(rows):
            event = codec.decode_event(body)
            self._handlers[type(event)](event)

    def _target(self, event) -> tuple | None:
        """The message an event is about, or None after parking the event as an orphan."""
        row = self._conn.execute(
            "SELECT channel, thread, author, deleted, text, text_seq, mention FROM messages WHERE id = ?",
            (event.msg,),
        ).fetchone()
        if row is None:
            self._conn.execute(
                "INSERT OR IGNORE INTO orphans(seq, msg, event) VALUES (?, ?, ?)",
                (event.seq, event.msg, codec.encode(event)),
            )
            self._have_orphans = True
        return row

    def _edited(self, e: ev.MessageEdited) -> None:
        row = self._target(e)
        if row is None:
            return
        channel, thread, author, deleted, old_text, text_seq, old_mention = row
        if deleted or e.seq <= text_seq:
            return
        mention = self._mentions(e.text)
        self._conn.execute(
            "UPDATE messages SET text = ?, edited_ts = ?, text_seq = ?, mention = ? WHERE id = ?",
            (e.text, e.ts, e.seq, mention, e.msg),
        )
        if self.index.covers(e.msg):  # if not, the indexer will read the new text
            search.unindex(self._conn, e.msg, old_text)
            search.index(self._conn, [(e.msg, e.text, channel)])
        if mention != old_mention and self._counted(channel, thread, e.msg, author):
            self._adjust(channel, 0, mention - old_mention)
        self._log.updated(channel, e.msg)

    def _deleted(self, e: ev.MessageDeleted) -> None:
        row = self._target(e)
        if row is None or row[3]:
            return
        channel, thread, author, _, old_text, _, old_mention = row
        conn = self._conn
        # As on the relay: a deleted message loses its text, pin and reactions for good.
        conn.execute(
            "UPDATE messages SET deleted = 1, text = '', pinned = 0, mention = 0 WHERE id = ?", (e.msg,)
        )
        if self.index.covers(e.msg):  # if not, the indexer will skip the blank text
            search.unindex(conn, e.msg, old_text)
        conn.execute("DELETE FROM reactions WHERE msg = ?", (e.msg,))
        if thread is not None:
            cur = conn.execute(
                "UPDATE messages SET reply_count = max(reply_count - 1, 0) WHERE id = ?", (thread,)
            )
            if cur.rowcount:
                self._log.updated(channel, thread)
        elif self._counted(channel, thread, e.msg, author):
            self._adjust(channel, -1, -old_mention)
        self._log.updated(channel, e.msg)

    def _reaction(self, e: ev.ReactionAdded | ev.ReactionRemoved) -> None:
        row = self._target(e)
        if row is None or row[3] or e.actor is None:
            return
        cur = self._conn.execute(
            "INSERT INTO reactions(msg, emoji, user, present, seq) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(msg, emoji, user) DO UPDATE SET present = excluded.present, seq = excluded.seq"
            " WHERE excluded.seq > reactions.seq",
            (e.msg, e.emoji, e.actor, int(type(e) is ev.ReactionAdded), e.seq),
        )
        if cur.rowcount:
            self._log.updated(row[0], e.msg)

    def _pin(self, e: ev.MessagePinned | ev.MessageUnpinned) -> None:
        row = self._target(e)
        if row is None or row[3]:
            return
        cur = self._conn.execute(
            "UPDATE messages SET pinned = ?, pin_seq = ? WHERE id = ? AND pin_seq < ?",
            (int(type(e) is ev.MessagePinned), e.seq, e.msg, e.seq),
        )
        if cur.rowcount:
            self._log.updated(row[0], e.msg)

    def _counted(self, channel: str, thread: int | None, msg: int, author: str) -> bool:
        """Whether a (not deleted) message is included in its channel's unread count."""
        return thread is None and msg > self._channel(channel).read_upto and author != self._me

    def _adjust(self, channel: str, unread: int, mentions: int) -> None:
        self._conn.execute(
            "UPDATE channels SET unread = max(unread + ?, 0), mentions = max(mentions + ?, 0) WHERE id = ?",
            (unread, mentions, channel),
        )
        self._log.counts.add(channel)

    # ---- channels, members, users, read markers -------------------------------

    def _channel(self, channel: str) -> _Channel:
        """Cached state of a channel, creating a placeholder row for one not seen yet
        (e.g. a private channel I was just added to: its creation is in its history)."""
        state = self._channels.get(channel)
        if state is None:
            conn = self._conn
            row = conn.execute("SELECT read_upto FROM channels WHERE id = ?", (channel,)).fetchone()
            if row is None:
                conn.execute("INSERT INTO channels(id, name) VALUES (?, ?)", (channel, channel))
                self._log.channel_list = True
                row = (0,)
            newest = conn.execute(
                "SELECT max(id) FROM messages WHERE channel = ? AND thread IS NULL", (channel,)
            ).fetchone()[0]
            state = self._channels[channel] = _Channel(read_upto=row[0], newest=newest or 0)
        return state

    def _user(self, e: ev.UserCreated | ev.UserUpdated) -> None:
        cur = self._conn.execute(
            "INSERT INTO users(name, display_name, seq) VALUES (?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET display_name = excluded.display_name, seq = excluded.seq"
            " WHERE excluded.seq > users.seq",
            (e.user, e.display_name, e.seq),
        )
        if cur.rowcount:
            self._log.users = True
            self._log.channel_list = True  # DM titles show display names

    def _channel_created(self, e: ev.ChannelCreated) -> None:
        if e.channel is None:
            return
        cur = self._conn.execute(
            """INSERT INTO channels(id, name, private, dm, topic, created_seq, name_seq)
               VALUES (:id, :name, :private, :dm, :topic, :seq, :seq)
               ON CONFLICT(id) DO UPDATE SET
                   private = excluded.private, dm = excluded.dm, topic = excluded.topic,
                   created_seq = excluded.created_seq,
                   name = iif(channels.name_seq < excluded.name_seq, excluded.name, channels.name),
                   name_seq = max(channels.name_seq, excluded.name_seq)
               WHERE channels.created_seq IS NULL""",
            {
                "id": e.channel, "name": e.name, "private": e.private, "dm": e.dm,
                "topic": e.topic, "seq": e.seq,
            },
        )
        if cur.rowcount:
            self._log.channel_list = True
        for user in e.members:
            self._membership(e.channel, user, True, e.seq)

    def _channel_renamed(self, e: ev.ChannelRenamed) -> None:
        if e.channel is None:
            return
        cur = self._conn.execute(
            "INSERT INTO channels(id, name, name_seq) VALUES (?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET name = excluded.name, name_seq = excluded.name_seq"
            " WHERE excluded.name_seq > channels.name_seq",
            (e.channel, e.name, e.seq),
        )
        if cur.rowcount:
            self._log.channel_list = True

    def _channel_archived(self, e: ev.ChannelArchived) -> None:
        if e.channel is None:
            return
        cur = self._conn.execute(
            "INSERT INTO channels(id, name, archived) VALUES (?, ?, 1)"
            " ON CONFLICT(id) DO UPDATE SET archived = 1 WHERE archived = 0",
            (e.channel, e.channel),
        )
        if cur.rowcount:
            self._log.channel_list = True

    def _member(self, e: ev.MemberAdded | ev.MemberRemoved) -> None:
        if e.channel is not None:
            self._channel(e.channel)
            self._membership(e.channel, e.user, type(e) is ev.MemberAdded, e.seq)

    def _membership(self, channel: str, user: str, present: bool, seq: int) -> None:
        cur = self._conn.execute(
            "INSERT INTO members(channel, user, present, seq) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(channel, user) DO UPDATE SET present = excluded.present, seq = excluded.seq"
            " WHERE excluded.seq > members.seq",
            (channel, user, int(present), seq),
        )
        if not cur.rowcount:
            return
        self._log.channel_list = True
        if user == self._me:
            self._conn.execute("UPDATE channels SET am_member = ? WHERE id = ?", (int(present), channel))
            if present:
                # What was said before I joined is history to me, not unread.
                self.mark_read(channel, seq)

    def _read_marked(self, e: ev.ReadMarked) -> None:
        # The relay sends read markers only to their owner; anything else is ignored.
        if e.channel is not None and (self._me is None or e.actor in (None, self._me)):
            self.mark_read(e.channel, e.upto)

    def _read_unmarked(self, e: ev.ReadUnmarked) -> None:
        if e.channel is not None and (self._me is None or e.actor in (None, self._me)):
            self.mark_unread(e.channel, e.upto)

    # ---- outbox ----------------------------------------------------------------

    def _confirm_outbox(self, cids: list[str]) -> None:
        """My own commands whose events arrived (maybe from a run that crashed) leave the outbox."""
        if not cids:
            return
        rows = self._conn.execute(
            f"DELETE FROM outbox WHERE cid IN ({_marks(cids)}) RETURNING kind, channel", cids
        ).fetchall()
        self._note_outbox(rows)

    def confirm_acked(self, cursor: int) -> None:
        """Acked commands whose event seq the cursor has passed are done."""
        rows = self._conn.execute(
            "DELETE FROM outbox WHERE state = 'acked' AND seq <= ? RETURNING kind, channel", (cursor,)
        ).fetchall()
        self._note_outbox(rows)

    def _note_outbox(self, rows: list[tuple[str, str | None]]) -> None:
        if rows:
            self._log.outbox = True
            self._log.pending.update(channel for kind, channel in rows if kind == "post" and channel)


def _chain(first, second):
    def both(event) -> None:
        first(event)
        second(event)
    return both


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))
