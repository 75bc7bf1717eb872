"""Whether an incoming message pops up a notification, and what the notification says.

Rules, in the order they are checked (the first that applies wins, see `Suppressed`):

1. never for my own messages (sent from this or another device);
2. never for a message already read (a read marker from another device covers it:
   ``msg <= channel.read_upto``);
3. never for a muted channel, mention or not;
4. nothing while Do Not Disturb is on;
5. never for a message the user is looking at: the window is active and shows its
   channel (for a thread reply: that thread is open beside it) -- a mention there
   is already on screen, a popup would only cover it;
6. in a "mentions only" channel, only messages that mention me.

A *mention* is ``@me`` as a whole login name, case-insensitively. Login names are
ASCII, so the boundaries are ASCII too: "你好@bob" and "@bob请看" mention bob,
"@bobby", "@bob.smith" and "me@bob.org" do not. The cache's mention counter should
use this same function (`mentions`) so a popup marked as a mention always matches
a mention badge. ``@all``/``@here``/``@channel`` are
deliberately *not* mentions: the relay has no such concept, the badge would not
count them, and broadcast pings are the classic source of notification fatigue.
If we ever add them, the cache counter and this module must change together.

Thread replies notify like any message of their channel (there is no "following a
thread" yet). The title is built without words (``Alice · #general``, or just
``Alice`` in a DM) so it needs no translation; the UI adds words if it wants them.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from dataclasses import dataclass

BODY_LIMIT = 120  # characters of message text in a notification body
TITLE_PART_LIMIT = 60  # characters per name in the title
ELLIPSIS = "\u2026"


@dataclass(frozen=True, slots=True)
class Incoming:
    """A message that has just arrived (a ``message.posted`` applied to the cache)."""

    msg: int
    channel: str
    author: str  # login name
    text: str  # as written (GitHub-flavoured markdown)
    thread: int | None = None  # root message id when this is a thread reply
    author_name: str = ""  # display name; the login name is used when empty


@dataclass(frozen=True, slots=True)
class ChannelState:
    """What the notification rules need to know about the message's channel."""

    title: str = ""  # channel name, or for a DM the other member's display name
    dm: bool = False
    read_upto: int = 0  # every message with msg <= read_upto is read
    muted: bool = False
    mentions_only: bool = False


@dataclass(frozen=True, slots=True)
class Focus:
    """What the user is looking at right now."""

    window_active: bool = False
    channel: str | None = None  # the channel shown in the main window
    thread: int | None = None  # root of the thread open beside it, if any


class Suppressed(enum.Enum):
    """Why no notification was shown (for logs and tests)."""

    OWN = "own message"
    READ = "already read"
    MUTED = "channel muted"
    DND = "do not disturb"
    IN_VIEW = "on screen"
    NOT_A_MENTION = "mentions only"


@dataclass(frozen=True, slots=True)
class Notification:
    """A notification to show: one line of plain text, no markup (the UI escapes it
    for backends that interpret markup)."""

    title: str
    body: str
    channel: str
    msg: int
    is_mention: bool
    thread: int | None = None


@functools.lru_cache(maxsize=16)
def mention_pattern(me: str) -> re.Pattern[str]:
    """``@me`` as a whole login name, case-insensitive: "@bob," "@Bob." "你好@bob" and
    "@bob请看" count; "@bobby", "@bob.smith", "@bob-x", "@@bob" and "me@bob.org" do not.

    The boundaries are ASCII on purpose: login names are ASCII, and Chinese text puts
    no space around a mention (``\\w`` would treat 你 as part of the name)."""
    return re.compile(
        r"(?<![A-Za-z0-9_@.])@" + re.escape(me) + r"(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])", re.IGNORECASE | re.ASCII
    )


def mentions(text: str, me: str | None) -> bool:
    """Does `text` mention the user `me`?"""
    return bool(me) and "@" in text and mention_pattern(me).search(text) is not None


def check(message: Incoming, *, me: str | None, channel: ChannelState, focus: Focus, dnd: bool = False) -> Suppressed | None:
    """The reason not to notify about `message`, or None if it should be shown."""
    if me and message.author.lower() == me.lower():
        return Suppressed.OWN
    if message.msg <= channel.read_upto:
        return Suppressed.READ
    if channel.muted:
        return Suppressed.MUTED
    if dnd:
        return Suppressed.DND
    if _in_view(message, focus):
        return Suppressed.IN_VIEW
    if channel.mentions_only and not mentions(message.text, me):
        return Suppressed.NOT_A_MENTION
    return None


def decide(
    message: Incoming, *, me: str | None, channel: ChannelState, focus: Focus, dnd: bool = False
) -> Notification | None:
    """The notification to show for `message`, or None (see the module docstring)."""
    if check(message, me=me, channel=channel, focus=focus, dnd=dnd) is not None:
        return None
    return Notification(
        title=title(message, channel),
        body=preview(message.text),
        channel=message.channel,
        msg=message.msg,
        is_mention=mentions(message.text, me),
        thread=message.thread,
    )


def _in_view(message: Incoming, focus: Focus) -> bool:
    if not focus.window_active or focus.channel != message.channel:
        return False
    return message.thread is None or message.thread == focus.thread


def title(message: Incoming, channel: ChannelState) -> str:
    """``Alice · #general``; in a DM just ``Alice``."""
    author = _shorten(_one_line(message.author_name) or message.author, TITLE_PART_LIMIT)
    if channel.dm:
        return author
    where = _shorten(_one_line(channel.title) or message.channel, TITLE_PART_LIMIT)
    return f"{author} \u00b7 #{where}"


# --- Plain-text preview ------------------------------------------------------------


class _Pattern:
    """A regex compiled on first use: this module is imported on the app's start path
    (through the cache), where compiling these would cost ~4 ms before the first frame."""

    __slots__ = ("_args", "_re")

    def __init__(self, *args):
        self._args, self._re = args, None

    def __getattr__(self, name: str):
        if self._re is None:
            self._re = re.compile(*self._args)
        return getattr(self._re, name)


_FENCE = _Pattern(r"^[ \t]*(```|~~~).*$", re.M)
_IMAGE = _Pattern(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = _Pattern(r"\[([^\]]+)\]\([^)]*\)")
_AUTOLINK = _Pattern(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = _Pattern(r"`+([^`]+?)`+")
_STRONG = _Pattern(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = _Pattern(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDERSCORE = _Pattern(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_LINE_MARKUP = _Pattern(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+(?:\[[ xX]\][ \t]+)?|\d{1,9}[.)][ \t]+)", re.M)
_ESCAPE = _Pattern(r"\\([\\`*_{}\[\]()#+\-.!~|>])")
_SPACE = _Pattern(r"\s+")
_SCAN_LIMIT = 1000
_PARKED = 0xF0000  # supplementary private use area: ASCII punctuation + _PARKED
_PARKED_CHAR = _Pattern("[\U000F0021-\U000F007E]")


def _kept_format(ch: str) -> bool:
    """Invisible format characters that are part of what is displayed: the zero-width
    (non-)joiner (emoji sequences, Indic and Arabic scripts) and tag characters
    (subdivision flags). Bidi overrides and the like are dropped."""
    return ch in "\u200c\u200d" or 0xE0020 <= ord(ch) <= 0xE007F


def preview(text: str, limit: int = BODY_LIMIT) -> str:
    """One line of plain text, at most `limit` characters (ellipsis included).

    Markdown syntax is dropped (``**bold**`` -> ``bold``, ``[text](url)`` -> ``text``),
    control and invisible format characters (bidi overrides too) are removed, any run
    of white space becomes one space, and a cut never splits a character sequence
    that displays as one (combining marks, emoji modifiers, flags).
    """
    text = text[:_SCAN_LIMIT]  # plenty for one line; keeps the regexes cheap on huge texts
    # Backslash-escaped punctuation is literal: park it where no markup pattern sees it.
    text = _ESCAPE.sub(lambda m: chr(_PARKED + ord(m.group(1))), text)
    text = _FENCE.sub("", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDERSCORE.sub(r"\1", text)
    text = _LINE_MARKUP.sub("", text)
    text = _PARKED_CHAR.sub(lambda m: chr(ord(m.group()) - _PARKED), text)
    return _shorten(_one_line(text), limit)


def _one_line(text: str) -> str:
    cleaned = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc":
            cleaned.append(" ")  # tabs, newlines and other controls separate words
        elif category == "Cs" or (category == "Cf" and not _kept_format(ch)):
            continue  # lone surrogates, bidi overrides, zero-width spaces, soft hyphens
        else:
            cleaned.append(ch)
    return _SPACE.sub(" ", "".join(cleaned)).strip()


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    end = limit - 1  # room for the ellipsis
    while end > 0 and _extends(text[end]):
        end -= 1  # do not separate a base character from what attaches to it
    while end > 0 and text[end - 1] == "\u200d":
        end -= 1  # a joiner at the end would join nothing
    run = 0
    while run < end and _regional(text[end - 1 - run]):
        run += 1
    if run % 2:
        end -= 1  # half a flag
    cut = text[:end]
    space = cut.rfind(" ")
    if space >= max(1, end - 20):
        cut = cut[:space]  # prefer a word boundary when there is one nearby
    return cut.rstrip() + ELLIPSIS


def _extends(ch: str) -> bool:
    """Does `ch` attach to the character before it when displayed?"""
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch == "\u200d"
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
    )


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF
