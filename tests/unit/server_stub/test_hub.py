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


# ---- publish: who gets what -------------------------------------------------------

from types import SimpleNamespace  # noqa: E402

from websockets.protocol import State  # noqa: E402

from server_stub.hub import Client, Hub  # noqa: E402
from server_stub.log import StoredEvent  # noqa: E402

USERS = ["alice", "bob", "carol", "dave"]
CHANNELS = ["C1", "C2", "C3"]


def _payload(frame: bytes) -> bytes:
    """The payload of one serialized, unmasked websocket frame."""
    n = frame[1] & 0x7F
    return frame[2 + {126: 2, 127: 8}.get(n, 0):]


class FakeWs:
    """Just what the hub and websockets.broadcast touch; records each message sent.

    Uncompressed connections get pre-serialized frames on the transport; with
    `compressed=True` the hub must go through websockets' own send path.
    """

    def __init__(self, compressed: bool = False):
        self.sent: list[bytes] = []
        self.protocol = SimpleNamespace(state=State.OPEN, send_text=self.sent.append,
                                        extensions=["permessage-deflate"] if compressed else [])
        self.send_in_progress = None
        self.transport = SimpleNamespace(write=lambda data: self.sent.append(_payload(data)),
                                         get_write_buffer_size=lambda: 0)
        self.remote_address = ("127.0.0.1", 0)

    def send_data(self):
        pass

    def seqs(self) -> list[int]:
        return [e.seq for f in self.sent for e in codec.decode_server_frame(f).events]


def _event(seq: int, kind: str, channel: str | None, user: str | None, scope_channel, scope_user, members=()):
    fields = dict(seq=seq, ts=1, channel=channel)
    if kind == "message.posted":
        body = ev.MessagePosted(**fields, msg=seq, text=f"m{seq}")
    elif kind == "read.marked":
        body = ev.ReadMarked(**fields, actor=user, upto=1)
    elif kind == "channel.created":
        body = ev.ChannelCreated(**fields, name=f"n{seq}", private=scope_channel is not None, members=list(members))
    elif kind == "member.added":
        body = ev.MemberAdded(**fields, user=user)
    elif kind == "member.removed":
        body = ev.MemberRemoved(**fields, user=user)
    else:
        body = ev.UserCreated(seq=seq, ts=1, user=user, display_name=user)
    return StoredEvent(seq, kind, scope_channel, scope_user, codec.encode(body))


@st.composite
def scenario(draw):
    members = {c: set(draw(st.sets(st.sampled_from(USERS)))) for c in CHANNELS}
    batches, seq = [], 100
    for _ in range(draw(st.integers(1, 6))):
        batch = []
        for _ in range(draw(st.integers(1, 6))):
            seq += 1
            kind = draw(st.sampled_from(["message.posted"] * 4 + ["read.marked", "channel.created", "member.added",
                                                                  "member.removed", "user.created"]))
            ch = draw(st.sampled_from(CHANNELS))
            user = draw(st.sampled_from(USERS))
            if kind == "message.posted":
                batch.append(_event(seq, kind, ch, None, ch, None))
            elif kind == "read.marked":
                batch.append(_event(seq, kind, ch, user, None, user))
            elif kind == "channel.created":
                new = f"N{seq}"
                private = draw(st.booleans())
                batch.append(_event(seq, kind, new, None, new if private else None, None,
                                    draw(st.sets(st.sampled_from(USERS)))))
            elif kind in ("member.added", "member.removed"):
                batch.append(_event(seq, kind, ch, user, ch, user))
            else:
                batch.append(_event(seq, kind, None, user, None, None))
        batches.append(batch)
    # A user may have several connections, some compressed.
    connected = draw(st.lists(st.tuples(st.sampled_from(USERS), st.booleans()), max_size=6))
    return members, batches, connected


def _reference(members: dict[str, set[str]], batches, user: str) -> list[int]:
    """Who sees what, event by event, straight from the visibility rules."""
    members = {c: set(m) for c, m in members.items()}
    seen = []
    for batch in batches:
        for e in batch:
            body = codec.decode_event(e.body)
            if e.kind == "channel.created":
                members.setdefault(body.channel, set()).update(body.members)
            elif e.kind == "member.added":
                members.setdefault(body.channel, set()).add(body.user)
            if e.scope_channel is None and e.scope_user is None:
                visible = True
            else:
                visible = user in members.get(e.scope_channel, set()) or user == e.scope_user
            if visible:
                seen.append(e.seq)
            if e.kind == "member.removed":
                members.get(body.channel, set()).discard(body.user)
    return seen


@given(scenario())
@settings(max_examples=200, deadline=None)
def test_publish_sends_each_client_exactly_what_it_may_see(case):
    members, batches, connected = case
    hub = Hub([(c, u) for c, us in members.items() for u in us], published_head=100, max_send_buffer=1 << 20)
    clients = []
    for user, compressed in connected:
        client = Client(FakeWs(compressed), user, "hash")
        client.live, client.sent_upto = True, 100
        hub.add(client)
        clients.append(client)
    for batch in batches:
        hub.publish(batch)
    assert hub.published_head == batches[-1][-1].seq
    for client in clients:
        assert client.ws.seqs() == _reference(members, batches, client.user), client.user
    assert hub.delivered == sum(len(c.ws.seqs()) for c in clients)


def test_a_client_not_yet_live_gets_nothing_from_publish():
    hub = Hub([("C1", "alice")], published_head=100, max_send_buffer=1 << 20)
    client = Client(FakeWs(), "alice", "hash")
    hub.add(client)
    hub.publish([_event(101, "message.posted", "C1", None, "C1", None)])
    assert client.ws.sent == []  # catch-up will read it from the log
    assert hub.published_head == 101
