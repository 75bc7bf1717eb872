"""Task and attention commands on a relay that cannot store them (it answers `internal`):
exit 1 saying so, the command stays queued — not "queued: will be sent when reachable"."""

from __future__ import annotations

import sqlite3

from desktop.protocol import frames as fr
from tests.client_kit import open_profile
from tests.integration.test_cli import beacon


def _disk_full_for(writer, kinds):
    original = writer._apply

    def failing(app, user, cmd):
        if isinstance(cmd, kinds):
            raise sqlite3.OperationalError("database or disk is full")
        return original(app, user, cmd)

    writer._apply = failing


async def test_task_and_status_commands_report_an_unstored_command(tmp_path, workspace, relay):
    profile = tmp_path / "alice"
    p = ["--profile", str(profile)]
    code, _, err = await beacon(tmp_path, *p, "login", "--relay", relay.url, "--token", workspace.tokens["alice"])
    assert code == 0, err
    _disk_full_for(relay._writer, (fr.TaskCreate, fr.SetStatus))
    for args in (["task", "add", "general", "write the notes"], ["status", "set", "In a meeting"]):
        code, out, err = await beacon(tmp_path, *p, *args, timeout=20.0)
        assert code == 1, (args, out, err)
        assert "the relay could not store it; it stays queued" in err and "queued: will" not in out
    store = open_profile(profile)
    try:
        kinds = sorted(type(i.frame).__name__ for i in store.outbox(("pending", "sending")))
    finally:
        store.close()
    assert kinds == ["SetStatus", "TaskCreate"]
