"""The always-visible connection line: online / connecting / offline, waiting messages."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, QObject

from desktop.net.state import Link, LinkState


class ConnectionStatus(QObject):
    """Words for a LinkState (a QObject only so lupdate sees the plural forms)."""

    def describe(self, state: LinkState, waiting: int) -> str:
        if state.link is Link.ONLINE:
            parts = [self.tr("Online")]
        elif state.link is Link.CONNECTING:
            parts = [self.tr("Connecting…")]
        elif state.link is Link.CATCHING_UP:
            if state.progress:
                parts = [self.tr("Catching up… %n event(s)", "", state.progress)]
            else:
                parts = [self.tr("Catching up…")]
        elif state.link is Link.ERROR:
            parts = [self.tr("Not connected: %1").replace("%1", state.reason)]
        else:
            parts = [self.tr("Offline")]
        if state.unstored:  # the relay answers `internal` (e.g. its disk is full)
            parts.append(self.tr("the relay could not store %n message(s); they stay queued", "", state.unstored))
        if waiting:
            parts.append(self.tr("%n message(s) waiting to send", "", waiting))
        # Online, everything arrives live: a "last synced" time would look stuck. Away from
        # the relay it says how fresh the cache is (with the date when it is not today).
        if state.last_synced_ms and state.link is not Link.ONLINE:
            moment = dt.datetime.fromtimestamp(state.last_synced_ms / 1000)
            if moment.date() == dt.date.today():
                when = QLocale().toString(moment.time(), QLocale.FormatType.ShortFormat)
            else:
                when = QLocale().toString(moment, QLocale.FormatType.ShortFormat)
            parts.append(self.tr("last synced %1").replace("%1", when))
        if state.link is Link.OFFLINE and state.retry_in:
            parts.append(self.tr("retrying in %n s", "", max(1, round(state.retry_in))))
        return " · ".join(parts)


_status: ConnectionStatus | None = None


def describe(state: LinkState, waiting: int) -> str:
    global _status
    if _status is None:
        _status = ConnectionStatus()
    return _status.describe(state, waiting)
