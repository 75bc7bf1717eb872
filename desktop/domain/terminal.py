"""Make untrusted text safe to print on a terminal (pure; no Qt).

`safe(text)` is applied by the `beacon` CLI to everything other people wrote
(message text, names, channel titles, file names, task titles, statuses,
relay error reasons) before it is printed:

* C0 controls (U+0000-U+001F), DEL (U+007F) and C1 controls (U+0080-U+009F,
  including the single-byte CSI U+009B) are shown as visible codes such as
  ``<U+001B>``, so no escape sequence can retitle, clear or redraw the terminal
  and no carriage return can overwrite a line.
* A message's own newlines are shown as a visible ``\\n`` (backslash, n), so one
  record stays on one output line and a message cannot fake a line of output.
  U+2028/U+2029 (line/paragraph separators) are shown as codes for the same
  reason. A tab becomes one space.
* Bidirectional overrides, isolates and marks (U+202A-U+202E, U+2066-U+2069,
  U+200E, U+200F, U+061C) are shown as codes such as ``<U+202E>``, like the GUI
  shows them (desktop/ui/markdown.py), so they cannot reorder what is printed.
"""

from __future__ import annotations

import re

BIDI_CHARS = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_UNSAFE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029{BIDI_CHARS}]")


def _code(match: re.Match) -> str:
    ch = match.group()
    if ch == "\n":
        return "\\n"
    return f"<U+{ord(ch):04X}>"


def safe(text: object) -> str:
    """Return `text` (str() of it) with every control/bidi character made visible."""
    if text is None:
        return ""
    return _UNSAFE.sub(_code, str(text).replace("\t", " "))
