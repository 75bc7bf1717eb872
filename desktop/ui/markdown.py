"""Safe rendering of untrusted message text with Qt's own markdown support.

No HTML is interpreted, no resource (remote, file://, qrc) is ever loaded, and
bidirectional-override characters are shown as visible codes instead of
silently reordering text. Links are only followed after `link_policy` says so.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor, QTextDocument

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
FEATURES = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value
)
SAFE_SCHEMES = frozenset({"http", "https"})


def neutralize(text: str) -> str:
    """Make invisible direction overrides visible, e.g. U+202E -> ⟨U+202E⟩."""
    return _BIDI.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


class SafeDocument(QTextDocument):
    """A QTextDocument that refuses to load any resource (images, stylesheets)."""

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 (Qt override)
        return None


def render(text: str, doc: SafeDocument | None = None) -> SafeDocument:
    doc = doc or SafeDocument()
    doc.setMarkdown(neutralize(text), FEATURES)
    if "![" in text:  # markdown makes an image only from "![" (HTML is off): others have none to walk for
        _images_to_text(doc)
    return doc


def _images_to_text(doc: QTextDocument) -> None:
    """Replace every image with its alt text: nothing is fetched, nothing spoofs."""
    images = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                images.append((fragment.position(), fragment.length(), fmt.toImageFormat().name()))
            it += 1
        block = block.next()
    for position, length, name in reversed(images):
        cursor = QTextCursor(doc)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(f"[image: {name}]")


def link_is_safe(url: QUrl) -> bool:
    """Only absolute http(s) links with a host may be opened (after the user confirms)."""
    return url.isValid() and url.scheme().lower() in SAFE_SCHEMES and bool(url.host())
