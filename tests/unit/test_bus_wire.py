"""The bus's wire format: round trip, versioning, deterministic chunking."""

import msgspec

from server_stub import bus_wire
from server_stub.log import StoredEvent


def _ev(seq, size=10, channel="c", user=None):
    return StoredEvent(seq, "message.posted", channel, user, bytes([seq % 256]) * size)


def test_round_trip_keeps_every_field():
    events = [_ev(1), _ev(2, channel=None, user="u7"), _ev(3, size=0)]
    node, ts, back = bus_wire.decode(bus_wire.encode("n1", events, ts=1234))
    assert (node, ts, back) == ("n1", 1234, events)


def test_other_versions_and_garbage_are_refused():
    data = msgspec.msgpack.encode([bus_wire.VERSION + 1, "n", 1, []])
    assert bus_wire.decode(data) is None
    assert bus_wire.decode(b"\x00garbage") is None


def test_chunks_are_deterministic_under_the_limit_and_oversize_is_set_aside():
    events = [_ev(s, size=300) for s in range(1, 21)] + [_ev(21, size=5000)] + [_ev(22, size=300)]
    runs, oversize = bus_wire.chunks(events, 1000)
    assert [e.seq for e in oversize] == [21]
    assert [e.seq for run in runs for e in run] == [s for s in range(1, 23) if s != 21]
    assert all(len(bus_wire.encode("n", run)) <= 1000 for run in runs)
    assert bus_wire.chunks(events, 1000) == (runs, oversize)
