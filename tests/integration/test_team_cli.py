"""`beacon channel ...`, `beacon people`, `beacon role set`, `beacon audit` end to end:
real processes, a real relay, real encrypted caches."""

from __future__ import annotations

from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import free_port
from tests.integration.test_cli import beacon


async def test_channel_and_people_commands_end_to_end(tmp_path, workspace):
    port = free_port()
    url = f"ws://127.0.0.1:{port}"
    relay = Relay(workspace.data, "127.0.0.1", port, config=RelayConfig(poll_interval_s=0.05))
    await relay.start()
    a, b, d = (["--profile", str(tmp_path / u)] for u in ("alice", "bob", "dave"))
    try:
        for who, user in ((a, "alice"), (b, "bob"), (d, "dave")):
            code, _, err = await beacon(tmp_path, *who, "login", "--relay", url, f"--token={workspace.tokens[user]}")
            assert code == 0, err
        # bob creates a channel; dave (whose cache has not heard of it) finds and joins it.
        code, out, err = await beacon(tmp_path, *b, "channel", "create", "design", "--topic", "设计评审 design reviews",
                                      "--members", "carol")
        assert (code, out.strip()) == (0, "created #design"), err
        code, out, err = await beacon(tmp_path, *d, "channel", "browse", "设计")
        assert code == 0 and out.strip() == "#design  2 members  设计评审 design reviews", err
        code, out, err = await beacon(tmp_path, *d, "channel", "join", "design")
        assert (code, out.strip()) == (0, "joined #design"), err
        code, out, err = await beacon(tmp_path, *d, "channel", "members", "design")
        assert code == 0, err
        assert out.splitlines() == ["Bob (@bob)  member, manager", "Carol (@carol)  member", "Dave (@dave)  member"]

        # A plain member is refused in plain words; the manager sets the topic and archives.
        code, _, err = await beacon(tmp_path, *d, "channel", "topic", "design", "mine now")
        assert code == 1 and "only channel managers can set the topic of #design" in err and "Traceback" not in err
        code, out, err = await beacon(tmp_path, *b, "channel", "topic", "design", "新话题")
        assert (code, out.strip()) == (0, "topic of #design set"), err
        code, out, err = await beacon(tmp_path, *b, "channel", "archive", "#design")
        assert (code, out.strip()) == (0, "archived #design"), err
        code, out, _ = await beacon(tmp_path, *d, "channel", "browse")
        assert "#design" not in out  # archived channels are not offered

        # The directory, roles and the audit log.
        code, out, err = await beacon(tmp_path, *a, "people")
        assert code == 0 and "Alice (@alice)  owner" in out and "Dave (@dave)  member" in out, err
        code, out, err = await beacon(tmp_path, *a, "role", "set", "carol", "admin")
        assert (code, out.strip()) == (0, "carol is now admin"), err
        code, out, err = await beacon(tmp_path, *a, "audit")
        assert code == 0, err
        assert "alice: role.changed carol  member->admin" in out and "bob: channel.archived" in out
        code, _, err = await beacon(tmp_path, *b, "audit")
        assert code == 1 and "only workspace owners and admins can read the audit log" in err
        # Your own profile: checked before queueing, then everyone's directory has it.
        code, _, err = await beacon(tmp_path, *d, "profile", "set", "--tz", "Mars/Olympus")
        assert code == 1 and "unknown time zone 'Mars/Olympus'" in err and "Traceback" not in err
        code, out, err = await beacon(tmp_path, *d, "profile", "set", "--title", "测试工程师", "--tz", "Asia/Shanghai")
        assert (code, out.strip()) == (0, "profile updated"), err
        code, out, err = await beacon(tmp_path, *a, "people", "dave")
        assert code == 0 and "Dave (@dave)  member  测试工程师" in out, err
    finally:
        await relay.stop()

    # Offline: changes queue, queries say they need the relay.
    code, out, _ = await beacon(tmp_path, *b, "channel", "unarchive", "design")
    assert code == 0 and out.startswith("queued:")
    code, _, err = await beacon(tmp_path, *b, "channel", "browse")
    assert code == 1 and err.startswith("beacon: browsing channels needs the relay, which is unreachable") and "Traceback" not in err
    code, out, _ = await beacon(tmp_path, *b, "channel", "create", "offsite")
    assert code == 0 and out.startswith("queued:")
    code, out, _ = await beacon(tmp_path, *b, "channels")
    assert "#offsite  (waiting to be created)" in out.splitlines()
    relay = Relay(workspace.data, "127.0.0.1", port, config=RelayConfig(poll_interval_s=0.05))
    await relay.start()
    try:
        code, out, err = await beacon(tmp_path, *b, "sync")
        assert code == 0 and "sent 2" in out, err
        code, out, _ = await beacon(tmp_path, *b, "channels")
        assert "#offsite  0 unread" in out and "waiting" not in out
        code, out, _ = await beacon(tmp_path, *d, "channel", "members", "design")
        assert code == 0 and "Dave (@dave)" in out
        code, out, err = await beacon(tmp_path, *d, "send", "design", "back in business")
        assert code == 0 and "sent" in out, err  # unarchived: writable again
    finally:
        await relay.stop()
