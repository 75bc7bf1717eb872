"""The real Linux build (PyInstaller -> .tar.gz + .deb, smoke-tested frozen). Minutes long:
runs only with BEACON_BUILD_TESTS=1 (and PyInstaller installed: packaging/requirements.txt)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
LIMITS_MB = {"app": 160, "tar.gz": 70, "deb": 50}  # measured 134 / 55 / 37 with PySide6-Essentials 6.11.3

pytestmark = [
    pytest.mark.skipif(os.environ.get("BEACON_BUILD_TESTS") != "1", reason="set BEACON_BUILD_TESTS=1 to build"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build"),
    pytest.mark.timeout(1200),
]


def test_linux_build_smoke_tests_and_stays_lean(tmp_path):
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is missing: pip install -r packaging/requirements.txt")
    for tool in ("dpkg-deb", "dpkg-shlibdeps", "desktop-file-validate"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing (Debian: dpkg-dev, desktop-file-utils)")
    env = dict(os.environ, PYTHON=sys.executable, OUT=str(tmp_path))
    result = subprocess.run(["bash", str(ROOT / "packaging" / "linux" / "build.sh")], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=1100)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert result.stdout.count("self-check passed") == 2  # unpacked tarball, unpacked .deb
    assert result.stdout.count("no graphical display") >= 2

    machine = os.uname().machine
    tarball = tmp_path / f"beacon-{__version__}-linux-{machine}.tar.gz"
    deb = next(tmp_path.glob(f"beacon_{__version__}_*.deb"))
    app = ROOT / "build" / "package" / "dist" / "beacon"
    app_mb = sum(p.stat().st_size for p in app.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20
    sizes = {"app": app_mb, "tar.gz": tarball.stat().st_size / 2**20, "deb": deb.stat().st_size / 2**20}
    print("sizes (MB):", {k: round(v, 1) for k, v in sizes.items()})
    for kind, limit in LIMITS_MB.items():
        assert sizes[kind] <= limit, f"{kind} grew to {sizes[kind]:.0f} MB (limit {limit}): what was added?"

    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
    top = f"beacon-{__version__}-linux-{machine}"
    for wanted in ("beacon", "beacon-gui", "install.sh", "share/applications/io.beacon.Beacon.desktop",
                   "share/icons/hicolor/256x256/apps/io.beacon.Beacon.png", "_internal/resources/icons/beacon.svg"):
        assert f"{top}/{wanted}" in names, wanted
    # Nothing from the test environment, nothing Qt Beacon does not use.
    assert not [n for n in names if re.search(r"keyrings/alt|pytest|hypothesis|Qt6Quick|Qt6Qml|qtvirtualkeyboard", n)]

    field = lambda name: subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True,  # noqa: E731
                                        text=True, check=True).stdout.strip()
    assert field("Package") == "beacon" and field("Version") == __version__
    depends = field("Depends")
    for package in ("libc6", "libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "libfontconfig1", "libdbus-1-3"):
        assert package in depends, depends
    contents = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    for path in ("./usr/bin/beacon -> ../../opt/beacon/beacon", "./usr/share/applications/io.beacon.Beacon.desktop",
                 "./usr/share/metainfo/io.beacon.Beacon.metainfo.xml", "./opt/beacon/beacon-gui"):
        assert path in contents, path


def test_user_install_script_round_trip(tmp_path):
    """install.sh from the built tarball into a fake home, then --uninstall."""
    machine = os.uname().machine
    tarball = ROOT / "dist" / f"beacon-{__version__}-linux-{machine}.tar.gz"
    if not tarball.exists():
        pytest.skip("run packaging/linux/build.sh (make package) first")
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp_path / "x", filter="tar")
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    folder = tmp_path / "x" / f"beacon-{__version__}-linux-{machine}"
    subprocess.run(["sh", str(folder / "install.sh")], env=env, check=True, capture_output=True, timeout=300)
    desktop = home / ".local/share/applications/io.beacon.Beacon.desktop"
    assert f"Exec={home}/.local/lib/beacon/beacon-gui %u" in desktop.read_text("utf-8")
    version = subprocess.run([str(home / ".local/bin/beacon"), "--version"], env=env, capture_output=True, text=True)
    assert version.stdout.strip() == f"beacon {__version__}"
    subprocess.run(["sh", str(folder / "install.sh"), "--uninstall"], env=env, check=True, capture_output=True)
    assert not desktop.exists() and not (home / ".local/lib/beacon").exists()
