"""Client handshake and stream state, Sans-I/O: frames in, typed happenings out.

The network layer feeds every frame it receives to `ClientSession.receive` and
acts on what comes back; it never interprets raw frames itself. The session
guarantees the events it hands out are new (seq above the cursor) and in order.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from desktop.protocol import codec
from desktop.protocol import frames as fr
from desktop.protocol import team
from desktop.protocol.errors import ErrorCode, ProtocolError
from desktop.protocol.version import PROTOCOL_VERSION


class Phase(enum.Enum):
    AWAIT_WELCOME = "await_welcome"
    CATCHING_UP = "catching_up"
    LIVE = "live"


@dataclass
class NewEvents:
    events: list  # EventBase | UnknownEvent, seq strictly increasing, all > previous cursor


@dataclass
class Accepted:
    welcome: fr.Welcome
    reset: bool  # the relay refused our cursor: drop synced data, keep the outbox


@dataclass
class CaughtUp:
    head: int


@dataclass
class Answer:
    """The relay's answer to one of our commands or queries."""

    frame: fr.Ack | fr.Error | fr.HistoryResult | fr.Pong  # or a team query's result (protocol.team)


@dataclass
class Refused:
    """An error frame that is not tied to a command (e.g. during the handshake)."""

    error: fr.Error


@dataclass
class ClientSession:
    token: str
    cursor: int | None = None
    epoch: str | None = None
    client: str = "beacon"
    phase: Phase = Phase.AWAIT_WELCOME
    user: str | None = None
    duplicates_dropped: int = field(default=0)

    def hello(self) -> bytes:
        return codec.encode(
            fr.Hello(
                protocol=PROTOCOL_VERSION, token=self.token, client=self.client,
                cursor=self.cursor if self.cursor else None, epoch=self.epoch,
            )
        )

    def receive(self, data: bytes | str) -> list:
        """Validate one frame from the relay; return what happened (may be empty)."""
        frame = codec.decode_server_frame(data)
        if self.phase is Phase.AWAIT_WELCOME:
            if isinstance(frame, fr.Welcome):
                reset = frame.resume == "reset"
                if reset:
                    self.cursor = 0
                self.epoch = frame.epoch
                self.user = frame.user
                self.phase = Phase.CATCHING_UP
                return [Accepted(frame, reset)]
            if isinstance(frame, fr.Error):
                return [Refused(frame)]
            raise ProtocolError(ErrorCode.BAD_FRAME, f"expected welcome, got {type(frame).__name__}")
        if isinstance(frame, fr.Events):
            fresh = []
            last = self.cursor or 0
            for event in frame.events:
                if event.seq <= last:
                    self.duplicates_dropped += 1  # already applied: never apply twice
                    continue
                fresh.append(event)
                last = event.seq
            self.cursor = last
            return [NewEvents(fresh)] if fresh else []
        if isinstance(frame, fr.Synced):
            self.cursor = max(self.cursor or 0, frame.head)
            self.phase = Phase.LIVE
            return [CaughtUp(frame.head)]
        if isinstance(frame, (fr.Ack, fr.HistoryResult, fr.Pong, *team.RESULTS)):
            return [Answer(frame)]
        if isinstance(frame, fr.Error):
            return [Answer(frame)] if frame.id else [Refused(frame)]
        if isinstance(frame, codec.UnknownFrame):
            return []  # a newer relay's frame type: nothing this client must act on
        raise ProtocolError(ErrorCode.BAD_FRAME, f"unexpected {type(frame).__name__}")
