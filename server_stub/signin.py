"""Relay feature "signin": the `/signin` endpoint -- join by invite and sign in with a
password without a token; with a token, manage invites, the password and devices.

Rate limits (clock: RelayConfig.clock, so tests can move time):
- password sign-in: 5 failures for one account within 15 min lock that account for
  15 min; 20 failures from one address within 15 min lock that address for 15 min.
  While locked every attempt is refused with `locked` and is not even checked.
- redeeming: 10 unknown invites from one address within 15 min lock the address for
  15 min; 100 unknown *codes* relay-wide within 15 min pause code redemption for
  1 min (link secrets have 256 bits and are not limited by that).
Writes run on the relay's writer thread in their own transaction (Writer.call), so
their events (user.created, member.added) are published before the answer is sent.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import weakref
from dataclasses import dataclass, field

from websockets.exceptions import ConnectionClosed

from desktop.protocol import signin as sp
from desktop.protocol.errors import CloseCode, ErrorCode, ProtocolError
from server_stub import accounts, audit, devicelink, features, invites, passwords
from server_stub.log import now_ms

logger = logging.getLogger(__name__)

MINUTE = 60_000
ACCOUNT_LOCK = dict(max_failures=5, window_ms=15 * MINUTE, lock_ms=15 * MINUTE)
ADDRESS_LOCK = dict(max_failures=20, window_ms=15 * MINUTE, lock_ms=15 * MINUTE)
REDEEM_LOCK = dict(max_failures=10, window_ms=15 * MINUTE, lock_ms=15 * MINUTE)
CODE_PAUSE = dict(max_failures=100, window_ms=15 * MINUTE, lock_ms=1 * MINUTE)


@dataclass
class _Limits:
    accounts: passwords.Lockout = field(default_factory=lambda: passwords.Lockout(**ACCOUNT_LOCK))
    addresses: passwords.Lockout = field(default_factory=lambda: passwords.Lockout(**ADDRESS_LOCK))
    redeem: passwords.Lockout = field(default_factory=lambda: passwords.Lockout(**REDEEM_LOCK))
    codes: passwords.Lockout = field(default_factory=lambda: passwords.Lockout(**CODE_PAUSE))
    links: devicelink.Links = field(default_factory=devicelink.Links)


_limits: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class Refused(Exception):
    def __init__(self, code: str, message: str, retry_after_ms: int | None = None):
        super().__init__(message)
        self.code, self.message, self.retry_after_ms = code, message, retry_after_ms


def device_id(token_hash: str) -> str:
    return token_hash[:16]


def sign_in(conn: sqlite3.Connection, user: str, device: str, now: int) -> tuple[str, str]:
    """A new device token for `user`: (token, token hash)."""
    token = accounts.issue_token(conn, user)
    token_hash = accounts.hash_token(token)
    conn.execute("UPDATE tokens SET device = ?, last_seen_ts = ? WHERE hash = ?",
                 (device.strip() or "unnamed device", now, token_hash))
    return token, token_hash


def devices(conn: sqlite3.Connection, user: str, current_hash: str) -> list[sp.DeviceInfo]:
    rows = conn.execute(
        "SELECT hash, device, created_ts, last_seen_ts FROM tokens WHERE user = ? AND revoked_ts IS NULL"
        " ORDER BY created_ts", (user,),
    )
    return [sp.DeviceInfo(id=device_id(h), name=name or "unnamed device", created_ts=created,
                          last_seen_ts=seen, current=h == current_hash) for h, name, created, seen in rows]


def sign_out(conn: sqlite3.Connection, actor: str | None, user: str, device: str, now: int) -> str:
    """Revoke one of `user`'s device tokens by device id; returns its hash."""
    row = conn.execute(
        "SELECT hash, device FROM tokens WHERE user = ? AND substr(hash, 1, 16) = ? AND revoked_ts IS NULL",
        (user, device),
    ).fetchone()
    if row is None:
        raise Refused(str(ErrorCode.NOT_FOUND), f"no signed-in device {device}")
    conn.execute("UPDATE tokens SET revoked_ts = ? WHERE hash = ?", (now, row[0]))
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revocations'")
    audit.record(conn, actor, "device.signed_out", user, f"device={device} name={row[1][:64]}")
    return row[0]


# ---- the endpoint ---------------------------------------------------------------


class _Session:
    def __init__(self, relay, ws):
        self.relay, self.ws = relay, ws
        self.clock = relay.config.clock or now_ms
        self.limits = _limits.setdefault(relay, _Limits())
        self.address = str(ws.remote_address[0]) if ws.remote_address else "?"
        self.user: str | None = None
        self.token_hash = self.token = ""

    async def write(self, fn):
        return await self.relay._writer.call(fn)

    async def read(self, fn, *args):
        return await self.relay._reader.run(fn, *args)

    def _check(self, lockout: passwords.Lockout, key: str, what: str) -> None:
        wait = lockout.retry_after(key, self.clock())
        if wait:
            minutes = max(1, round(wait / MINUTE))
            raise Refused(sp.LOCKED, f"too many failed attempts {what}; try again in about {minutes} min", wait)

    async def answer(self, msg) -> object:
        match msg:
            case sp.Redeem():
                return await self.redeem(msg)
            case sp.Login():
                return await self.login(msg)
            case sp.LinkRequest():
                return await self.link_request(msg)
            case sp.Auth():
                return await self.auth(msg)
        if self.user is None:
            raise Refused(str(ErrorCode.UNAUTHORIZED), "send auth with your token first")
        return await self.account(msg)

    async def redeem(self, req: sp.Redeem) -> sp.SignedIn:
        is_code = not sp.is_secret(req.invite)
        self._check(self.limits.redeem, self.address, "from this address")
        if is_code:
            wait = self.limits.codes.retry_after("*", self.clock())
            if wait:
                raise Refused(str(ErrorCode.RATE_LIMITED), "too many invalid codes; retry in a minute", wait)
        existing = await self.read(lambda conn: (accounts.user_exists(conn, req.user), accounts.is_active(conn, req.user)))

        def fn(app):
            now = self.clock()
            role, joined = invites.redeem(app, req, now=now)
            token, token_hash = sign_in(app.conn, req.user, req.device, now)
            return sp.SignedIn(user=req.user, display_name=req.display_name.strip(), role=role, token=token,
                               device=device_id(token_hash), channels=joined)

        try:
            return await self.write(fn)
        except invites.InviteRefused as exc:
            now = self.clock()
            if exc.code == sp.INVITE_UNKNOWN:
                self.limits.redeem.fail(self.address, now)
                if is_code:
                    self.limits.codes.fail("*", now)
            if exc.code == sp.NAME_TAKEN and existing[0] and not existing[1]:
                raise Refused(sp.DEACTIVATED, f"the user name {req.user} belongs to a deactivated account") from None
            raise Refused(exc.code, exc.message) from None

    async def login(self, req: sp.Login) -> sp.SignedIn:
        ok, active = await self.check_password(req.user, req.password)
        if not ok:
            raise Refused(sp.BAD_CREDENTIALS, "wrong user name or password")
        if not active:
            raise Refused(sp.DEACTIVATED, "this account is deactivated; ask an admin")

        def fn(app):
            conn = app.conn
            if not accounts.is_active(conn, req.user):
                raise Refused(sp.DEACTIVATED, "this account is deactivated; ask an admin")
            token, token_hash = sign_in(conn, req.user, req.device, self.clock())
            display = conn.execute("SELECT display_name FROM users WHERE name = ?", (req.user,)).fetchone()[0]
            return sp.SignedIn(user=req.user, display_name=display, role=accounts.role_of(conn, req.user),
                               token=token, device=device_id(token_hash))

        return await self.write(fn)

    async def link_request(self, req: sp.LinkRequest) -> sp.SignedIn:
        """Show a code, wait (up to LINK_SECONDS) for a signed-in device to approve it."""
        self._check(self.limits.redeem, self.address, "from this address")
        try:
            request = self.limits.links.open(req.user, req.device.strip() or "unnamed device", self.clock())
        except devicelink.Full:
            raise Refused(str(ErrorCode.RATE_LIMITED), "too many devices are waiting to be linked; retry later",
                          60_000) from None
        try:
            await self.ws.send(sp.encode(sp.LinkPending(code=request.code, expires_ts=request.expires_ms)))
            closed = asyncio.ensure_future(self.ws.wait_closed())
            try:
                await asyncio.wait({request.answer, closed}, timeout=sp.LINK_SECONDS,
                                   return_when=asyncio.FIRST_COMPLETED)
            finally:
                closed.cancel()
            if not request.answer.done():
                request.answer.cancel()
                raise Refused(sp.LINK_EXPIRED, "the code was not approved in time; ask for a new one")
            return request.answer.result()  # SignedIn, or raises Refused
        finally:
            self.limits.links.close(request)

    async def link_approve(self, user: str, msg: sp.LinkApprove) -> sp.Linked:
        request = self.limits.links.take(user, msg.code)
        if request is None:
            raise Refused(sp.LINK_UNKNOWN, "no device is waiting with this code for your account")
        if request.expires_ms <= self.clock():
            expired = Refused(sp.LINK_EXPIRED, "the code was not approved in time; ask for a new one")
            request.answer.set_exception(expired)
            raise expired

        def fn(app):
            conn = app.conn
            token, token_hash = sign_in(conn, user, request.device, self.clock())
            display = conn.execute("SELECT display_name FROM users WHERE name = ?", (user,)).fetchone()[0]
            return sp.SignedIn(user=user, display_name=display, role=accounts.role_of(conn, user),
                               token=token, device=device_id(token_hash))

        signed = await self.write(fn)
        if request.answer.done():  # the new device went away meanwhile: do not leave its token live
            await self.write(lambda app: sign_out(app.conn, user, user, signed.device, self.clock()))
            raise Refused(sp.LINK_UNKNOWN, "the device stopped waiting; ask it for a new code")
        request.answer.set_result(signed)
        return sp.Linked(device=signed.device, name=request.device)

    async def check_password(self, user: str, password: str) -> tuple[bool, bool]:
        """(password right, account active): one counted attempt. Checked and begun with no
        await in between, so attempts in flight already use the account's and the
        address's budget and parallel guesses cannot overshoot the lock-out."""
        self._check(self.limits.addresses, self.address, "from this address")
        self._check(self.limits.accounts, user, f"for {user}")
        now = self.clock()
        self.limits.accounts.begin(user, now)
        self.limits.addresses.begin(self.address, now)
        ok = False
        try:
            stored, active = await self.read(
                lambda conn: (passwords.stored_hash(conn, user), accounts.is_active(conn, user)))
            ok = await asyncio.to_thread(passwords.verify, password, stored)
        finally:
            now = self.clock()
            self.limits.accounts.end(user, now, ok=ok, clear=True)
            self.limits.addresses.end(self.address, now, ok=ok)
        return ok, active

    async def auth(self, req: sp.Auth) -> sp.Ready:
        if self.user is not None:
            raise Refused(str(ErrorCode.BAD_FRAME), "already authenticated")
        found = await self.read(accounts.authenticate, req.token)
        if found is None:
            raise Refused(str(ErrorCode.UNAUTHORIZED), "token unknown or revoked")
        user, _display, token_hash = found
        role, active = await self.read(lambda conn: (accounts.role_of(conn, user), accounts.is_active(conn, user)))
        if not active:
            raise Refused(sp.DEACTIVATED, "this account is deactivated")
        self.user, self.token_hash, self.token = user, token_hash, req.token
        return sp.Ready(user=user, role=role, device=device_id(token_hash))

    async def account(self, msg) -> object:
        # The token may have been revoked (or the user deactivated) since `auth`.
        found = await self.read(accounts.authenticate, self.token)
        if found is None or not await self.read(accounts.is_active, self.user):
            self.user = None
            raise Refused(str(ErrorCode.UNAUTHORIZED), "token unknown or revoked")
        user = self.user
        match msg:
            case sp.InviteCreate():
                return await self.write(lambda app: invites.create(
                    app, user, max_uses=msg.max_uses, expires_in_s=msg.expires_in_s, role=msg.role,
                    channels=msg.channels, now=self.clock()))
            case sp.InviteList():
                return sp.Invites(invites=await self.read(lambda conn: invites.listing(conn, user, now=self.clock())))
            case sp.InviteRevoke():
                await self.write(lambda app: invites.revoke(app, user, msg.invite, now=self.clock()))
                return sp.Ok()
            case sp.PasswordSet():
                return await self.set_password(msg)
            case sp.LinkApprove():
                return await self.link_approve(user, msg)
            case sp.DeviceList():
                return sp.Devices(devices=await self.read(devices, user, self.token_hash))
            case sp.DeviceRevoke() | sp.Logout():
                device = msg.device if isinstance(msg, sp.DeviceRevoke) else device_id(self.token_hash)
                revoked = await self.write(lambda app: sign_out(app.conn, user, user, device, self.clock()))
                self.relay.hub.revoke({revoked})  # closes that device's live connection now
                return sp.Ok()
        raise Refused(str(ErrorCode.BAD_FRAME), f"{type(msg).__name__} is not a request here")

    async def set_password(self, msg: sp.PasswordSet) -> sp.Ok:
        user = self.user
        reason = sp.password_problem(msg.new, user)
        if reason:
            raise Refused(sp.WEAK_PASSWORD, reason)
        if await self.read(passwords.stored_hash, user) is not None:
            if not msg.old:
                raise Refused(sp.BAD_CREDENTIALS, "give your current password to change it")
            if not (await self.check_password(user, msg.old))[0]:
                raise Refused(sp.BAD_CREDENTIALS, "the current password is wrong")
        hashed = await asyncio.to_thread(passwords.hash_password, msg.new)
        await self.write(lambda app: passwords.store(app.conn, user, hashed, self.clock()))
        return sp.Ok()


async def serve(relay, ws) -> None:
    """One connection to `/signin` (called by the relay's connection handler)."""
    session = _Session(relay, ws)
    try:
        while True:
            try:
                raw = await asyncio.wait_for(ws.recv(), relay.config.hello_timeout_s)
            except TimeoutError:
                await ws.close(CloseCode.HELLO_TIMEOUT, "idle")
                return
            try:
                msg = sp.decode_client(raw)
                answer = await session.answer(msg)
            except Refused as refused:
                answer = sp.SigninFailure(code=refused.code, message=refused.message,
                                          retry_after_ms=refused.retry_after_ms)
            except invites.InviteRefused as refused:
                answer = sp.SigninFailure(code=refused.code, message=refused.message)
            except ProtocolError as err:
                await ws.send(sp.encode(sp.SigninFailure(code=str(err.code), message=err.message)))
                await ws.close(CloseCode.PROTOCOL_VIOLATION, err.message[:120])
                return
            except Exception:
                logger.exception("sign-in request failed")
                answer = sp.SigninFailure(code=str(ErrorCode.INTERNAL), message="the relay failed on this request")
            await ws.send(sp.encode(answer))
            if isinstance(answer, sp.Ok) and session.user and isinstance(msg, sp.Logout):
                await ws.close(CloseCode.NORMAL, "signed out")
                return
    except ConnectionClosed:
        pass


FEATURE = features.register(
    features.RelayFeature(
        name="signin",
        migrations=invites.MIGRATIONS + passwords.MIGRATIONS,
        endpoints={sp.SIGNIN_PATH: serve},
    )
)
