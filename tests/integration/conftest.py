"""Fixtures for tests against a real relay."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from server_stub import admin
from server_stub.config import RelayConfig
from server_stub.server import Relay


@dataclasses.dataclass
class Workspace:
    data: Path  # or a server_stub.db.Place (the relay on PostgreSQL): both open with db.connect
    tokens: dict[str, str]
    channels: dict[str, str]


@pytest.fixture
def workspace(tmp_path, relay_place) -> Workspace:
    data = relay_place(tmp_path / "relay")
    tokens = {u: admin.add_user(data, u, u.title()) for u in ("alice", "bob", "carol", "dave")}
    channels = {
        "general": admin.add_channel(data, "general", members=["alice", "bob", "carol"]),
        "secret": admin.add_channel(data, "secret", private=True, members=["alice", "bob"]),
        "产品讨论": admin.add_channel(data, "产品讨论", members=["alice", "carol"]),
    }
    return Workspace(data, tokens, channels)


FAST = RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5)


@pytest.fixture
async def relay(workspace):
    server = Relay(workspace.data, "127.0.0.1", 0, config=FAST)
    await server.start()
    yield server
    await server.stop()
