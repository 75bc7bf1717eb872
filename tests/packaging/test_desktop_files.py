"""The Linux menu entry and AppStream metadata: valid for the freedesktop tools, consistent with the icons."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.beacon.Beacon"
DESKTOP = ROOT / "resources" / "linux" / f"{APP_ID}.desktop"
METAINFO = ROOT / "resources" / "linux" / f"{APP_ID}.metainfo.xml"


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package}; .ci/run should install it)")
    return path


def _entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates():
    result = subprocess.run([_tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_validates():
    result = subprocess.run([_tool("appstreamcli", "appstream"), "validate", "--no-net", "--pedantic", str(METAINFO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # Nothing above "info"/"pedantic": no warnings, no errors.
    assert not [l for l in result.stdout.splitlines() if l.startswith(("W:", "E:"))], result.stdout


def test_desktop_entry_runs_the_gui_and_claims_only_the_beacon_scheme():
    entry = _entry()
    assert entry["Exec"] == "beacon-gui %u"  # one link, one argument: see desktop/linkscheme.split_argv
    assert entry["TryExec"] == "beacon-gui"
    assert entry["Icon"] == APP_ID
    assert entry["MimeType"] == "x-scheme-handler/beacon;"
    assert entry["Terminal"] == "false"


def test_metainfo_points_at_the_desktop_file_and_icon():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name
    assert root.find("icon").text == APP_ID
    binaries = {b.text for b in root.iter("binary")}
    assert {"beacon-gui", "beacon"} <= binaries


def test_every_hicolor_icon_the_entry_names_exists():
    hicolor = ROOT / "resources" / "icons" / "hicolor"
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        assert (hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file(), size
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == (ROOT / "resources" / "icons" / "beacon.svg").read_bytes(), \
        "run tools/make_icons.py: the scalable icon is a copy of beacon.svg"
