"""Unread and mention counts: who "me" is, what mentions me, recounting a channel."""

from __future__ import annotations

from collections.abc import Callable

from desktop.domain import notify
from desktop.store.database import Connection

MentionTest = Callable[[str], bool]


def mention_test(me: str | None) -> MentionTest:
    """A predicate: does a text mention `@me`? The rule is `desktop.domain.notify`'s,
    so the mention badge and the notifications always agree (Chinese text included:
    "你好@bob" and "@bob请看" mention bob)."""
    if not me:
        return lambda text: False
    pattern = notify.mention_pattern(me)
    # Most texts have no "@" at all: a substring test is much cheaper than the regex.
    return lambda text: "@" in text and pattern.search(text) is not None


def recount(conn: Connection, channel: str, me: str | None) -> None:
    """Recompute unread and mentions of one channel from its read marker.

    Unread = top-level messages after read_upto, not deleted, not written by me.
    Uses only the covering index messages_timeline.
    """
    conn.execute(
        """UPDATE channels SET (unread, mentions) = (
               SELECT count(*), coalesce(sum(m.mention), 0) FROM messages m
               WHERE m.channel = channels.id AND m.thread IS NULL AND m.id > channels.read_upto
                 AND m.deleted = 0 AND m.author IS NOT :me)
           WHERE id = :channel""",
        {"channel": channel, "me": me},
    )


def set_me(conn: Connection, me: str) -> None:
    """Recompute everything that depends on the account's user (first set_account)."""
    test = mention_test(me)
    rows = conn.execute("SELECT id, text FROM messages WHERE deleted = 0 AND instr(text, '@') > 0").fetchall()
    conn.executemany("UPDATE messages SET mention = ? WHERE id = ?", [(int(test(t)), msg) for msg, t in rows])
    conn.execute(
        """UPDATE channels SET am_member = EXISTS (
               SELECT 1 FROM members WHERE channel = channels.id AND user = ? AND present = 1)""",
        (me,),
    )
    for (channel,) in conn.execute("SELECT id FROM channels").fetchall():
        recount(conn, channel, me)
