"""Other people's text cannot drive the terminal: every `beacon` command that prints it
(read, search, channels, files, download, tasks, task show, status, scheduled, outbox) shows escape sequences, carriage returns and bidi overrides as visible codes.
Real processes, a real relay, a real cache."""

from __future__ import annotations

import asyncio
import re

from desktop.domain.terminal import BIDI_CHARS
from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.store import tasks as store_tasks
from server_stub import admin
from tests.client_kit import engine, open_profile
from tests.integration.test_cli import beacon
from tests.integration.test_files_transfer import make_file, share

# Retitles the terminal (OSC), clears the screen (CSI 2J), overwrites the line (CR),
# reverses what follows (U+202E), and a single-byte C1 CSI.
EVIL = "\x1b]0;pwned\x07T \x1b[2Jclear \rfake \u202eevil\u202c \x9b31m"
# Anything a terminal acts on, except the newline that ends each output line.
RAW = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029{BIDI_CHARS}]")


async def _as_mallory(tmp_path, relay, token, workspace):
    """Mallory writes hostile text everywhere alice will read it."""
    general = workspace.channels["general"]
    store = open_profile(tmp_path / "mallory")
    try:
        evil_file = make_file(tmp_path / f"report{EVIL[:12]}\u202efdp.exe", 5_000)
        await share(store, relay, token, general, evil_file, caption=EVIL)
        store.enqueue(fr.Post(id=new_client_id(), channel=general, text=f"hello {EVIL} world"))
        store.enqueue(fr.OpenDm(id=new_client_id(), user="alice"))
        store.enqueue(fr.TaskSetColumns(id=new_client_id(), channel=general, columns=[
            ev.TaskColumn(key="todo", name="\x1b[2J\u202eTo do"), ev.TaskColumn(key="done", name="Done")]))
        store.enqueue(store_tasks.create_command(general, f"task {EVIL}", description=f"line one {EVIL}\nline two\r",
                                                 labels=["\x1b[31m\u202elabel"], assignees=["alice"],
                                                 due="2030-01-01", estimate=500.0))
        store.enqueue(fr.SetStatus(id=new_client_id(), text=f"busy {EVIL}"[:100]))
        report = await engine(store, relay.url, token).sync_once()
        assert not report.failed, report.failed
        task = next(r for r in store_tasks.tasks(store) if r.title.startswith("task "))
        store.enqueue(fr.TaskComment(id=new_client_id(), task=task.id, text=f"comment {EVIL}"))
        dm = next(c for c in store.channels() if c.dm)
        store.enqueue(fr.Post(id=new_client_id(), channel=dm.id, text=f"psst {EVIL}"))
        report = await engine(store, relay.url, token).sync_once()
        assert not report.failed, report.failed
        return task.ref
    finally:
        store.close()


def _clean(args, out: str, err: str) -> None:
    assert not RAW.search(out), (args, RAW.search(out), out)
    assert not RAW.search(err), (args, RAW.search(err), err)
    assert "Traceback" not in err, (args, err)


async def test_hostile_text_reaches_the_terminal_inert(tmp_path, workspace, relay):
    # (The relay refuses control and formatting characters in display and channel names.)
    token = await asyncio.to_thread(admin.add_user, workspace.data, "mallory", "Mallory")
    await asyncio.to_thread(admin.add_member, workspace.data, "general", "mallory")
    ref = await _as_mallory(tmp_path, relay, token, workspace)

    a = ["--profile", str(tmp_path / "alice")]
    code, out, err = await beacon(tmp_path, *a, "login", "--relay", relay.url, "--token", workspace.tokens["alice"])
    assert code == 0, err
    _clean("login", out, err)
    # Alice's own hostile-looking text (pasted from somewhere) waits as a scheduled message.
    code, out, err = await beacon(tmp_path, *a, "send", "general", f"later {EVIL}", "--at", "+2h")
    assert code == 0, err
    _clean("send --at", out, err)

    dest = tmp_path / "dest"
    dest.mkdir()
    files_out = (await beacon(tmp_path, *a, "files"))[1]
    file_id = files_out.split()[0]
    seen = {}
    for args in (["read", "general"], ["read", "@mallory"], ["search", "world"], ["channels"], ["files"],
                 ["download", file_id, "--to", str(dest)], ["tasks", "--mine"], ["task", "show", ref],
                 ["status", "show", "mallory"], ["scheduled", "--all"], ["outbox"]):
        code, out, err = await beacon(tmp_path, *a, *args)
        assert code == 0, (args, out, err)
        _clean(args, out, err)
        seen[args[0] + (" " + args[1] if len(args) > 1 else "")] = out
    # Not vacuous: the hostile parts are there, made visible.
    assert "<U+001B>]0;pwned<U+0007>" in seen["read general"] and "<U+202E>evil<U+202C>" in seen["read general"]
    assert "<U+001B>[2Jclear <U+000D>fake" in seen["read @mallory"]
    assert "<U+202E>" in seen["search world"]
    assert "@Mallory" in seen["channels"]
    assert "<U+202E>fdp.exe" in seen["files"]
    assert "task <U+001B>]0;pwned" in seen["tasks --mine"] and "<U+001B>[2J<U+202E>To do" in seen["tasks --mine"]
    assert "#<U+001B>[31m<U+202E>label" in seen["tasks --mine"]
    assert "line one <U+001B>]0;pwned" in seen["task show"] and "line two<U+000D>" in seen["task show"]
    assert "commented: comment <U+001B>" in seen["task show"]
    assert "busy <U+001B>]0;pwned" in seen["status show"]
    assert "later <U+001B>]0;pwned" in seen["scheduled --all"]
    await relay.stop()

    # A relay that is itself hostile could send any `error` with a schedule.changed event.
    store = open_profile(tmp_path / "alice")
    try:
        store.apply_events([ev.ScheduledChanged(seq=store.cursor() + 1, ts=1, actor="alice", sched=new_client_id(),
                                                channel=workspace.channels["general"], text="x", at=1,
                                                state="failed", error=f"refused {EVIL}")])
    finally:
        store.close()
    code, out, err = await beacon(tmp_path, *a, "scheduled", "--all")
    assert code == 0, err
    _clean("scheduled (hostile relay)", out, err)
    assert "failed: refused <U+001B>]0;pwned" in out
