"""Constrained field types shared by frames and events (validated by msgspec)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from desktop.protocol.version import MAX_TEXT_CHARS

# A client-chosen command id: UUIDv7 (36 chars with dashes) or ULID (26 chars).
ClientId = Annotated[str, msgspec.Meta(pattern=r"^[0-9A-Za-z_-]{16,64}$")]
# Login names: lowercase ASCII, stable, used as user ids on the wire.
UserName = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9._-]{0,31}$")]
# Opaque channel ids assigned by the relay.
ChannelId = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
# Human channel names: any script (Chinese included), no whitespace, no control or
# bidirectional-override characters, not starting with '#' or '@'.
ChannelName = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[^\s#@\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
        r"[^\s\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]{0,79}$"
    ),
]
DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
Text = Annotated[str, msgspec.Meta(max_length=MAX_TEXT_CHARS)]
Topic = Annotated[str, msgspec.Meta(max_length=250)]
Emoji = Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
Seq = Annotated[int, msgspec.Meta(ge=0)]
MsgId = Annotated[int, msgspec.Meta(ge=1)]
Token = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
# Workspace roles, most powerful first. Guests see only the channels they were added to.
Role = Literal["owner", "admin", "member", "guest"]
ROLES: tuple[str, ...] = ("owner", "admin", "member", "guest")
