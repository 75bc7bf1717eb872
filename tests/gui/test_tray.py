"""Tray icon, its badge and menu; the app icon; light/dark colours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QSystemTrayIcon

from desktop.ui import icons, theme
from desktop.ui.tray import DND_OFF, Tray, minutes_until_tomorrow

pytestmark = pytest.mark.qt_log_level_fail("WARNING")  # "no crash, no warnings" without a tray


@pytest.fixture
def tray(qapp):
    t = Tray()
    yield t
    t.hide()
    t.deleteLater()


def actions(menu):
    return [a for a in menu.actions() if not a.isSeparator()]


# --- tray ----------------------------------------------------------------------------------


def test_no_tray_offscreen_is_quiet(tray):
    assert not Tray.available()
    assert tray.show() is False  # nothing shown, nothing logged (qt_log_level_fail)
    assert not tray.system_tray_icon().isVisible()


def test_menu_entries(tray):
    top = [a.text() for a in actions(tray.menu())]
    assert top == ["Open Beacon", "Do not disturb", "Quit Beacon"]
    assert actions(tray.menu())[1].menu() is tray.dnd_menu()
    assert tray.system_tray_icon().contextMenu() is tray.menu()


def test_open_and_quit_emit(tray, qtbot):
    open_action, _, quit_action = actions(tray.menu())
    with qtbot.waitSignal(tray.show_requested, timeout=1000):
        open_action.trigger()
    with qtbot.waitSignal(tray.quit_requested, timeout=1000):
        quit_action.trigger()


@pytest.mark.parametrize(
    "reason, shows",
    [
        (QSystemTrayIcon.ActivationReason.Trigger, True),
        (QSystemTrayIcon.ActivationReason.DoubleClick, True),
        (QSystemTrayIcon.ActivationReason.MiddleClick, False),
        (QSystemTrayIcon.ActivationReason.Context, False),
    ],
)
def test_clicking_the_icon(tray, reason, shows):
    seen = []
    tray.show_requested.connect(lambda: seen.append(True))
    tray.system_tray_icon().activated.emit(reason)  # delivered synchronously (same thread)
    assert bool(seen) is shows


def test_dnd_presets_emit_minutes(tray, qtbot):
    presets = actions(tray.dnd_menu())
    assert [a.text() for a in presets] == ["For 30 minute(s)", "For 1 hour(s)", "For 2 hour(s)", "Until tomorrow 09:00", "Turn off"]
    emitted = []
    tray.dnd_requested.connect(emitted.append)
    for action in presets:
        action.trigger()
    assert emitted[:3] == [30, 60, 120]
    assert 1 <= emitted[3] <= 33 * 60  # from now until tomorrow 09:00 (at most 33 h with DST)
    assert emitted[3] == pytest.approx(minutes_until_tomorrow(), abs=1)
    assert emitted[4] == DND_OFF == -1


def zone(name):
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        pytest.skip(f"no time zone data for {name} (Debian: tzdata)")


def test_minutes_until_tomorrow_morning():
    shanghai = zone("Asia/Shanghai")
    assert minutes_until_tomorrow(9, datetime(2025, 5, 6, 23, 30, tzinfo=shanghai)) == 570
    assert minutes_until_tomorrow(9, datetime(2025, 5, 6, 8, 0, tzinfo=shanghai)) == 25 * 60
    assert minutes_until_tomorrow(9, datetime(2025, 5, 6, 0, 30, tzinfo=shanghai)) == 32 * 60 + 30
    assert minutes_until_tomorrow(9, datetime(2025, 5, 6, 23, 59, 30, tzinfo=shanghai)) == 541  # rounded up


def test_minutes_until_tomorrow_counts_daylight_saving():
    berlin = zone("Europe/Berlin")
    # Clocks go forward at 02:00 on 30 March 2025: 22:00 -> 09:00 is 10 real hours.
    assert minutes_until_tomorrow(9, datetime(2025, 3, 29, 22, 0, tzinfo=berlin)) == 10 * 60
    # ... and back at 03:00 on 26 October: 12 real hours.
    assert minutes_until_tomorrow(9, datetime(2025, 10, 25, 22, 0, tzinfo=berlin)) == 12 * 60


def test_unread_badge_and_tooltip(tray):
    icon = tray.system_tray_icon()
    plain = icon.icon().pixmap(64, 64).toImage()
    assert icon.toolTip() == "Beacon"
    tray.set_unread(3)
    assert tray.unread == 3
    assert "3" in icon.toolTip()
    badged = icon.icon().pixmap(64, 64).toImage()
    assert badged != plain
    assert is_badge_red(badged.pixelColor(56, 10))  # top-right corner carries the badge
    tray.set_unread(0)
    assert icon.toolTip() == "Beacon"
    assert icon.icon().pixmap(64, 64).toImage() == plain


def test_negative_counts_mean_nothing_unread(tray):
    tray.set_unread(-5)
    assert tray.unread == 0


# --- icons -----------------------------------------------------------------------------------


def is_badge_red(color: QColor) -> bool:
    return color.red() > 180 and color.green() < 110 and color.blue() < 110 and color.alpha() == 255


def test_app_icon_svg_is_valid_and_renders(qapp):
    assert icons.APP_ICON_SVG.exists()
    assert icons._renderer() is not None, "the SVG did not load"
    for size in (16, 32, 256):
        image = icons.render_app_icon(size)
        assert image.size().width() == size
        center = image.pixelColor(size // 2, size // 2)
        assert center.alpha() == 255  # the tile is opaque in the middle
        assert image.pixelColor(0, 0).alpha() == 0  # rounded, transparent corner


def test_app_icon_has_every_size(qapp):
    sizes = {s.width() for s in icons.app_icon().availableSizes()}
    assert {16, 22, 24, 32, 48, 64, 128, 256} <= sizes


@pytest.mark.parametrize("count, text", [(0, ""), (-1, ""), (1, "1"), (9, "9"), (42, "42"), (99, "99"), (100, "99+"), (12345, "99+")])
def test_badge_text(count, text):
    assert icons.badge_text(count) == text


@pytest.mark.parametrize("size", [16, 22, 24, 32, 64, 128, 256])
@pytest.mark.parametrize("count", [3, 42, 100])
def test_badge_stays_inside_the_icon(qapp, size, count):
    rect = icons.badge_rect(size, icons.badge_text(count))
    assert rect.left() >= 0 and rect.top() >= 0 and rect.right() <= size + 1e-6 and rect.bottom() <= size + 1e-6
    assert rect.height() <= rect.width()


def test_badge_drawn_top_right_with_a_gap(qapp):
    image = icons.render_badged_icon(64, 3)
    rect = icons.badge_rect(64, "3")
    assert is_badge_red(image.pixelColor(int(rect.center().x()) + 8, int(rect.top()) + 3))
    plain = icons.render_app_icon(64)
    # Bottom-left is untouched by the badge.
    assert image.pixelColor(20, 50) == plain.pixelColor(20, 50)
    # A transparent ring separates the badge from the icon where the tile was opaque.
    gap_point = QPoint(int(rect.left()) - 1, int(rect.center().y()))
    assert plain.pixelColor(gap_point).alpha() == 255
    assert image.pixelColor(gap_point).alpha() < 128


def test_badge_digits_are_white_on_red(qapp):
    image = icons.render_badged_icon(128, 8)
    rect = icons.badge_rect(128, "8").toRect()
    colors = {image.pixelColor(x, y).name() for x in range(rect.left() + 4, rect.right() - 4) for y in range(rect.top() + 4, rect.bottom() - 4)}
    assert "#ffffff" in colors  # the digit
    assert theme.colors().unread_badge.name().lower() in colors


def test_small_badge_is_a_dot_without_text(qapp):
    image = icons.render_badged_icon(16, 100)
    rect = icons.badge_rect(16, "99+")
    assert rect.width() == rect.height()
    inner = {image.pixelColor(x, y).name() for x in range(int(rect.left()) + 2, int(rect.right()) - 1) for y in range(int(rect.top()) + 2, int(rect.bottom()) - 1)}
    assert "#ffffff" not in inner


def test_badge_scales_with_device_pixel_ratio(qapp):
    image = icons.render_badged_icon(32, 5, dpr=2.0)
    assert image.width() == 64 and image.devicePixelRatio() == 2.0


def test_missing_svg_falls_back_to_a_plain_tile(qapp, monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(icons, "APP_ICON_SVG", tmp_path / "missing.svg")
    icons._renderer.cache_clear()
    try:
        image = icons.render_app_icon(32)
    finally:
        icons._renderer.cache_clear()
    assert image.pixelColor(16, 16) == QColor("#2E6FF2")
    assert "cannot load the app icon" in caplog.text


# --- theme -------------------------------------------------------------------------------------


@pytest.fixture
def restore_theme(qapp):
    style, pal = qapp.style().name(), QPalette(qapp.palette())
    yield qapp
    theme.apply_theme(qapp, None)
    qapp.setStyle(style)
    qapp.setPalette(pal)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_forced_scheme_sets_fusion_and_palette(restore_theme, scheme):
    app = restore_theme
    assert theme.apply_theme(app, scheme) == scheme
    assert app.style().name().lower() == "fusion"
    window = app.palette().color(QPalette.ColorRole.Window)
    assert (window.lightnessF() < 0.5) is (scheme == "dark")
    assert theme.current_scheme() == scheme
    assert theme.colors() is theme.colors(scheme)
    assert app.palette().color(QPalette.ColorRole.Highlight) == theme.colors(scheme).accent


def test_following_the_system(restore_theme):
    app = restore_theme
    theme.apply_theme(app, "dark")
    assert theme.apply_theme(app, None) == "light"  # offscreen reports no scheme: the style's own (light)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # the desktop switched
    assert theme.current_scheme() == "dark"
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert theme.current_scheme() == "light"


def test_forced_scheme_ignores_the_system(restore_theme):
    app = restore_theme
    theme.apply_theme(app, "light")
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.current_scheme() == "light"


def test_unknown_scheme_is_refused(qapp):
    with pytest.raises(ValueError):
        theme.apply_theme(qapp, "sepia")


def test_readable_text_in_both_schemes(qapp):
    for scheme in theme.SCHEMES:
        pal, c = theme.palette(scheme), theme.colors(scheme)
        base = pal.color(QPalette.ColorRole.Base)
        for fg in (c.muted_text, c.pending, c.failed, c.link, pal.color(QPalette.ColorRole.Text)):
            assert contrast(fg, base) >= 4.5, (scheme, fg.name())
        assert contrast(c.unread_badge_text, c.unread_badge) >= 3.0, scheme


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_badge_colour_follows_the_scheme(qapp):
    light = icons.render_badged_icon(64, 3, colors=theme.colors("light"))
    dark = icons.render_badged_icon(64, 3, colors=theme.colors("dark"))
    rect = icons.badge_rect(64, "3")
    point = QPoint(int(rect.center().x()) + 8, int(rect.top()) + 3)
    assert light.pixelColor(point) == theme.colors("light").unread_badge
    assert dark.pixelColor(point) == theme.colors("dark").unread_badge
    assert isinstance(light, QImage)
