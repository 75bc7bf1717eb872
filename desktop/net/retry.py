"""Reconnect policy: which failures are worth retrying, and how long to wait."""

from __future__ import annotations

import random
import ssl
from dataclasses import dataclass

from desktop.protocol.errors import FATAL_CLOSE_CODES, CloseCode, ProtocolError


@dataclass(frozen=True)
class Verdict:
    retry: bool
    reason: str  # one plain sentence for the user


def classify(exc: BaseException) -> Verdict:
    """The one place that decides whether a connection failure is retryable."""
    # websockets is imported with the first connection (~70 ms), not at start-up
    from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

    if isinstance(exc, ConnectionClosed):
        frame = exc.rcvd or exc.sent
        code = frame.code if frame else None
        reason = frame.reason if frame and frame.reason else "connection closed"
        if code in FATAL_CLOSE_CODES:
            return Verdict(False, _FATAL_REASONS.get(code, reason))
        if code == CloseCode.SLOW_CONSUMER:
            return Verdict(True, "the relay dropped us for reading too slowly; reconnecting")
        return Verdict(True, f"connection lost ({reason})")
    if isinstance(exc, InvalidURI):
        return Verdict(False, f"the relay address is not valid: {exc.uri}")
    if isinstance(exc, InvalidStatus):
        status = exc.response.status_code
        if 400 <= status < 500:
            return Verdict(False, f"the relay refused the connection (HTTP {status}); check the address")
        return Verdict(True, f"the relay is unavailable (HTTP {status})")
    if isinstance(exc, InvalidHandshake):
        # E.g. the relay died (or restarted) in the middle of the upgrade: "did not
        # receive a valid HTTP response". Not retrying would stop syncing for good.
        return Verdict(True, f"the connection broke while opening ({exc}); reconnecting")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return Verdict(False, f"the relay's certificate is not trusted: {exc.verify_message}")
    if isinstance(exc, ConnectionRefusedError):
        return Verdict(True, "the relay is not reachable (connection refused)")
    if isinstance(exc, TimeoutError):
        return Verdict(True, "the relay did not answer in time")
    if isinstance(exc, OSError):
        return Verdict(True, f"network error: {exc.strerror or exc}")
    if isinstance(exc, ProtocolError):
        return Verdict(True, f"the relay sent something this version does not understand: {exc.message}")
    if isinstance(exc, RelayRefused):
        return Verdict(exc.retry, exc.reason)
    raise exc  # a bug of ours: never swallowed as a network error


_FATAL_REASONS = {
    CloseCode.UNAUTHORIZED: "the relay refused the token (unknown or revoked); sign in again",
    CloseCode.TOKEN_REVOKED: "this device's token was revoked; sign in again",
    CloseCode.UNSUPPORTED_VERSION: "this version of Beacon is too old or too new for the relay",
    CloseCode.BAD_HELLO: "the relay did not understand this version of Beacon",
    CloseCode.PROTOCOL_VIOLATION: "the relay closed the connection: this version of Beacon sends frames it rejects",
}


class RelayRefused(Exception):
    """The relay answered the hello with an error frame."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.retry = code not in {"unauthorized", "unsupported_version"}
        self.reason = _FATAL_REASONS.get(
            {"unauthorized": CloseCode.UNAUTHORIZED, "unsupported_version": CloseCode.UNSUPPORTED_VERSION}.get(code, 0),
            f"the relay refused the connection: {message}",
        )


class Backoff:
    """Exponential backoff with jitter, capped (30 s by default).

    Jitter spreads reconnects of many clients after a relay restart.
    """

    def __init__(self, base: float = 0.5, cap: float = 30.0, rng: random.Random | None = None):
        self.base, self.cap = base, cap
        self.attempt = 0
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.base * (2 ** self.attempt))
        self.attempt += 1
        return ceiling / 2 + self._rng.uniform(0, ceiling / 2)

    def reset(self) -> None:
        self.attempt = 0
