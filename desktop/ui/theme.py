"""Light and dark: follow the system or force one, and the few colours our painters need.

`apply_theme(app)` follows the system: the platform style keeps its own look and
colours where it supports dark mode (macOS, Windows 11, KDE, GNOME with a platform
theme); where the platform says "dark" but the style still paints light, Beacon
switches to Fusion with its dark palette. `apply_theme(app, "dark")` (or "light")
forces Fusion with that palette, which is also what screenshots use.

Painters (delegates, the tray badge) call `colors()` at paint time; it answers for
the scheme actually on screen, so nothing needs to be told when it changes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

logger = logging.getLogger(__name__)

Scheme = Literal["light", "dark"]
SCHEMES: tuple[Scheme, ...] = ("light", "dark")


@dataclass(frozen=True)
class Colors:
    """Semantic colours for one scheme. Shared instances: copy (``QColor(c)``) before changing one."""

    accent: QColor  # selection, primary buttons, own-message marks
    accent_text: QColor  # text on `accent`
    muted_text: QColor  # timestamps, secondary lines, muted channels
    unread_badge: QColor  # unread/mention count badges, the tray badge
    unread_badge_text: QColor
    mention_highlight: QColor  # background of a message that mentions me
    pending: QColor  # "sending…" (outbox not yet confirmed)
    failed: QColor  # refused or undeliverable
    link: QColor


_COLORS: dict[str, Colors] = {
    "light": Colors(
        accent=QColor("#2563EB"),
        accent_text=QColor("#FFFFFF"),
        muted_text=QColor("#6B7280"),
        unread_badge=QColor("#DC2626"),
        unread_badge_text=QColor("#FFFFFF"),
        mention_highlight=QColor("#FEF3C7"),
        pending=QColor("#B45309"),
        failed=QColor("#B91C1C"),
        link=QColor("#1D4ED8"),
    ),
    "dark": Colors(
        accent=QColor("#3B82F6"),
        accent_text=QColor("#FFFFFF"),
        muted_text=QColor("#9CA3AF"),
        unread_badge=QColor("#EF4444"),
        unread_badge_text=QColor("#FFFFFF"),
        mention_highlight=QColor("#3A3117"),
        pending=QColor("#FBBF24"),
        failed=QColor("#F87171"),
        link=QColor("#7AB4FF"),
    ),
}

# Window, text, base, alt base, button, tooltip base, placeholder, disabled text, link visited, mid
_PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "window": "#F4F5F7", "text": "#1F2328", "base": "#FFFFFF", "alternate": "#F3F4F6",
        "button": "#ECEEF1", "tooltip": "#FFFFFF", "placeholder": "#6B7280", "disabled": "#A0A6AF",
        "visited": "#6D28D9", "mid": "#C9CDD3",
    },
    "dark": {
        "window": "#1E1F22", "text": "#E6E7EA", "base": "#16171A", "alternate": "#1C1D21",
        "button": "#2B2D31", "tooltip": "#2B2D31", "placeholder": "#8B9099", "disabled": "#5E636B",
        "visited": "#B69CFF", "mid": "#3A3D43",
    },
}

_override: Scheme | None = None
_following = False  # the system-change handler is connected
_native_style: str | None = None  # the platform style we replaced with Fusion, if any


def palette(scheme: Scheme) -> QPalette:
    """A complete Fusion palette for `scheme`."""
    p, c = _PALETTES[scheme], _COLORS[scheme]
    pal = QPalette()
    role = QPalette.ColorRole
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        disabled = group == QPalette.ColorGroup.Disabled
        fg = QColor(p["disabled"] if disabled else p["text"])
        pal.setColor(group, role.Window, QColor(p["window"]))
        pal.setColor(group, role.WindowText, fg)
        pal.setColor(group, role.Base, QColor(p["base"]))
        pal.setColor(group, role.AlternateBase, QColor(p["alternate"]))
        pal.setColor(group, role.Text, fg)
        pal.setColor(group, role.Button, QColor(p["button"]))
        pal.setColor(group, role.ButtonText, fg)
        pal.setColor(group, role.BrightText, QColor("#FFFFFF"))
        pal.setColor(group, role.ToolTipBase, QColor(p["tooltip"]))
        pal.setColor(group, role.ToolTipText, QColor(p["text"]))
        pal.setColor(group, role.PlaceholderText, QColor(p["placeholder"]))
        pal.setColor(group, role.Highlight, QColor(p["mid"]) if disabled else c.accent)
        pal.setColor(group, role.HighlightedText, fg if disabled else c.accent_text)
        pal.setColor(group, role.Link, c.link)
        pal.setColor(group, role.LinkVisited, QColor(p["visited"]))
        pal.setColor(group, role.Accent, c.accent)
        # Bevel shades Fusion draws frames and handles with.
        window = QColor(p["window"])
        dark = scheme == "dark"
        pal.setColor(group, role.Light, window.lighter(160 if dark else 110))
        pal.setColor(group, role.Midlight, window.lighter(130 if dark else 105))
        pal.setColor(group, role.Mid, QColor(p["mid"]))
        pal.setColor(group, role.Dark, window.darker(160 if dark else 140))
        pal.setColor(group, role.Shadow, QColor("#000000"))
    return pal


def system_scheme() -> Scheme | None:
    """What the platform reports (Qt 6.5+), or None when it does not say."""
    app = QGuiApplication.instance()
    if app is None:
        return None
    reported = QGuiApplication.styleHints().colorScheme()
    if reported == Qt.ColorScheme.Dark:
        return "dark"
    if reported == Qt.ColorScheme.Light:
        return "light"
    return None


def current_scheme() -> Scheme:
    """The scheme on screen: the forced one, else judged from the application palette."""
    if _override is not None:
        return _override
    if QGuiApplication.instance() is None:
        return "light"
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return "dark" if window.lightnessF() < 0.5 else "light"


def colors(scheme: Scheme | None = None) -> Colors:
    """Semantic colours for `scheme` (default: the one on screen)."""
    return _COLORS[scheme or current_scheme()]


def apply_theme(app: QApplication, scheme: Scheme | None = None) -> Scheme:
    """Force "light"/"dark" (Fusion + our palette), or follow the system (None).

    Returns the scheme now on screen. Call after creating the application and
    before showing windows; calling again switches.
    """
    global _override, _following
    if scheme is not None and scheme not in SCHEMES:
        raise ValueError(f"unknown colour scheme {scheme!r}: use one of {', '.join(SCHEMES)}")
    was_forced, _override = _override is not None, scheme
    hints = app.styleHints()
    if scheme is not None:
        # Tell the platform too (Qt 6.8+): native dialogs and title bars follow where supported.
        hints.setColorScheme(Qt.ColorScheme.Dark if scheme == "dark" else Qt.ColorScheme.Light)
        _use_fusion(app, scheme)
        return scheme
    hints.unsetColorScheme()
    if not _following:
        hints.colorSchemeChanged.connect(_system_changed)
        _following = True
    if was_forced:
        _restore_native(app)
    _follow(app, system_scheme())
    return current_scheme()


def _system_changed(reported: Qt.ColorScheme) -> None:
    app = QApplication.instance()
    if _override is not None or not isinstance(app, QApplication):
        return
    scheme: Scheme | None = {Qt.ColorScheme.Dark: "dark", Qt.ColorScheme.Light: "light"}.get(reported)
    logger.info("system colour scheme changed to %s", scheme or "unknown")
    _follow(app, scheme)


def _follow(app: QApplication, reported: Scheme | None) -> None:
    if reported is None:
        return  # the platform does not say: keep whatever its style paints
    _restore_native(app)
    if current_scheme() != reported:
        # The native style ignores the system's choice: paint it ourselves.
        _use_fusion(app, reported)


def _restore_native(app: QApplication) -> None:
    if _native_style is not None and app.style().name().lower() != _native_style.lower():
        app.setStyle(_native_style)
    app.setPalette(QPalette())  # nothing explicit: the platform's (or style's) own colours


class _Fusion(QProxyStyle):
    """Fusion, with check box and radio button outlines that show on a dark palette:
    Fusion draws them a shade darker than the window, which on a dark window is
    nothing (unticked boxes disappeared in the dark theme)."""

    _ELEMENTS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
                 QStyle.PrimitiveElement.PE_IndicatorRadioButton)

    def __init__(self):
        super().__init__("Fusion")

    def name(self) -> str:  # noqa: D401 - what QStyleFactory calls it
        return "fusion"

    def drawPrimitive(self, element, option, painter, widget=None):  # noqa: N802
        super().drawPrimitive(element, option, painter, widget)
        if element not in self._ELEMENTS or option.palette.window().color().lightness() >= 128:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor("#80868F"), 1.0))
        rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(rect)
        else:
            painter.drawRoundedRect(rect, 2, 2)
        painter.restore()


def _use_fusion(app: QApplication, scheme: Scheme) -> None:
    global _native_style
    if not isinstance(app.style(), _Fusion):
        if app.style().name().lower() != "fusion":
            _native_style = _native_style or app.style().name()
        app.setStyle(_Fusion())
    app.setPalette(palette(scheme))
