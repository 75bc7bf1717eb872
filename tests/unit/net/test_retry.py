"""Reconnect policy: error classification and backoff bounds."""

from __future__ import annotations

import random

import pytest
from websockets.exceptions import ConnectionClosedError, InvalidMessage, InvalidURI
from websockets.frames import Close

from desktop.net.retry import Backoff, RelayRefused, classify
from desktop.protocol.errors import CloseCode, ProtocolError, ErrorCode


def closed(code: int, reason: str = "") -> ConnectionClosedError:
    return ConnectionClosedError(Close(code, reason), None)


@pytest.mark.parametrize("code", [CloseCode.UNAUTHORIZED, CloseCode.TOKEN_REVOKED, CloseCode.UNSUPPORTED_VERSION])
def test_fatal_close_codes_stop_retrying(code):
    verdict = classify(closed(code))
    assert verdict.retry is False
    assert verdict.reason


@pytest.mark.parametrize(
    "exc",
    [
        closed(CloseCode.GOING_AWAY),
        closed(CloseCode.SLOW_CONSUMER),
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError(),
        OSError(101, "Network is unreachable"),
        ProtocolError(ErrorCode.BAD_FRAME, "garbage"),
        InvalidMessage("did not receive a valid HTTP response"),  # relay killed mid-upgrade
    ],
)
def test_transient_failures_are_retried(exc):
    assert classify(exc).retry is True


def test_bad_address_and_refused_token_are_not_retried():
    assert classify(InvalidURI("http://x", "scheme isn't ws or wss")).retry is False
    assert classify(RelayRefused("unauthorized", "token unknown")).retry is False
    assert classify(RelayRefused("internal", "oops")).retry is True


def test_our_own_bugs_are_not_swallowed():
    with pytest.raises(KeyError):
        classify(KeyError("bug"))


def test_backoff_grows_with_jitter_and_caps_at_30s():
    backoff = Backoff(base=0.5, cap=30.0, rng=random.Random(7))
    delays = [backoff.next_delay() for _ in range(20)]
    assert 0.25 <= delays[0] <= 0.5
    assert all(d <= 30.0 for d in delays)
    assert max(delays[-5:]) > 15.0  # reached the cap region
    assert len(set(delays)) == len(delays)  # jittered, not a fixed ladder
    backoff.reset()
    assert backoff.next_delay() <= 0.5
