"""The bundled colour emoji font (Noto Color Emoji, OFL 1.1), registered at start as the
application's emoji font: Qt then draws every emoji sequence with it, in every font the
app uses (widgets, menus, delegates, painters), whatever fonts the system has.

Not a fallback family (QFont.setFamilies([base, emoji])): the emoji font also has
glyphs for space, digits, "#" and "*" (keycap bases), and where the base family is a
fontconfig alias such as X11's default "Sans Serif" Qt then took those from it: wide
spaces and digits everywhere (seen under Xvfb; tests/gui/test_emoji.py guards it)."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase, QGuiApplication

from desktop.ui.bundle import RESOURCES

logger = logging.getLogger(__name__)

FONT_FILE = RESOURCES / "fonts" / "NotoColorEmoji.ttf"
_loaded: list[str] = []


def install() -> bool:
    """Register the font (once) and make it the application's emoji font.

    Registering costs under a millisecond; Qt opens the file on the first paint of an
    emoji (8-12 ms for a line of eight, once: docs/perf/emoji.md), so it runs before the
    first window. False, logged, if the file is missing or unreadable: emoji then fall
    back to the system's fonts.
    """
    if not _loaded:
        font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            logger.warning("could not load the emoji font %s; emoji use the system's fonts", FONT_FILE)
            return False
        _loaded.extend(families)
        QFontDatabase.setApplicationEmojiFontFamilies(families)
    return True


def draws_in_colour(text: str = "👍") -> bool:
    """Whether `text` paints coloured pixels with the app's font (for the self-check)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(48, 32, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QGuiApplication.font()
    font.setPixelSize(24)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if max(c.red(), c.green(), c.blue()) - min(c.red(), c.green(), c.blue()) > 60:
                return True
    return False
