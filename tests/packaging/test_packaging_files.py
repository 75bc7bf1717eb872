"""Cheap checks of the build recipes that only run elsewhere (CI runners, Windows, macOS)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def test_spec_and_entry_compile():
    compile((PACKAGING / "beacon.spec").read_text("utf-8"), "beacon.spec", "exec")
    compile((PACKAGING / "entry.py").read_text("utf-8"), "entry.py", "exec")


def test_spec_keeps_test_keyrings_out_of_the_app():
    spec = (PACKAGING / "beacon.spec").read_text("utf-8")
    assert '"keyrings.alt"' in spec, "keyrings.alt's PlaintextKeyring must never ship"
    assert "upx=False" in spec


def test_frozen_entry_dispatches_like_the_installed_commands(tmp_path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, str(PACKAGING / "entry.py"), "--version"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == f"beacon {__version__}", result.stderr


@pytest.mark.parametrize("script", ["linux/build.sh", "linux/install.sh", "macos/build.sh"])
def test_shell_scripts_parse(script):
    path = PACKAGING / script
    assert os.access(path, os.X_OK), f"{script} is not executable"
    shell = "sh" if path.read_text("utf-8").startswith("#!/bin/sh") else "bash"
    result = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    if shutil.which("shellcheck"):
        result = subprocess.run(["shellcheck", "-S", "warning", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout


def test_ci_workflow_builds_all_three_and_is_where_github_expects_it():
    ours = (PACKAGING / "ci" / "build.yml").read_text("utf-8")
    assert (ROOT / ".github" / "workflows" / "build.yml").read_text("utf-8") == ours, "keep the two copies equal"
    jobs = re.findall(r"^  (\w+):\n    (?:#.*\n    )?runs-on: (\S+)", ours, re.M)
    assert {name for name, _ in jobs} == {"linux", "windows", "macos"}, jobs
    for script in ("packaging/linux/build.sh", "packaging/windows/build.ps1", "packaging/macos/build.sh"):
        assert script in ours and (ROOT / script).is_file()
    assert "\t" not in ours


def test_inno_setup_script():
    iss = (PACKAGING / "windows" / "beacon.iss").read_text("utf-8")
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.M), "a fixed AppId keeps upgrades in place"
    assert '"{autoprograms}\\Beacon"; Filename: "{app}\\beacon-gui.exe"' in iss  # Start menu
    assert "SetupIconFile=..\\..\\resources\\icons\\beacon.ico" in iss
    assert (ROOT / "resources" / "icons" / "beacon.ico").is_file()
    # The link handler passes the link as one quoted argument and nothing else.
    assert 'ValueData: """{app}\\beacon-gui.exe"" ""%1"""' in iss
    assert 'ValueName: "Beacon"; Flags: uninsdeletevalue' in iss  # autostart removed on uninstall
    assert "PrivilegesRequired=lowest" in iss


def test_deb_depends_cover_what_qt_loads_at_run_time():
    build = (PACKAGING / "linux" / "build.sh").read_text("utf-8")
    for package in ("libxcb-cursor0", "libegl1", "libwayland-egl1"):
        assert package in build
