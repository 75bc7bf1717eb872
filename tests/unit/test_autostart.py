"""Start at login: off by default; on writes the OS's own entry; off removes it."""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import autostart
from desktop.autostart import LaunchAgent, RunKey, XdgAutostart, exec_quote, xdg_config_home


@pytest.fixture
def xdg(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config"


def test_off_until_turned_on(xdg):
    entry = XdgAutostart()
    assert entry.path == xdg / "autostart" / "io.beacon.Beacon.desktop"
    assert not entry.is_enabled()
    assert not entry.path.exists()
    assert entry.disable() is False


def test_on_writes_a_valid_xdg_entry_and_off_removes_it(xdg):
    entry = XdgAutostart()
    entry.enable(["/opt/beacon/beacon-gui"])
    assert entry.is_enabled()
    text = entry.path.read_text("utf-8")
    assert "Exec=/opt/beacon/beacon-gui\n" in text and "TryExec=/opt/beacon/beacon-gui\n" in text
    assert "Hidden" not in text
    validate = subprocess.run(["desktop-file-validate", str(entry.path)], capture_output=True, text=True) \
        if _which("desktop-file-validate") else None
    if validate is not None:
        assert validate.returncode == 0 and not validate.stdout.strip(), validate.stdout
    assert entry.disable() is True
    assert not entry.is_enabled() and not entry.path.exists()


def test_default_command_starts_this_installation(xdg):
    entry = XdgAutostart()
    entry.enable()
    exec_line = next(l for l in entry.path.read_text("utf-8").splitlines() if l.startswith("Exec="))[5:]
    assert exec_split(exec_line.replace("\\\\", "\\")) == [sys.executable, "-m", "desktop", "gui"]


def test_awkward_paths_survive_the_desktop_entry_quoting(xdg):
    awkward = ['/home/李 伟/Beacon "beta"/beacon-gui', "--lang", "50%", "a\\b", "$HOME", "`x`"]
    entry = XdgAutostart()
    entry.enable(awkward)
    exec_line = next(l for l in entry.path.read_text("utf-8").splitlines() if l.startswith("Exec="))[5:]
    # Undo the two layers the spec defines: string escapes, then Exec quoting.
    unescaped = exec_line.replace("\\\\", "\\")
    assert [a.replace("%%", "%") for a in exec_split(unescaped)] == awkward
    assert entry.is_enabled()


def test_a_desktop_that_switched_it_off_is_respected(xdg):
    entry = XdgAutostart()
    entry.enable(["/usr/bin/beacon-gui"])
    entry.path.write_text(entry.path.read_text("utf-8") + "Hidden=true\n", "utf-8")
    assert not entry.is_enabled()
    entry.enable(["/usr/bin/beacon-gui"])  # turning it on again rewrites the entry
    assert entry.is_enabled()
    entry.path.write_text(entry.path.read_text("utf-8").replace("X-GNOME-Autostart-enabled=true",
                                                                "X-GNOME-Autostart-enabled=false"), "utf-8")
    assert not entry.is_enabled()


def test_relative_xdg_config_home_is_ignored(tmp_path):
    assert xdg_config_home({"XDG_CONFIG_HOME": "relative/dir", "HOME": str(tmp_path)}) == tmp_path / ".config"
    assert xdg_config_home({"HOME": str(tmp_path)}) == tmp_path / ".config"
    assert xdg_config_home({"XDG_CONFIG_HOME": "/x/y"}) == Path("/x/y")


def test_exec_quote():
    assert exec_quote("/usr/bin/beacon-gui") == "/usr/bin/beacon-gui"
    assert exec_quote("a b") == '"a b"'
    assert exec_quote('say "hi" $x `y` \\') == '"say \\"hi\\" \\$x \\`y\\` \\\\"'
    assert exec_quote("100%") == "100%%"


def test_launch_agent_plist(tmp_path):
    agent = LaunchAgent(home=tmp_path)
    assert not agent.is_enabled()
    agent.enable(["/Applications/Beacon.app/Contents/MacOS/beacon-gui"])
    data = plistlib.loads(agent.path.read_bytes())
    assert agent.path == tmp_path / "Library" / "LaunchAgents" / "io.beacon.Beacon.plist"
    assert data["Label"] == "io.beacon.Beacon" and data["RunAtLoad"] is True
    assert data["ProgramArguments"] == ["/Applications/Beacon.app/Contents/MacOS/beacon-gui"]
    assert agent.is_enabled()
    assert agent.disable() and not agent.is_enabled()


class FakeRegistry:
    def __init__(self):
        self.values: dict[str, str] = {}

    def get(self, name):
        return self.values.get(name)

    def set(self, name, value):
        self.values[name] = value

    def delete(self, name):
        return self.values.pop(name, None) is not None


def test_windows_run_key_quotes_the_command():
    registry = FakeRegistry()
    run = RunKey(registry)
    assert not run.is_enabled()
    run.enable([r"C:\Program Files\Beacon\beacon-gui.exe"])
    assert registry.values == {"Beacon": r'"C:\Program Files\Beacon\beacon-gui.exe"'}
    assert run.is_enabled()
    assert run.disable() and not run.is_enabled() and run.disable() is False


def test_for_this_platform():
    expected = {"win32": RunKey, "darwin": LaunchAgent}.get(sys.platform, XdgAutostart)
    if sys.platform == "win32":
        pytest.skip("would touch the real registry")
    assert isinstance(autostart.for_this_platform(), expected)


def exec_split(line: str) -> list[str]:
    """The Desktop Entry spec's Exec splitting: spaces separate; inside double quotes a
    backslash escapes one of " ` $ \\."""
    args, cur, quoted, i, started = [], "", False, 0, False
    while i < len(line):
        c = line[i]
        if quoted:
            if c == "\\" and i + 1 < len(line) and line[i + 1] in '"`$\\':
                cur += line[i + 1]
                i += 1
            elif c == '"':
                quoted = False
            else:
                cur += c
        elif c == '"':
            quoted, started = True, True
        elif c == " ":
            if cur or started:
                args.append(cur)
            cur, started = "", False
        else:
            cur += c
        i += 1
    if cur or started:
        args.append(cur)
    assert not quoted, "unbalanced quotes"
    return args


def _which(name: str) -> bool:
    return any(os.access(os.path.join(d, name), os.X_OK) for d in os.environ.get("PATH", "").split(os.pathsep))
