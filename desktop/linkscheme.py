"""``beacon://`` links: exactly two forms, each strictly checked; anything else is
refused with a plain reason.

- ``beacon://message/<channel>/<id>`` only opens that message.
- ``beacon://join/<host>[:<port>]/<secret>`` is an invitation to the relay at
  ``wss://<host>[:<port>]`` (``beacon://join/insecure/<host>[:<port>]/<secret>`` for a
  relay without TLS, ``ws://``). The secret is 43 URL-safe base64 characters. Opening
  one never signs in by itself: Beacon shows the relay's address and asks for a
  display name and user name first (see docs/PROTOCOL.md "Invite links and codes").

A link comes from outside (a browser, another app, a chat message): it is untrusted
input. So: one form, no query, no fragment, no user/host/port tricks, no percent
escapes, ASCII only, a bounded length; the channel must be a valid channel id and the
message a positive 64-bit id. A message link never carries a command, a path, a relay
address, a token or text; a join link carries only a host name or IP, a port and the
invite secret, and Beacon never runs or fetches anything because of one. Showing the
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
from desktop.protocol.signin import SECRET_RE, join_url
from desktop.protocol.types import ChannelId

SCHEME = "beacon"
MAX_LENGTH = 256
MAX_MESSAGE_ID = 2**63 - 1
_CHANNEL = re.compile(ChannelId.__metadata__[0].pattern)
_ID = re.compile(r"^[1-9][0-9]{0,18}$")
_PRINTABLE_ASCII = re.compile(r"^[\x21-\x7e]+$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_IPV6 = re.compile(r"^\[[0-9A-Fa-f:.]{2,45}\]$")
_PORT = re.compile(r"^[1-9][0-9]{0,4}$")
_JOIN_FORM = "beacon://join/<host>[:<port>]/<secret>"


class LinkError(KnownError):
    """A beacon:// link Beacon does not open; the message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class MessageLink:
    """``beacon://message/<channel>/<message>``: show that message, nothing more."""

    channel: str
    message: int

    def url(self) -> str:
        return f"{SCHEME}://message/{self.channel}/{self.message}"


@dataclass(frozen=True, slots=True)
class JoinLink:
    """``beacon://join/[insecure/]<host>[:<port>]/<secret>``: an invitation to a relay."""

    host: str
    port: int | None
    secret: str
    tls: bool = True

    @property
    def authority(self) -> str:
        return self.host if self.port is None else f"{self.host}:{self.port}"

    @property
    def relay_url(self) -> str:
        return f"{'wss' if self.tls else 'ws'}://{self.authority}"

    def url(self) -> str:
        return f"{SCHEME}://join/{'' if self.tls else 'insecure/'}{self.authority}/{self.secret}"


def join_link(relay_url: str, secret: str) -> JoinLink:
    """The link inviting to `relay_url` (ws:// or wss://host[:port]) with `secret`."""
    try:
        return parse_join(join_url(relay_url, secret))
    except ValueError as exc:
        raise LinkError(str(exc)) from None


def looks_like_link(arg: str) -> bool:
    """True for anything that claims to be a beacon: link (valid or not)."""
    return arg[: len(SCHEME) + 1].lower() == SCHEME + ":"


def parse(text: str) -> MessageLink | JoinLink:
    """The message a link points at, the invitation it carries, or LinkError."""
    if isinstance(text, str) and text[: len(SCHEME) + 7].lower() == SCHEME + "://join":
        return parse_join(text)
    return parse_message(text)


def parse_join(text: str) -> JoinLink:
    """The invitation of a ``beacon://join/...`` link, or LinkError."""
    _check_text(text)
    rest = text[len(SCHEME) + 3:] if text[len(SCHEME):len(SCHEME) + 3] == "://" else ""
    for char, what in (("?", "parameters"), ("#", "a fragment"), ("%", "escaped characters"),
                       ("@", "a user name"), ("\\", "backslashes")):
        if char in rest:
            raise LinkError(f"This invitation link carries {what}; Beacon opens only {_JOIN_FORM}.")
    parts = rest.split("/")
    if not parts or parts[0].lower() != "join":
        raise LinkError(f"Beacon opens invitation links only of the form {_JOIN_FORM}.")
    parts = parts[1:]
    tls = True
    if parts and parts[0] == "insecure":
        tls, parts = False, parts[1:]
    if len(parts) != 2:
        raise LinkError(f"Beacon opens invitation links only of the form {_JOIN_FORM}.")
    authority, secret = parts
    host, port = _authority(authority)
    if not SECRET_RE.fullmatch(secret):
        raise LinkError("This invitation link is incomplete or damaged (its secret is not valid); copy it again.")
    return JoinLink(host=host, port=port, secret=secret, tls=tls)


def _authority(authority: str) -> tuple[str, int | None]:
    host, port = authority, None
    if authority.startswith("["):
        end = authority.find("]")
        host, tail = authority[: end + 1], authority[end + 1:]
        if end < 0 or (tail and not tail.startswith(":")):
            raise LinkError(f"{authority!r} is not a relay address (host[:port]).")
        port_text = tail[1:] if tail else None
        if not _IPV6.fullmatch(host):
            raise LinkError(f"{authority!r} is not a relay address (host[:port]).")
    else:
        host, _, port_text = authority.partition(":")
        port_text = port_text if ":" in authority else None
        labels = host.split(".")
        if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
            raise LinkError(f"{authority!r} is not a relay address (host[:port]).")
        host = host.lower()
    if port_text is not None:
        if not _PORT.fullmatch(port_text) or int(port_text) > 65535:
            raise LinkError(f"{port_text!r} is not a port number (1-65535).")
        port = int(port_text)
    return host, port


def _check_text(text: str) -> None:
    if not isinstance(text, str) or not looks_like_link(text):
        raise LinkError("This is not a beacon:// link.")
    if len(text) > MAX_LENGTH:
        raise LinkError(f"This beacon:// link is too long ({len(text)} characters); Beacon opens links of at most {MAX_LENGTH}.")
    if not _PRINTABLE_ASCII.fullmatch(text):
        raise LinkError("This beacon:// link contains spaces, control or non-ASCII characters; Beacon does not open it.")


def parse_message(text: str) -> MessageLink:
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
