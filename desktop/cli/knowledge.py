"""`beacon digest`, `beacon library ...`, `beacon experts`: team knowledge from the cache (offline)."""

from __future__ import annotations

import datetime as dt
import re
import time

from desktop.cli.common import CliError, _channel, _time
from desktop.domain import digest as dg
from desktop.domain.terminal import safe
from desktop.linkscheme import MessageLink
from desktop.protocol import library as lib
from desktop.store import knowledge as sk
from desktop.store import library as sl


def _validate(cmd) -> None:
    """Check a command against the wire schema's limits (lengths, counts) before queueing it."""
    import msgspec

    from desktop.protocol import codec

    msgspec.json.decode(codec.encode(cmd), type=type(cmd))

_TITLES = {
    "key": "Key messages", "decisions": "Decisions", "questions": "Unanswered questions",
    "tasks": "Tasks created", "files": "Files shared", "mentions": "Mentions of you",
}


def add_parsers(sub) -> dict:
    d = sub.add_parser("digest", help="catch up on a channel or thread: key messages, decisions, open questions")
    d.add_argument("channel")
    d.add_argument("--thread", type=int, metavar="MSG_ID", help="digest this thread instead of the channel")
    d.add_argument("--since", metavar="WHEN", help="only messages since: 3h, 2d, 1w, or YYYY-MM-DD[THH:MM]")
    d.add_argument("--key", type=int, metavar="N", help="how many key messages (default: about a fifth, at most 12)")

    s = sub.add_parser("library", help="the solution library: save, list, search, show")
    ls = s.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    a = ls.add_parser("save", help="save a message, thread or file to the library")
    a.add_argument("channel")
    a.add_argument("title")
    src = a.add_mutually_exclusive_group(required=True)
    src.add_argument("--message", type=int, metavar="MSG_ID")
    src.add_argument("--thread", type=int, metavar="MSG_ID", help="the whole thread of this root message")
    src.add_argument("--file", type=int, metavar="FILE_ID")
    a.add_argument("--summary", default="")
    a.add_argument("--tag", action="append", default=[], metavar="TAG")
    a.add_argument("--kind", choices=lib.CATEGORIES, default="solution")
    a.add_argument("--project", default="")
    a.add_argument("--customer", default="")
    li = ls.add_parser("list", help="entries you can see")
    li.add_argument("--channel")
    li.add_argument("--tag")
    li.add_argument("--kind", choices=lib.CATEGORIES)
    li.add_argument("--author")
    li.add_argument("--sort", choices=("recent", "reused"), default="recent")
    se = ls.add_parser("search", help="offline full-text search of entries (Chinese and English)")
    se.add_argument("query")
    sh = ls.add_parser("show", help="one entry with its source (counts as a reuse)")
    sh.add_argument("id")
    ed = ls.add_parser("edit", help="change an entry's fields (its author or an admin)")
    ed.add_argument("id")
    ed.add_argument("--title")
    ed.add_argument("--summary")
    ed.add_argument("--tag", action="append", metavar="TAG", help="replaces the tags; repeat for several")
    ed.add_argument("--kind", choices=lib.CATEGORIES)
    ed.add_argument("--project")
    ed.add_argument("--customer")
    rm = ls.add_parser("remove", help="remove an entry (its author or an admin)")
    rm.add_argument("id")
    pu = ls.add_parser("publish", help="owners/admins: show an entry to the whole workspace (guests: only in its channel)")
    pu.add_argument("id")
    pu.add_argument("--withdraw", action="store_true", help="back to the members of its channel only")
    ls.add_parser("tags", help="tags in use, most used first")

    e = sub.add_parser("experts", help="who knows about QUERY, with the evidence")
    e.add_argument("query", nargs="?", default="")
    e.add_argument("--limit", type=int, default=5)
    listing = e.add_mutually_exclusive_group()
    listing.add_argument("--opt-out", action="store_true", help="never name me in anyone's expert answers")
    listing.add_argument("--opt-in", action="store_true", help="name me again")
    return {"digest": cmd_digest, "library": cmd_library, "experts": cmd_experts}


# ---- digest --------------------------------------------------------------------------


def parse_since(text: str | None, now: dt.datetime | None = None) -> int | None:
    """ms since the epoch for --since (relative 3h/2d/1w, or an ISO local date/time)."""
    if text is None:
        return None
    now = now or dt.datetime.now().astimezone()
    rel = re.fullmatch(r"\s*(\d{1,5})\s*([mhdw])\s*", text.lower())
    if rel:
        unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[rel[2]]
        return int((now - dt.timedelta(**{unit: int(rel[1])})).timestamp() * 1000)
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"cannot read --since {text!r}: use 3h, 2d, 1w or YYYY-MM-DD[THH:MM]") from None
    if when.tzinfo is None:
        when = when.astimezone()
    return int(when.timestamp() * 1000)


def _print_digest(channel_id: str, result: dg.Digest, times: dict[int, int]) -> None:
    for name, lines in result.sections():
        if not lines:
            continue
        print(f"{_TITLES[name]}:")
        for line in lines:
            why = f"  ({safe(line.why)})" if line.why else ""
            when = f"[{_time(times[line.msg])}] " if line.msg in times else ""
            print(f"  {when}{safe(line.author)}: {safe(line.text)}{why}  {MessageLink(channel_id, line.msg).url()}")


def cmd_digest(store, args) -> int:
    channel = _channel(store, args.channel)
    since = parse_since(args.since)
    if args.thread is not None:
        root = store.message(args.thread)
        if root is None or root.channel != channel.id:
            raise CliError(f"no message {args.thread} in #{channel.name}")
        args.thread = root.thread or root.id  # a reply stands for its thread
    if args.key is not None and not 0 <= args.key <= 100:
        raise CliError("--key is between 0 and 100")
    started = time.perf_counter()
    items = sk.digest_items(store, channel.id, thread=args.thread, since_ms=since)
    result = dg.build(items, key_count=args.key)
    took = (time.perf_counter() - started) * 1000
    what = f"thread #{args.thread}" if args.thread is not None else f"#{channel.name}"
    if not result.total:
        print(f"{safe(what)}: nothing to catch up on")
        return 0
    print(f"{safe(what)}: {result.total} message(s), digest in {took:.0f} ms")
    _print_digest(channel.id, result, {i.id: i.ts for i in items})
    return 0


# ---- library ---------------------------------------------------------------------------


def _names(store) -> dict[str, str]:
    return {c.id: c.name for c in store.channels()}


def _entry_line(row: sl.EntryRow, names: dict[str, str]) -> str:
    tags = " ".join(f"#{t}" for t in row.tags)
    state = "  (pending)" if row.pending and not row.failed else (f"  (refused: {row.failed})" if row.failed else "")
    gone = ("  (source deleted)" if row.source_deleted else "") + ("  (published to the workspace)" if row.published else "")
    return (f"{row.ref}  [{row.category}] {safe(row.title)}  {safe(tags)}  in #{safe(names.get(row.channel, row.channel))}"
            f" by {safe(row.author or '?')}, reused {row.reuse}x{gone}{state}")


def _send(store, cmd, done: str) -> int:
    from desktop.cli.tasks import _send as send_now

    return send_now(store, store.enqueue(cmd), done)


def _library_entry(store, ref: str) -> sl.EntryRow:
    row = sl.entry(store, ref)
    if row is None:
        raise CliError(f"no library entry {ref!r} you can see (check `beacon library list`)")
    return row


def cmd_library(store, args) -> int:
    action = args.library_command
    names = _names(store)
    if action == "save":
        channel = _channel(store, args.channel)
        msg = args.message if args.message is not None else args.thread
        if msg is not None:
            row = store.message(msg)
            if row is None or row.channel != channel.id or row.deleted:
                raise CliError(f"no message {msg} in #{channel.name}")
        if not args.title.strip():
            raise CliError("a library entry needs a title")
        if len(args.title) > 200 or any(len(t) > 40 for t in args.tag) or len(args.tag) > 20:
            raise CliError("a title is at most 200 characters; at most 20 tags of 40 characters")
        if not args.tag:
            from desktop.domain.keywords import suggest_tags

            source = row.text if msg is not None else ""
            offer = suggest_tags(" ".join([args.title, args.summary, source]), sl.tag_counts(store))
            if offer:
                print("suggested tags (add with --tag): " + " ".join(f"#{safe(t)}" for t in offer))
        cmd = sl.save_command(
            channel.id, args.title.strip(), msg=msg, file=args.file, thread=args.thread is not None,
            summary=args.summary, tags=lib.clean_tags(args.tag), category=args.kind,
            project=args.project, customer=args.customer,
        )
        return _send(store, cmd, f"saved to the library: {safe(args.title)} ({cmd.id[-8:]})")
    if action == "list":
        channel = _channel(store, args.channel).id if args.channel else None
        rows = sl.entries(store, channel=channel, tag=args.tag, category=args.kind, author=args.author, sort=args.sort)
        if not rows:
            print("the library is empty (for what you can see)")
        for row in rows:
            print(_entry_line(row, names))
        return 0
    if action == "search":
        rows = sl.find(store, args.query)
        if not rows:
            print("no entries match")
        for row in rows:
            print(_entry_line(row, names))
        return 0
    if action == "tags":
        for tag, count in sorted(sl.tag_counts(store).items(), key=lambda p: (-p[1], p[0])):
            print(f"#{safe(tag)}  {count}")
        return 0
    row = _library_entry(store, args.id)
    if action == "remove":
        return _send(store, lib.LibraryRemove(id=sl.new_client_id(), entry=row.id), f"removed {row.ref}")
    if action == "publish":
        if row.pending:
            raise CliError(f"{row.ref} is not confirmed by the relay yet; publish it once it is")
        done = f"withdrew {row.ref} to #{safe(names.get(row.channel, row.channel))}" if args.withdraw else \
            f"published {row.ref} to the whole workspace"
        return _send(store, sl.publish_command(row.id, not args.withdraw), done)
    if action == "edit":
        if args.title is not None and not args.title.strip():
            raise CliError("a library entry needs a title")
        fields = {"title": args.title, "summary": args.summary, "category": args.kind, "project": args.project,
                  "customer": args.customer, "tags": lib.clean_tags(args.tag) if args.tag is not None else None}
        fields = {k: v for k, v in fields.items() if v is not None}
        if not fields:
            raise CliError("nothing to change: give at least one of --title --summary --tag --kind --project --customer")
        try:
            cmd = lib.LibraryEdit(id=sl.new_client_id(), entry=row.id, **fields)
            _validate(cmd)
        except ValueError as exc:
            raise CliError(f"cannot change it: {exc}") from None
        return _send(store, cmd, f"updated {row.ref}")
    print(_entry_line(row, names))
    if row.summary:
        print(f"  {safe(row.summary)}")
    for label, value in (("project", row.project), ("customer", row.customer)):
        if value:
            print(f"  {label}: {safe(value)}")
    if row.msg is not None:
        source = store.message(row.msg)
        if row.source_deleted or source is None or source.deleted:
            print("  source: deleted (the entry keeps its title, summary and tags)")
        else:
            print(f"  source: {safe(source.author_name)}: {safe(dg.excerpt(source.text, 300))}"
                  f"  {MessageLink(row.channel, row.msg).url()}")
            if row.thread:
                print(f"  thread: {len(store.thread(row.msg))} message(s)")
    elif row.file is not None:
        print(f"  source: file #{row.file}")
    if not row.pending:
        store.enqueue(lib.LibraryReuse(id=sl.new_client_id(), entry=row.id, how="opened"))
    return 0


# ---- experts -----------------------------------------------------------------------------


def cmd_experts(store, args) -> int:
    from desktop.domain import experts as dx

    if args.opt_out or args.opt_in:
        cmd = lib.ExpertsListing(id=sl.new_client_id(), listed=args.opt_in)
        return _send(store, cmd, "you are no longer listed as an expert" if args.opt_out else "you are listed as an expert again")
    if not args.query.strip():
        raise CliError("ask about something: beacon experts \"NPU 算力评估\"")
    ranked = dx.rank(sk.expert_evidence(store, args.query), opted_out=sk.opted_out(store), names=sk.names(store))
    if not ranked:
        print("nobody found for that in what you can see")
        return 0
    names = _names(store)
    for n, person in enumerate(ranked[: max(1, args.limit)], start=1):
        print(f"{n}. {safe(person.name)}: {dx.describe(person)}")
        for ev in person.evidence[:3]:
            if ev.kind == "skill":
                print(f"     skills on their profile: {safe(ev.text)}")
                continue
            where = f"#{safe(names.get(ev.channel, ev.channel))}"
            link = MessageLink(ev.channel, ev.msg).url() if ev.msg else ""
            print(f"     {ev.kind} in {where}: {safe(ev.text)}  {link}")
    return 0
