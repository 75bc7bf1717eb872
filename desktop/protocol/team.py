"""Frames for running a team (issue 12): roles, channel powers, directory queries.

Commands change state and are answered with `ack`/`error` like every command.
Queries (`channels.browse`, `channel.members`, `people`, `audit.list`) change
nothing: the relay answers each with one `*_result` frame repeating the query's
id, or an `error`. See docs/PROTOCOL.md "Roles" and "Team queries".
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from desktop.protocol.frames import Command
from desktop.protocol.types import ChannelId, ChannelName, ClientId, DisplayName, Role, Topic, UserName

_result = dict(tag_field="type", kw_only=True, forbid_unknown_fields=False, omit_defaults=True)
Search = Annotated[str, msgspec.Meta(max_length=80)]


# ---- commands ----


class SetTopic(Command, tag="set_topic"):
    channel: ChannelId
    topic: Topic


class Unarchive(Command, tag="unarchive"):
    channel: ChannelId


class SetRole(Command, tag="role.set"):
    user: UserName
    role: Role


class Deactivate(Command, tag="user.deactivate"):
    user: UserName


class Reactivate(Command, tag="user.reactivate"):
    user: UserName


class SetProfile(Command, tag="profile.set"):
    """Change your own display name, title or time zone (only those given; tz "" unsets it)."""

    display_name: DisplayName | None = None
    title: Annotated[str, msgspec.Meta(max_length=80)] | None = None
    tz: Annotated[str, msgspec.Meta(max_length=64)] | None = None
    # What you know about ("NPU 算力评估", "active-active"): at most 20 of 1-40 characters,
    # cleaned like library tags; the list replaces the old one; [] clears it.
    skills: Annotated[list[Annotated[str, msgspec.Meta(min_length=1, max_length=40)]], msgspec.Meta(max_length=20)] | None = None


# ---- queries ----


class BrowseChannels(Command, tag="channels.browse"):
    """Public channels the asker is not in; `query` filters name and topic (any script)."""

    query: Search = ""


class ChannelMembers(Command, tag="channel.members"):
    channel: ChannelId


class People(Command, tag="people"):
    """The workspace directory (for a guest: only people sharing a channel with them)."""

    query: Search = ""


class AuditList(Command, tag="audit.list"):
    """Owners and admins: audit entries, newest first, older than entry `before`."""

    before: Annotated[int, msgspec.Meta(ge=1)] | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=500)] = 100


QUERIES = (BrowseChannels, ChannelMembers, People, AuditList)
COMMANDS = (SetTopic, Unarchive, SetRole, Deactivate, Reactivate, SetProfile)


# ---- results (relay -> client) ----


class ChannelSummary(msgspec.Struct, kw_only=True, omit_defaults=True):
    channel: ChannelId
    name: ChannelName
    topic: Topic = ""
    members: int = 0


class BrowseResult(msgspec.Struct, tag="channels.browse_result", **_result):
    id: ClientId
    channels: list[ChannelSummary] = []


class Member(msgspec.Struct, kw_only=True, omit_defaults=True):
    user: UserName
    display_name: DisplayName
    role: Role
    manager: bool = False
    active: bool = True


class MembersResult(msgspec.Struct, tag="channel.members_result", **_result):
    id: ClientId
    channel: ChannelId
    members: list[Member] = []


class Person(msgspec.Struct, kw_only=True, omit_defaults=True):
    user: UserName
    display_name: DisplayName
    role: Role
    active: bool = True
    title: str = ""
    tz: str = ""
    skills: list[str] = []


class PeopleResult(msgspec.Struct, tag="people_result", **_result):
    id: ClientId
    people: list[Person] = []


class AuditEntry(msgspec.Struct, kw_only=True, omit_defaults=True):
    id: int
    ts: int
    actor: UserName | None = None  # None: the relay's operator (`beacon-relay admin`)
    action: str
    target: str = ""
    detail: str = ""


class AuditResult(msgspec.Struct, tag="audit.list_result", **_result):
    id: ClientId
    entries: list[AuditEntry] = []
    more: bool = False


RESULTS = (BrowseResult, MembersResult, PeopleResult, AuditResult)
RESULT_TYPES = frozenset(t.__struct_config__.tag for t in RESULTS)
