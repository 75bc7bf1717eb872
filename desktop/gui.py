"""GUI entry point (`beacon-gui`, `python -m desktop gui`).

Before Qt is touched: ``--version``; a ``beacon://`` link (validated, never run); the
log file; and a check that a display and Qt's platform plugin exist, so a missing
display is one clear line instead of Qt's abort. ``--self-check`` tests the Qt side of
an installation offscreen (used by ``beacon self-check``).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from desktop import gui_args

APP_ID = "io.beacon.Beacon"
# Qt's X11 plugin needs these system libraries (Debian/Ubuntu package names).
X11_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
HEADLESS_PLATFORMS = {"offscreen", "minimal", "vnc", "linuxfb", "eglfs", "minimalegl", "vkkhrdisplay"}


def _qt_plugins_dir() -> Path | None:
    """PySide6's plugin directory, found without importing Qt (so without side effects)."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        for candidate in (Path(base) / "Qt" / "plugins", Path(base) / "plugins"):
            if candidate.is_dir():
                return candidate
    return None


def _plugin_error(plugin: Path) -> str | None:
    """None if the platform plugin and the libraries it needs load, else the loader's reason."""
    if not plugin.is_file():
        return f"Qt's platform plugin {plugin.name} is missing from this installation ({plugin.parent})"
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        reason = str(exc)
        # The loader names only the first missing library; ldd names them all, so
        # the user installs everything in one go instead of one library per run.
        missing = _missing_libraries(plugin) or [lib for lib in X11_PACKAGES if lib in reason][:1]
        if missing:
            packages = [X11_PACKAGES[lib] for lib in missing if lib in X11_PACKAGES]
            hint = f" (Debian/Ubuntu: sudo apt install {' '.join(packages)})" if packages else ""
            if len(missing) == 1:
                return f"the system library {missing[0]} is missing{hint}"
            return f"the system libraries {', '.join(missing)} are missing{hint}"
        return f"Qt's platform plugin {plugin.name} cannot load: {reason}"
    return None


def _missing_libraries(plugin: Path) -> list[str]:
    """Every shared library `plugin` needs that the loader cannot find (via ldd), in order."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    missing = [line.split("=>")[0].strip() for line in out.splitlines() if "=> not found" in line]
    return list(dict.fromkeys(missing))


def _x11_error(display: str) -> str | None:
    """None if an X server answers at `display` (libxcb, as Qt connects), else why not."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None  # _plugin_error names the missing library
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode(), None)
    try:
        failed = conn is None or xcb.xcb_connection_has_error(conn) != 0
    finally:
        if conn is not None:
            xcb.xcb_disconnect(conn)
    return f"no X11 display answers at DISPLAY={display}" if failed else None


def display_problem(env: Mapping[str, str] | None = None, platform: str | None = None,
                    plugins: Path | None = None) -> str | None:
    """One sentence on why no window can be shown here, or None if Qt should manage.

    Only Linux and the BSDs can lack a display; macOS and Windows always have one.
    An explicit ``QT_QPA_PLATFORM`` is the user's choice: headless ones are fine,
    others are checked like the default.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return None
    requested = (env.get("QT_QPA_PLATFORM") or "").split(";")[0].split(":")[0].strip()
    if requested in HEADLESS_PLATFORMS:
        return None
    has_x11, has_wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    if not requested and not (has_x11 or has_wayland):
        return ("no graphical display: neither DISPLAY nor WAYLAND_DISPLAY is set. Start Beacon from a"
                " desktop session, use the command line (`beacon --help`), or set"
                " QT_QPA_PLATFORM=offscreen to run without a screen")
    if requested == "xcb" and not has_x11:
        return "QT_QPA_PLATFORM=xcb but DISPLAY is not set: there is no X11 display to open"
    if requested == "wayland" and not has_wayland:
        return "QT_QPA_PLATFORM=wayland but WAYLAND_DISPLAY is not set: there is no Wayland display to open"
    plugins = plugins if plugins is not None else _qt_plugins_dir()
    if plugins is None:
        return None  # not a wheel layout we know; let Qt speak
    platforms = plugins / "platforms"
    # Qt picks wayland when asked or in a Wayland session with WAYLAND_DISPLAY, and falls back to xcb.
    candidates = []
    if requested in ("", "wayland") and has_wayland:
        candidates.append(platforms / "libqwayland.so")
    if requested in ("", "xcb") and has_x11:
        candidates.append(platforms / "libqxcb.so")
    if requested and requested not in ("xcb", "wayland"):
        candidates.append(platforms / f"libq{requested}.so")
    errors = [e for e in (_plugin_error(p) for p in candidates) if e]
    if candidates and len(errors) == len(candidates):
        return "the window cannot open: " + "; ".join(errors)
    if requested in ("", "xcb") and has_x11 and not has_wayland and not errors:
        return _x11_error(env["DISPLAY"])
    return None


def _take_flag(argv: list[str], flag: str) -> bool:
    if flag in argv:
        argv.remove(flag)
        return True
    return False


def self_check() -> int:
    """Qt side of an installation, offscreen: widgets, SVG icon, translations, colour emoji, plugins."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import PySide6
    from PySide6.QtCore import QLibraryInfo, QTranslator, qVersion
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication, QLabel

    from desktop.ui import i18n, icons
    from desktop.ui.emoji import fonts as emoji_fonts

    problems: list[str] = []
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "beacon-gui"])
    label = QLabel("Beacon 自检")
    label.show()
    app.processEvents()
    label.close()
    image = icons.render_app_icon(64)
    if not icons.APP_ICON_SVG.is_file():
        problems.append(f"the app icon {icons.APP_ICON_SVG} is missing")
    elif QColor(image.pixel(32, 40)).alpha() == 0:
        problems.append("the app icon renders empty (QtSvg)")
    languages = []
    for lang in i18n.SUPPORTED:
        translator = QTranslator()
        if translator.load(f"beacon_{lang}", str(i18n.TRANSLATIONS)) and not translator.isEmpty():
            languages.append(lang)
        else:
            problems.append(f"translations beacon_{lang}.qm missing or empty in {i18n.TRANSLATIONS}")
    if not emoji_fonts.install():
        problems.append(f"the colour emoji font {emoji_fonts.FONT_FILE} is missing or unreadable")
    elif not emoji_fonts.draws_in_colour():
        problems.append("emoji do not draw in colour with the bundled font")
    qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator().load("qtbase_zh_CN", qt_translations):
        problems.append(f"Qt's own zh_CN translation (qtbase_zh_CN.qm) is missing in {qt_translations}")
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    notes = []
    if sys.platform.startswith("linux"):
        for name in ("libqxcb.so", "libqwayland.so"):
            error = _plugin_error(plugins / "platforms" / name)
            if error and "missing from this installation" in error:
                problems.append(error)
            elif error:
                notes.append(f"{name}: {error}")  # the machine's libraries, not the build
    for problem in problems:
        print(f"FAIL gui: {problem}")
    for note in notes:
        print(f"note gui: {note}")
    if not problems:
        print(f"ok   gui: Qt {qVersion()} (PySide6 {PySide6.__version__}), widgets, SVG icon,"
              f" translations {', '.join(languages)}, colour emoji, platform plugins in {plugins}")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--version" in argv:
        from desktop import __version__

        print(f"beacon-gui {__version__}")
        return 0
    if _take_flag(argv, "--self-check"):
        return self_check()
    if gui_args.wants_help(argv):
        gui_args.parser().print_help()
        return 0

    from desktop import linkscheme, logsetup

    try:
        link_text, argv = linkscheme.split_argv(argv)
        link = linkscheme.parse(link_text) if link_text is not None else None
    except linkscheme.LinkError as exc:
        print(f"beacon: {exc}", file=sys.stderr)
        return 2
    log_file = logsetup.setup(verbose=_take_flag(argv, "--verbose"))
    problem = display_problem()
    if problem:
        print(f"beacon: {problem}.", file=sys.stderr)
        return 1
    try:
        from PySide6.QtGui import QGuiApplication

        # Wayland app_id and the .desktop file the shell matches windows to.
        QGuiApplication.setDesktopFileName(APP_ID)
        from desktop.ui.application import run
    except ImportError as exc:  # Qt's libraries missing on this system
        print(f"beacon: the graphical interface cannot start: {exc}", file=sys.stderr)
        return 1
    import logging

    logging.getLogger(__name__).info("Beacon GUI starting; log file %s", log_file)
    if link is not None:
        what = f"an invitation to {link.authority}" if isinstance(link, linkscheme.JoinLink) else f"a message in {link.channel}"
        logging.getLogger(__name__).info("opened by a beacon:// link to %s", what)
    return run(argv, link=link)


if __name__ == "__main__":
    sys.exit(main())
