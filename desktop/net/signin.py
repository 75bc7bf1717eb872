"""Client of the relay's `/signin` endpoint: join by invite, sign in with a password,
and (with this device's token) manage invites, the password and signed-in devices."""

from __future__ import annotations

import platform

from desktop import __version__
from desktop.errors import KnownError
from desktop.net.retry import classify
from desktop.protocol import signin as sp
from desktop.protocol.version import MAX_FRAME_BYTES


class SigninRefused(KnownError):
    """The relay answered with an error: `code` is one of desktop.protocol.signin's codes."""

    def __init__(self, code: str, message: str, retry_after_ms: int | None = None):
        super().__init__(message)
        self.code, self.retry_after_ms = code, retry_after_ms


class Unreachable(KnownError):
    """The relay could not be reached or the connection failed (the plain reason)."""


def signin_url(relay_url: str) -> str:
    return relay_url.rstrip("/") + sp.SIGNIN_PATH


def default_device_name(kind: str = "Beacon") -> str:
    node = platform.node() or "computer"
    return f"{kind} on {node}"[:64]


async def _exchange(relay_url: str, body, open_timeout: float = 10.0):
    """Run body(ws) on a /signin connection; SigninRefused as is, else Unreachable."""
    from websockets.asyncio.client import connect  # with the first connection, not at start-up

    try:
        async with connect(signin_url(relay_url), open_timeout=open_timeout, max_size=MAX_FRAME_BYTES,
                           user_agent_header=f"beacon/{__version__}") as ws:
            return await body(ws)
    except SigninRefused:
        raise
    except Exception as exc:  # classify() re-raises what is our bug
        raise Unreachable(classify(exc).reason) from None


async def _answer(ws):
    answer = sp.decode_server(await ws.recv())
    if isinstance(answer, sp.SigninFailure):
        raise SigninRefused(answer.code, answer.message, answer.retry_after_ms)
    return answer


async def call(relay_url: str, *requests, token: str | None = None, open_timeout: float = 10.0):
    """Send each request in order (after `auth` when a token is given); the last answer.

    Raises SigninRefused for a refusal, Unreachable when the network fails.
    """
    async def body(ws):
        answer = None
        for request in ((sp.Auth(token=token),) if token else ()) + requests:
            await ws.send(sp.encode(request))
            answer = await _answer(ws)
        return answer

    return await _exchange(relay_url, body, open_timeout)


async def link(relay_url: str, user: str, device: str, show_code) -> sp.SignedIn:
    """Ask to be signed in by a device already signed in as `user`: show_code(pending)
    is called with the code to approve there; returns once approved (or raises)."""
    async def body(ws):
        await ws.send(sp.encode(sp.LinkRequest(user=user, device=device)))
        pending = await _answer(ws)
        show_code(pending)
        return await _answer(ws)

    return await _exchange(relay_url, body)


async def redeem(relay_url: str, invite: str, user: str, display_name: str, device: str) -> sp.SignedIn:
    return await call(relay_url, sp.Redeem(invite=invite, user=user, display_name=display_name, device=device))


async def login(relay_url: str, user: str, password: str, device: str) -> sp.SignedIn:
    return await call(relay_url, sp.Login(user=user, password=password, device=device))
