"""Every command and query x every role, on a real relay: allowed or refused in plain words.

Roles: workspace owner, admin, member and guest (all in the channel), the channel's
manager (its creator, a plain member of the workspace) and a workspace member who
is not in the channel. Each (command, role) cell gets a fresh channel.
"""

from __future__ import annotations

import asyncio
import itertools

from desktop.protocol import frames as fr
from desktop.protocol import team as tm
from desktop.protocol.errors import ErrorCode
from server_stub import admin
from server_stub.server import Relay
from tests.integration.team_kit import AS, CONFIG, make_team, query
from tests.relay_client import WireClient

ALL = frozenset(AS)
IN_CHANNEL = ALL - {"non-member"}
MANAGERS = frozenset({"owner", "admin", "manager"})
ADMINS = frozenset({"owner", "admin"})
NOT_GUEST = ALL - {"guest"}
NOBODY: frozenset[str] = frozenset()
VICTIMS = tuple(f"v{i}" for i in range(40))
_victims = iter(VICTIMS)
_names = itertools.count()


class Cell:
    """A fresh public channel #tN made by the manager (max) with owen, ada, mia, gus and
    vic in it, a message by vic, a private channel #pN likewise, and an empty public
    channel #oN that only max is in."""

    def __init__(self, team, clients):
        self.team, self.c = team, clients
        self.n = next(_names)

    async def make(self):
        mx = self.c["max"]
        people = ["owen", "ada", "mia", "gus", "vic"]
        self.ch = (await mx.command(fr.CreateChannel, name=f"t{self.n}", members=people)).channel
        self.private = (await mx.command(fr.CreateChannel, name=f"p{self.n}", private=True, members=people)).channel
        self.open = (await mx.command(fr.CreateChannel, name=f"o{self.n}")).channel
        self.msg = (await self.c["vic"].post(self.ch, "vic's message")).msg
        assert self.ch and self.private and self.open and self.msg
        return self


def cmd(frame_type, **fields):
    async def act(client, cell):
        values = {k: (v(cell) if callable(v) else v) for k, v in fields.items()}
        return await client.command(frame_type, **values)
    return act


def ask(frame_type, **fields):
    async def act(client, cell):
        values = {k: (v(cell) if callable(v) else v) for k, v in fields.items()}
        return await query(client, frame_type, **values)
    return act


def with_setup(setup, act):
    async def run(client, cell):
        await setup(cell)
        return await act(client, cell)
    return run


async def _archive(cell):
    assert isinstance(await cell.c["max"].command(fr.Archive, channel=cell.ch), fr.Ack)


def _victim(cell):
    cell.victim = next(_victims)
    return cell.victim


async def _deactivated_victim(cell):
    await asyncio.to_thread(admin.set_active, cell.team.data, _victim(cell), False)


CH = lambda cell: cell.ch  # noqa: E731
PRIV = lambda cell: cell.private  # noqa: E731
MSG = lambda cell: cell.msg  # noqa: E731
NEW = lambda cell: f"x{cell.n}"  # noqa: E731

# (what, action, roles allowed)
TABLE = [
    ("post", cmd(fr.Post, channel=CH, text="hi"), IN_CHANNEL),
    ("react", cmd(fr.React, msg=MSG, emoji="👍"), IN_CHANNEL),
    ("pin", cmd(fr.Pin, msg=MSG), IN_CHANNEL),
    ("mark_read", cmd(fr.MarkRead, channel=CH, upto=1), IN_CHANNEL),
    ("history", ask(fr.History, channel=CH), IN_CHANNEL),
    ("edit someone else's message", cmd(fr.Edit, msg=MSG, text="mine now"), NOBODY),
    ("delete someone else's message (moderation)", cmd(fr.Delete, msg=MSG), MANAGERS),
    ("rename", cmd(fr.Rename, channel=CH, name=NEW), MANAGERS),
    ("set_topic", cmd(tm.SetTopic, channel=CH, topic="新的话题 new topic"), MANAGERS),
    ("archive", cmd(fr.Archive, channel=CH), MANAGERS),
    ("unarchive", with_setup(_archive, cmd(tm.Unarchive, channel=CH)), MANAGERS),
    ("add_member", cmd(fr.AddMember, channel=CH, user="nora"), MANAGERS),
    ("add_member (private)", cmd(fr.AddMember, channel=PRIV, user="nora"), MANAGERS),
    ("remove_member", cmd(fr.RemoveMember, channel=CH, user="vic"), MANAGERS),
    ("leave", cmd(fr.Leave, channel=CH), IN_CHANNEL),
    ("join public", cmd(fr.Join, channel=lambda cell: cell.open), NOT_GUEST),
    ("join private", cmd(fr.Join, channel=PRIV), NOBODY),
    ("create_channel", cmd(fr.CreateChannel, name=NEW), NOT_GUEST),
    ("open_dm (shares a channel)", cmd(fr.OpenDm, user="vic"), ALL),
    ("open_dm (shares none)", cmd(fr.OpenDm, user="loner"), NOT_GUEST),
    ("channels.browse", ask(tm.BrowseChannels), NOT_GUEST),
    ("channel.members (public)", ask(tm.ChannelMembers, channel=CH), NOT_GUEST | IN_CHANNEL),
    ("channel.members (private)", ask(tm.ChannelMembers, channel=PRIV), IN_CHANNEL),
    ("people", ask(tm.People), ALL),
    ("audit.list", ask(tm.AuditList), ADMINS),
    ("role.set member -> guest", cmd(tm.SetRole, user=_victim, role="guest"), ADMINS),
    ("role.set -> owner", cmd(tm.SetRole, user=_victim, role="owner"), frozenset({"owner"})),
    ("user.deactivate", cmd(tm.Deactivate, user=_victim), ADMINS),
    ("user.reactivate", with_setup(_deactivated_victim, cmd(tm.Reactivate, user=lambda cell: cell.victim)), ADMINS),
]


def _allowed(answer) -> bool:
    return isinstance(answer, (fr.Ack, fr.HistoryResult, *tm.RESULTS))


async def test_every_command_against_every_role(tmp_path):
    team = make_team(tmp_path / "relay", extra=("vic", "loner", *VICTIMS))
    relay = Relay(team.data, "127.0.0.1", 0, config=CONFIG)
    await relay.start()
    clients = {}
    try:
        for user in (*AS.values(), "vic"):
            clients[user] = await WireClient(relay.url, team.tokens[user]).connect()
        wrong, cells = [], 0
        for what, act, allowed in TABLE:
            for role, user in AS.items():
                cell = await Cell(team, clients).make()
                answer = await act(clients[user], cell)
                cells += 1
                if _allowed(answer) != (role in allowed):
                    wrong.append(f"{what} as {role}: {answer}")
                elif not _allowed(answer):
                    # Refused in plain words, with the documented codes.
                    if answer.code not in (ErrorCode.FORBIDDEN, ErrorCode.NOT_MEMBER, ErrorCode.NOT_FOUND):
                        wrong.append(f"{what} as {role}: unexpected code {answer.code}")
                    if allowed is MANAGERS and role in IN_CHANNEL and what != "delete someone else's message (moderation)":
                        if not answer.message.startswith("only channel managers can "):
                            wrong.append(f"{what} as {role}: message {answer.message!r}")
        assert wrong == [], "\n".join(wrong)
        assert cells == len(TABLE) * len(AS)
        for c in clients.values():
            assert c.problems == []
    finally:
        for c in clients.values():
            await c.close()
        await relay.stop()


async def test_refusals_name_the_channel(tmp_path):
    team = make_team(tmp_path / "relay")
    relay = Relay(team.data, "127.0.0.1", 0, config=CONFIG)
    await relay.start()
    try:
        mx = await WireClient(relay.url, team.tokens["max"]).connect()
        mia = await WireClient(relay.url, team.tokens["mia"]).connect()
        design = (await mx.command(fr.CreateChannel, name="design", members=["mia"])).channel
        refused = await mia.command(fr.Archive, channel=design)
        assert isinstance(refused, fr.Error) and refused.message == "only channel managers can archive #design"
        refused = await mia.command(tm.SetTopic, channel=design, topic="x")
        assert refused.message == "only channel managers can set the topic of #design"
        await mx.close()
        await mia.close()
    finally:
        await relay.stop()
