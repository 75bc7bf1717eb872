"""``beacon://`` links: exactly one form, ``beacon://message/<channel>/<id>``, which only
opens that message. Anything else is refused with a plain reason.

A link comes from outside (a browser, another app, a chat message): it is untrusted
input. So: one form, no query, no fragment, no user/host/port tricks, no percent
escapes, ASCII only, a bounded length; the channel must be a valid channel id and the
message a positive 64-bit id. A link never carries a command, a path, a relay address,
a token or text, and Beacon never runs or fetches anything because of one. Showing the
message goes through the same cache lookup as clicking a notification, so a link to a
channel the user cannot see opens nothing.

    from desktop import linkscheme
    link = linkscheme.parse("beacon://message/C1a2b3c4d5e6/42")   # or LinkError
    link.channel, link.message
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.errors import KnownError
from desktop.protocol.types import ChannelId

SCHEME = "beacon"
MAX_LENGTH = 256
MAX_MESSAGE_ID = 2**63 - 1
_CHANNEL = re.compile(ChannelId.__metadata__[0].pattern)
_ID = re.compile(r"^[1-9][0-9]{0,18}$")
_PRINTABLE_ASCII = re.compile(r"^[\x21-\x7e]+$")


class LinkError(KnownError):
    """A beacon:// link Beacon does not open; the message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class MessageLink:
    """``beacon://message/<channel>/<message>``: show that message, nothing more."""

    channel: str
    message: int

    def url(self) -> str:
        return f"{SCHEME}://message/{self.channel}/{self.message}"


def looks_like_link(arg: str) -> bool:
    """True for anything that claims to be a beacon: link (valid or not)."""
    return arg[: len(SCHEME) + 1].lower() == SCHEME + ":"


def parse(text: str) -> MessageLink:
    """The message a link points at, or LinkError."""
    if not isinstance(text, str) or not looks_like_link(text):
        raise LinkError("This is not a beacon:// link.")
    if len(text) > MAX_LENGTH:
        raise LinkError(f"This beacon:// link is too long ({len(text)} characters); Beacon opens links of at most {MAX_LENGTH}.")
    if not _PRINTABLE_ASCII.fullmatch(text):
        raise LinkError("This beacon:// link contains spaces, control or non-ASCII characters; Beacon does not open it.")
    rest = text[len(SCHEME) + 1 :]
    if not rest.startswith("//"):
        raise LinkError("Beacon opens only links of the form beacon://message/<channel>/<message id>.")
    rest = rest[2:]
    for char, what in (("?", "parameters"), ("#", "a fragment"), ("%", "escaped characters"),
                       ("@", "a user name"), ("\\", "backslashes")):
        if char in rest:
            raise LinkError(f"This beacon:// link carries {what}; Beacon opens only beacon://message/<channel>/<message id>.")
    parts = rest.split("/")
    if rest.endswith("/"):
        parts = parts[:-1]
    if len(parts) != 3 or parts[0].lower() != "message":
        raise LinkError("Beacon opens only links of the form beacon://message/<channel>/<message id>.")
    _, channel, message = parts
    if channel in (".", "..") or not _CHANNEL.fullmatch(channel):
        raise LinkError(f"{channel!r} is not a Beacon channel id.")
    if not _ID.fullmatch(message) or int(message) > MAX_MESSAGE_ID:
        raise LinkError(f"{message!r} is not a Beacon message id.")
    return MessageLink(channel, int(message))


def split_argv(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """(the link, the other arguments) for a GUI command line.

    A launch by link (``Exec=beacon-gui %u``, the Windows ``URL Protocol`` handler,
    ``open beacon://…``) passes the link as the only argument. A link together with
    other arguments is refused, so a crafted link cannot smuggle options such as
    ``--profile`` into the command line.
    """
    links = [a for a in argv if looks_like_link(a)]
    if not links:
        return None, list(argv)
    if len(argv) != 1:
        raise LinkError("A beacon:// link must be the only argument; Beacon ignored this launch.")
    return links[0], []
