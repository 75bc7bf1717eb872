"""Helpers every `beacon` command group uses: the one-line error, the sync engine, channel lookup."""

from __future__ import annotations

import asyncio
import datetime as dt
import shlex

from websockets.exceptions import ConnectionClosed

from desktop import __version__
from desktop.domain.terminal import safe
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.net.retry import RelayRefused, classify
from desktop.net.sync import SyncEngine, SyncReport
from desktop.profile import default_profile_dir
from desktop.protocol.errors import CloseCode
from desktop.protocol.version import MAX_TEXT_CHARS


class CliError(Exception):
    """Printed as one line on stderr; exit status 1."""


class Unstored(CliError):
    """The relay kept failing to store a command (e.g. its disk is full); it stays queued."""


class NotRetryable(CliError):
    """The relay will not take our commands until the user acts (token refused, wrong version,
    untrusted certificate): trying again later cannot help, so this is no "queued" success."""


class TokenRefused(NotRetryable):
    """The relay refused the token (unknown or revoked); the message says how to sign in again."""


UNSTORED = "the relay could not store it; it stays queued"
_TOKEN_CLOSES = {CloseCode.UNAUTHORIZED, CloseCode.TOKEN_REVOKED}


def _token_refused(exc: BaseException) -> bool:
    if isinstance(exc, ConnectionClosed):
        frame = exc.rcvd or exc.sent
        return frame is not None and frame.code in _TOKEN_CLOSES
    return isinstance(exc, RelayRefused) and exc.code == "unauthorized"


def signin_hint(store, url: str) -> str:
    """The `beacon login` line (as the README shows it) that signs this profile in again."""
    profile = store.path.parent.resolve()
    where = "" if profile == default_profile_dir().resolve() else f"--profile {safe(shlex.quote(str(profile)))} "
    return f"`beacon {where}login --relay {safe(shlex.quote(url))} --token NEW_TOKEN`"


def stays_queued(exc: CliError, what: str) -> CliError:
    """The same kind of error, saying that `what` is kept in the outbox."""
    return type(exc)(f"{exc}; {what}")

NOT_SIGNED_IN = "not signed in: run `beacon join LINK` or `beacon login` first"


def _time(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M")


def _engine(store, *, url: str | None = None, token: str | None = None) -> SyncEngine:
    account = store.account()
    url = url or account.relay_url
    token = token or store.token()
    if not url or not token:
        raise CliError(NOT_SIGNED_IN)
    return SyncEngine(store, url, token, open_timeout=10.0, client_name=f"beacon-cli/{__version__}")


def _sync(engine: SyncEngine) -> SyncReport:
    """Run one sync; turn network failures into a CliError with the plain reason."""
    try:
        report = asyncio.run(engine.sync_once())
    except Exception as exc:  # classify() re-raises anything that is our bug
        verdict = classify(exc)
        if _token_refused(exc):
            raise TokenRefused(f"the relay refused the token (unknown or revoked): sign in again with "
                               f"{signin_hint(engine.store, engine.url)}") from None
        if not verdict.retry:
            raise NotRetryable(verdict.reason) from None
        raise CliError(verdict.reason) from None
    if report.unstored:
        raise Unstored(f"{UNSTORED} ({len(report.unstored)} command(s); run `beacon sync` later)")
    return report


def _text(text: str, what: str = "message") -> str:
    """Refuse, before anything is queued, a text the relay would refuse (the limit both sides share)."""
    if not text.strip():
        raise CliError(f"{what} text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise CliError(f"the {what} is {len(text):,} characters; the relay accepts at most "
                       f"{MAX_TEXT_CHARS:,} (nothing was queued)")
    return text


def _channel(store, ref: str):
    channel = store.channel_by_ref(ref)
    if channel is None:
        raise CliError(f"no channel {ref!r} in the cache (run `beacon sync`, or check `beacon channels`)")
    if not channel.am_member:
        raise CliError(f"you are not a member of #{channel.name}")
    return channel


def _send_target(store, ref: str):
    """Like _channel, but `@user` with no conversation yet opens one (as the app does)."""
    if not ref.strip().startswith("@") or store.channel_by_ref(ref) is not None:
        return _channel(store, ref)
    user = ref.strip()[1:].lower()
    if user not in {u.name for u in store.users()}:
        raise CliError(f"no user {ref!r} in the cache (run `beacon sync`)")
    store.enqueue(fr.OpenDm(id=new_client_id(), user=user))
    try:
        _sync(_engine(store))
    except CliError as exc:
        raise CliError(
            f"the conversation with @{user} opens when the relay is reachable ({safe(exc)}); send again then"
            " (nothing else was queued)"
        ) from None
    return _channel(store, ref)


def _describe(report: SyncReport) -> str:
    parts = [f"{report.events} new event(s)"]
    if report.sent:
        parts.append(f"sent {report.sent}")
    if report.failed:
        parts.append(f"{len(report.failed)} refused by the relay (see `beacon outbox`)")
    if report.reset:
        parts.append("the relay's log was replaced: cache rebuilt, outbox kept")
    return "synced: " + ", ".join(parts)
