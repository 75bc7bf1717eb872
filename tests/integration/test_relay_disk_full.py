"""A relay whose disk is full: one-shot commands end, report it, and deliver later exactly once."""

from __future__ import annotations

import sqlite3
import time

from desktop.protocol import frames as fr
from tests.client_kit import relay_texts
from tests.integration.test_cli import beacon


def _disk_full_for_posts(writer):
    original = writer._apply

    def failing(app, user, cmd):
        if isinstance(cmd, fr.Post):
            raise sqlite3.OperationalError("database or disk is full")
        return original(app, user, cmd)

    writer._apply = failing
    return lambda: setattr(writer, "_apply", original)


async def test_send_on_full_relay_disk_ends_non_zero_and_is_delivered_later_once(tmp_path, workspace, relay):
    p = ["--profile", str(tmp_path / "alice")]
    code, _, err = await beacon(tmp_path, *p, "login", "--relay", relay.url, "--token", workspace.tokens["alice"])
    assert code == 0, err
    restore = _disk_full_for_posts(relay._writer)
    started = time.monotonic()
    code, out, err = await beacon(tmp_path, *p, "send", "general", "kept for later", timeout=20.0)
    assert code == 1, (out, err)
    assert "the relay could not store it; it stays queued" in err
    assert time.monotonic() - started < 15
    assert "kept for later" not in relay_texts(workspace.data)

    code, _, err = await beacon(tmp_path, *p, "sync", timeout=20.0)
    assert code == 1 and "could not store it" in err  # still full: sync says so too

    restore()
    code, out, err = await beacon(tmp_path, *p, "sync")
    assert code == 0, err
    assert "sent 1" in out
    assert relay_texts(workspace.data).count("kept for later") == 1
