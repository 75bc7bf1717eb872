"""Which sections the sidebar shows and what is in each: Starred (only when something
is starred), Channels, Direct messages; with the unread-only filter, only the rows with
unread messages (and the one in view), and no empty sections."""

from __future__ import annotations

from desktop.store.rows import ChannelRow

STARRED, CHANNELS, DMS = "starred", "channels", "dms"


def build_sections(
    rows: list[ChannelRow], *, is_starred=lambda channel_id: False, unread_only: bool = False,
    keep: str | None = None,
) -> list[tuple[str, list[ChannelRow]]]:
    """(kind, rows) per section, rows sorted by name so counts changing never moves one.

    A starred conversation moves to Starred (as in Slack); Channels and Direct messages
    are always there unless the unread-only filter empties them.
    """
    if unread_only:
        rows = [c for c in rows if c.unread or c.id == keep]
    starred = [c for c in rows if is_starred(c.id)]
    rest = [c for c in rows if not is_starred(c.id)]
    sections = [
        (STARRED, sorted(starred, key=lambda c: (c.dm, (c.title if c.dm else c.name).casefold()))),
        (CHANNELS, sorted((c for c in rest if not c.dm), key=lambda c: c.name.casefold())),
        (DMS, sorted((c for c in rest if c.dm), key=lambda c: c.title.casefold())),
    ]
    return [(kind, section) for kind, section in sections if section or (kind != STARRED and not unread_only)]
