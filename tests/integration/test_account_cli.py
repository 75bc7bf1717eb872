"""`beacon join/login/devices/logout/invite/password` end to end: real processes, a
real relay, real encrypted caches; no secret is ever passed on a command line."""

from __future__ import annotations

import asyncio
import re
import sys

from tests.client_kit import CLI, cli_env, relay_texts

RELAY_CLI = [sys.executable, "-m", "server_stub.cli"]


async def run(tmp_path, *args, stdin: str = "", env: dict | None = None, cmd=CLI) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *cmd, *args, env={**cli_env(tmp_path), **(env or {})},
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), 60)
    return proc.returncode, out.decode(), err.decode()


def link_and_code(out: str) -> tuple[str, str]:
    link = re.search(r"beacon://join/\S+", out).group(0)
    code = re.search(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", out).group(0)
    return link, code


async def test_join_by_invite_password_devices_logout(tmp_path, workspace, relay):
    url = relay.url
    prof = {name: ["--profile", str(tmp_path / name)] for name in ("alice", "erin", "erin2", "frank", "gina")}
    # The owner signs in with a token from the environment (not on the command line).
    code, out, err = await run(tmp_path, *prof["alice"], "login", "--relay", url,
                               env={"BEACON_TOKEN": workspace.tokens["alice"]})
    assert code == 0 and "signed in as alice" in out, err
    code, out, err = await run(tmp_path, *prof["alice"], "invite", "create", "--uses", "2", "--channels", "general")
    assert code == 0, err
    link, invite_code = link_and_code(out)
    assert link.startswith("beacon://join/insecure/127.0.0.1:")

    # A fresh profile joins from a file holding the link and lands in #general.
    (tmp_path / "invite.txt").write_text(link + "\n")
    code, out, err = await run(tmp_path, *prof["erin"], "join", "--from-file", str(tmp_path / "invite.txt"),
                               "--user", "erin", "--display-name", "Erin 李")
    assert code == 0, err
    assert "joined as erin (Erin 李)" in out and "channels: #general" in out
    code, out, err = await run(tmp_path, *prof["erin"], "send", "general", "hello from erin")
    assert code == 0 and "sent to #general" in out, err
    assert "hello from erin" in relay_texts(workspace.data)

    # The code, piped on stdin, is the invite's second use; a third is refused plainly.
    code, out, err = await run(tmp_path, *prof["frank"], "join", "--relay", url, "--user", "frank",
                               "--display-name", "Frank", stdin=invite_code.lower() + "\n")
    assert code == 0 and "joined as frank" in out, err
    code, out, err = await run(tmp_path, *prof["gina"], "join", link, "--user", "gina", "--display-name", "Gina")
    assert code == 1 and "already been used" in err and "Traceback" not in err
    code, _, err = await run(tmp_path, *prof["gina"], "join", "beacon://join/x/short", "--user", "gina",
                             "--display-name", "Gina")
    assert code == 1 and "damaged" in err

    # A password, then a second device signs in with it (password on stdin).
    code, out, err = await run(tmp_path, *prof["erin"], "password", "set", "--from-file", "-",
                               stdin="\nerin-long-password\n")
    assert code == 0 and "password set" in out, err
    code, out, err = await run(tmp_path, *prof["erin2"], "login", "--relay", url, "--user", "erin",
                               "--password-file", "-", "--device", "second laptop", stdin="erin-long-password\n")
    assert code == 0 and "signed in as erin" in out, err
    code, out, err = await run(tmp_path, *prof["erin2"], "devices")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 2 and any("second laptop" in ln and "(this device)" in ln for ln in lines)
    first_id = next(ln.split()[0] for ln in lines if "(this device)" not in ln)
    code, out, err = await run(tmp_path, *prof["erin2"], "devices", "revoke", first_id)
    assert code == 0 and "signed out device" in out, err
    code, _, err = await run(tmp_path, *prof["erin"], "sync")
    assert code == 1 and "revoked" in err

    # Invitations: list and revoke.
    code, out, err = await run(tmp_path, *prof["alice"], "invite", "create")
    new_id = re.search(r"invitation (I[0-9a-f]{8})", out).group(1)
    code, out, _ = await run(tmp_path, *prof["alice"], "invite", "list")
    assert new_id in out
    code, out, err = await run(tmp_path, *prof["alice"], "invite", "revoke", new_id)
    assert code == 0 and "revoked" in out, err
    code, _, err = await run(tmp_path, *prof["erin2"], "invite", "create")
    assert code == 1 and "only owners and admins" in err

    # Sign out this device and delete its cache: the token is dead on the relay too.
    code, out, err = await run(tmp_path, *prof["erin2"], "logout", "--delete-cache")
    assert code == 0 and "signed out erin" in out and "deleted" in out, err
    assert not (tmp_path / "erin2" / "cache.db").exists()
    code, _, err = await run(tmp_path, *prof["erin2"], "sync")
    assert code == 1 and "not signed in" in err


async def test_relay_admin_invite_commands(tmp_path, workspace, relay):
    data = str(workspace.data)
    code, out, err = await run(tmp_path, "admin", "--data", data, "invite", "create", "--url", relay.url,
                               "--uses", "5", "--role", "guest", "--channels", "general", cmd=RELAY_CLI)
    assert code == 0, err
    link, _code = link_and_code(out)
    invite_id = re.search(r"invitation (I[0-9a-f]{8})", out).group(1)
    code, out, err = await run(tmp_path, "--profile", str(tmp_path / "g"), "join", "--user", "guest1",
                               "--display-name", "Guest One", env={"BEACON_INVITE": link})
    assert code == 0 and "joined as guest1" in out and "#general" in out, err
    code, out, _ = await run(tmp_path, "admin", "--data", data, "invite", "list", cmd=RELAY_CLI)
    assert invite_id in out and "used 1/5" in out
    code, out, _ = await run(tmp_path, "admin", "--data", data, "invite", "revoke", invite_id, cmd=RELAY_CLI)
    assert code == 0
    code, _, err = await run(tmp_path, "--profile", str(tmp_path / "h"), "join", link, "--user", "guest2",
                             "--display-name", "Guest Two")
    assert code == 1 and "revoked" in err
    code, _, err = await run(tmp_path, "admin", "--data", data, "invite", "create", "--url", "http://x",
                             cmd=RELAY_CLI)
    assert code == 1 and "not a relay address" in err


async def test_login_with_a_device_link_code(tmp_path, workspace, relay):
    a = ["--profile", str(tmp_path / "bob")]
    b = ["--profile", str(tmp_path / "bob-tablet")]
    code, _, err = await run(tmp_path, *a, "login", "--relay", relay.url, "--token-file", "-",
                             stdin=workspace.tokens["bob"] + "\n")
    assert code == 0, err
    proc = await asyncio.create_subprocess_exec(
        *CLI, *b, "login", "--relay", relay.url, "--user", "bob", "--link", "--device", "tablet",
        env=cli_env(tmp_path), stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    first = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
    shown = re.search(r"approve ([0-9A-Z]{4}-[0-9A-Z]{4})", first).group(1)
    code, out, err = await run(tmp_path, *a, "devices", "approve", shown)
    assert code == 0 and "signed in the new device tablet" in out, err
    rest, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0 and "signed in as bob" in rest.decode(), err.decode()
    code, out, _ = await run(tmp_path, *b, "devices")
    assert "tablet" in out and "(this device)" in out
