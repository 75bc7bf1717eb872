"""A text over the relay's limit is refused before it is queued, in one line naming the
limit (the protocol's MAX_TEXT_CHARS, which the relay enforces too); at the limit it is sent."""

from __future__ import annotations

from desktop.protocol.version import MAX_TEXT_CHARS
from tests.client_kit import open_profile, relay_texts
from tests.integration.test_cli import beacon


async def test_over_the_limit_is_refused_before_queueing(tmp_path, workspace, relay):
    profile = tmp_path / "alice"
    p = ["--profile", str(profile)]
    code, _, err = await beacon(tmp_path, *p, "login", "--relay", relay.url, "--token", workspace.tokens["alice"])
    assert code == 0, err
    code, out, err = await beacon(tmp_path, *p, "task", "add", "general", "a task")
    assert code == 0, err
    task = (await beacon(tmp_path, *p, "tasks"))[1].split()[0]

    too_long = "x" * (MAX_TEXT_CHARS + 1)
    for args in (["send", "general", too_long], ["send", "general", too_long, "--urgent"],
                 ["send", "general", too_long, "--at", "+2h"], ["task", "comment", task, too_long]):
        code, out, err = await beacon(tmp_path, *p, *args)
        assert code == 1, (args[:1], out, err)
        assert "Traceback" not in err and "CRITICAL" not in err
        assert len(err.strip().splitlines()) == 1
        assert f"at most {MAX_TEXT_CHARS:,}" in err and f"is {MAX_TEXT_CHARS + 1:,} characters" in err
    store = open_profile(profile)
    try:
        # Nothing queued: reading an over-long item back would even fail to decode.
        items = store.outbox(("pending", "sending", "failed", "acked"))
        assert items == []
        assert store.pending_count() == 0
    finally:
        store.close()

    # Exactly at the limit: the relay takes it (both sides agree on the number).
    at_limit = "y" * MAX_TEXT_CHARS
    code, out, err = await beacon(tmp_path, *p, "send", "general", at_limit)
    assert code == 0 and "sent to #general" in out, err
    assert at_limit in relay_texts(workspace.data)
