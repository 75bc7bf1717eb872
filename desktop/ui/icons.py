"""The app icon (rendered from resources/icons/beacon.svg) and its unread badge overlay."""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtSvg import QSvgRenderer

from desktop.ui import theme
from desktop.ui.bundle import RESOURCES

logger = logging.getLogger(__name__)

APP_ICON_SVG = RESOURCES / "icons" / "beacon.svg"
# Sizes platforms ask for: menus and trays (16-24), taskbars and docks (32-64), large views.
ICON_SIZES = (16, 20, 22, 24, 32, 40, 48, 64, 128, 256)
BADGE_MAX = 99
SMALL = 22  # at this size and below a count is unreadable: the badge is a dot


def badge_text(count: int) -> str:
    """"" for nothing unread, "1".."99", then "99+"."""
    if count <= 0:
        return ""
    return str(count) if count <= BADGE_MAX else f"{BADGE_MAX}+"


@functools.lru_cache(maxsize=1)
def _renderer() -> QSvgRenderer | None:
    renderer = QSvgRenderer(str(APP_ICON_SVG)) if APP_ICON_SVG.is_file() else None
    if renderer is None or not renderer.isValid():
        logger.error("cannot load the app icon %s; using a plain fallback", APP_ICON_SVG)
        return None
    return renderer


def render_app_icon(size: int, dpr: float = 1.0) -> QImage:
    """The app icon as a `size`×`size` (logical pixels) transparent image."""
    image = QImage(QSize(round(size * dpr), round(size * dpr)), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer = _renderer()
    if renderer is not None:
        renderer.render(painter, QRectF(0, 0, size, size))
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#2E6FF2"))
        painter.drawRoundedRect(QRectF(0, 0, size, size), size * 0.22, size * 0.22)
    painter.end()
    return image


def badge_rect(size: int, text: str) -> QRectF:
    """Where the badge sits on a `size`×`size` icon: a circle (or a pill for wide
    counts) in the top-right corner."""
    if size <= SMALL or not text:
        d = size * 0.45
        return QRectF(size - d, 0, d, d)
    h = size * (0.5 if size <= 48 else 0.42)
    fm = QFontMetricsF(_badge_font(size, text))
    w = min(float(size), max(h, fm.horizontalAdvance(text) + h * 0.45))
    return QRectF(size - w, 0, w, h)


def _badge_font(size: int, text: str) -> QFont:
    font = QFont()
    font.setBold(True)
    # Three characters ("99+") get a smaller font so the pill stays inside the icon.
    font.setPixelSize(max(6, round(size * (0.30 if len(text) >= 3 else 0.36))))
    return font


def paint_badge(painter: QPainter, size: int, count: int, colors: theme.Colors | None = None) -> None:
    """Draw the unread badge for `count` on an icon of `size` already painted with `painter`.

    A gap is cut around the badge (transparent) so it stands out on any background.
    """
    text = badge_text(count)
    if not text:
        return
    colors = colors or theme.colors()
    rect = badge_rect(size, text)
    gap = max(1.0, size / 32)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    cut = QPainterPath()
    outer = rect.adjusted(-gap, -gap, gap, gap)
    cut.addRoundedRect(outer, outer.height() / 2, outer.height() / 2)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    painter.fillPath(cut, Qt.GlobalColor.transparent)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    pill = QPainterPath()
    pill.addRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.fillPath(pill, colors.unread_badge)
    if size > SMALL:
        painter.setFont(_badge_font(size, text))
        painter.setPen(colors.unread_badge_text)
        painter.drawText(rect.translated(QPointF(0, -size / 256)), Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def render_badged_icon(size: int, count: int, dpr: float = 1.0, colors: theme.Colors | None = None) -> QImage:
    """The app icon with the badge for `count` (no badge when `count` <= 0)."""
    image = render_app_icon(size, dpr)
    if count > 0:
        painter = QPainter(image)
        paint_badge(painter, size, count, colors)
        painter.end()
    return image


def _icon(count: int) -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:  # 1x only: QIcon picks by physical size, the big ones serve HiDPI
        icon.addPixmap(QPixmap.fromImage(render_badged_icon(size, count)))
    return icon


@functools.lru_cache(maxsize=1)
def app_icon() -> QIcon:
    """The Beacon icon at every size a platform may ask for (needs a QGuiApplication)."""
    return _icon(0)


_badged: dict[tuple[str, str], QIcon] = {}


def icon_with_badge(count: int) -> QIcon:
    """The app icon with an unread badge ("1".."99", "99+"); the plain icon for 0."""
    text = badge_text(count)
    if not text:
        return app_icon()
    key = (text, theme.current_scheme())
    if key not in _badged:
        if len(_badged) > 32:
            _badged.clear()
        _badged[key] = _icon(count)
    return _badged[key]
