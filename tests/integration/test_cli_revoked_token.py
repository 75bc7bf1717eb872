"""A revoked token: `beacon send` and `beacon sync` say so, tell how to sign in again,
exit non-zero and keep the message queued (real processes, a real relay)."""

from __future__ import annotations

import asyncio

from server_stub import admin
from tests.client_kit import open_profile, relay_texts
from tests.integration.test_cli import beacon


def _queued_texts(profile) -> list[str]:
    store = open_profile(profile)
    try:
        return [item.frame.text for item in store.outbox(("pending", "sending")) if hasattr(item.frame, "text")]
    finally:
        store.close()


async def test_revoked_token_is_reported_and_the_message_stays_queued(tmp_path, workspace, relay):
    profile = tmp_path / "alice"
    p = ["--profile", str(profile)]
    code, _, err = await beacon(tmp_path, *p, "login", "--relay", relay.url, "--token", workspace.tokens["alice"])
    assert code == 0, err
    assert await asyncio.to_thread(admin.revoke_token, workspace.data, "alice") >= 1

    code, out, err = await beacon(tmp_path, *p, "send", "general", "after the revocation")
    assert code == 1, (out, err)
    assert "queued: will be sent when the relay is reachable" not in out
    line = err.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in err
    assert "refused the token" in line and "stays queued" in line
    assert f"beacon --profile {profile} login --relay {relay.url} --token" in line
    assert _queued_texts(profile) == ["after the revocation"]

    code, out, err = await beacon(tmp_path, *p, "sync")
    assert code == 1 and "refused the token" in err and "beacon --profile" in err and "1 command(s) stay queued" in err
    assert "after the revocation" not in relay_texts(workspace.data)
    assert _queued_texts(profile) == ["after the revocation"]

    # Signing in again with a new token sends it, once.
    token = await asyncio.to_thread(admin.new_token, workspace.data, "alice")
    code, _, err = await beacon(tmp_path, *p, "login", "--relay", relay.url, "--token", token)
    assert code == 0, err
    code, out, err = await beacon(tmp_path, *p, "sync")
    assert code == 0, err
    assert relay_texts(workspace.data).count("after the revocation") == 1
    assert _queued_texts(profile) == []
