"""beacon-gui before Qt: --version, link refusal, and one clear line when no window can open."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.gui import display_problem

ROOT = Path(__file__).resolve().parents[2]
LINUX = "linux"


def _gui(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "gui", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def _clean_env(tmp_path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"), XDG_DATA_HOME=str(tmp_path / "data"))
    env.update(extra)
    return env


def test_version_needs_no_qt_and_no_display(tmp_path):
    result = _gui("--version", env=_clean_env(tmp_path))
    assert result.returncode == 0 and result.stdout.strip() == f"beacon-gui {__version__}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux can lack a display")
def test_no_display_is_one_clear_line_not_a_qt_abort(tmp_path):
    result = _gui(env=_clean_env(tmp_path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no graphical display" in lines[0] and "DISPLAY" in lines[0], result.stderr
    assert "Aborted" not in result.stderr and "qt.qpa" not in result.stderr
    # The log file is written where the platform keeps logs (XDG_STATE_HOME on Linux).
    assert (tmp_path / "state" / "Beacon" / "log" / "beacon.log").is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 check")
def test_unreachable_x_server_is_named(tmp_path):
    from desktop.gui import _plugin_error, _qt_plugins_dir

    error = _plugin_error(_qt_plugins_dir() / "platforms" / "libqxcb.so")
    if error:  # then that is what beacon-gui reports, before trying the X server
        pytest.skip(f"Qt's xcb plugin cannot load here: {error} (.ci/run should install libxcb-cursor0)")
    result = _gui(env=_clean_env(tmp_path, DISPLAY=":93"))
    assert result.returncode == 1 and "no X11 display answers at DISPLAY=:93" in result.stderr, result.stderr


def test_a_bad_link_is_refused_before_anything_starts(tmp_path):
    result = _gui("beacon://run/calc", env=_clean_env(tmp_path, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 2 and "beacon://message/<channel>/<message id>" in result.stderr
    result = _gui("beacon://message/C1/1", "--profile", "/tmp/x", env=_clean_env(tmp_path, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 2 and "only argument" in result.stderr


def test_display_problem_rules(tmp_path):
    plugins = tmp_path / "plugins"
    (plugins / "platforms").mkdir(parents=True)
    assert display_problem({}, "win32") is None
    assert display_problem({}, "darwin") is None
    assert "neither DISPLAY nor WAYLAND_DISPLAY" in display_problem({}, LINUX, plugins)
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, LINUX, plugins) is None
    assert "DISPLAY is not set" in display_problem({"QT_QPA_PLATFORM": "xcb"}, LINUX, plugins)
    assert "WAYLAND_DISPLAY is not set" in display_problem({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, LINUX, plugins)
    # A build that lost its platform plugins says so instead of letting Qt abort.
    problem = display_problem({"DISPLAY": ":0"}, LINUX, plugins)
    assert "libqxcb.so is missing from this installation" in problem
    problem = display_problem({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, LINUX, plugins)
    assert "libqwayland.so" in problem and "libqxcb.so" in problem


def test_a_plugin_with_a_missing_system_library_names_the_package(tmp_path):
    plugins = tmp_path / "plugins"
    (plugins / "platforms").mkdir(parents=True)
    # Not an ELF file: the loader refuses it, and the reason is passed on.
    (plugins / "platforms" / "libqxcb.so").write_bytes(b"not a library")
    problem = display_problem({"DISPLAY": ":0"}, LINUX, plugins)
    assert problem.startswith("the window cannot open: Qt's platform plugin libqxcb.so cannot load")


def test_self_check_of_the_qt_side_offscreen(tmp_path):
    result = _gui("--self-check", env=_clean_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   gui:" in result.stdout and "translations en, zh_CN" in result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("gcc") or not shutil.which("ldd"),
                    reason="needs gcc and ldd to build a plugin with missing libraries")
def test_every_missing_system_library_is_named_at_once(tmp_path, monkeypatch):
    # A stand-in platform plugin linked against two libraries, which are then removed:
    # the loader reports only the first, the message must name both and their packages.
    import desktop.gui as gui

    build = tmp_path / "build"
    build.mkdir()
    for name in ("beaconfakea", "beaconfakeb"):
        (build / f"{name}.c").write_text(f"int {name}_fn(void) {{ return 1; }}\n")
        subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(build / f"lib{name}.so"), str(build / f"{name}.c"),
                        f"-Wl,-soname,lib{name}.so.1"], check=True)
    (build / "plugin.c").write_text("int beaconfakea_fn(void); int beaconfakeb_fn(void);"
                                    " int f(void) { return beaconfakea_fn() + beaconfakeb_fn(); }\n")
    plugins = tmp_path / "plugins"
    (plugins / "platforms").mkdir(parents=True)
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(plugins / "platforms" / "libqxcb.so"),
                    str(build / "plugin.c"), f"-L{build}", "-lbeaconfakea", "-lbeaconfakeb"], check=True)
    shutil.rmtree(build)
    monkeypatch.setitem(gui.X11_PACKAGES, "libbeaconfakea.so.1", "beacon-fake-a")
    monkeypatch.setitem(gui.X11_PACKAGES, "libbeaconfakeb.so.1", "beacon-fake-b")
    problem = display_problem({"DISPLAY": ":0"}, LINUX, plugins)
    assert "libbeaconfakea.so.1, libbeaconfakeb.so.1 are missing" in problem, problem
    assert "sudo apt install beacon-fake-a beacon-fake-b" in problem, problem


def test_help_needs_no_display(tmp_path):
    result = _gui("--help", env=_clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "usage: beacon-gui" in result.stdout and "--profile" in result.stdout
