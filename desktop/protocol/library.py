"""Solution-library commands and the field rules shared by the relay and the client.

An entry is a saved message, thread or shared file with a title, summary, tags and
a kind, visible to whoever can see its source channel (see docs/PROTOCOL.md
"Feature: Library"). Its events (`library.*`) are in desktop.protocol.events.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from desktop.protocol.frames import Command
from desktop.protocol.types import ChannelId, ClientId, MsgId, Text

CATEGORIES = ("solution", "template", "case", "decision", "howto")
Kind = Literal["solution", "template", "case", "decision", "howto"]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
Tags = Annotated[list[Tag], msgspec.Meta(max_length=20)]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Label = Annotated[str, msgspec.Meta(max_length=80)]  # project, customer
ReuseHow = Literal["opened", "linked", "copied"]


class LibrarySave(Command, tag="library.save"):
    """Save `msg` (a message; with thread=True its whole thread) or `file` (a shared
    file) of `channel` as a library entry. The entry's id is this command's id."""

    channel: ChannelId
    title: Title
    msg: MsgId | None = None
    file: MsgId | None = None
    thread: bool = False
    summary: Text = ""
    tags: Tags = []
    category: Kind = "solution"
    project: Label = ""
    customer: Label = ""


class LibraryEdit(Command, tag="library.edit"):
    """Change an entry's fields (only those given). Its author or a workspace admin."""

    entry: ClientId
    title: Title | None = None
    summary: Text | None = None
    tags: Tags | None = None
    category: Kind | None = None
    project: Label | None = None
    customer: Label | None = None


class LibraryRemove(Command, tag="library.remove"):
    """Remove an entry. Its author or a workspace admin."""

    entry: ClientId


class LibraryReuse(Command, tag="library.reuse"):
    """Count one reuse of an entry: opened, linked or copied into `channel`."""

    entry: ClientId
    how: ReuseHow = "opened"
    channel: ChannelId | None = None


class LibraryPublish(Command, tag="library.publish"):
    """Publish an entry to the whole workspace (every member and admin; a guest only
    if they are in the source channel), or withdraw it (published=False). Owners and
    admins only."""

    entry: ClientId
    published: bool = True


class ExpertsListing(Command, tag="experts.listing"):
    """Opt out of (listed=False) or back into "who knows X" answers, for everyone."""

    listed: bool


def clean_tags(tags: list[str]) -> list[str]:
    """Tags trimmed, lower-cased, '#' dropped, distinct, in order; empty ones gone."""
    out = [t.strip().lstrip("#").strip().lower() for t in tags]
    return list(dict.fromkeys(t for t in out if t))
