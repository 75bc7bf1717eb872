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


# The protocol tests that also run against a 3-node cluster (ids end in [cluster]: three
# nodes in this process over a real PostgreSQL, joined by a real nats-server); the others
# run against one relay on SQLite (or on PostgreSQL when BEACON_TEST_POSTGRES is set, see
# tests/conftest.py).
CLUSTER_MODULES = {
    "test_relay_basic", "test_relay_resume", "test_relay_idempotency", "test_relay_auth",
    "test_relay_admin_live", "test_relay_frames", "test_mark_unread_sync",
}


def pytest_generate_tests(metafunc):
    if metafunc.module.__name__.rsplit(".", 1)[-1] in CLUSTER_MODULES and "workspace" in metafunc.fixturenames:
        metafunc.parametrize("relay_backend", ["single", "cluster"], indirect=True)


@pytest.fixture
def relay_backend(request, monkeypatch):
    backend = getattr(request, "param", "single")
    if backend == "cluster":
        from tests import relay_client

        monkeypatch.setattr(relay_client, "CLUSTER_NODES", 3)
        monkeypatch.setattr(relay_client, "CLUSTER_BUS", request.getfixturevalue("nats_shared").url)
    return backend


@pytest.fixture
def workspace(tmp_path, relay_place, relay_backend, request) -> Workspace:
    if relay_backend == "cluster":
        data = request.getfixturevalue("cluster_place")(tmp_path / "relay")
    else:
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
async def relay(workspace, relay_backend):
    if relay_backend == "cluster":
        from tests.cluster_kit import Cluster

        from tests import relay_client

        server = Cluster(workspace.data, 3, FAST, bus=relay_client.CLUSTER_BUS)
    else:
        server = Relay(workspace.data, "127.0.0.1", 0, config=FAST)
    await server.start()
    yield server
    await server.stop()
