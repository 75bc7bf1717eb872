"""Event kinds stored in the relay's log and streamed to clients.

Every event carries the global sequence number `seq` (strictly increasing, no
reuse), the relay's time `ts` (ms since the Unix epoch), the acting user, the
channel it belongs to (if any) and, when it was caused by a client command, that
command's client id `cid`. A message's id is the `seq` of its `message.posted`.
"""

from __future__ import annotations

from typing import Union

import msgspec

from desktop.protocol.types import (
    ChannelId,
    ChannelName,
    ClientId,
    DisplayName,
    Emoji,
    MsgId,
    Seq,
    Text,
    Topic,
    UserName,
)


class EventBase(msgspec.Struct, kw_only=True, tag_field="kind", omit_defaults=True):
    seq: Seq
    ts: int
    actor: UserName | None = None
    channel: ChannelId | None = None
    cid: ClientId | None = None


class UserCreated(EventBase, tag="user.created"):
    user: UserName
    display_name: DisplayName


class UserUpdated(EventBase, tag="user.updated"):
    user: UserName
    display_name: DisplayName


class ChannelCreated(EventBase, tag="channel.created"):
    name: ChannelName
    private: bool = False
    dm: bool = False
    topic: Topic = ""
    members: list[UserName] = []


class ChannelRenamed(EventBase, tag="channel.renamed"):
    name: ChannelName


class ChannelArchived(EventBase, tag="channel.archived"):
    pass


class MemberAdded(EventBase, tag="member.added"):
    user: UserName


class MemberRemoved(EventBase, tag="member.removed"):
    user: UserName


class MessagePosted(EventBase, tag="message.posted"):
    msg: MsgId  # equals seq
    text: Text
    thread: MsgId | None = None  # root message id for a thread reply


class MessageEdited(EventBase, tag="message.edited"):
    msg: MsgId
    text: Text


class MessageDeleted(EventBase, tag="message.deleted"):
    msg: MsgId


class ReactionAdded(EventBase, tag="reaction.added"):
    msg: MsgId
    emoji: Emoji


class ReactionRemoved(EventBase, tag="reaction.removed"):
    msg: MsgId
    emoji: Emoji


class MessagePinned(EventBase, tag="message.pinned"):
    msg: MsgId


class MessageUnpinned(EventBase, tag="message.unpinned"):
    msg: MsgId


class ReadMarked(EventBase, tag="read.marked"):
    """Visible only to the actor (synced across that user's devices)."""

    upto: Seq  # every message with msg <= upto in `channel` is read


Event = Union[
    UserCreated,
    UserUpdated,
    ChannelCreated,
    ChannelRenamed,
    ChannelArchived,
    MemberAdded,
    MemberRemoved,
    MessagePosted,
    MessageEdited,
    MessageDeleted,
    ReactionAdded,
    ReactionRemoved,
    MessagePinned,
    MessageUnpinned,
    ReadMarked,
]

EVENT_TYPES: tuple[type[EventBase], ...] = Event.__args__  # type: ignore[attr-defined]
EVENT_KINDS = frozenset(t.__struct_config__.tag for t in EVENT_TYPES)


class UnknownEvent(msgspec.Struct, kw_only=True):
    """An event kind this client does not know (from a newer relay): skipped, but
    its seq still advances the cursor so resume stays gap-free."""

    seq: Seq
    kind: str
