"""`beacon digest`, `beacon library ...`, `beacon experts` end to end: real processes,
a real relay, real caches; and that nobody sees anything of a channel they cannot read."""

from __future__ import annotations

import re

from server_stub.config import RelayConfig
from server_stub.server import Relay
from tests.client_kit import free_port
from tests.integration.test_cli import beacon


async def test_digest_library_and_experts_from_the_command_line(tmp_path, workspace):
    port = free_port()
    relay = Relay(workspace.data, "127.0.0.1", port, config=RelayConfig(poll_interval_s=0.05))
    await relay.start()
    url = f"ws://127.0.0.1:{port}"
    p = {u: ["--profile", str(tmp_path / u)] for u in ("alice", "bob", "carol", "dave")}

    async def run(user, *args):
        return await beacon(tmp_path, *p[user], *args)

    try:
        for user in p:
            code, _, err = await run(user, "login", "--relay", url, f"--token={workspace.tokens[user]}")
            assert code == 0, err
        # A thread in #secret (alice, bob): bob asks, alice answers, bob thanks her.
        code, out, err = await run("bob", "send", "secret", "How do we evaluate NPU 算力 for the new cluster?")
        assert code == 0, err
        await run("alice", "sync")
        code, out, _ = await run("alice", "read", "secret")
        root = int(re.search(r"#(\d+)\s*$", out.strip().splitlines()[-1])[1])
        for user, text in (("alice", "NPU 算力评估: run the vendor benchmark at 80% power and compare 功耗"),
                           ("bob", "thanks, that worked!")):
            code, _, err = await run(user, "send", "secret", text, "--thread", str(root))
            assert code == 0, err
        await run("alice", "sync")
        code, out, err = await run("alice", "library", "save", "secret", "NPU 算力评估方法", "--thread", str(root),
                                   "--tag", "NPU", "--tag", "算力", "--kind", "howto", "--summary", "vendor benchmark at 80% power")
        assert code == 0 and "saved to the library" in out, err
        for user in p:
            assert (await run(user, "sync"))[0] == 0

        code, out, err = await run("bob", "digest", "secret", "--thread", str(root))
        assert code == 0 and "Key messages:" in out and f"beacon://message/{workspace.channels['secret']}/{root}" in out, err
        code, out, _ = await run("bob", "library", "search", "算力")
        assert code == 0 and "NPU 算力评估方法" in out and "[howto]" in out
        ref = out.split()[0]
        code, out, _ = await run("bob", "library", "show", ref)
        assert code == 0 and "vendor benchmark at 80% power" in out and "thread: 3 message(s)" in out
        code, _, err = await run("bob", "library", "edit", ref, "--tag", "功耗")
        assert code == 1 and "author" in err  # the relay refuses: not his entry
        code, out, err = await run("alice", "library", "edit", ref, "--tag", "功耗", "--tag", "npu")
        assert code == 0 and "updated" in out, err
        await run("bob", "sync")
        code, out, _ = await run("bob", "library", "search", "功耗")
        assert "NPU 算力评估方法" in out and "#功耗 #npu" in out
        code, out, _ = await run("bob", "experts", "NPU 算力评估")
        assert code == 0 and out.startswith("1. Alice:") and "library entr" in out and "answer" in out, out

        # carol (not in #secret) and dave (in no channel) see none of it, anywhere.
        for user in ("carol", "dave"):
            code, out, err = await run(user, "digest", "secret")
            assert code == 1 and ("not a member" in err or "no channel" in err), err
            assert "NPU" not in out + err
            code, out, _ = await run(user, "experts", "NPU 算力评估")
            assert code == 0 and "Alice" not in out and "nobody found" in out
        code, out, _ = await run("carol", "library", "search", "算力")
        assert code == 0 and "NPU" not in out
        code, _, err = await run("carol", "library", "show", ref)
        assert code == 1 and "no library entry" in err
        code, _, err = await run("carol", "digest", "general", "--thread", str(root))
        assert code == 1 and "no message" in err

        # Bad input: one clear line, no traceback.
        for args, reason in ((("digest", "general", "--since", "yesterday-ish"), "cannot read --since"),
                             (("library", "save", "general", " ", "--message", "999999"), "no message"),
                             (("experts", "  "), "ask about something")):
            code, _, err = await run("alice", *args)
            assert code == 1 and reason in err and "Traceback" not in err, err
        # Opting out removes alice from the answers others get.
        code, out, err = await run("alice", "experts", "--opt-out")
        assert code == 0, err
        await run("bob", "sync")
        code, out, _ = await run("bob", "experts", "NPU 算力评估")
        assert "Alice" not in out
    finally:
        await relay.stop()
