"""Start Beacon at login — a user setting, off until the user turns it on.

The entry the OS reads *is* the setting (no second copy to drift): an XDG autostart
``.desktop`` file on Linux and the BSDs, a LaunchAgent plist on macOS, a value under
``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` on Windows. All three are
per user and need no administrator rights.

    from desktop import autostart
    entry = autostart.for_this_platform()
    entry.is_enabled()          # show the checkbox state
    entry.enable()              # start this Beacon (frozen or not) at login
    entry.disable()

No Qt here: the UI calls these from its settings menu.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

APP_ID = "io.beacon.Beacon"
APP_NAME = "Beacon"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def launch_command(extra: Sequence[str] = ()) -> list[str]:
    """How to start this installation's GUI: the frozen `beacon-gui` next to us, else
    this interpreter with ``-m desktop gui``."""
    if getattr(sys, "frozen", False):
        exe = Path(sys.executable)
        gui = exe.with_name("beacon-gui" + exe.suffix)
        return [str(gui if gui.exists() else exe), *extra]
    return [sys.executable, "-m", "desktop", "gui", *extra]


class Autostart(Protocol):
    def is_enabled(self) -> bool: ...
    def enable(self, command: Sequence[str] | None = None) -> None: ...
    def disable(self) -> bool: ...
    def describe(self) -> str: ...


# ---- Linux and other XDG desktops -----------------------------------------------

_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def exec_quote(arg: str) -> str:
    """One argument as the Desktop Entry spec wants it in ``Exec=`` (before the
    string-level escaping of backslashes, which `_desktop_value` does)."""
    arg = arg.replace("%", "%%")  # field codes are %-letters; a literal % is %%
    if arg and not (set(arg) & _EXEC_RESERVED):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def _desktop_value(text: str) -> str:
    """A string value in a .desktop file: backslash, newline, tab, CR escaped."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def xdg_config_home(env: dict[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    value = env.get("XDG_CONFIG_HOME", "")
    # The spec: a relative path is invalid and must be ignored.
    if value and os.path.isabs(value):
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".config"


class XdgAutostart:
    """``$XDG_CONFIG_HOME/autostart/io.beacon.Beacon.desktop``."""

    def __init__(self, config_home: Path | None = None):
        self.path = (config_home or xdg_config_home()) / "autostart" / f"{APP_ID}.desktop"

    def describe(self) -> str:
        return str(self.path)

    def is_enabled(self) -> bool:
        """True if the file exists and no desktop's settings app has switched it off."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return False
        except (OSError, UnicodeDecodeError):
            return False
        entry = _desktop_entry(text)
        if entry.get("Hidden", "false").strip().lower() == "true":
            return False
        if entry.get("X-GNOME-Autostart-enabled", "true").strip().lower() == "false":
            return False
        return bool(entry.get("Exec"))

    def enable(self, command: Sequence[str] | None = None) -> None:
        command = list(command or launch_command())
        exec_line = " ".join(exec_quote(a) for a in command)
        lines = [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={APP_NAME}",
            "Comment=Offline-first team chat (started at login; turn off in Beacon's menu)",
            f"Exec={_desktop_value(exec_line)}",
            # If Beacon is uninstalled, desktops skip an entry whose program is gone.
            f"TryExec={_desktop_value(command[0])}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "X-GNOME-Autostart-Delay=5",
            "X-KDE-autostart-after=panel",
        ]
        _atomic_write(self.path, ("\n".join(lines) + "\n").encode("utf-8"))

    def disable(self) -> bool:
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        return True


def _desktop_entry(text: str) -> dict[str, str]:
    """The keys of the [Desktop Entry] group (enough for Hidden/Exec checks)."""
    entry: dict[str, str] = {}
    group = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
            continue
        if group == "Desktop Entry" and "=" in line:
            key, value = line.split("=", 1)
            entry[key.strip()] = value.strip()
    return entry


# ---- macOS ----------------------------------------------------------------------


class LaunchAgent:
    """``~/Library/LaunchAgents/io.beacon.Beacon.plist``, read by launchd at login."""

    def __init__(self, home: Path | None = None):
        self.path = (home or Path.home()) / "Library" / "LaunchAgents" / f"{APP_ID}.plist"

    def describe(self) -> str:
        return str(self.path)

    def is_enabled(self) -> bool:
        try:
            data = plistlib.loads(self.path.read_bytes())
        except (OSError, plistlib.InvalidFileException, ValueError):
            return False
        return bool(data.get("RunAtLoad")) and not data.get("Disabled", False) and bool(data.get("ProgramArguments"))

    def enable(self, command: Sequence[str] | None = None) -> None:
        command = list(command or launch_command())
        plist = {
            "Label": APP_ID,
            "ProgramArguments": command,  # an argv list: nothing is parsed by a shell
            "RunAtLoad": True,
            "ProcessType": "Interactive",
            "LimitLoadToSessionType": "Aqua",  # only in a graphical login
        }
        _atomic_write(self.path, plistlib.dumps(plist, fmt=plistlib.FMT_XML))

    def disable(self) -> bool:
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        return True


# ---- Windows --------------------------------------------------------------------


class Registry(Protocol):
    """The three calls on HKCU\\...\\Run we need (winreg, or a fake in tests)."""

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> bool: ...


class _WinRegistry:
    def __init__(self):
        import winreg  # Windows only

        self._winreg = winreg

    def get(self, name: str) -> str | None:
        w = self._winreg
        try:
            with w.OpenKey(w.HKEY_CURRENT_USER, RUN_KEY, 0, w.KEY_READ) as key:
                value, kind = w.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return value if kind in (w.REG_SZ, w.REG_EXPAND_SZ) else None

    def set(self, name: str, value: str) -> None:
        w = self._winreg
        with w.CreateKeyEx(w.HKEY_CURRENT_USER, RUN_KEY, 0, w.KEY_SET_VALUE) as key:
            w.SetValueEx(key, name, 0, w.REG_SZ, value)

    def delete(self, name: str) -> bool:
        w = self._winreg
        try:
            with w.OpenKey(w.HKEY_CURRENT_USER, RUN_KEY, 0, w.KEY_SET_VALUE) as key:
                w.DeleteValue(key, name)
        except FileNotFoundError:
            return False
        return True


class RunKey:
    """The ``Beacon`` value under HKCU's Run key (the installer's uninstaller deletes it too)."""

    def __init__(self, registry: Registry | None = None):
        self._registry = registry if registry is not None else _WinRegistry()

    def describe(self) -> str:
        return f"HKEY_CURRENT_USER\\{RUN_KEY}\\{APP_NAME}"

    def is_enabled(self) -> bool:
        return bool(self._registry.get(APP_NAME))

    def enable(self, command: Sequence[str] | None = None) -> None:
        # list2cmdline quotes the way CommandLineToArgvW (and the CRT) splits.
        self._registry.set(APP_NAME, subprocess.list2cmdline(list(command or launch_command())))

    def disable(self) -> bool:
        return self._registry.delete(APP_NAME)


def for_this_platform() -> Autostart:
    if sys.platform == "win32":
        return RunKey()
    if sys.platform == "darwin":
        return LaunchAgent()
    return XdgAutostart()


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
