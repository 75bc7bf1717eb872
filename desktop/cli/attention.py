"""`beacon` subcommands for attention: send later, scheduled messages, DND, work status."""

from __future__ import annotations

import datetime as dt
import time

from desktop.cli import messages
from desktop.domain import dnd
from desktop.domain.terminal import safe
from desktop.protocol import frames as fr
from desktop.protocol.attention import valid_zone
from desktop.protocol.ids import new_client_id
from desktop.store import attention as att

STATES = ("queued", "pending", "sent", "cancelled", "failed")


def add_parsers(sub) -> dict:
    send = sub.choices["send"]  # the core `send`, extended: same command, later
    send.add_argument("--at", metavar="WHEN", help="send later: +30m, +2h, or ISO 8601 with offset")
    send.add_argument("--when-dnd-ends", action="store_true",
                      help="direct message: deliver when the recipient's do-not-disturb ends")
    send.add_argument("--urgent", action="store_true", help="may break through the recipients' do-not-disturb")

    s = sub.add_parser("scheduled", help="messages scheduled to be sent later")
    s.add_argument("--all", action="store_true", help="also sent, cancelled and failed ones")
    s = sub.add_parser("unschedule", help="cancel a scheduled message")
    s.add_argument("id")
    s = sub.add_parser("reschedule", help="change when (or what) a scheduled message sends")
    s.add_argument("id")
    s.add_argument("when", help="+30m, +2h, ISO 8601, or 'now'")
    s.add_argument("--text", help="new text")

    s = sub.add_parser("dnd", help="do-not-disturb: on, off, status")
    dsub = s.add_subparsers(dest="dnd_command", metavar="ACTION", required=True)
    on = dsub.add_parser("on", help="pause notifications")
    group = on.add_mutually_exclusive_group()
    group.add_argument("--for", dest="for_", metavar="DURATION", help="e.g. 30m, 1h, 2h")
    group.add_argument("--until", metavar="TIME", help="ISO 8601, +2h, or 'tomorrow' (09:00)")
    dsub.add_parser("off", help="resume notifications")
    dsub.add_parser("status", help="show the do-not-disturb state")
    hours = dsub.add_parser("hours", help="working hours: outside them do-not-disturb is on")
    hours.add_argument("spec", help="e.g. 'Mon-Fri 09:00-18:00', or 'off'")
    hours.add_argument("--tz", help="IANA time zone (default: this computer's)")
    urgent = dsub.add_parser("urgent", help="let urgent messages through do-not-disturb")
    urgent.add_argument("allow", choices=("allow", "deny"))
    urgent.add_argument("--from", dest="from_", nargs="*", default=[], metavar="USER",
                        help="only from these people (default: anyone)")
    mute = dsub.add_parser("channel", help="per channel: all, mentions (only), or mute")
    mute.add_argument("channel")
    mute.add_argument("mode", choices=("all", "mentions", "mute"))

    s = sub.add_parser("status", help="your work status")
    ssub = s.add_subparsers(dest="status_command", metavar="ACTION", required=True)
    st = ssub.add_parser("set", help="set a status, e.g. 'In a meeting' --emoji 📅 --until 15:00")
    st.add_argument("text")
    st.add_argument("--emoji", default="")
    st.add_argument("--until", metavar="TIME", help="+1h, ISO 8601, or HH:MM today")
    ssub.add_parser("clear", help="clear your status")
    show = ssub.add_parser("show", help="show a user's status and do-not-disturb")
    show.add_argument("user", nargs="?")
    return {
        "send": cmd_send, "scheduled": cmd_scheduled, "unschedule": cmd_unschedule,
        "reschedule": cmd_reschedule, "dnd": cmd_dnd, "status": cmd_status,
    }


# ---- helpers --------------------------------------------------------------------


def _cli():
    from desktop.cli import common  # the shared helpers (CliError, _engine, _sync, _channel)

    return common


def _fmt(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dnd.local_zone()).strftime("%Y-%m-%d %H:%M %Z").strip()


def _relay_now(store, *, refresh: bool) -> int:
    """Now by the relay's clock: measured by connecting (refresh), else as last measured."""
    cli = _cli()
    if refresh:
        engine = cli._engine(store)
        try:
            cli._sync(engine)
            att.set_clock_offset(store, engine.server_offset_ms)
        except cli.CliError:
            pass  # offline: the offset measured last time
    return int(time.time() * 1000) + (att.clock_offset(store) or 0)


def _when(store, text: str) -> int:
    cli = _cli()
    text = text.strip()
    relative = text.startswith("+") or text in ("now", "tomorrow", "monday")
    now = _relay_now(store, refresh=relative)
    tz = dnd.local_zone()
    if text == "now":
        return now
    if text == "tomorrow":
        return dnd.tomorrow_at_9(now, tz)
    if text == "monday":
        return dnd.next_monday_at_9(now, tz)
    if len(text) == 5 and text[2] == ":":  # HH:MM today (local)
        try:
            return dnd.at_local(now, tz, hour=int(text[:2]), minute=int(text[3:]))
        except ValueError:
            raise cli.CliError(f"cannot read the time {text!r}") from None
    try:
        return dnd.parse_when(text, now, tz)
    except dnd.WhenError as exc:
        raise cli.CliError(str(exc)) from None


def _submit(store, cmd: fr.Command, done: str) -> int:
    """Queue `cmd`, try to send it now; refusal is an error, unreachable is fine."""
    cli = _cli()
    item = store.enqueue(cmd)
    engine = cli._engine(store)
    try:
        report = cli._sync(engine)
    except cli.Unstored:
        raise  # reached the relay, which could not store it: exit non-zero
    except cli.NotRetryable as exc:  # e.g. the token was revoked: trying later cannot help
        raise cli.stays_queued(exc, "it stays queued (see `beacon outbox`)") from None
    except cli.CliError as exc:
        print(f"queued: will reach the relay when it is reachable ({safe(exc)})")
        return 0
    att.set_clock_offset(store, engine.server_offset_ms)
    failed = dict(report.failed)
    if item.cid in failed:
        store.discard(item.cid)
        raise cli.CliError(f"the relay refused: {failed[item.cid]}")
    if done:
        print(safe(done))  # may hold channel names, status texts
    return 0


# ---- commands -------------------------------------------------------------------


def cmd_send(store, args) -> int:
    cli = _cli()
    if args.at is None and not args.when_dnd_ends:
        if not args.urgent:
            return messages.cmd_send(store, args)
        channel = cli._send_target(store, args.channel)
        cli._text(args.text)
        return _submit(store, fr.PostUrgent(id=new_client_id(), channel=channel.id, text=args.text,
                                            thread=args.thread), f"sent to #{channel.name} (urgent)")
    channel = cli._send_target(store, args.channel)
    cli._text(args.text)
    if args.when_dnd_ends and not channel.dm:
        raise cli.CliError("--when-dnd-ends is for direct messages (@user)")
    at = _when(store, args.at) if args.at else 0
    cmd = fr.Schedule(id=new_client_id(), channel=channel.id, text=args.text, at=at, thread=args.thread,
                      until_dnd_ends=args.when_dnd_ends, urgent=args.urgent)
    where = f"@{channel.title}" if channel.dm else f"#{channel.name}"
    code = _submit(store, cmd, "")
    got = att.scheduled_one(store, cmd.id)
    if got is None or got.state == "queued":
        when = f"for {_fmt(at)}" if at else "for when their do-not-disturb ends"
        print(f"scheduled {when} in {safe(where)} (id {cmd.id}); it waits in the outbox until the relay is reachable")
    elif got.state == "sent":
        late = " late: its time passed while you were offline" if got.late else ""
        print(f"sent to {safe(where)}{late}")
    else:
        when = f"{_fmt(got.at)}" if not got.until_dnd_ends else "when their do-not-disturb ends"
        print(f"scheduled for {when} in {safe(where)} (id {cmd.id})")
    return code


def cmd_scheduled(store, args) -> int:
    cli = _cli()
    try:
        cli._sync(cli._engine(store))
    except cli.CliError:
        pass  # offline: the cached list
    items = att.scheduled(store, STATES if args.all else ("queued", "pending", "failed"))
    if not items:
        print("no scheduled messages")
    names = {c.id: (f"@{c.title}" if c.dm else f"#{c.name}") for c in store.channels()}
    for s in items:
        when = "when their DND ends" if s.until_dnd_ends else _fmt(s.at)
        extra = " (late)" if s.late else ""
        error = f": {safe(s.error)}" if s.error else ""
        print(f"{safe(s.sched)}  {when}  {safe(names.get(s.channel, s.channel))}  {safe(s.state)}{extra}{error}  "
              f"{safe(s.text)}")
    return 0


def _known(store, sched: str) -> att.Scheduled:
    got = att.scheduled_one(store, sched)
    if got is None:
        raise _cli().CliError(f"no scheduled message {sched!r} (see `beacon scheduled`)")
    return got


def cmd_unschedule(store, args) -> int:
    _known(store, args.id)
    return _submit(store, fr.ScheduleCancel(id=new_client_id(), sched=args.id), "cancelled: it will not be sent")


def cmd_reschedule(store, args) -> int:
    _known(store, args.id)
    if args.text is not None:
        _cli()._text(args.text)
    if args.when == "now":
        return _submit(store, fr.ScheduleSendNow(id=new_client_id(), sched=args.id), "sent")
    at = _when(store, args.when)
    return _submit(store, fr.ScheduleEdit(id=new_client_id(), sched=args.id, at=at, text=args.text),
                   f"rescheduled for {_fmt(at)}")


_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _hours(spec: str) -> list[str]:
    """'Mon-Fri 09:00-18:00' (several separated by ';') -> seven spans."""
    cli = _cli()
    week = [""] * 7
    for part in spec.split(";"):
        try:
            days, span = part.split()
            a, _, b = days.lower().partition("-")
            first, last = _DAYS.index(a[:3]), _DAYS.index((b or a)[:3])
        except ValueError:
            raise cli.CliError(f"cannot read working hours {part.strip()!r}: use e.g. 'Mon-Fri 09:00-18:00'") from None
        if not (len(span) == 11 and span[2] == ":" and span[5] == "-" and span[8] == ":"):
            raise cli.CliError(f"cannot read the hours {span!r}: use HH:MM-HH:MM")
        for d in range(first, last + 1):
            week[d] = span
    return week


def cmd_dnd(store, args) -> int:
    cli = _cli()
    settings = att.dnd_settings(store)
    action = args.dnd_command
    if action == "status":
        now = _relay_now(store, refresh=True)
        settings = att.dnd_settings(store)
        state = dnd.dnd_state(settings, now)
        if not state.active:
            print("do-not-disturb: off" + (f" (working hours until {_fmt(state.next_change)})" if state.next_change else ""))
        elif state.until == dnd.FOREVER:
            print("do-not-disturb: on until turned off")
        else:
            print(f"do-not-disturb: on until {_fmt(state.until)}" + ("" if state.manual else " (outside working hours)"))
        if settings.allow_urgent:
            who = ", ".join(settings.urgent_from) or "anyone"
            print(f"urgent messages break through from: {safe(who)}")
        for channel, mode in sorted(settings.channels.items()):
            row = store.channel(channel)
            print(f"#{safe(row.name if row else channel)}: {safe(mode)}")
        return 0
    if action == "on":
        if args.for_:
            until = _when(store, "+" + args.for_.lstrip("+"))
        elif args.until:
            until = _when(store, args.until)
        else:
            until = dnd.FOREVER
        new = dnd.manual_dnd(settings, until)
        done = "do-not-disturb on " + ("until turned off" if until == dnd.FOREVER else f"until {_fmt(until)}")
    elif action == "off":
        new, done = dnd.manual_dnd(settings, None), "do-not-disturb off"
    elif action == "hours":
        if args.spec.lower() == "off":
            new = dnd.DndSettings(**{**_fields(settings), "schedule": False})
            done = "working hours off"
        else:
            tz = args.tz or _zone_name()
            if not valid_zone(tz):
                raise cli.CliError(f"unknown time zone {tz!r}")
            new = dnd.DndSettings(**{**_fields(settings), "schedule": True, "tz": tz, "hours": _hours(args.spec)})
            done = f"working hours set ({tz}); outside them do-not-disturb is on"
    elif action == "urgent":
        new = dnd.DndSettings(**{**_fields(settings), "allow_urgent": args.allow == "allow", "urgent_from": args.from_})
        done = "urgent messages " + ("break through do-not-disturb" if args.allow == "allow" else "wait like the rest")
    else:  # channel
        channel = cli._channel(store, args.channel)
        new = dnd.with_channel_mode(settings, channel.id, args.mode)
        done = f"#{channel.name}: {args.mode}"
    return _submit(store, fr.SetDnd(id=new_client_id(), settings=new), done)


def _fields(settings) -> dict:
    return {f: getattr(settings, f) for f in settings.__struct_fields__}


def _zone_name() -> str:
    tz = dnd.local_zone()
    return getattr(tz, "key", None) or "UTC"


def cmd_status(store, args) -> int:
    action = args.status_command
    if action == "show":
        cli = _cli()
        try:
            cli._sync(cli._engine(store))
        except cli.CliError:
            pass
        user = args.user or store.account().user
        s = att.status(store, (user or "").lstrip("@"))
        text = " ".join(p for p in (s.emoji, s.text) if p) or "no status"
        until = f" until {_fmt(s.until)}" if s.until else ""
        dnd_text = ""
        if s.dnd_until == dnd.FOREVER:
            dnd_text = "; in do-not-disturb"
        elif s.dnd_until:
            dnd_text = f"; in do-not-disturb until {_fmt(s.dnd_until)}"
        print(f"{safe(s.user)}: {safe(text)}{until}{dnd_text}")
        return 0
    if action == "clear":
        return _submit(store, fr.SetStatus(id=new_client_id()), "status cleared")
    if not args.text.strip() and not args.emoji:
        raise _cli().CliError("the status is empty (use `beacon status clear`)")
    until = _when(store, args.until) if args.until else None
    done = f"status set: {args.emoji + ' ' if args.emoji else ''}{args.text}" + (f" until {_fmt(until)}" if until else "")
    return _submit(store, fr.SetStatus(id=new_client_id(), emoji=args.emoji, text=args.text, until=until), done)
