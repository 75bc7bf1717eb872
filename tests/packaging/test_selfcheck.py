"""`beacon self-check` in this environment: every check passes and the user's data is untouched."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from desktop import selfcheck

ROOT = Path(__file__).resolve().parents[2]


def test_self_check_passes_without_touching_the_default_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    out = io.StringIO()
    assert selfcheck.run(gui=True, out=out) == 0, out.getvalue()
    text = out.getvalue()
    for what in ("relay on loopback: ws://127.0.0.1:", "sign in", "send and sync", "offline search",
                 "cache is encrypted", "reopen offline", "Qt (offscreen, child process)"):
        assert f"ok   {what}" in text, text
    assert text.rstrip().endswith("self-check passed")
    assert not (tmp_path / "data").exists(), "the self-check must not create a real profile"
    assert not list((tmp_path / "tmp").iterdir()), "the temporary profile and relay must be removed"


def test_a_failing_check_is_reported_and_fails_the_run(monkeypatch):
    monkeypatch.setattr(selfcheck, "resources_dir", lambda: Path("/nonexistent"))
    out = io.StringIO()
    assert selfcheck.run(gui=False, out=out) == 1
    assert "FAIL resources: CheckFailed: missing: /nonexistent/icons/beacon.svg" in out.getvalue()
    assert "self-check FAILED: 1 check(s)" in out.getvalue()


def test_module_entry_point(tmp_path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "desktop.selfcheck", "--no-gui"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-check passed" in result.stdout and "Qt" not in result.stdout


def test_passes_with_beacon_passphrase_set_as_the_readme_recommends(tmp_path, monkeypatch):
    # The user's BEACON_PASSPHRASE used to replace the check's deliberately wrong
    # passphrase, so "cache is encrypted" failed with "a wrong passphrase opened the cache".
    monkeypatch.setenv("BEACON_PASSPHRASE", "the user's own passphrase")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    out = io.StringIO()
    assert selfcheck.run(gui=False, out=out) == 0, out.getvalue()
    assert "ok   cache is encrypted" in out.getvalue()
