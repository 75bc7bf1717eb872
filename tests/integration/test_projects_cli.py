"""`beacon project/demand/leave/board/free` end to end: real processes, a real relay,
real caches; CSV and XLSX exports read back; the owner's conflict digest posted once
and again only when the conflicts change."""

from __future__ import annotations

import csv
import datetime as dt
import re

from openpyxl import load_workbook

from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import free_port, relay_texts
from tests.integration.test_cli import beacon


async def test_projects_demands_leave_board_free_exports_and_digests(tmp_path, workspace):
    port = free_port()
    relay = Relay(workspace.data, "127.0.0.1", port, config=RelayConfig(poll_interval_s=0.05))
    await relay.start()
    url = f"ws://127.0.0.1:{port}"
    p = {u: ["--profile", str(tmp_path / u)] for u in ("alice", "bob", "carol")}
    today = dt.date.today()
    mon = today + dt.timedelta(days=7 - today.weekday())  # next Monday: within the 14-day notice horizon
    fri = mon + dt.timedelta(days=4)

    async def run(user, *args):
        return await beacon(tmp_path, *p[user], *args)

    try:
        for user in p:
            code, _, err = await run(user, "login", "--relay", url, f"--token={workspace.tokens[user]}")
            assert code == 0, err
        code, out, err = await run("bob", "project", "set", "general", "--name", "Apollo\x1b[31m", "--customer", "ACME",
                                   "--start", "today", "--end", "+8w")
        assert code == 0 and "is now the project Apollo<U+001B>[31m" in out, err  # terminal-safe
        code, out, err = await run("bob", "project", "set", "general", "--name", "Apollo")
        assert code == 0 and "updated project" in out, err
        code, out, err = await run("bob", "demand", "add", "Apollo", "--person", "carol", "--hours", "30",
                                   "--from", mon.isoformat(), "--to", fri.isoformat())
        assert code == 0 and "added to Apollo" in out, err
        demand = re.search(r"demand (\S+) added", out)[1]
        code, out, err = await run("alice", "project", "set", "产品讨论", "--name", "Borealis")
        assert code == 0, err
        code, out, err = await run("alice", "demand", "add", "Borealis", "--person", "carol", "--percent", "50",
                                   "--from", mon.isoformat(), "--to", fri.isoformat(), "--skill", "qt")
        assert code == 0, err
        code, out, err = await run("alice", "demand", "add", "Borealis", "--role", "tester", "--hours", "10",
                                   "--from", mon.isoformat(), "--to", fri.isoformat())
        assert code == 0, err
        code, out, err = await run("carol", "leave", "add", "--from", (mon + dt.timedelta(days=2)).isoformat(),
                                   "--to", (mon + dt.timedelta(days=2)).isoformat(), "--note", "dentist")
        assert code == 0 and "leave" in out, err
        code, out, err = await run("alice", "holidays", "cn", "--name", "China", "--day", (mon + dt.timedelta(days=1)).isoformat())
        assert code == 0 and "holiday calendar cn: 1 day(s)" in out, err
        code, _, err = await run("bob", "holidays", "cn", "--day", mon.isoformat())
        assert code == 1 and "admins" in err
        code, out, err = await run("bob", "person", "set", "--tz", "Asia/Shanghai", "--holidays", "cn", "--skill", "qt",
                                   "--hours", "09:00-13:00,09:00-13:00,09:00-13:00,09:00-13:00,09:00-13:00,,")
        assert code == 0 and "updated bob's calendar" in out, err
        code, _, err = await run("bob", "person", "set", "--user", "carol", "--team", "mine")
        assert code == 1 and "only that person" in err
        code, _, err = await run("bob", "person", "set", "--tz", "Mars/Olympus")
        assert code == 1 and "not a time zone" in err
        code, _, err = await run("carol", "demand", "edit", demand, "--hours", "1")
        assert code == 1 and "refused" in err and "owner" in err and "Traceback" not in err
        code, _, err = await run("bob", "demand", "add", "Apollo", "--person", "carol", "--hours", "5", "--from", "31.12.")
        assert code == 1 and "not a date" in err
        code, _, err = await run("bob", "board", "--weeks", "13")
        assert code == 1 and "between 4 and 12" in err

        before = len(relay_texts(workspace.data))
        csv_path, xlsx_path = tmp_path / "board.csv", tmp_path / "board.xlsx"
        code, out, err = await run("bob", "board", "--weeks", "4", "--csv", str(csv_path), "--xlsx", str(xlsx_path))
        assert code == 0, err
        [carol_line] = [line for line in out.splitlines() if line.startswith("carol")]
        assert "50/32!#" in carol_line  # 30 h + 50 % of 40 h, 32 h available (one day on leave), conflict
        assert "carol double-booked by Apollo, Borealis" in out
        assert f"carol is on leave on {(mon + dt.timedelta(days=2)).isoformat()}" in out
        assert "open: Borealis needs a tester 10 h/week" in out
        [bob_line] = [line for line in out.splitlines() if line.startswith("bob ")]
        assert "0/32" in bob_line  # 40 h a week over 4-hour days: 8 h each, one a holiday in his calendar
        assert "conflict digest posted for project" in out  # bob owns Apollo: his client posts its digest
        texts = relay_texts(workspace.data)
        assert len(texts) == before + 1 and texts[-1].startswith("Resource check for Apollo: ")
        assert "carol double-booked by Apollo, Borealis" in texts[-1]
        with csv_path.open(encoding="utf-8") as f:
            table = list(csv.reader(f))
        col = table[0].index(f"{mon.isoformat()} planned")
        [carol] = [r for r in table if r[0] == "carol"]
        assert (float(carol[col]), float(carol[col + 1]), carol[col + 2]) == (50.0, 32.0, "yes")
        sheet = load_workbook(xlsx_path)["Board"]
        values = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=2)}
        assert values["carol"][3 + (mon - (today - dt.timedelta(days=today.weekday()))).days // 7] == "50/32 !"

        # Looking again changes nothing: the owner was told once.
        code, out, _ = await run("bob", "board")
        assert code == 0 and "conflict digest" not in out and len(relay_texts(workspace.data)) == before + 1
        # A re-plan that changes the conflicts is announced again.
        code, out, err = await run("bob", "demand", "edit", demand, "--hours", "20")
        assert code == 0 and "re-planned" in out, err
        code, out, _ = await run("bob", "project", "notify")
        assert code == 0 and "conflict digest posted" in out
        assert len(relay_texts(workspace.data)) == before + 2

        code, out, err = await run("bob", "free", "--from", mon.isoformat(), "--to", fri.isoformat(), "--hours", "20")
        assert code == 0, err
        free = [line.split()[0] for line in out.splitlines()]
        assert "carol" not in free and {"alice", "bob", "dave"} <= set(free)
        code, out, _ = await run("bob", "free", "--from", mon.isoformat(), "--to", fri.isoformat(), "--hours", "20",
                                 "--skill", "qt")
        assert code == 0 and out.startswith("bob  32 h/week spare  load 0 %") and "carol" not in out  # holiday week
        code, out, _ = await run("bob", "free", "--from", mon.isoformat(), "--to", fri.isoformat(), "--hours", "33",
                                 "--skill", "qt")
        assert code == 0 and "nobody has 33 h a week free" in out
        code, out, _ = await run("bob", "projects", "--demands")
        assert code == 0 and "Apollo" in out and "Borealis" in out and f"{demand}  carol  20 h/week" in out
    finally:
        await relay.stop()


async def test_beacon_conflicts_flags_a_task_that_cannot_fit_across_a_weekend(tmp_path, workspace):
    """The weekly rule splits 40 h from Thursday to Tuesday into 20 h + 20 h and saw
    nothing; four working days hold 32 h, so the task is flagged now."""
    port = free_port()
    relay = Relay(workspace.data, "127.0.0.1", port, config=RelayConfig(poll_interval_s=0.05))
    await relay.start()
    a = ["--profile", str(tmp_path / "alice")]
    today = dt.date.today()
    thu = today + dt.timedelta(days=(3 - today.weekday()) % 7 or 7)
    try:
        code, _, err = await beacon(tmp_path, *a, "login", "--relay", f"ws://127.0.0.1:{port}",
                                    f"--token={workspace.tokens['alice']}")
        assert code == 0, err
        code, out, err = await beacon(tmp_path, *a, "task", "add", "general", "Migrate", "--assignee", "bob",
                                      "--start", thu.isoformat(), "--due", (thu + dt.timedelta(days=5)).isoformat(),
                                      "--estimate", "40")
        assert code == 0 and "cannot fit: 40 h each between" in out and "bob has 32 h" in out, err
        code, out, _ = await beacon(tmp_path, *a, "conflicts")
        assert code == 0 and re.search(r"T\d+ cannot fit: 40 h each between .* but bob has 32 h of working time", out)
        assert "h of 40 h in the week" not in out  # no calendar week is over: the weekly rule alone missed it
    finally:
        await relay.stop()
