"""`beacon send @user` opens the conversation when there is none yet."""

from __future__ import annotations

from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import free_port, relay_texts
from tests.integration.test_cli import beacon


async def test_send_to_a_person_opens_the_dm_once(tmp_path, workspace):
    port = free_port()
    url = f"ws://127.0.0.1:{port}"
    a = ["--profile", str(tmp_path / "alice")]
    relay = Relay(workspace.data, "127.0.0.1", port, config=RelayConfig(poll_interval_s=0.05))
    await relay.start()
    try:
        assert (await beacon(tmp_path, *a, "login", "--relay", url, f"--token={workspace.tokens['alice']}"))[0] == 0
        code, _, err = await beacon(tmp_path, *a, "send", "@nobody", "hi")
        assert code == 1 and "no user '@nobody'" in err
    finally:
        await relay.stop()
    # Offline: the conversation cannot open yet; the user is told, nothing is half-sent.
    code, out, err = await beacon(tmp_path, *a, "send", "@carol", "first try")
    assert code == 1 and "opens when the relay is reachable" in err, out + err
    relay = Relay(workspace.data, "127.0.0.1", port, config=RelayConfig(poll_interval_s=0.05))
    await relay.start()
    try:
        code, out, err = await beacon(tmp_path, *a, "send", "@carol", "hello carol")
        assert code == 0 and "sent to" in out, out + err
        code, out, err = await beacon(tmp_path, *a, "send", "@carol", "second message")
        assert code == 0, err
    finally:
        await relay.stop()
    texts = relay_texts(workspace.data)
    assert texts.count("hello carol") == 1 and "second message" in texts and "first try" not in texts
    code, out, _ = await beacon(tmp_path, *a, "channels")
    dms = [line for line in out.splitlines() if "Carol" in line]
    assert code == 0 and len(dms) == 1, out  # one conversation, although OpenDm was queued twice
