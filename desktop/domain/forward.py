"""The text of a forwarded message: your comment, then the original quoted with who said
it, where, and a link back to it. Pure: no Qt, no I/O.

The quote is markdown like any message (rendered by desktop.ui.markdown: no HTML, no
resources). Names are escaped, so a display name such as `[x](https://evil)` stays
text and cannot become a link; the original's own markdown stays inside the quote.
"""

from __future__ import annotations

import re

from desktop.protocol.version import MAX_TEXT_CHARS

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")
_ELLIPSIS = "…"


def escape(text: str) -> str:
    """Plain text that markdown shows as it is (every markup character backslashed),
    on one line (a name with a newline must not start a new block)."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def forwarded_text(
    original: str, *, author: str, where: str, link: str, comment: str = "",
    heading: str = "%1 in %2:", view: str = "View original", limit: int = MAX_TEXT_CHARS,
) -> str:
    """The message to post. `heading` ("%1 in %2:") and `view` are translated by the caller
    (the forwarder's language); `where` is e.g. "#general" or a person's name."""
    head = heading.replace("%1", f"**{escape(author)}**").replace("%2", escape(where))
    tail = f">\n> [{escape(view)}]({link})"
    top = comment.strip()[: limit // 2]  # the quote keeps at least half of the room
    prefix = (top + "\n\n" if top else "") + f"> {head}\\\n"  # a hard break: the quote starts below
    room = limit - len(prefix) - len(tail) - 1
    body = _quoted(original, room)
    return prefix + body + "\n" + tail


def _quoted(text: str, room: int) -> str:
    """`text` as blockquote lines, cut (with an ellipsis) to fit in `room` characters."""
    lines = [("> " + line) if line.strip() else ">" for line in text.strip("\n").splitlines() or [""]]
    out: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > room:
            left = room - used - len(_ELLIPSIS) - 3
            out.append("> " + line[2:2 + max(left, 0)].rstrip() + _ELLIPSIS if left > 0 else "> " + _ELLIPSIS)
            break
        out.append(line)
        used += len(line) + 1
    return "\n".join(out)
