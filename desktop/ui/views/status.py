"""The always-visible connection line: online / connecting / offline, waiting messages."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QLocale

from desktop.net.state import Link, LinkState


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ConnectionStatus", text, None, n)


def describe(state: LinkState, waiting: int, now_ms: int | None = None) -> str:
    parts: list[str]
    if state.link is Link.ONLINE:
        parts = [_tr("Online")]
    elif state.link is Link.CONNECTING:
        parts = [_tr("Connecting…")]
    elif state.link is Link.CATCHING_UP:
        parts = [_tr("Catching up… %n event(s)", state.progress) if state.progress else _tr("Catching up…")]
    elif state.link is Link.ERROR:
        parts = [_tr("Not connected: %1").replace("%1", state.reason)]
    else:
        parts = [_tr("Offline")]
    if waiting:
        parts.append(_tr("%n message(s) waiting to send", waiting))
    if state.last_synced_ms:
        when = dt.datetime.fromtimestamp(state.last_synced_ms / 1000)
        parts.append(_tr("last synced %1").replace("%1", QLocale().toString(when.time(), QLocale.FormatType.ShortFormat)))
    if state.link is Link.OFFLINE and state.retry_in:
        parts.append(_tr("retrying in %n s", max(1, round(state.retry_in))))
    return " · ".join(parts)
