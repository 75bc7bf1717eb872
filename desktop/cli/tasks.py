"""`beacon task ...`, `beacon tasks`, `beacon conflicts`: tasks from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import re

from desktop.domain.terminal import safe
from desktop.store import tasks as store_tasks

_FIELD_FLAGS = ("title", "description", "status", "start", "due", "estimate", "priority")


def add_parsers(sub) -> dict:
    s = sub.add_parser("task", help="create, move, edit, show or comment on a task")
    tsub = s.add_subparsers(dest="task_command", metavar="ACTION", required=True)

    a = tsub.add_parser("add", help="create a task (queued if the relay is unreachable)")
    a.add_argument("channel")
    a.add_argument("title")
    _value_flags(a, for_edit=False)
    a.add_argument("--from-message", type=int, metavar="MSG_ID", help="link the task to this message")

    m = tsub.add_parser("move", help="set a task's status (column)")
    m.add_argument("id", help="T12, 12, or the id `beacon tasks` prints")
    m.add_argument("status", help="column key or name: todo, doing, done, ...")

    e = tsub.add_parser("edit", help="change fields of a task")
    e.add_argument("id")
    _value_flags(e, for_edit=True)

    sh = tsub.add_parser("show", help="a task with its comments and history")
    sh.add_argument("id")

    c = tsub.add_parser("comment", help="comment on a task")
    c.add_argument("id")
    c.add_argument("text")

    cap = tsub.add_parser("capacity", help="set your weekly capacity in hours (default 40)")
    cap.add_argument("hours", type=float)

    s = sub.add_parser("tasks", help="list tasks (cached; works offline)")
    s.add_argument("channel", nargs="?")
    s.add_argument("--mine", action="store_true", help="only tasks assigned to me, by due date")

    s = sub.add_parser("conflicts", help="workload and absence warnings for the next days")
    s.add_argument("--days", type=int, default=14)
    return {"task": cmd_task, "tasks": cmd_tasks, "conflicts": cmd_conflicts}


def _value_flags(p: argparse.ArgumentParser, *, for_edit: bool) -> None:
    if for_edit:
        p.add_argument("--title")
        p.add_argument("--status")
    p.add_argument("--description", help="markdown")
    p.add_argument("--assignee", action="append", metavar="NAME", help="repeat for several; '' clears" if for_edit else "repeat for several")
    p.add_argument("--start", metavar="DATE", help="YYYY-MM-DD, today, tomorrow, +3d, +2w ('' clears)")
    p.add_argument("--due", metavar="DATE")
    p.add_argument("--estimate", metavar="HOURS")
    p.add_argument("--priority", choices=("low", "normal", "high", "urgent"))
    p.add_argument("--label", action="append", metavar="LABEL")


# ---- helpers ------------------------------------------------------------------------


def _date(text: str | None, today: dt.date | None = None) -> str | None:
    from desktop.cli.common import CliError

    if text is None or text.strip() == "":
        return None
    today = today or dt.date.today()
    t = text.strip().lower()
    if t == "today":
        return today.isoformat()
    if t == "tomorrow":
        return (today + dt.timedelta(days=1)).isoformat()
    rel = re.fullmatch(r"\+(\d{1,4})([dw])", t)
    if rel:
        n = int(rel[1]) * (7 if rel[2] == "w" else 1)
        return (today + dt.timedelta(days=n)).isoformat()
    try:
        return dt.date.fromisoformat(t).isoformat()
    except ValueError:
        raise CliError(f"not a date: {text!r} (use YYYY-MM-DD, today, tomorrow, +3d or +2w)") from None


def _values(store, args, channel: str) -> dict:
    from desktop.cli.common import CliError

    values: dict = {}
    if getattr(args, "title", None) is not None:
        values["title"] = args.title
    if args.description is not None:
        values["description"] = args.description
    if getattr(args, "status", None) is not None:
        values["status"] = _status(store, channel, args.status)
    if args.assignee is not None:
        names = [n.lstrip("@") for n in args.assignee if n.strip()]
        known = {m.name for m in store.members(channel)}
        for name in names:
            if known and name not in known:
                raise CliError(f"{name} is not a member of this channel")
        values["assignees"] = names
    for name in ("start", "due"):
        raw = getattr(args, name)
        if raw is not None:
            values[name] = _date(raw)
    if args.estimate is not None:
        try:
            values["estimate"] = float(args.estimate) if args.estimate.strip() else None
        except ValueError:
            raise CliError(f"estimate is a number of hours, not {args.estimate!r}") from None
    if args.priority is not None:
        values["priority"] = args.priority
    if args.label is not None:
        values["labels"] = [x for x in args.label if x.strip()]
    return values


def _status(store, channel: str, ref: str) -> str:
    from desktop.cli.common import CliError

    cols = store_tasks.columns(store, channel)
    for key, name in cols:
        if ref.lower() in (key, name.lower()):
            return key
    raise CliError(f"no column {ref!r}; this board has: " + ", ".join(f"{k} ({n})" for k, n in cols))


def _task(store, ref: str):
    from desktop.cli.common import CliError

    row = store_tasks.resolve(store, ref)
    if row is None:
        raise CliError(f"no task {ref!r} in the cache (run `beacon sync`, or check `beacon tasks`)")
    return row


def _send(store, item, what: str, task: str | None = None) -> int:
    """Sync now; say whether the change went out or waits in the outbox, and warn the
    assigner about conflicts the change makes."""
    from desktop.cli.common import CliError, NotRetryable, Unstored, _engine, _sync, stays_queued

    try:
        report = _sync(_engine(store))
    except Unstored:
        raise  # reached the relay, which could not store it: exit non-zero
    except NotRetryable as exc:  # e.g. the token was revoked: trying later cannot help
        raise stays_queued(exc, "the change stays queued (see `beacon outbox`)") from None
    except CliError as exc:
        print(f"queued: {safe(what)} will be sent when the relay is reachable ({safe(exc)})")
        _print_warnings(store, task)
        return 0
    failed = dict(report.failed)
    if item.cid in failed:
        raise CliError(f"the relay refused it: {failed[item.cid]} (kept; see `beacon outbox`)")
    print(safe(what))
    _print_warnings(store, task)
    _print_notices(store)
    return 0


def _warnings(store, days: int = 14) -> list:
    from desktop.domain import workload

    from desktop.store.resources import unfit_tasks

    return workload.warnings(
        [store_tasks.work(r) for r in store_tasks.tasks(store)], today=dt.date.today(),
        capacity=store_tasks.capacities(store), absences=store_tasks.absences(store), horizon_days=days,
    ) + unfit_tasks(store, today=dt.date.today(), horizon_days=days)


def _describe(w, refs: dict[str, str]) -> str:
    from desktop.domain import workload

    if isinstance(w, workload.Overload):
        return (f"{w.user}: {_fmt(w.hours)} h of {_fmt(w.capacity)} h in the week of {w.week.isoformat()}"
                f" ({', '.join(refs.get(t, t) for t in w.tasks)})")
    if isinstance(w, workload.Absent):
        return f"{w.user}: away for all of {refs.get(w.task, w.task)} ({w.window[0]} → {w.window[1]})"
    short = ", ".join(f"{u} has {_fmt(h)} h" for u, h in w.short)
    return (f"{refs.get(w.task, w.task)} cannot fit: {_fmt(w.share)} h each between {w.window[0]} and {w.window[1]},"
            f" but {short} of working time")


def _print_warnings(store, task: str | None) -> None:
    from desktop.domain import workload

    if task is None:
        return
    refs = {r.id: r.ref for r in store_tasks.tasks(store)}
    for w in workload.for_task(_warnings(store), task):
        print("warning: " + safe(_describe(w, refs)))


def _print_notices(store) -> None:
    for n in store_tasks.notices(store):
        row = store_tasks.task(store, n.task)
        ref = row.ref if row else n.task
        print(f"! {safe(ref)}: your {safe(n.field)} {safe(_fmt(n.mine))} was replaced by {safe(n.winner)}'s "
              f"{safe(_fmt(n.theirs))} (edited at the same time; see `beacon task show`)")
    store_tasks.mark_notices_seen(store)


def _fmt(value) -> str:
    if value is None or value == [] or value == "":
        return "(none)"
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _line(row, columns: dict[str, str], channel_name: str | None = None) -> str:
    """One task on one line; every part other people wrote goes through safe()."""
    return safe(_raw_line(row, columns, channel_name))


def _raw_line(row, columns: dict[str, str], channel_name: str | None = None) -> str:
    parts = [row.ref, f"[{columns.get(row.status, row.status)}]", row.title]
    if channel_name:
        parts.append(f"#{channel_name}")
    if row.assignees:
        parts.append("@" + ", @".join(row.assignees))
    if row.start or row.due:
        parts.append(f"{row.start or '…'} → {row.due or '…'}")
    if row.estimate is not None:
        parts.append(f"{_fmt(row.estimate)} h")
    if row.priority != "normal":
        parts.append(row.priority)
    if row.labels:
        parts.append(" ".join(f"#{x}" for x in row.labels))
    if row.failed:
        parts.append(f"(refused: {row.failed})")
    elif row.pending:
        parts.append("(pending)")
    return "  ".join(parts)


# ---- commands -----------------------------------------------------------------------


def cmd_task(store, args) -> int:
    from desktop.cli.common import CliError, _channel, _text

    action = args.task_command
    try:
        if action == "add":
            channel = _channel(store, args.channel)
            values = _values(store, args, channel.id)
            values.pop("title", None)  # the positional TITLE
            if args.from_message is not None:
                msg = store.message(args.from_message)
                if msg is None or msg.channel != channel.id:
                    raise CliError(f"no message {args.from_message} in #{channel.name}")
            cmd = store_tasks.create_command(channel.id, args.title, source_msg=args.from_message, **values)
            item = store.enqueue(cmd)
            return _send(store, item, f"created task in #{channel.name}: {args.title}", cmd.id)
        if action == "capacity":
            from desktop.protocol import frames as fr
            from desktop.protocol.ids import new_client_id

            if not 0 <= args.hours <= 168:
                raise CliError("capacity is between 0 and 168 hours a week")
            item = store.enqueue(fr.TaskSetCapacity(id=new_client_id(), hours=args.hours))
            return _send(store, item, f"weekly capacity set to {_fmt(args.hours)} h")
        row = _task(store, args.id)
        if action == "show":
            return _show(store, row)
        if action == "comment":
            from desktop.protocol import frames as fr
            from desktop.protocol.ids import new_client_id

            _text(args.text, "comment")
            item = store.enqueue(fr.TaskComment(id=new_client_id(), task=row.id, text=args.text))
            return _send(store, item, f"commented on {row.ref}")
        values = {"status": _status(store, row.channel, args.status)} if action == "move" else _values(store, args, row.channel)
        if not values:
            raise CliError("nothing to change: give at least one --FIELD VALUE")
        cmd = store_tasks.edit_command(row, **values)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if cmd is None:
        print(f"{safe(row.ref)} already has those values")
        return 0
    item = store.enqueue(cmd)
    dated = {"assignees", "start", "due", "estimate"} & {c.field for c in cmd.changes}
    return _send(store, item, f"updated {row.ref}: " + ", ".join(c.field for c in cmd.changes), row.id if dated else None)


def _show(store, row) -> int:
    cols = dict(store_tasks.columns(store, row.channel))
    channel = store.channel(row.channel)
    print(_line(row, cols, channel.name if channel else None))
    if row.source_msg is not None:
        msg = store.message(row.source_msg)
        quoted = f": {safe(msg.text[:80])}" if msg is not None and not msg.deleted else ""
        print(f"from message {row.source_msg}{quoted}")
    if row.description:
        print()
        for line in row.description.split("\n"):  # its own lines, indented, each made safe
            print("  " + safe(line))
    print()
    for h in store_tasks.history(store, row.id):
        when = dt.datetime.fromtimestamp(h.ts / 1000).strftime("%Y-%m-%d %H:%M")
        if h.field == "created":
            print(f"{when}  {safe(h.actor)}  created the task")
        elif h.field == "comment":
            print(f"{when}  {safe(h.actor)}  commented: {safe(h.value)}")
        else:
            line = f"{when}  {h.actor}  set {h.field} to {_fmt(h.value)}"
            if h.lost_actor:
                line += f"  (replacing {h.lost_actor}'s {_fmt(h.lost_value)}, edited at the same time)"
            print(safe(line))
    return 0


def cmd_tasks(store, args) -> int:
    from desktop.cli.common import _channel
    from desktop.domain import workload

    me = store.account().user
    channel = _channel(store, args.channel) if args.channel else None
    rows = store_tasks.tasks(store, channel.id if channel else None, assignee=me if args.mine else None)
    names = {c.id: c.name for c in store.channels()}
    if args.mine:
        groups = workload.due_groups([(r, _day(r.due)) for r in rows if r.status != "done"], today=dt.date.today())
        labels = {"overdue": "Overdue", "today": "Today", "week": "This week", "later": "Later", "none": "No due date"}
        for key, members in groups.items():
            if members:
                print(f"{labels[key]}:")
                for r in members:
                    print("  " + _line(r, dict(store_tasks.columns(store, r.channel)), names.get(r.channel)))
    else:
        for r in rows:
            print(_line(r, dict(store_tasks.columns(store, r.channel)), None if channel else names.get(r.channel)))
    if not rows:
        print("no tasks")
    _print_notices(store)
    return 0


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def cmd_conflicts(store, args) -> int:
    from desktop.cli.common import CliError

    if not 0 <= args.days <= 365:
        raise CliError("--days is between 0 and 365")
    found = _warnings(store, args.days)
    refs = {r.id: r.ref for r in store_tasks.tasks(store)}
    for w in found:
        print(safe(_describe(w, refs)))
    if not found:
        print(f"no conflicts in the next {args.days} days")
    return 0
