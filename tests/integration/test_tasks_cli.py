"""`beacon task/tasks/conflicts` end to end: real processes, a real relay, real caches."""

from __future__ import annotations

import datetime as dt
import re

from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import free_port, relay_visible
from tests.integration.test_cli import beacon


async def test_task_commands_online_offline_and_conflicts(tmp_path, workspace):
    port = free_port()
    relay = Relay(workspace.data, "127.0.0.1", port, config=RelayConfig(poll_interval_s=0.05))
    await relay.start()
    url = f"ws://127.0.0.1:{port}"
    a = ["--profile", str(tmp_path / "alice")]
    b = ["--profile", str(tmp_path / "bob")]
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)  # next week
    try:
        for p, user in ((a, "alice"), (b, "bob")):
            code, _, err = await beacon(tmp_path, *p, "login", "--relay", url, f"--token={workspace.tokens[user]}")
            assert code == 0, err
        code, out, err = await beacon(
            tmp_path, *a, "task", "add", "#general", "Migrate the database", "--assignee", "bob",
            "--start", monday.isoformat(), "--due", (monday + dt.timedelta(days=4)).isoformat(), "--estimate", "30")
        assert code == 0 and "created task" in out, err
        code, out, _ = await beacon(
            tmp_path, *a, "task", "add", "general", "Write the runbook", "--assignee", "@bob",
            "--start", (monday + dt.timedelta(days=1)).isoformat(), "--due", (monday + dt.timedelta(days=2)).isoformat(),
            "--estimate", "16", "--priority", "high")
        assert code == 0 and f"warning: bob: 46 h of 40 h in the week of {monday.isoformat()}" in out  # told at once
        assert (await beacon(tmp_path, *b, "sync"))[0] == 0
        code, out, _ = await beacon(tmp_path, *b, "tasks", "general")
        assert code == 0 and "Migrate the database" in out and "Write the runbook" in out and "high" in out
        number = re.search(r"T(\d+)  \[To do\]  Migrate", out)[1]
        code, out, _ = await beacon(tmp_path, *b, "tasks", "--mine")
        assert code == 0 and out.index("Later:") < out.index("Migrate")  # due next week
        code, out, _ = await beacon(tmp_path, *b, "conflicts")
        assert code == 0 and "bob: 46 h of 40 h in the week of " + monday.isoformat() in out
        code, out, _ = await beacon(tmp_path, *b, "conflicts", "--days", "0")
        assert "no conflicts in the next 0 days" in out  # next week is beyond that horizon
        code, out, err = await beacon(tmp_path, *b, "task", "move", f"T{number}", "In progress")
        assert code == 0 and "updated" in out, err
        code, _, err = await beacon(tmp_path, *b, "task", "move", f"T{number}", "someday")
        assert code == 1 and "no column 'someday'" in err and "To do" in err
        code, _, err = await beacon(tmp_path, *b, "task", "edit", f"T{number}", "--due", "31.12.")
        assert code == 1 and "not a date" in err and "Traceback" not in err
        code, _, err = await beacon(tmp_path, *b, "task", "edit", f"T{number}", "--assignee", "dave")
        assert code == 1 and "not a member" in err
        code, _, err = await beacon(tmp_path, *b, "task", "show", "T999999")
        assert code == 1 and "no task" in err
        assert (await beacon(tmp_path, *a, "sync"))[0] == 0
        code, out, _ = await beacon(tmp_path, *a, "tasks", "general")
        assert f"T{number}  [In progress]  Migrate the database" in out
    finally:
        await relay.stop()

    # Offline: both edit the same task; alice the due date, bob the due date and the title.
    code, out, _ = await beacon(tmp_path, *a, "task", "edit", f"T{number}", "--due", (monday + dt.timedelta(days=3)).isoformat())
    assert code == 0 and "queued" in out
    code, out, _ = await beacon(tmp_path, *a, "tasks")
    assert "(pending)" in out
    code, out, _ = await beacon(tmp_path, *b, "task", "edit", f"T{number}", "--due", (monday + dt.timedelta(days=2)).isoformat(),
                                "--title", "Migrate the database (phase 1)")
    assert code == 0 and "queued" in out

    relay = Relay(workspace.data, "127.0.0.1", port, config=RelayConfig(poll_interval_s=0.05))
    await relay.start()
    try:
        assert (await beacon(tmp_path, *a, "sync"))[0] == 0
        assert (await beacon(tmp_path, *b, "sync"))[0] == 0
        assert (await beacon(tmp_path, *a, "sync"))[0] == 0
        code, out, _ = await beacon(tmp_path, *a, "tasks", "general")
        due = (monday + dt.timedelta(days=2)).isoformat()
        assert f"Migrate the database (phase 1)" in out and f"→ {due}" in out
        assert "! T" in out and "your due" in out and "replaced by bob's " + due in out
        code, out, _ = await beacon(tmp_path, *a, "tasks", "general")
        assert "! T" not in out  # told once
        code, out, _ = await beacon(tmp_path, *a, "task", "show", f"T{number}")
        assert f"replacing alice's {(monday + dt.timedelta(days=3)).isoformat()}" in out
        code, out, _ = await beacon(tmp_path, *a, "task", "comment", f"T{number}", "starting **monday**")
        assert code == 0
        assert (await beacon(tmp_path, *b, "sync"))[0] == 0
        code, out, _ = await beacon(tmp_path, *b, "task", "show", f"T{number}")
        assert "alice  commented: starting **monday**" in out
    finally:
        await relay.stop()
    kinds = [e.kind for e in relay_visible(workspace.data, "carol") if e.kind.startswith("task.")]
    assert kinds.count("task.created") == 2  # carol is in #general: she sees every change
    assert [e.kind for e in relay_visible(workspace.data, "dave") if e.kind.startswith("task.")] == []
