"""Frames on the websocket: what a client sends and what the relay answers.

Every frame is one JSON object in a websocket text message, with a `type` field.
Commands (frames that change state) carry a client-chosen `id`; the relay answers
each with exactly one `ack` or `error` that repeats the id.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

import msgspec

from desktop.protocol.events import Event, TaskColumn, TaskField, TaskValue
from desktop.protocol.types import (
    ChannelId,
    ChannelName,
    ClientId,
    DisplayName,
    Emoji,
    MsgId,
    Seq,
    Text,
    Token,
    Topic,
    UserName,
)
from desktop.protocol.version import MAX_EVENTS_PER_FRAME
from desktop.protocol.attention import DndSettings  # attention

_frame = dict(tag_field="type", kw_only=True, forbid_unknown_fields=False, omit_defaults=True)


# ---- client -> relay -------------------------------------------------------


class Hello(msgspec.Struct, tag="hello", **_frame):
    """First frame of every connection: authenticates and says where to resume."""

    protocol: int
    token: Token
    client: Annotated[str, msgspec.Meta(max_length=64)] = ""
    cursor: Seq | None = None  # last seq applied; None = never synced
    epoch: Annotated[str, msgspec.Meta(max_length=64)] | None = None


class Command(msgspec.Struct, **_frame):
    id: ClientId


class Post(Command, tag="post"):
    channel: ChannelId
    text: Text
    thread: MsgId | None = None


class Edit(Command, tag="edit"):
    msg: MsgId
    text: Text


class Delete(Command, tag="delete"):
    msg: MsgId


class React(Command, tag="react"):
    msg: MsgId
    emoji: Emoji


class Unreact(Command, tag="unreact"):
    msg: MsgId
    emoji: Emoji


class Pin(Command, tag="pin"):
    msg: MsgId


class Unpin(Command, tag="unpin"):
    msg: MsgId


class MarkRead(Command, tag="mark_read"):
    channel: ChannelId
    upto: Seq


class MarkUnread(Command, tag="mark_unread"):
    """Move one's read marker back to just before `msg` ("Mark unread" on a message)."""

    msg: MsgId


class CreateChannel(Command, tag="create_channel"):
    name: ChannelName
    private: bool = False
    topic: Topic = ""
    members: Annotated[list[UserName], msgspec.Meta(max_length=1000)] = []


class OpenDm(Command, tag="open_dm"):
    user: UserName


class Join(Command, tag="join"):
    channel: ChannelId


class Leave(Command, tag="leave"):
    channel: ChannelId


class Rename(Command, tag="rename"):
    channel: ChannelId
    name: ChannelName


class Archive(Command, tag="archive"):
    channel: ChannelId


class AddMember(Command, tag="add_member"):
    channel: ChannelId
    user: UserName


class RemoveMember(Command, tag="remove_member"):
    channel: ChannelId
    user: UserName


class History(Command, tag="history"):
    """Query (changes nothing): events of one channel older than `before`."""

    channel: ChannelId
    before: Seq | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=MAX_EVENTS_PER_FRAME)] = 100


class Ping(Command, tag="ping"):
    """Query: the relay answers with its clock (clients compute their offset)."""


# ---- tasks ----


class TaskCreate(Command, tag="task_create"):
    """Create a task; its id is this command's id. `changes` hold the initial fields."""

    channel: ChannelId
    changes: Annotated[list[TaskFieldEdit], msgspec.Meta(max_length=16)] = []
    source_msg: MsgId | None = None


class TaskFieldEdit(msgspec.Struct, kw_only=True, omit_defaults=True):
    field: TaskField
    value: TaskValue = None
    base: Seq = 0  # version (seq) of this field the editor last saw; 0 = none


class TaskEdit(Command, tag="task_edit"):
    task: ClientId
    changes: Annotated[list[TaskFieldEdit], msgspec.Meta(min_length=1, max_length=16)]


class TaskComment(Command, tag="task_comment"):
    task: ClientId
    text: Text


class TaskSetColumns(Command, tag="task_set_columns"):
    channel: ChannelId
    columns: Annotated[list[TaskColumn], msgspec.Meta(min_length=1, max_length=12)]


class TaskSetCapacity(Command, tag="task_set_capacity"):
    hours: Annotated[float, msgspec.Meta(ge=0, le=168)]


# ---- files ----


class ShareFile(Command, tag="share_file"):
    """Share a blob already uploaded to the relay's /files endpoint in `channel`."""

    channel: ChannelId
    sha256: Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]
    size: Annotated[int, msgspec.Meta(ge=0)]
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
    mime: Annotated[str, msgspec.Meta(max_length=127)] = "application/octet-stream"
    caption: Text = ""


# ---- attention ----


class SetDnd(Command, tag="dnd.set"):
    """Replace the actor's DND settings (synced to their devices, read by the relay)."""

    settings: DndSettings


class SetStatus(Command, tag="status.set"):
    """Set (or clear, with empty text and emoji) the actor's work status."""

    emoji: Annotated[str, msgspec.Meta(max_length=32)] = ""
    text: Annotated[str, msgspec.Meta(max_length=100)] = ""
    until: int | None = None  # relay clock (ms); None = until changed


class Schedule(Command, tag="schedule.add"):
    """Post `text` in `channel` at `at` (relay clock), or, with until_dnd_ends, when
    the DM recipient's DND ends. Its id names the scheduled message from then on."""

    channel: ChannelId
    text: Text
    at: int = 0  # 0: now (with until_dnd_ends: as soon as their DND allows)
    thread: MsgId | None = None
    until_dnd_ends: bool = False
    urgent: bool = False


class ScheduleEdit(Command, tag="schedule.edit"):
    sched: ClientId
    text: Text | None = None
    at: int | None = None


class ScheduleCancel(Command, tag="schedule.cancel"):
    sched: ClientId


class ScheduleSendNow(Command, tag="schedule.send_now"):
    sched: ClientId


class SetPresence(Command, tag="presence.set"):
    """A heartbeat: this device is in use ("active") or idle ("away"). Each one holds
    the user online for PRESENCE_LEASE_MS; without one the relay marks them offline."""

    state: Literal["active", "away"] = "active"


class PostUrgent(Command, tag="post.urgent"):
    """A post marked urgent: may break through recipients' DND if they allow it."""

    channel: ChannelId
    text: Text
    thread: MsgId | None = None


from desktop.protocol.team import (  # noqa: E402 -- team frames subclass Command
    AuditList, BrowseChannels, ChannelMembers, Deactivate, People, Reactivate, SetProfile, SetRole, SetTopic,
    Unarchive,
)
from desktop.protocol.library import (  # noqa: E402  library
    ExpertsListing, LibraryEdit, LibraryPublish, LibraryRemove, LibraryReuse, LibrarySave,
)
from desktop.protocol.projects import PlanSet  # projects (imports Command above)

CommandFrame = Union[
    Post,
    Edit,
    Delete,
    React,
    Unreact,
    Pin,
    Unpin,
    MarkRead,
    MarkUnread,
    CreateChannel,
    OpenDm,
    Join,
    Leave,
    Rename,
    Archive,
    AddMember,
    RemoveMember,
    History,
    Ping,
    ShareFile,
    TaskCreate,
    TaskEdit,
    TaskComment,
    TaskSetColumns,
    TaskSetCapacity,
    SetDnd,
    SetStatus,
    Schedule,
    ScheduleEdit,
    ScheduleCancel,
    ScheduleSendNow,
    PostUrgent,
    SetPresence,
    SetTopic,
    Unarchive,
    SetRole,
    Deactivate,
    Reactivate,
    SetProfile,
    BrowseChannels,
    ChannelMembers,
    People,
    AuditList,
    LibrarySave,
    LibraryEdit,
    LibraryRemove,
    LibraryReuse,
    LibraryPublish,
    ExpertsListing,
    PlanSet,
]
ClientFrame = Union[Hello, CommandFrame]  # type: ignore[valid-type]

QUERY_TYPES = (History, Ping, BrowseChannels, ChannelMembers, People, AuditList)


# ---- relay -> client -------------------------------------------------------


class Welcome(msgspec.Struct, tag="welcome", **_frame):
    protocol: int
    user: UserName
    display_name: DisplayName
    epoch: str  # identifies this relay's log; a cursor is only valid with its epoch
    head: Seq  # last seq in the log when the connection was accepted
    server_ts: int  # relay clock, ms since the Unix epoch
    resume: Literal["ok", "reset"] = "ok"
    reason: str = ""  # why the cursor could not be used (resume == "reset")


class Events(msgspec.Struct, tag="events", **_frame):
    events: list[Event]


class Synced(msgspec.Struct, tag="synced", **_frame):
    """Catch-up is complete up to `head`; what follows is live."""

    head: Seq


class Ack(msgspec.Struct, tag="ack", **_frame):
    id: ClientId
    ts: int
    seq: Seq | None = None  # the event the command made; None if it changed nothing
    msg: MsgId | None = None  # for post: the new message id
    channel: ChannelId | None = None  # for create_channel / open_dm
    duplicate: bool = False  # this id was seen before: this is the original ack


class Error(msgspec.Struct, tag="error", **_frame):
    code: str
    message: str
    id: str | None = None
    retry_after_ms: int | None = None


class HistoryResult(msgspec.Struct, tag="history_result", **_frame):
    id: ClientId
    channel: ChannelId
    events: list[Event]
    more: bool = False


class Pong(msgspec.Struct, tag="pong", **_frame):
    id: ClientId
    server_ts: int


ServerFrame = Union[Welcome, Events, Synced, Ack, Error, HistoryResult, Pong]
