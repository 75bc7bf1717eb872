"""Shared fixtures: a real relay on 127.0.0.1, port 0, in a temporary directory."""

from __future__ import annotations

import asyncio
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _fresh_database(base: str, label: str) -> str:
    import re
    import uuid

    import psycopg

    name = "t_" + re.sub(r"\W", "_", label.lower())[:40] + "_" + uuid.uuid4().hex[:8]
    with psycopg.connect(base.rstrip("/") + "/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
    return base.rstrip("/") + "/" + name


def _drop_databases(base: str, urls: list[str]) -> None:
    import psycopg

    with psycopg.connect(base.rstrip("/") + "/postgres", autocommit=True) as conn:
        for url in urls:
            conn.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


@pytest.fixture(scope="session")
def pg_server():
    """One private PostgreSQL for the session (tests/cluster/servers.py): skipped where
    PostgreSQL is not installed, except on CI. Do not stop it in a test."""
    from tests.cluster.servers import postgres_server

    with postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def nats_shared():
    """One nats-server for the session, for clusters that only need a bus (each cluster's
    stream is its own: the relay names it after its log's epoch). Tests that kill the
    server use tests/cluster's `nats` fixture instead."""
    from tests.cluster.servers import nats_server

    with nats_server() as server:
        yield server


@pytest.fixture(scope="session")
def postgres_base(request):
    """postgresql://user@host:port of a PostgreSQL server for the tests: the one
    BEACON_TEST_POSTGRES names, else the session's pg_server."""
    base = os.environ.get("BEACON_TEST_POSTGRES")
    if base:
        return base.rstrip("/")
    return request.getfixturevalue("pg_server").dsn.rsplit("/", 1)[0]


@pytest.fixture
def cluster_place(request, postgres_base):
    """`cluster_place(folder)`: a db.Place of the folder and a fresh database."""
    from server_stub import db

    made: list[str] = []

    def place(folder):
        url = _fresh_database(postgres_base, request.node.name)
        made.append(url)
        return db.Place(folder, url)

    yield place
    if made:
        _drop_databases(postgres_base, made)


@pytest.fixture
def relay_place(request):
    """Where a test's relay keeps its data: `relay_place(folder)` is the folder itself
    (SQLite), or — when BEACON_TEST_POSTGRES names a server (postgresql://user@host:port)
    — a db.Place of the folder and a fresh database on it, so the same tests run on
    PostgreSQL. The cluster tests (tests/cluster) start their own servers."""
    base = os.environ.get("BEACON_TEST_POSTGRES")
    if not base:
        yield lambda folder: folder
        return
    from server_stub import db

    made: list[str] = []

    def place(folder):
        url = _fresh_database(base, request.node.name)
        made.append(url)
        os.environ["BEACON_RELAY_DATABASE"] = url  # `beacon-relay admin` run by the test finds it
        return db.Place(folder, url)

    yield place
    os.environ.pop("BEACON_RELAY_DATABASE", None)
    if made:
        _drop_databases(base, made)
