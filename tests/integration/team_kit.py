"""Shared set-up for the team (roles) tests: a workspace with one person per role."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from desktop.protocol import frames as fr
from desktop.protocol import team as tm
from desktop.protocol.ids import new_client_id
from desktop.protocol import codec
from server_stub import admin
from server_stub.config import RelayConfig
from tests.relay_client import WireClient

# The relay's rate limit would slow the table down; everything else is the default.
CONFIG = RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5, rate_per_s=10_000, rate_burst=10_000)

# owen is the first user, so the owner; max creates the channels (their manager);
# nora is a member of the workspace but not of the channels under test.
ROLES = {"owen": "owner", "ada": "admin", "mia": "member", "gus": "guest", "max": "member", "nora": "member"}
AS = {"owner": "owen", "admin": "ada", "member": "mia", "guest": "gus", "manager": "max", "non-member": "nora"}


@dataclasses.dataclass
class Team:
    data: Path
    tokens: dict[str, str]


def make_team(data: Path, extra: tuple[str, ...] = ()) -> Team:
    tokens = {u: admin.add_user(data, u, u.title()) for u in (*ROLES, *extra)}
    for user, role in ROLES.items():
        if role != "member" and user != "owen":
            admin.set_role(data, user, role)
    return Team(data, tokens)


async def query(client: WireClient, frame_type, **fields):
    """Send a query; its `*_result` frame or `error`."""
    qid = new_client_id()
    await client.ws.send(codec.encode(frame_type(id=qid, **fields)), text=True)

    def answered():
        return next((f for f in client.frames if getattr(f, "id", None) == qid
                     and isinstance(f, (*tm.RESULTS, fr.HistoryResult, fr.Error))), None)

    await client.wait_for(lambda: answered() is not None)
    return answered()


async def settle(*clients: WireClient, probe: WireClient, channel: str) -> None:
    """Wait until every client has seen everything committed so far (a marker post)."""
    marker = await probe.post(channel, "marker")
    assert isinstance(marker, fr.Ack), marker
    for c in clients:
        await c.wait_for(lambda c=c: (c.cursor or 0) >= marker.seq)

