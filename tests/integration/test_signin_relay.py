"""The /signin endpoint on a real relay: invites, passwords with lock-out, devices."""

from __future__ import annotations

import asyncio

import pytest

from desktop.net import signin as net
from desktop.protocol import frames as fr
from desktop.protocol import signin as sp
from server_stub import admin, audit, db
from server_stub.config import RelayConfig
from server_stub.log import now_ms
from server_stub.server import Relay
from tests.client_kit import relay_bytes
from tests.relay_client import WireClient

MIN = 60_000


class Clock:
    """The relay's clock, movable by tests (real time plus an offset)."""

    def __init__(self):
        self.offset = 0

    def __call__(self) -> int:
        return now_ms() + self.offset


@pytest.fixture
async def timed(workspace):
    clock = Clock()
    relay = Relay(workspace.data, "127.0.0.1", 0,
                  config=RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5, clock=clock))
    await relay.start()
    yield relay, clock
    await relay.stop()


def refused(excinfo) -> str:
    return excinfo.value.code


async def test_invite_end_to_end_and_refusals(timed, workspace):
    relay, clock = timed
    alice = workspace.tokens["alice"]  # the workspace's first user: owner
    made = await net.call(relay.url, sp.InviteCreate(max_uses=2, channels=["general"]), token=alice)
    assert isinstance(made, sp.Invite) and made.invite.channels == [workspace.channels["general"]]
    joined = await net.redeem(relay.url, made.secret, "erin", "Erin 李", "laptop")
    assert joined.user == "erin" and joined.role == "member" and joined.channels == [workspace.channels["general"]]
    # The token works on the event protocol, erin is in #general, and can post there.
    erin = await WireClient(relay.url, joined.token).connect()
    assert erin.welcome.user == "erin"
    ack = await erin.post(workspace.channels["general"], "hello, I just joined")
    assert isinstance(ack, fr.Ack), ack
    await erin.close()
    # The typed code (any case, dashes, O for 0) names the same invite: its second and last use.
    typed = sp.format_code(made.code).lower().replace("0", "o")
    second = await net.redeem(relay.url, typed, "frank", "Frank", "")
    assert second.user == "frank"
    with pytest.raises(net.SigninRefused) as e:
        await net.redeem(relay.url, made.secret, "gina", "Gina", "")
    assert refused(e) == sp.INVITE_USED_UP and "already been used" in str(e.value)
    # Revoked and expired invites have their own errors; an unknown one too.
    other = await net.call(relay.url, sp.InviteCreate(expires_in_s=3600), token=alice)
    await net.call(relay.url, sp.InviteRevoke(invite=other.invite.id), token=alice)
    with pytest.raises(net.SigninRefused) as e:
        await net.redeem(relay.url, other.secret, "gina", "Gina", "")
    assert refused(e) == sp.INVITE_REVOKED and "revoked" in str(e.value)
    late = await net.call(relay.url, sp.InviteCreate(expires_in_s=3600), token=alice)
    clock.offset += 61 * MIN
    with pytest.raises(net.SigninRefused) as e:
        await net.redeem(relay.url, late.secret, "gina", "Gina", "")
    assert refused(e) == sp.INVITE_EXPIRED and "expired" in str(e.value)
    with pytest.raises(net.SigninRefused) as e:
        await net.redeem(relay.url, "ZZZZ-ZZZZ-ZZZZ", "gina", "Gina", "")
    assert refused(e) == sp.INVITE_UNKNOWN
    # A taken name does not spend a use.
    fresh = await net.call(relay.url, sp.InviteCreate(), token=alice)
    with pytest.raises(net.SigninRefused) as e:
        await net.redeem(relay.url, fresh.secret, "bob", "Not Bob", "")
    assert refused(e) == sp.NAME_TAKEN
    assert (await net.redeem(relay.url, fresh.secret, "gina", "Gina", "")).user == "gina"
    # Listing shows live invites only; members may not manage invites.
    listed = await net.call(relay.url, sp.InviteList(), token=alice)
    assert {i.id for i in listed.invites} == set()
    with pytest.raises(net.SigninRefused) as e:
        await net.call(relay.url, sp.InviteCreate(), token=workspace.tokens["bob"])
    assert refused(e) == "forbidden"

    conn = db.connect(workspace.data)
    try:
        actions = [(e.action, e.target) for e in audit.entries(conn)]
        details = " ".join(f"{e.target} {e.detail}" for e in audit.entries(conn))
    finally:
        conn.close()
    assert ("invite.created", made.invite.id) in actions
    assert ("invite.used", made.invite.id) in actions
    assert ("invite.revoked", other.invite.id) in actions
    for secret in (made.secret, made.code, other.secret, other.code, late.secret, fresh.secret):
        assert secret not in details


async def test_invite_roles_not_above_the_creator(relay, workspace):
    conn = db.connect(workspace.data)
    conn.execute("UPDATE users SET role = 'admin' WHERE name = 'bob'")
    conn.close()
    bob = workspace.tokens["bob"]
    with pytest.raises(net.SigninRefused) as e:
        await net.call(relay.url, sp.InviteCreate(role="owner"), token=bob)
    assert refused(e) == "forbidden" and "above your own role" in str(e.value)
    guest = await net.call(relay.url, sp.InviteCreate(role="guest", channels=["secret"]), token=bob)
    joined = await net.redeem(relay.url, guest.secret, "gus", "Gus", "")
    assert joined.role == "guest" and joined.channels == [workspace.channels["secret"]]
    # The operator's command line can make any invite.
    made = admin.create_invite(workspace.data, max_uses=1, expires_in_s=600, role="admin", channels=["general"])
    assert (await net.redeem(relay.url, made.code, "ada", "Ada", "")).role == "admin"


async def test_password_sign_in_lock_out_and_unlock(timed, workspace):
    relay, clock = timed
    bob = workspace.tokens["bob"]
    with pytest.raises(net.SigninRefused) as e:
        await net.call(relay.url, sp.PasswordSet(new="short"), token=bob)
    assert refused(e) == sp.WEAK_PASSWORD
    await net.call(relay.url, sp.PasswordSet(new="blue-harbour-42"), token=bob)
    # Changing needs the old one.
    with pytest.raises(net.SigninRefused) as e:
        await net.call(relay.url, sp.PasswordSet(new="green-harbour-42"), token=bob)
    assert refused(e) == sp.BAD_CREDENTIALS
    await net.call(relay.url, sp.PasswordSet(old="blue-harbour-42", new="green-harbour-42"), token=bob)
    second = await net.login(relay.url, "bob", "green-harbour-42", "phone")
    assert second.user == "bob" and second.token != bob
    # Guessing: five wrong passwords lock the account; then even the right one is refused.
    for guess in range(5):
        with pytest.raises(net.SigninRefused) as e:
            await net.login(relay.url, "bob", f"guess-{guess}-xxxxx", "")
        assert refused(e) == sp.BAD_CREDENTIALS
    with pytest.raises(net.SigninRefused) as e:
        await net.login(relay.url, "bob", "green-harbour-42", "")
    assert refused(e) == sp.LOCKED and e.value.retry_after_ms > 14 * MIN
    clock.offset += 14 * MIN
    with pytest.raises(net.SigninRefused) as e:
        await net.login(relay.url, "bob", "green-harbour-42", "")
    assert refused(e) == sp.LOCKED
    clock.offset += 2 * MIN  # 16 minutes after the lock: open again
    assert (await net.login(relay.url, "bob", "green-harbour-42", "")).user == "bob"
    # No password set: the same answer as a wrong one.
    with pytest.raises(net.SigninRefused) as e:
        await net.login(relay.url, "carol", "whatever-it-is", "")
    assert refused(e) == sp.BAD_CREDENTIALS


async def test_deactivated_user_refused(relay, workspace):
    await net.call(relay.url, sp.PasswordSet(new="dave-is-here-1"), token=workspace.tokens["dave"])
    made = await net.call(relay.url, sp.InviteCreate(), token=workspace.tokens["alice"])
    conn = db.connect(workspace.data)
    conn.execute("UPDATE users SET deactivated_ts = 1 WHERE name = 'dave'")
    conn.close()
    with pytest.raises(net.SigninRefused) as e:
        await net.login(relay.url, "dave", "dave-is-here-1", "")
    assert refused(e) == sp.DEACTIVATED
    with pytest.raises(net.SigninRefused) as e:
        await net.redeem(relay.url, made.secret, "dave", "Dave again", "")
    assert refused(e) == sp.DEACTIVATED
    with pytest.raises(net.SigninRefused) as e:
        await net.call(relay.url, sp.DeviceList(), token=workspace.tokens["dave"])
    assert refused(e) == sp.DEACTIVATED


async def test_devices_remote_sign_out_closes_the_live_connection(relay, workspace):
    first = workspace.tokens["carol"]
    await net.call(relay.url, sp.PasswordSet(new="carol-pass-123"), token=first)
    phone = await net.login(relay.url, "carol", "carol-pass-123", "Carol's phone")
    live = await WireClient(relay.url, first).connect()
    for _ in range(50):  # "last seen" is written at the writer's next poll (50 ms here)
        listed = await net.call(relay.url, sp.DeviceList(), token=phone.token)
        if all(d.last_seen_ts for d in listed.devices):
            break
        await asyncio.sleep(0.05)
    names = {d.name: d for d in listed.devices}
    assert names["Carol's phone"].current and names["Carol's phone"].id == phone.device
    old = next(d for d in listed.devices if not d.current)
    assert old.last_seen_ts is not None  # set when `live` connected
    await net.call(relay.url, sp.DeviceRevoke(device=old.id), token=phone.token)
    assert await live.wait_closed(5) == 4003
    with pytest.raises(net.SigninRefused) as e:
        await net.call(relay.url, sp.DeviceList(), token=first)
    assert refused(e) == "unauthorized"
    # Signing out this device revokes its own token.
    await net.call(relay.url, sp.Logout(), token=phone.token)
    with pytest.raises(net.SigninRefused):
        await net.call(relay.url, sp.DeviceList(), token=phone.token)
    conn = db.connect(workspace.data)
    try:
        outs = [e for e in audit.entries(conn) if e.action == "device.signed_out"]
    finally:
        conn.close()
    assert len(outs) == 2 and all(e.actor == "carol" and e.target == "carol" for e in outs)
    assert phone.token not in " ".join(e.detail for e in outs)


async def test_no_secret_stored_in_plaintext(relay, workspace):
    made = await net.call(relay.url, sp.InviteCreate(max_uses=3), token=workspace.tokens["alice"])
    joined = await net.redeem(relay.url, made.secret, "hana", "Hana", "")
    password = "Hana-secret-password-9"
    await net.call(relay.url, sp.PasswordSet(new=password), token=joined.token)
    await net.login(relay.url, "hana", password, "")
    await relay.stop()
    raw = relay_bytes(workspace.data)
    for secret in (made.secret, made.code, sp.format_code(made.code), password, joined.token):
        assert secret.encode() not in raw, secret
    conn = db.connect(workspace.data, create=False)
    stored = conn.execute("SELECT hash FROM passwords WHERE user = 'hana'").fetchone()[0]
    conn.close()
    assert stored.startswith("scrypt$15$8$3$")
    await relay.start()


async def test_guessing_codes_locks_the_address(timed, workspace):
    relay, clock = timed
    made = await net.call(relay.url, sp.InviteCreate(), token=workspace.tokens["alice"])
    for n in range(10):
        with pytest.raises(net.SigninRefused) as e:
            await net.redeem(relay.url, f"ZZZZ-ZZZZ-ZZ{n:02d}".replace("0", "A"), "ivy", "Ivy", "")
        assert refused(e) == sp.INVITE_UNKNOWN
    with pytest.raises(net.SigninRefused) as e:  # locked: even the right code is not checked
        await net.redeem(relay.url, made.code, "ivy", "Ivy", "")
    assert refused(e) == sp.LOCKED and e.value.retry_after_ms > 14 * MIN
    clock.offset += 16 * MIN
    assert (await net.redeem(relay.url, made.code, "ivy", "Ivy", "")).user == "ivy"


async def test_parallel_guesses_cannot_overshoot_the_lock_out(relay, workspace):
    await net.call(relay.url, sp.PasswordSet(new="carol-pass-123"), token=workspace.tokens["carol"])

    async def guess(n: int) -> str:
        try:
            await net.login(relay.url, "carol", f"wrong-guess-{n:03d}", "")
        except net.SigninRefused as exc:
            return exc.code
        return "signed_in"

    codes = await asyncio.gather(*(guess(n) for n in range(12)))
    assert codes.count(sp.BAD_CREDENTIALS) <= 5 and codes.count("signed_in") == 0
    assert codes.count(sp.LOCKED) >= 7, codes


async def test_device_link_code_approved_from_a_signed_in_device(timed, workspace):
    relay, clock = timed
    bob = workspace.tokens["bob"]
    shown: list[sp.LinkPending] = []
    waiting = asyncio.ensure_future(net.link(relay.url, "bob", "bob's tablet", shown.append))
    for _ in range(100):
        if shown:
            break
        await asyncio.sleep(0.02)
    code = shown[0].code
    # Another user cannot approve bob's code; a wrong code is refused.
    with pytest.raises(net.SigninRefused) as e:
        await net.call(relay.url, sp.LinkApprove(code=code), token=workspace.tokens["carol"])
    assert refused(e) == sp.LINK_UNKNOWN
    linked = await net.call(relay.url, sp.LinkApprove(code=sp.format_code(code).lower()), token=bob)
    assert linked.name == "bob's tablet"
    signed = await asyncio.wait_for(waiting, 5)
    assert signed.user == "bob" and signed.device == linked.device and signed.token != bob
    tablet = await WireClient(relay.url, signed.token).connect()
    assert tablet.welcome.user == "bob"
    await tablet.close()
    with pytest.raises(net.SigninRefused) as e:  # single use
        await net.call(relay.url, sp.LinkApprove(code=code), token=bob)
    assert refused(e) == sp.LINK_UNKNOWN
    # A code approved too late: both sides hear it expired.
    shown.clear()
    waiting = asyncio.ensure_future(net.link(relay.url, "bob", "old phone", shown.append))
    for _ in range(100):
        if shown:
            break
        await asyncio.sleep(0.02)
    clock.offset += (sp.LINK_SECONDS + 1) * 1000
    with pytest.raises(net.SigninRefused) as e:
        await net.call(relay.url, sp.LinkApprove(code=shown[0].code), token=bob)
    assert refused(e) == sp.LINK_EXPIRED
    with pytest.raises(net.SigninRefused) as e:
        await asyncio.wait_for(waiting, 5)
    assert refused(e) == sp.LINK_EXPIRED
