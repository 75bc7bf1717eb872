"""`make run`'s demo workspace has content in every view: tasks with a workload conflict,
an image and documents, a scheduled message, a colleague in do-not-disturb, statuses, pins."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.embedded_relay import EmbeddedRelay, prepare_demo

ROOT = Path(__file__).resolve().parents[2]


def _beacon(profile: Path, *args: str) -> str:
    env = dict(os.environ, BEACON_PASSPHRASE="demo test", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "--profile", str(profile), *args],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_demo_has_content_in_every_view(tmp_path):
    tokens = prepare_demo(tmp_path / "relay")
    relay = EmbeddedRelay(tmp_path / "relay")
    url = relay.start()
    try:
        profile = tmp_path / "me"
        _beacon(profile, "login", "--relay", url, "--token", tokens["me"])
        tasks = _beacon(profile, "tasks")
        assert "Release 0.2 notes" in tasks and "离线搜索评审会" in tasks and "[Done]" in tasks
        assert "li.wei" in _beacon(profile, "conflicts", "--days", "14")  # 30 h + 24 h in one week
        files = _beacon(profile, "files")
        assert "build-times.png  image" in files and "离线搜索需求.md" in files and "Q4-budget.csv" in files
        assert "pending  Reminder: release retro" in _beacon(profile, "scheduled")
        assert "do-not-disturb until" in _beacon(profile, "status", "show", "li.wei")
        assert "开会中" in _beacon(profile, "status", "show", "zhang.min")
        assert "📌" in _beacon(profile, "read", "general")
        library = _beacon(profile, "library", "list", "--sort", "reused")
        first, *rest = library.splitlines()
        assert "Resume after a relay restart" in first and "reused 3x" in first and "published" in first
        assert any("中文短词搜索" in line for line in rest) and any("离线搜索需求文档模板" in line for line in rest)
    finally:
        relay.stop()
