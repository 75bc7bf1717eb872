"""Event kinds stored in the relay's log and streamed to clients.

Every event carries the global sequence number `seq` (strictly increasing, no
reuse), the relay's time `ts` (ms since the Unix epoch), the acting user, the
channel it belongs to (if any) and, when it was caused by a client command, that
command's client id `cid`. A message's id is the `seq` of its `message.posted`.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

import msgspec

from desktop.protocol.types import (
    ChannelId,
    ChannelName,
    ClientId,
    DisplayName,
    Emoji,
    MsgId,
    Role,
    Seq,
    Text,
    Topic,
    UserName,
)
from desktop.protocol.attention import DndSettings  # attention


class EventBase(msgspec.Struct, kw_only=True, tag_field="kind", omit_defaults=True):
    seq: Seq
    ts: int
    actor: UserName | None = None
    channel: ChannelId | None = None
    cid: ClientId | None = None


class UserCreated(EventBase, tag="user.created"):
    user: UserName
    display_name: DisplayName
    # The workspace role it was made with (so every client knows who may do what);
    # absent in logs written before it was announced: then only user.role tells.
    role: Literal["owner", "admin", "member", "guest"] | None = None


class UserUpdated(EventBase, tag="user.updated"):
    user: UserName
    display_name: DisplayName
    title: str | None = None  # set by profile.set (absent: unchanged or not told)
    tz: str | None = None  # IANA time zone; "" = not set
    skills: list[str] | None = None  # what they list they know about (profile.set)


class ChannelCreated(EventBase, tag="channel.created"):
    name: ChannelName
    private: bool = False
    dm: bool = False
    topic: Topic = ""
    members: list[UserName] = []
    managers: list[UserName] = []  # channel managers among `members` (the creator; see "Roles")


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
    moderated: bool = False  # removed by a moderator (`actor`), not by its author


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


class ReadUnmarked(EventBase, tag="read.unmarked"):
    """Visible only to the actor: their marker in `channel` moved back (`mark_unread`)."""

    upto: Seq  # the marker is now exactly this: messages with msg > upto are unread again


# ---- team: roles, channel powers (docs/PROTOCOL.md "Roles") ----


class ChannelTopicSet(EventBase, tag="channel.topic"):
    topic: Topic


class ChannelUnarchived(EventBase, tag="channel.unarchived"):
    pass


class ManagerChanged(EventBase, tag="member.manager"):
    """`user` became (or stopped being) a manager of `channel`."""

    user: UserName
    manager: bool = True


class RoleChanged(EventBase, tag="user.role"):
    user: UserName
    role: Role


class UserDeactivated(EventBase, tag="user.deactivated"):
    """`user` can no longer sign in; their devices were signed out. History stays."""

    user: UserName


class UserReactivated(EventBase, tag="user.reactivated"):
    user: UserName


# ---- tasks ----
# A task's id is the client id of the command that created it (so offline edits can
# name a task the relay has not seen yet); `number` is the relay's short handle.
# Field values on the wire: dates are "YYYY-MM-DD", estimate is hours, lists are names.
TaskField = Literal[
    "title", "description", "status", "assignees", "start", "due", "estimate", "priority", "labels",
    "rank",  # order within a board column (fractional: a drop between two cards takes the midpoint)
]
TaskValue = Union[str, float, list[str], None]


class TaskLost(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A concurrent edit this change overrode: the loser is told, its value is kept."""

    actor: UserName | None = None
    value: TaskValue = None
    seq: Seq = 0


class TaskChange(msgspec.Struct, kw_only=True, omit_defaults=True):
    field: TaskField
    value: TaskValue = None
    lost: TaskLost | None = None


class TaskCreated(EventBase, tag="task.created"):
    task: ClientId
    number: int
    changes: list[TaskChange] = []  # every field's initial value
    source_msg: MsgId | None = None


class TaskUpdated(EventBase, tag="task.updated"):
    task: ClientId
    changes: list[TaskChange]


class TaskCommented(EventBase, tag="task.commented"):
    task: ClientId
    text: Text


class TaskColumn(msgspec.Struct, kw_only=True):
    key: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9_-]{1,24}$")]
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]


class TaskColumnsSet(EventBase, tag="task.columns"):
    columns: list[TaskColumn]


class TaskCapacitySet(EventBase, tag="task.capacity"):
    user: UserName
    hours: float


# ---- projects (resource planning; field rules in desktop.protocol.projects) ----
# One generic record kind per planning concept; every field carries its own version
# (the seq that last set it), so offline re-plans merge field by field like tasks.
PlanKind = Literal["project", "demand", "leave", "person", "holidays"]
PlanValue = Union[str, float, bool, list[str], None]
PlanId = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
PlanFieldName = Annotated[str, msgspec.Meta(pattern=r"^[a-z_]{1,24}$")]


class PlanLost(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A concurrent edit this change overrode (as TaskLost)."""

    actor: UserName | None = None
    value: PlanValue = None
    seq: Seq = 0


class PlanChange(msgspec.Struct, kw_only=True, omit_defaults=True):
    field: PlanFieldName
    value: PlanValue = None
    lost: PlanLost | None = None


class PlanChanged(EventBase, tag="plan.changed"):
    """A planning record was created (`created`: every field's value) or changed."""

    record_kind: PlanKind
    record: PlanId
    changes: list[PlanChange]
    created: bool = False


# ---- files ----


class FileShared(EventBase, tag="file.shared"):
    """A file was shared in `channel`; its bytes are a blob on the relay (see
    docs/PROTOCOL.md "Files"). `msg` is the timeline message posted with it."""

    file: MsgId  # equals seq; download by this id
    msg: MsgId
    sha256: Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]
    size: Annotated[int, msgspec.Meta(ge=0)]
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
    mime: Annotated[str, msgspec.Meta(max_length=127)] = "application/octet-stream"
    caption: Text = ""


# ---- attention ----


class DndChanged(EventBase, tag="dnd.changed"):
    """The actor's do-not-disturb settings (visible only to the actor: all devices)."""

    settings: DndSettings


class StatusChanged(EventBase, tag="status.changed"):
    """A user's work status and DND, as seen by one observer (scope_user = observer);
    one copy per user sharing a channel with `user`."""

    user: UserName
    emoji: Annotated[str, msgspec.Meta(max_length=32)] = ""
    text: Annotated[str, msgspec.Meta(max_length=100)] = ""
    until: int | None = None  # the status clears itself then (ms)
    dnd_until: int | None = None  # in DND until then (-1: until turned off); None = not in DND
    presence: Literal["online", "away", "offline"] = "offline"


class ScheduledChanged(EventBase, tag="schedule.changed"):
    """One of the actor's scheduled messages (visible only to the actor)."""

    sched: ClientId  # the id of the schedule.add command that made it
    text: Text
    at: int  # due time, relay clock (ms)
    state: Literal["pending", "sent", "cancelled", "failed"] = "pending"
    thread: MsgId | None = None
    until_dnd_ends: bool = False  # held until the DM recipient's DND ends
    urgent: bool = False
    msg: MsgId | None = None  # the posted message (state "sent")
    late: bool = False  # posted after its time (it was queued offline)
    error: str = ""


class MessageUrgent(EventBase, tag="message.urgent"):
    """The message `msg` (just posted) was marked urgent by its sender."""

    msg: MsgId


# ---- library ----


class LibrarySaved(EventBase, tag="library.saved"):
    """A library entry was saved from a message, thread or file of `channel`
    (actor = its author). Also sent, with every field, after an edit."""

    entry: ClientId
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    msg: MsgId | None = None
    file: MsgId | None = None
    thread: bool = False
    summary: Text = ""
    tags: list[str] = []
    category: str = "solution"  # solution, template, case, decision, howto
    project: str = ""
    customer: str = ""
    author: UserName | None = None  # who saved it (the actor of an edit may differ)
    saved_ts: int = 0
    edited: bool = False
    published: bool = False  # an admin published it to the whole workspace (library.publish)


class LibraryRemoved(EventBase, tag="library.removed"):
    """The entry is gone: removed by its author or an admin."""

    entry: ClientId


class LibraryReused(EventBase, tag="library.reused"):
    """The entry was opened, linked or copied again; `count` is its new total."""

    entry: ClientId
    how: Literal["opened", "linked", "copied"] = "opened"
    count: Annotated[int, msgspec.Meta(ge=0)] = 0


class ExpertsListed(EventBase, tag="experts.listing"):
    """Whether `user` may be named in "who knows X" answers (visible to everyone)."""

    user: UserName
    listed: bool = True


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
    ReadUnmarked,
    FileShared,
    TaskCreated,
    TaskUpdated,
    TaskCommented,
    TaskColumnsSet,
    TaskCapacitySet,
    PlanChanged,
    DndChanged,
    StatusChanged,
    ScheduledChanged,
    MessageUrgent,
    ChannelTopicSet,
    ChannelUnarchived,
    ManagerChanged,
    RoleChanged,
    UserDeactivated,
    UserReactivated,
    LibrarySaved,
    LibraryRemoved,
    LibraryReused,
    ExpertsListed,
]

EVENT_TYPES: tuple[type[EventBase], ...] = Event.__args__  # type: ignore[attr-defined]
EVENT_KINDS = frozenset(t.__struct_config__.tag for t in EVENT_TYPES)


class UnknownEvent(msgspec.Struct, kw_only=True):
    """An event kind this client does not know (from a newer relay): skipped, but
    its seq still advances the cursor so resume stays gap-free."""

    seq: Seq
    kind: str
