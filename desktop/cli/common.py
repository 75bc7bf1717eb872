"""Helpers every `beacon` command group uses: the one-line error, the sync engine, channel lookup."""

from __future__ import annotations

import asyncio
import datetime as dt

from desktop import __version__
from desktop.net.retry import classify
from desktop.net.sync import SyncEngine, SyncReport


class CliError(Exception):
    """Printed as one line on stderr; exit status 1."""


class Unstored(CliError):
    """The relay kept failing to store a command (e.g. its disk is full); it stays queued."""


UNSTORED = "the relay could not store it; it stays queued"
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
        raise CliError(classify(exc).reason) from None
    if report.unstored:
        raise Unstored(f"{UNSTORED} ({len(report.unstored)} command(s); run `beacon sync` later)")
    return report


def _channel(store, ref: str):
    channel = store.channel_by_ref(ref)
    if channel is None:
        raise CliError(f"no channel {ref!r} in the cache (run `beacon sync`, or check `beacon channels`)")
    if not channel.am_member:
        raise CliError(f"you are not a member of #{channel.name}")
    return channel


def _describe(report: SyncReport) -> str:
    parts = [f"{report.events} new event(s)"]
    if report.sent:
        parts.append(f"sent {report.sent}")
    if report.failed:
        parts.append(f"{len(report.failed)} refused by the relay (see `beacon outbox`)")
    if report.reset:
        parts.append("the relay's log was replaced: cache rebuilt, outbox kept")
    return "synced: " + ", ".join(parts)
