"""The Sans-I/O client session: handshake, dedup, phases."""

from __future__ import annotations

import pytest

from desktop.protocol import codec
from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.errors import ProtocolError
from desktop.protocol.session import Accepted, Answer, CaughtUp, ClientSession, NewEvents, Phase, Refused


def welcome(**kw) -> bytes:
    fields = dict(protocol=1, user="alice", display_name="Alice", epoch="e1", head=10, server_ts=1)
    fields.update(kw)
    return codec.encode(fr.Welcome(**fields))


def posted(seq: int) -> bytes:
    return codec.encode(ev.MessagePosted(seq=seq, ts=1, actor="bob", channel="C1", msg=seq, text=f"m{seq}"))


def test_hello_carries_cursor_and_epoch():
    s = ClientSession("tok", cursor=7, epoch="e1")
    hello = codec.decode_client_frame(s.hello())
    assert isinstance(hello, fr.Hello) and (hello.cursor, hello.epoch, hello.token) == (7, "e1", "tok")


def test_events_before_welcome_are_a_protocol_error():
    s = ClientSession("tok")
    with pytest.raises(ProtocolError):
        s.receive(codec.events_frame([posted(1)]))


def test_reset_welcome_rewinds_cursor():
    s = ClientSession("tok", cursor=50, epoch="old")
    [accepted] = s.receive(welcome(resume="reset", reason="epoch"))
    assert isinstance(accepted, Accepted) and accepted.reset
    assert s.cursor == 0 and s.epoch == "e1" and s.phase is Phase.CATCHING_UP


def test_duplicates_and_replays_are_dropped():
    s = ClientSession("tok", cursor=2)
    s.receive(welcome())
    [batch] = s.receive(codec.events_frame([posted(1), posted(2), posted(3), posted(4)]))
    assert isinstance(batch, NewEvents) and [e.seq for e in batch.events] == [3, 4]
    assert s.receive(codec.events_frame([posted(4)])) == []
    assert s.duplicates_dropped == 3
    [done] = s.receive(codec.encode(fr.Synced(head=9)))
    assert isinstance(done, CaughtUp) and s.cursor == 9 and s.phase is Phase.LIVE


def test_answers_and_refusals_are_told_apart():
    s = ClientSession("tok")
    [refused] = s.receive(codec.encode(fr.Error(code="unauthorized", message="no")))
    assert isinstance(refused, Refused)
    s.receive(welcome())
    [answer] = s.receive(codec.encode(fr.Error(code="not_member", message="no", id="0192f0c2-aaaa-7bbb-8ccc-000000000001")))
    assert isinstance(answer, Answer)


def test_unknown_frame_types_from_a_newer_relay_are_ignored():
    s = ClientSession("tok")
    s.receive(welcome())
    assert s.receive(b'{"type":"presence","user":"bob","state":"away"}') == []
    with pytest.raises(ProtocolError):
        s.receive(b'{"type":"ack"}')  # a known type, malformed: still an error
