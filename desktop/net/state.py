"""Connection state as the UI and CLI see it."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Link(enum.Enum):
    OFFLINE = "offline"  # not connected; will retry (see retry_in)
    CONNECTING = "connecting"
    CATCHING_UP = "catching_up"  # connected, replaying missed events
    ONLINE = "online"  # caught up, live
    ERROR = "error"  # cannot continue without the user (token refused, bad address)


@dataclass(frozen=True)
class LinkState:
    link: Link
    reason: str = ""  # why offline/error, in plain words
    retry_in: float | None = None  # seconds until the next attempt
    last_synced_ms: int | None = None  # when we were last caught up (relay clock)
    progress: int = 0  # events applied so far in the current catch-up
    # Commands the relay keeps answering `internal` (it cannot store them, e.g. its
    # disk is full); they stay queued and are sent again until it can.
    unstored: int = 0
