"""`beacon channel ...`: create, find, join and manage channels (issue 12).

Changes go through the outbox (offline: queued, sent at the next sync); `browse`
and `members` ask the relay and say so plainly when it is unreachable. Who may do
what is the relay's decision: its refusal is printed in its own words.
"""

from __future__ import annotations

import msgspec

from desktop.cli.common import CliError, _channel, _query, _submit
from desktop.domain.terminal import safe
from desktop.protocol import frames as fr
from desktop.protocol import team as tm
from desktop.protocol.ids import new_client_id
from desktop.protocol.types import ChannelName, UserName

_SUBCOMMANDS = ("create", "browse", "join", "leave", "rename", "topic", "archive", "unarchive", "invite", "remove", "members")


def add_parsers(sub) -> dict:
    p = sub.add_parser("channel", help="create, browse, join and manage channels")
    csub = p.add_subparsers(dest="channel_command", metavar="|".join(_SUBCOMMANDS), required=True)
    s = csub.add_parser("create", help="create a channel (you become its manager)")
    s.add_argument("name")
    s.add_argument("--private", action="store_true", help="only people you add can see it")
    s.add_argument("--topic", default="")
    s.add_argument("--members", default="", help="comma-separated user names to add")
    s = csub.add_parser("browse", help="public channels you are not in (needs the relay)")
    s.add_argument("query", nargs="?", default="", help="filter by name or topic")
    s = csub.add_parser("join", help="join a public channel")
    s.add_argument("channel")
    s = csub.add_parser("leave", help="leave a channel")
    s.add_argument("channel")
    s = csub.add_parser("rename", help="rename a channel (channel managers)")
    s.add_argument("channel")
    s.add_argument("name")
    s = csub.add_parser("topic", help="set a channel's topic (channel managers); empty clears it")
    s.add_argument("channel")
    s.add_argument("topic")
    for name in ("archive", "unarchive"):
        s = csub.add_parser(name, help=f"{name} a channel (channel managers)")
        s.add_argument("channel")
    s = csub.add_parser("invite", help="add people to a channel (channel managers)")
    s.add_argument("channel")
    s.add_argument("users", nargs="+", metavar="USER")
    s = csub.add_parser("remove", help="remove someone from a channel (channel managers)")
    s.add_argument("channel")
    s.add_argument("user")
    s = csub.add_parser("members", help="who is in a channel, their role, who manages it (needs the relay)")
    s.add_argument("channel")
    return {"channel": cmd_channel}


def _name(text: str) -> str:
    name = text.strip().lstrip("#")
    try:
        return msgspec.convert(name, ChannelName)
    except msgspec.ValidationError:
        raise CliError(
            f"invalid channel name {name!r}: 1-80 characters, no spaces or control characters, not starting with @"
        ) from None


def _user(text: str) -> str:
    name = text.strip().lstrip("@")
    try:
        return msgspec.convert(name, UserName)
    except msgspec.ValidationError:
        raise CliError(f"invalid user name {name!r}: user names are lowercase, like bob or li.wei") from None


def _users(text: str) -> list[str]:
    return [_user(u) for u in text.split(",") if u.strip()]


def _any_channel(store, ref: str):
    """A cached channel, member or not (to join or look at a public one)."""
    channel = store.channel_by_ref(ref)
    if channel is None:
        raise CliError(f"no channel {ref!r} in the cache (run `beacon sync`, or `beacon channel browse`)")
    return channel


def _join_target(store, ref: str) -> tuple[str, str]:
    """(id, name) of the public channel to join: from the cache, else from the relay."""
    channel = store.channel_by_ref(ref)
    if channel is not None:
        return channel.id, channel.name
    wanted = ref.lstrip("#").casefold()
    found = _query(store, tm.BrowseChannels(id=new_client_id(), query=ref.lstrip("#")), "finding the channel")
    for summary in found.channels:
        if summary.name.casefold() == wanted or summary.channel == ref:
            return summary.channel, summary.name
    raise CliError(f"no public channel {ref!r} to join (see `beacon channel browse`)")


def cmd_channel(store, args) -> int:
    what = args.channel_command
    if what == "create":
        cmd = fr.CreateChannel(
            id=new_client_id(), name=_name(args.name), private=args.private, topic=args.topic,
            members=_users(args.members),
        )
        return _submit(store, cmd, f"created #{safe(cmd.name)}")
    if what == "browse":
        return _browse(store, args.query)
    if what == "members":
        return _members(store, _any_channel(store, args.channel))
    if what == "join":
        channel, name = _join_target(store, args.channel)
        return _submit(store, fr.Join(id=new_client_id(), channel=channel), f"joined #{safe(name)}")
    channel = _channel(store, args.channel)
    label = f"#{safe(channel.name)}"
    cid = new_client_id()
    if what == "leave":
        return _submit(store, fr.Leave(id=cid, channel=channel.id), f"left {label}")
    if what == "rename":
        name = _name(args.name)
        return _submit(store, fr.Rename(id=cid, channel=channel.id, name=name), f"renamed {label} to #{safe(name)}")
    if what == "topic":
        done = f"topic of {label} set" if args.topic else f"topic of {label} cleared"
        return _submit(store, tm.SetTopic(id=cid, channel=channel.id, topic=args.topic), done)
    if what == "archive":
        return _submit(store, fr.Archive(id=cid, channel=channel.id), f"archived {label}")
    if what == "unarchive":
        return _submit(store, tm.Unarchive(id=cid, channel=channel.id), f"unarchived {label}")
    if what == "remove":
        user = _user(args.user)
        return _submit(store, fr.RemoveMember(id=cid, channel=channel.id, user=user), f"removed {safe(user)} from {label}")
    status = 0
    for user in [_user(u) for u in args.users]:  # invite
        status |= _submit(store, fr.AddMember(id=new_client_id(), channel=channel.id, user=user), f"added {safe(user)} to {label}")
    return status


def _browse(store, query: str) -> int:
    found = _query(store, tm.BrowseChannels(id=new_client_id(), query=query), "browsing channels")
    if not found.channels:
        print("no public channels to join" + (f" matching {safe(query)!r}" if query else ""))
    for c in found.channels:
        topic = f"  {safe(c.topic)}" if c.topic else ""
        print(f"#{safe(c.name)}  {c.members} member{'' if c.members == 1 else 's'}{topic}")
    return 0


def _members(store, channel) -> int:
    found = _query(store, tm.ChannelMembers(id=new_client_id(), channel=channel.id), "listing members")
    for m in found.members:
        marks = [m.role] + (["manager"] if m.manager else []) + ([] if m.active else ["deactivated"])
        print(f"{safe(m.display_name)} (@{safe(m.user)})  {', '.join(marks)}")
    return 0
