"""Hub pieces that need no sockets: splitting event batches into frames."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.protocol import codec
from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.version import MAX_FRAME_BYTES, MAX_TEXT_CHARS
from server_stub.hub import events_frames


def _body(seq: int, text: str) -> bytes:
    return codec.encode(ev.MessagePosted(seq=seq, ts=1, channel="C1", msg=seq, text=text))


@given(st.lists(st.integers(0, 3000), max_size=60), st.integers(2000, 20_000))
@settings(max_examples=100, deadline=None)
def test_frames_are_bounded_ordered_and_complete(sizes, limit):
    bodies = [_body(i + 1, "x" * n) for i, n in enumerate(sizes)]
    limit = max(limit, max(map(len, bodies), default=0) + 40)  # one event always fits
    frames = events_frames(bodies, limit)
    assert all(len(f) <= limit for f in frames)
    decoded = [codec.decode_server_frame(f) for f in frames]
    assert all(isinstance(d, fr.Events) for d in decoded)
    assert [e.seq for d in decoded for e in d.events] == list(range(1, len(bodies) + 1))
    if bodies:
        assert all(d.events for d in decoded)  # no empty frames in between


def test_small_batches_stay_one_frame_and_byte_identical():
    bodies = [_body(i, "hello") for i in range(1, 100)]
    assert events_frames(bodies) == [codec.events_frame(bodies)]
    assert events_frames([]) == [codec.events_frame([])]


def test_largest_possible_message_fits_in_one_frame_with_room_to_spare():
    body = _body(2**53, "😀" * MAX_TEXT_CHARS)
    (frame,) = events_frames([body])
    assert len(frame) <= MAX_FRAME_BYTES
    assert json.loads(frame)["events"][0]["seq"] == 2**53
