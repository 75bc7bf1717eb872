"""Read what a group commit's commands will look up, in a few queries for the whole batch.

Every command asks who its actor is (`commands.ROLE_SQL`), most ask about a channel and
whether the actor is in it (`CHANNEL_SQL`, `MEMBER_SQL`). On SQLite each lookup is a
page read in the same process; on PostgreSQL each is a round trip to the server, and in
a batch of 60 posts from 40 people those round trips were most of the commit's time.
Here the batch's distinct actors, channels and memberships are read with one query each
and handed to the connection's per-transaction cache (`PgConnection.remember`), keyed by
the exact statement and parameters the commands use; a miss is remembered as "no row".
The cache lives only inside the write transaction that holds the write lock, and any
write to those tables in it forgets everything, so a prefetched row is never stale.
"""

from __future__ import annotations

from typing import Iterable

from server_stub import commands

BUCKETS = (1, 4, 16, 64, 256)  # statement texts in a few fixed sizes: they stay prepared


def padded(values: list, buckets: tuple[int, ...] = BUCKETS) -> Iterable[list]:
    """`values` in chunks of at most the largest bucket, each padded (by repeating its
    last value) up to the next bucket size."""
    for start in range(0, len(values), buckets[-1]):
        chunk = values[start:start + buckets[-1]]
        size = next(b for b in buckets if b >= len(chunk))
        yield chunk + [chunk[-1]] * (size - len(chunk))


def batch(conn, items: Iterable[tuple[str | None, object]]) -> None:
    """Prefetch the lookups of `items` ((actor, command) pairs) into `conn`'s cache.
    A connection without one (SQLite) is left alone."""
    remember = getattr(conn, "remember", None)
    if remember is None:
        return
    actors = list(dict.fromkeys(a for a, _cmd in items if isinstance(a, str)))
    channels = list(dict.fromkeys(c for _a, cmd in items if isinstance(c := getattr(cmd, "channel", None), str)))
    pairs = list(dict.fromkeys((c, a) for a, cmd in items
                               if isinstance(a, str) and isinstance(c := getattr(cmd, "channel", None), str)))
    for chunk in padded(actors) if actors else ():
        marks = ",".join("?" * len(chunk))
        found = {r[0]: (r[1], r[2]) for r in
                 conn.execute(f"SELECT name, role, deactivated_ts FROM users WHERE name IN ({marks})", chunk)}
        for actor in set(chunk):
            remember(commands.ROLE_SQL, (actor,), [found[actor]] if actor in found else [])
    for chunk in padded(channels) if channels else ():
        marks = ",".join("?" * len(chunk))
        found = {r[0]: tuple(r) for r in conn.execute(
            f"SELECT id, name, private, dm_key, archived, creator FROM channels WHERE id IN ({marks})", chunk)}
        for channel in set(chunk):
            remember(commands.CHANNEL_SQL, (channel,), [found[channel]] if channel in found else [])
    for chunk in padded(pairs) if pairs else ():
        where = " OR ".join(["(channel = ? AND user = ?)"] * len(chunk))
        found = {(r[0], r[1]) for r in conn.execute(
            f"SELECT channel, user FROM members WHERE {where}", [v for pair in chunk for v in pair])}
        for pair in set(chunk):
            remember(commands.MEMBER_SQL, pair, [(1,)] if pair in found else [])
