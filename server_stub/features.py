"""Extension point of the relay: a feature (tasks, files, scheduling...) brings its
tables, its command handlers and an optional periodic `tick`, without editing the
core modules. Feature modules call `register()` at import; `server_stub/__init__`
does not import them — `server_stub.plugins` does, and the relay imports that.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from desktop.protocol import frames as fr
from server_stub.log import Appender

# handler(appender, actor, command) -> Ack; raise commands.Rejected to refuse.
# `actor` is None for an administrator.
CommandHandler = Callable[[Appender, "str | None", fr.Command], fr.Ack]
# tick(appender, now_ms): runs on the writer thread inside a write transaction,
# every poll interval; events it appends are published like any other.
Tick = Callable[[Appender, int], None]
# endpoint(relay, websocket): serves a connection whose request path it is registered for
# (e.g. "/files"), instead of the event protocol. Runs on the event loop.
Endpoint = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class RelayFeature:
    name: str
    migrations: tuple[tuple[str, ...], ...] = ()  # append-only; step i -> version i+1
    commands: Mapping[type, CommandHandler] = field(default_factory=dict)
    tick: Tick | None = None
    endpoints: Mapping[str, Endpoint] = field(default_factory=dict)


FEATURES: dict[str, RelayFeature] = {}


def register(feature: RelayFeature) -> RelayFeature:
    if feature.name in FEATURES and FEATURES[feature.name] is not feature:
        raise RuntimeError(f"relay feature {feature.name!r} registered twice")
    FEATURES[feature.name] = feature
    return feature


def command_handler(kind: type) -> CommandHandler | None:
    for feature in FEATURES.values():
        handler = feature.commands.get(kind)
        if handler is not None:
            return handler
    return None


def endpoint(path: str) -> Endpoint | None:
    """The feature endpoint serving this request path (query string ignored), if any."""
    path = path.split("?", 1)[0]
    for feature in FEATURES.values():
        handler = feature.endpoints.get(path)
        if handler is not None:
            return handler
    return None


def ticks() -> list[Tick]:
    return [f.tick for f in FEATURES.values() if f.tick is not None]


def migrate(conn: sqlite3.Connection) -> None:
    """Bring every registered feature's tables to its newest version (own transaction each)."""
    conn.execute("CREATE TABLE IF NOT EXISTS feature_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)")
    for feature in FEATURES.values():
        for number, statements in enumerate(feature.migrations, start=1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute("SELECT version FROM feature_versions WHERE name = ?", (feature.name,)).fetchone()
                version = row[0] if row else 0
                if version > len(feature.migrations):
                    raise RuntimeError(f"relay feature {feature.name} schema {version} is newer than this relay")
                if version < number:
                    for sql in statements:
                        conn.execute(sql)
                    conn.execute(
                        "INSERT INTO feature_versions(name, version) VALUES (?, ?)"
                        " ON CONFLICT(name) DO UPDATE SET version = excluded.version",
                        (feature.name, number),
                    )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
