"""Extension point: a feature (tasks, files, presence...) brings its own tables,
event handlers and resync cleanup without editing the core cache modules.

A feature module builds a `Feature` and calls `register()` at import time;
`desktop/store/__init__.py` imports the feature modules. Each feature has its
own schema version (table `feature_versions`), so features can be added in any
order without renumbering the core migrations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from desktop.errors import CacheCorruptError
from desktop.store.changes import ChangeLog
from desktop.store.database import Connection, Database

# handler(conn, log, me, event): apply one event inside the ingest transaction.
Handler = Callable[[Connection, ChangeLog, "str | None", object], None]


@dataclass(frozen=True)
class Feature:
    name: str
    # Append-only, like the core migrations: step i brings the feature to version i+1.
    migrations: tuple[tuple[str, ...], ...] = ()
    # Event class -> handler. Handlers must be idempotent (events can be replayed).
    handlers: Mapping[type, Handler] = field(default_factory=dict)
    # Tables emptied when the relay refuses our cursor (synced data only).
    synced_tables: tuple[str, ...] = ()


FEATURES: dict[str, Feature] = {}


def register(feature: Feature) -> Feature:
    if feature.name in FEATURES and FEATURES[feature.name] is not feature:
        raise RuntimeError(f"store feature {feature.name!r} registered twice")
    FEATURES[feature.name] = feature
    return feature


def migrate(db: Database) -> None:
    """Bring every registered feature's tables to its newest version."""
    with db.transaction() as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS feature_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)"
        )
    for feature in FEATURES.values():
        for number, statements in enumerate(feature.migrations, start=1):
            with db.transaction() as conn:
                row = conn.execute("SELECT version FROM feature_versions WHERE name = ?", (feature.name,)).fetchone()
                version = row[0] if row else 0
                if version > len(feature.migrations):
                    raise CacheCorruptError(
                        "This cache was written by a newer version of Beacon; update Beacon to open it."
                    )
                if version >= number:
                    continue
                for sql in statements:
                    conn.execute(sql)
                conn.execute(
                    "INSERT INTO feature_versions(name, version) VALUES (?, ?)"
                    " ON CONFLICT(name) DO UPDATE SET version = excluded.version",
                    (feature.name, number),
                )


def handlers() -> dict[type, Handler]:
    merged: dict[type, Handler] = {}
    for feature in FEATURES.values():
        merged.update(feature.handlers)
    return merged


def synced_tables() -> list[str]:
    return [t for feature in FEATURES.values() for t in feature.synced_tables]
