"""Fixtures for the cluster tests: real PostgreSQL and nats-server on 127.0.0.1.

    pg_server      (session, tests/conftest.py)  one shared PostgresServer; do not stop it in a test
    pg_dsn         (function) a fresh, empty database on pg_server -> DSN string (dropped after)
    pg_private     (function) a PostgresServer of the test's own: stop/kill/restart freely
    nats           (function) a NatsServer of the test's own: kill/restart freely (same port, same store)

Every test under tests/cluster is marked `cluster` (pytest -m cluster / -m "not cluster").
Missing binaries skip the tests, or fail them when CI is set.
"""

from __future__ import annotations

import pytest

from tests.cluster.servers import nats_server, postgres_server


def pytest_configure(config):
    config.addinivalue_line("markers", "cluster: real PostgreSQL / nats-server on 127.0.0.1 (tests/cluster)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/cluster/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.cluster)


@pytest.fixture
def pg_dsn(pg_server):
    dsn = pg_server.create_database()
    yield dsn
    if pg_server.running:
        pg_server.drop_database(dsn.rsplit("/", 1)[1])


@pytest.fixture
def pg_private():
    with postgres_server() as server:
        yield server


@pytest.fixture
def nats():
    with nats_server() as server:
        yield server
