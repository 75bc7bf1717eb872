"""`beacon people`, `beacon role set USER ROLE`, `beacon audit`, `beacon profile set` (issue 12).

`people` and `audit` ask the relay (a guest's directory holds only the people who
share a channel with them; the audit log is for owners and admins). `role set`
goes through the outbox like every change.
"""

from __future__ import annotations

from desktop.cli.channel import _user
from desktop.cli.common import _query, _submit, _time
from desktop.domain.terminal import safe
from desktop.protocol import team as tm
from desktop.protocol.ids import new_client_id
from desktop.protocol.types import ROLES


def add_parsers(sub) -> dict:
    s = sub.add_parser("people", help="the workspace directory (needs the relay)")
    s.add_argument("query", nargs="?", default="", help="filter by name or title")
    s = sub.add_parser("role", help="workspace roles (owners and admins)")
    rsub = s.add_subparsers(dest="role_command", metavar="set", required=True)
    r = rsub.add_parser("set", help="give someone a workspace role")
    r.add_argument("user")
    r.add_argument("role", choices=ROLES)
    s = sub.add_parser("audit", help="the audit log of admin actions (owners and admins; needs the relay)")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--before", type=int, metavar="ID", help="entries older than this one")
    s = sub.add_parser("profile", help="your own display name, title and time zone")
    psub = s.add_subparsers(dest="profile_command", metavar="set", required=True)
    p = psub.add_parser("set", help="change what everyone sees of you (only what you give)")
    p.add_argument("--display-name", metavar="NAME")
    p.add_argument("--title", metavar="TITLE", help='e.g. "架构师"; "" removes it')
    p.add_argument("--tz", metavar="ZONE", help='an IANA time zone such as Asia/Shanghai; "" unsets it')
    p.add_argument("--skill", action="append", metavar="SKILL",
                   help='what you know about, for "who knows"; repeat for several (replaces the list); --skill "" clears')
    return {"people": cmd_people, "role": cmd_role, "audit": cmd_audit, "profile": cmd_profile}


def cmd_profile(store, args) -> int:
    from desktop.cli.common import CliError
    from desktop.protocol.attention import valid_zone

    fields = {"display_name": args.display_name, "title": args.title, "tz": args.tz}
    fields = {k: v.strip() for k, v in fields.items() if v is not None}
    if args.skill is not None:
        fields["skills"] = [s.strip() for s in args.skill if s.strip()]
        if len(fields["skills"]) > 20 or any(len(s) > 40 for s in fields["skills"]):
            raise CliError("at most 20 skills of 40 characters")
    if not fields:
        raise CliError("nothing to change: give --display-name, --title, --tz or --skill")
    if "display_name" in fields and not 1 <= len(fields["display_name"]) <= 80:
        raise CliError("a display name is 1-80 characters")
    if len(fields.get("title", "")) > 80:
        raise CliError("a title is at most 80 characters")
    if fields.get("tz") and not valid_zone(fields["tz"]):
        raise CliError(f"unknown time zone {safe(fields['tz'])!r}: use a name like Asia/Shanghai")
    return _submit(store, tm.SetProfile(id=new_client_id(), **fields), "profile updated")


def cmd_people(store, args) -> int:
    found = _query(store, tm.People(id=new_client_id(), query=args.query), "the directory")
    if not found.people:
        print("nobody matches" if args.query else "nobody to show")
    for p in found.people:
        marks = [p.role] + ([] if p.active else ["deactivated"])
        title = f"  {safe(p.title)}" if p.title else ""
        skills = f"  [{safe(', '.join(p.skills))}]" if p.skills else ""
        print(f"{safe(p.display_name)} (@{safe(p.user)})  {', '.join(marks)}{title}{skills}")
    return 0


def cmd_role(store, args) -> int:
    user = _user(args.user)
    cmd = tm.SetRole(id=new_client_id(), user=user, role=args.role)
    return _submit(store, cmd, f"{safe(user)} is now {args.role}")


def cmd_audit(store, args) -> int:
    page = _query(store, tm.AuditList(id=new_client_id(), before=args.before, limit=max(1, min(args.limit, 500))), "the audit log")
    if not page.entries:
        print("the audit log is empty")
    for e in page.entries:
        actor = safe(e.actor) if e.actor else "(relay operator)"
        row = store.channel(e.target) if e.target.startswith("C") else None
        target = f"#{row.name}" if row is not None and not row.dm else e.target
        extra = f"  {safe(e.detail)}" if e.detail else ""
        print(f"#{e.id} [{_time(e.ts)}] {actor}: {e.action} {safe(target)}{extra}")
    if page.more:
        print(f"more: beacon audit --before {page.entries[-1].id}")
    return 0
