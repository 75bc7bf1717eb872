"""`beacon projects`, `project`, `demand(s)`, `leave`, `person`, `holidays`, `board`, `free`:
resource planning across projects from the command line (cached; works offline)."""

from __future__ import annotations

import argparse
import datetime as dt

from desktop.cli.common import CliError
from desktop.domain.terminal import safe
from desktop.store import projects as sp
from desktop.store import tasks as store_tasks

_ADMIN_NOTE = "workspace owners and admins may change any project"


def add_parsers(sub) -> dict:
    s = sub.add_parser("projects", help="list projects, their channels and staffing demands")
    s.add_argument("--demands", action="store_true", help="also list each project's demands")

    s = sub.add_parser("project", help="mark a channel as a project, group channels, notify owners")
    psub = s.add_subparsers(dest="project_command", metavar="ACTION", required=True)
    ps = psub.add_parser("set", help="make CHANNEL a project, or change its project (" + _ADMIN_NOTE + ")")
    ps.add_argument("channel")
    ps.add_argument("--name")
    ps.add_argument("--owner", metavar="USER")
    ps.add_argument("--start", metavar="DATE")
    ps.add_argument("--end", metavar="DATE")
    ps.add_argument("--customer")
    ps.add_argument("--into", metavar="PROJECT", help="group CHANNEL under this existing project instead")
    pr = psub.add_parser("rm", help="remove a project (its demands stop counting)")
    pr.add_argument("project")
    pn = psub.add_parser("notify", help="post conflict digests for the projects you own, if they changed")
    pn.add_argument("--days", type=int, default=14, help="how far ahead to look (default 14)")

    s = sub.add_parser("demand", help="add, edit or remove a project's staffing demand")
    dsub = s.add_subparsers(dest="demand_command", metavar="ACTION", required=True)
    da = dsub.add_parser("add", help="a need for a person or a role")
    da.add_argument("project")
    _demand_flags(da)
    de = dsub.add_parser("edit", help="re-plan a demand (person, hours, dates...)")
    de.add_argument("id", help="the id `beacon projects --demands` prints")
    _demand_flags(de)
    dr = dsub.add_parser("rm", help="remove a demand")
    dr.add_argument("id")

    s = sub.add_parser("leave", help="enter or remove leave (future leave too)")
    lsub = s.add_subparsers(dest="leave_command", metavar="ACTION", required=True)
    la = lsub.add_parser("add")
    la.add_argument("--from", dest="start", required=True, metavar="DATE")
    la.add_argument("--to", dest="end", required=True, metavar="DATE")
    la.add_argument("--note", default="")
    la.add_argument("--user", help="someone else's leave (workspace admins)")
    lr = lsub.add_parser("rm")
    lr.add_argument("id")
    lsub.add_parser("list")

    s = sub.add_parser("person", help="set working hours, time zone, team, role, skills, holiday calendar")
    s.add_argument("action", choices=("set",))
    s.add_argument("--user", help="someone else (workspace admins); default: you")
    s.add_argument("--tz", help="IANA zone, e.g. Asia/Shanghai")
    s.add_argument("--hours", help='7 spans Mon..Sun, comma-separated: "09:00-17:00,...,,"')
    s.add_argument("--team")
    s.add_argument("--role")
    s.add_argument("--skill", action="append", help="repeat for several")
    s.add_argument("--holidays", metavar="CALENDAR", help="the public-holiday calendar that applies")

    s = sub.add_parser("holidays", help="set a public-holiday calendar (workspace admins)")
    s.add_argument("calendar", help="a key such as cn or de-by")
    s.add_argument("--name", default="")
    s.add_argument("--day", action="append", required=True, metavar="DATE", help="repeat for each holiday")

    s = sub.add_parser("board", help="people × weeks: planned hours against capacity, conflicts marked")
    s.add_argument("--weeks", type=int, default=4, help="4 to 12 (default 4)")
    s.add_argument("--from", dest="start", metavar="DATE", help="default: this week")
    for name in ("team", "role", "skill", "project"):
        s.add_argument(f"--{name}")
    s.add_argument("--csv", metavar="FILE", help="also write the board as CSV")
    s.add_argument("--xlsx", metavar="FILE", help="also write the board as an Excel workbook")

    s = sub.add_parser("free", help="who is free from D1 to D2 for H hours a week, most spare first")
    s.add_argument("--from", dest="start", required=True, metavar="DATE")
    s.add_argument("--to", dest="end", required=True, metavar="DATE")
    s.add_argument("--hours", type=float, required=True)
    s.add_argument("--skill")
    return {"projects": cmd_projects, "project": cmd_project, "demand": cmd_demand, "leave": cmd_leave,
            "person": cmd_person, "holidays": cmd_holidays, "board": cmd_board, "free": cmd_free}


def _demand_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--person", metavar="USER", help="a named person ('' for none)")
    p.add_argument("--role", help="a role to be staffed")
    p.add_argument("--skill")
    p.add_argument("--hours", type=float, help="hours per week")
    p.add_argument("--percent", type=float, help="or a % allocation of the person's capacity")
    p.add_argument("--from", dest="start", metavar="DATE")
    p.add_argument("--to", dest="end", metavar="DATE")


# ---- helpers ------------------------------------------------------------------------


def _date(text: str | None) -> str | None:
    from desktop.cli.tasks import _date as parse

    return parse(text)


def _project(store, ref: str) -> sp.Record:
    rows = sp.records(store, "project")
    found = [r for r in rows if r.id == ref] or [r for r in rows if r["name"].lower() == ref.strip().lower()]
    found = found or [r for r in rows if len(ref) >= 6 and r.id.endswith(ref)]
    if len(found) != 1:
        raise CliError(f"no project {ref!r}" if not found else f"{len(found)} projects are called {ref!r}; use the id")
    return found[0]


def _record(store, kind: str, ref: str) -> sp.Record:
    found = [r for r in sp.records(store, kind) if r.id == ref or (len(ref) >= 6 and r.id.endswith(ref))]
    if len(found) != 1:
        raise CliError(f"no {kind} {ref!r} in the cache (run `beacon sync`)")
    return found[0]


def _ref(record_id: str) -> str:
    return record_id[-8:]


def _queue(store, cmd, what: str) -> int:
    """Enqueue, sync, report (and any of my edits a concurrent one replaced)."""
    from desktop.cli.tasks import _send

    if cmd is None:
        print("nothing to change")
        return 0
    code = _send(store, store.enqueue(cmd), what)
    _lost(store)
    return code


def _lost(store) -> None:
    for kind, record_id, field, mine, winner, theirs in sp.lost_edits(store):
        print(f"! {kind} {_ref(record_id)}: your {field} {safe(mine)} was replaced by {safe(winner)}'s {safe(theirs)}"
              " (edited at the same time)")


def _refresh(store) -> None:
    """Catch up before planning from the cache; offline, say the cache is shown."""
    import sys

    from desktop.cli.common import _engine, _sync

    try:
        _sync(_engine(store))
    except CliError as exc:
        print(f"beacon: offline, showing the cache ({safe(exc)})", file=sys.stderr)


def _set(kind: str, record_id: str | None = None, **values):
    try:
        return sp.set_command(kind, record_id, **values)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _period(args) -> tuple[dt.date, dt.date]:
    start, end = dt.date.fromisoformat(_date(args.start)), dt.date.fromisoformat(_date(args.end))
    if start > end:
        raise CliError(f"--from {start} is after --to {end}")
    if (end - start).days > 366:
        raise CliError("look at most a year ahead")
    return start, end


# ---- commands -----------------------------------------------------------------------


def cmd_projects(store, args) -> int:
    _refresh(store)
    names = {c.id: c.name for c in store.channels()}
    projects = sp.records(store, "project")
    demands = sp.records(store, "demand")
    for p in projects:
        chans = " ".join(f"#{safe(names.get(c, c))}" for c in p["channels"])
        line = [safe(p["name"]), f"({_ref(p.id)})", f"owner {safe(p['owner'])}",
                f"{p['start'] or '…'} → {p['end'] or '…'}", chans]
        if p["customer"]:
            line.append(f"for {safe(p['customer'])}")
        if p.pending:
            line.append("(pending)")
        print("  ".join(x for x in line if x))
        if args.demands:
            for d in (d for d in demands if d["project"] == p.id):
                who = safe(d["person"]) if d["person"] else f"role {safe(d['role'])}"
                amount = f"{d['hours']:g} h/week" if d["hours"] is not None else f"{d['percent']:g} %"
                print(f"    {_ref(d.id)}  {who}  {amount}  {d['start']} → {d['end']}"
                      + (f"  skill {safe(d['skill'])}" if d["skill"] else "") + ("  (pending)" if d.pending else ""))
    if not projects:
        print("no projects (mark a channel as one: beacon project set CHANNEL --name NAME)")
    _notify(store)
    return 0


def cmd_project(store, args) -> int:
    from desktop.cli.common import _channel

    if args.project_command == "notify":
        if not 0 <= args.days <= 90:
            raise CliError("--days is between 0 and 90")
        _refresh(store)
        if not _notify(store, args.days, quiet=False):
            print("no new conflicts to tell about")
        return 0
    if args.project_command == "rm":
        p = _project(store, args.project)
        return _queue(store, _set("project", p.id, current=p, removed=True), f"removed project {safe(p['name'])}")
    channel = _channel(store, args.channel)
    values = {k: getattr(args, k) for k in ("name", "owner", "customer") if getattr(args, k) is not None}
    values.update({k: _date(getattr(args, k)) for k in ("start", "end") if getattr(args, k) is not None})
    if args.into:
        target = _project(store, args.into)
        values["channels"] = list(dict.fromkeys([*target["channels"], channel.id]))
        return _queue(store, _set("project", target.id, current=target, **values),
                      f"#{safe(channel.name)} is now part of {safe(target['name'])}")
    existing = [p for p in sp.records(store, "project") if channel.id in p["channels"]]
    if existing:
        p = existing[0]
        return _queue(store, _set("project", p.id, current=p, **values), f"updated project {safe(p['name'])}")
    values.setdefault("name", channel.name)
    return _queue(store, _set("project", channels=[channel.id], **values),
                  f"#{safe(channel.name)} is now the project {safe(values['name'])}")


def _demand_values(args) -> dict:
    values = {}
    if args.person is not None:
        values["person"] = args.person.lstrip("@") or None
    for name in ("role", "skill", "hours", "percent"):
        if getattr(args, name) is not None:
            values[name] = getattr(args, name)
    if args.hours is not None:
        values["percent"] = None
    elif args.percent is not None:
        values["hours"] = None
    for name in ("start", "end"):
        if getattr(args, name) is not None:
            values[name] = _date(getattr(args, name))
    return values


def cmd_demand(store, args) -> int:
    action = args.demand_command
    if action == "add":
        p = _project(store, args.project)
        cmd = _set("demand", project=p.id, **_demand_values(args))
        return _queue(store, cmd, f"demand {_ref(cmd.record)} added to {safe(p['name'])}")
    d = _record(store, "demand", args.id)
    if action == "rm":
        return _queue(store, _set("demand", d.id, current=d, removed=True), f"demand {_ref(d.id)} removed")
    values = _demand_values(args)
    if not values:
        raise CliError("nothing to change: give --person, --role, --hours, --percent, --from or --to")
    return _queue(store, _set("demand", d.id, current=d, **values), f"demand {_ref(d.id)} re-planned")


def cmd_leave(store, args) -> int:
    me = store.account().user
    if args.leave_command == "list":
        rows = sp.records(store, "leave")
        for r in rows:
            print(f"{_ref(r.id)}  {safe(r['user'])}  {r['start']} → {r['end']}  {safe(r['note'])}"
                  + ("  (pending)" if r.pending else ""))
        if not rows:
            print("no leave entered")
        return 0
    if args.leave_command == "rm":
        r = _record(store, "leave", args.id)
        return _queue(store, _set("leave", r.id, current=r, removed=True), f"leave {_ref(r.id)} removed")
    start, end = _period(args)
    cmd = _set("leave", user=(args.user or me).lstrip("@"), start=start.isoformat(), end=end.isoformat(), note=args.note)
    return _queue(store, cmd, f"leave {_ref(cmd.record)} entered: {start} → {end}")


def cmd_person(store, args) -> int:
    user = (args.user or store.account().user).lstrip("@")
    values = {k: getattr(args, k) for k in ("tz", "team", "role", "holidays") if getattr(args, k) is not None}
    if args.hours is not None:
        values["hours"] = [s.strip() for s in args.hours.split(",")]
    if args.skill is not None:
        values["skills"] = [s for s in args.skill if s.strip()]
    if not values:
        raise CliError("nothing to change: give --tz, --hours, --team, --role, --skill or --holidays")
    current = sp.record(store, "person", user)
    return _queue(store, _set("person", user, current=current, **values), f"updated {safe(user)}'s calendar")


def cmd_holidays(store, args) -> int:
    current = sp.record(store, "holidays", args.calendar)
    cmd = _set("holidays", args.calendar, current=current, name=args.name, days=[_date(d) for d in args.day])
    return _queue(store, cmd, f"holiday calendar {safe(args.calendar)}: {len(args.day)} day(s)")


def _notify(store, days: int = 14, *, quiet: bool = True) -> int:
    """Post due digests of my projects (owner's client); say so. Returns how many."""
    from desktop.store import plan_notices

    posted = plan_notices.post(store, today=dt.date.today(), horizon_days=days)
    if not posted:
        return 0
    from desktop.cli.common import _engine, _sync

    try:
        _sync(_engine(store))
        where = "posted"
    except CliError:
        where = "queued (relay unreachable)"
    for d in posted:
        print(f"conflict digest {where} for project {_ref(d.project)}: {len(d.lines) or 'no'} conflict(s)")
    return len(posted)


def cmd_board(store, args) -> int:
    from desktop.cli.board_export import print_board, write_csv, write_xlsx
    from desktop.domain import board
    from desktop.store import resources

    if not 4 <= args.weeks <= 12:
        raise CliError("--weeks is between 4 and 12")
    _refresh(store)
    first = dt.date.fromisoformat(_date(args.start)) if args.start else dt.date.today()
    weeks = board.week_starts(first, args.weeks)
    plan = resources.plan(store, weeks[0], weeks[-1] + dt.timedelta(days=6))
    project = _project(store, args.project).id if args.project else None
    users = board.visible_users(plan, team=args.team, role=args.role, skill=args.skill, project=project)
    rows = board.rows(plan, weeks, users)
    names = {p.id: p["name"] for p in sp.records(store, "project")}
    print_board(rows, weeks)
    shown = set(users)
    tasks = {t.id: t.title for t in store_tasks.tasks(store)}
    found = [c for c in plan.conflicts() if shown & set(board.conflict_days(c))]
    for c in found:
        print("! " + safe(board.describe(c, names, tasks)))
    for d in plan.open_demands():
        print(f"open: {safe(names.get(d.project, d.project))} needs a {safe(d.role)}"
              f" {d.weekly(None):g} h/week {d.start} → {d.end} (demand {_ref(d.id)})")
    if args.csv:
        write_csv(args.csv, rows, weeks)
        print(f"wrote {safe(args.csv)}")
    if args.xlsx:
        write_xlsx(args.xlsx, rows, weeks, [board.describe(c, names, tasks) for c in found])
        print(f"wrote {safe(args.xlsx)}")
    _notify(store)
    return 0


def cmd_free(store, args) -> int:
    from desktop.domain.pool import free
    from desktop.store import resources

    start, end = _period(args)
    if not 0 < args.hours <= 168:
        raise CliError("--hours is above 0 and at most 168")
    _refresh(store)
    plan = resources.plan(store, start, end)
    found = free(plan.people, plan.loads, start, end, args.hours, skill=args.skill)
    for c in found:
        print(f"{safe(c.user)}  {c.spare_per_week:g} h/week spare  load {c.load_percent:g} %"
              f"  ({c.booked:g} of {c.capacity:g} h planned)")
    if not found:
        print(f"nobody has {args.hours:g} h a week free from {start} to {end}"
              + (f" with skill {safe(args.skill)}" if args.skill else ""))
    return 0
