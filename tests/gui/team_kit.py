"""Helpers for the team screen tests: a real relay with people, an app signed in as one
of them, and the relay's own tables (the truth the screens must change)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.net.retry import Backoff
from desktop.net.state import Link
from desktop.ui.application import BeaconApp
from server_stub import db
from tests.client_kit import open_profile
from tests.gui.app_kit import until


def relay_sql(data: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(Path(data) / db.DB_NAME)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def relay_members(data: Path, channel: str) -> set[str]:
    return {r[0] for r in relay_sql(data, "SELECT user FROM members WHERE channel = ?", channel)}


def relay_channel(data: Path, name: str) -> tuple | None:
    """(id, private, topic) of the non-DM channel called `name`."""
    rows = relay_sql(data, "SELECT id, private, topic FROM channels WHERE name = ? AND dm_key IS NULL", name)
    return rows[0] if rows else None


def relay_role(data: Path, user: str) -> str:
    return relay_sql(data, "SELECT role FROM users WHERE name = ?", user)[0][0]


async def start_app(qtbot, tmp_path: Path, url: str, user: str, display: str, token: str, *, online: bool = True):
    store = open_profile(tmp_path / user)
    store.set_account(url, user, display)
    store.set_token(token)
    app = BeaconApp(store, url, token)
    app.engine.backoff = Backoff(base=0.05, cap=0.3)
    qtbot.addWidget(app.window)
    app.start()
    if online:
        await until(lambda: app.engine.state.link is Link.ONLINE, what=f"{user} online")
    return app


def run_scenario(qloop, relay, scenario, timeout: float = 60) -> None:
    """Run the test's async `scenario()` on the qasync loop, then stop the embedded relay."""
    import asyncio

    try:
        with qloop:
            qloop.run_until_complete(asyncio.wait_for(scenario(), timeout))
    finally:
        relay.stop()
