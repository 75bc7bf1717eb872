"""Immutable rows the cache hands to the UI and the CLI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from desktop.protocol import frames


@dataclass(frozen=True, slots=True)
class Account:
    """Who this cache belongs to and how far it has synced."""

    relay_url: str | None
    user: str | None
    display_name: str | None
    epoch: str | None
    cursor: int


@dataclass(frozen=True, slots=True)
class UserRow:
    """A workspace user."""

    name: str
    display_name: str


@dataclass(frozen=True, slots=True)
class ChannelRow:
    """A channel or DM as the channel list shows it.

    `title` is what to display: the name for channels, the other member's display
    name for DMs (`dm_user` is that member's login name).
    """

    id: str
    name: str
    title: str
    private: bool
    dm: bool
    archived: bool
    topic: str
    am_member: bool
    read_upto: int
    unread: int
    mentions: int
    last_msg_ts: int | None
    dm_user: str | None


@dataclass(frozen=True, slots=True)
class MessageRow:
    """One message. Deleted messages stay as rows (deleted=True, text="") so row positions
    in a timeline never shift; `reactions` maps emoji to the users, oldest first."""

    id: int
    channel: str
    author: str
    author_name: str
    ts: int
    text: str
    thread: int | None
    reply_count: int
    last_reply_ts: int | None
    edited_ts: int | None
    deleted: bool
    pinned: bool
    mentions_me: bool
    reactions: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A search result: the message and a short excerpt with the match ranges in it."""

    message: MessageRow
    snippet: str
    highlights: tuple[tuple[int, int], ...]


class SearchHits(list):
    """Search results (SearchHit, newest first) and how many cached messages the search
    index had not reached when they were found: those cannot be among them."""

    def __init__(self, hits=(), *, unindexed: int = 0):
        super().__init__(hits)
        self.unindexed = unindexed

    @property
    def incomplete(self) -> bool:
        return self.unindexed > 0


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A command the user made that the relay has not confirmed yet (or refused).

    state: 'pending' (waiting), 'sending' (on the wire), 'acked' (accepted; waiting for
    its event), 'failed' (refused: `error_code`/`error` say why; never dropped silently).
    """

    cid: str
    kind: str
    channel: str | None
    frame: frames.Command
    state: str
    error_code: str | None
    error: str | None
    attempts: int
    created_ts: int
    seq: int | None

    @property
    def text(self) -> str | None:
        return getattr(self.frame, "text", None)

    @property
    def thread(self) -> int | None:
        return getattr(self.frame, "thread", None)
