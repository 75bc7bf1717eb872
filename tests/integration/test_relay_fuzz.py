"""Property-based: whatever arrives on a live connection, the relay answers with a
documented error (or a documented close) and keeps serving everyone else.

Hypothesis drives synchronous websockets clients; the relay runs on its own event
loop in a background thread, so no event loop or function-scoped fixture is shared
with hypothesis' repeated calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from desktop.protocol import codec
from desktop.protocol import frames as fr
from desktop.protocol.errors import CloseCode, ErrorCode, ProtocolError
from desktop.protocol.ids import new_client_id
from desktop.protocol.version import MAX_EVENTS_PER_FRAME, MAX_FRAME_BYTES, MAX_TEXT_CHARS
from server_stub.server import Relay
from tests.integration.conftest import FAST

CONFIG = dataclasses.replace(FAST, max_bad_frames=10, rate_per_s=100_000.0, rate_burst=100_000)
DOCUMENTED = {str(c) for c in ErrorCode}
ANSWERS = (fr.Error, fr.Ack, fr.Pong, fr.HistoryResult)


class ThreadedRelay:
    """A real relay on 127.0.0.1:0, serving from its own thread and event loop."""

    def __init__(self, data, config):
        self.relay = Relay(data, "127.0.0.1", 0, config=config)
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="relay-under-test")

    def _run(self) -> None:
        async def main():
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            await self.relay.start()
            self._ready.set()
            try:
                await self._stop.wait()
            finally:
                await self.relay.stop()

        try:
            asyncio.run(main())
        except BaseException as exc:  # surfaced by stop()
            self._error = exc
            self._ready.set()

    def __enter__(self) -> "ThreadedRelay":
        self._thread.start()
        assert self._ready.wait(10)
        assert self._error is None, self._error
        return self

    def __exit__(self, *exc) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)
        assert not self._thread.is_alive()
        if self._error is not None:
            raise self._error

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and self._error is None

    @property
    def url(self) -> str:
        return self.relay.url


class ErrorLogs(logging.Handler):
    """Collects ERROR records: a relay bug (an unhandled exception) shows up here."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Peer:
    """A synchronous protocol client."""

    def __init__(self, url: str, token: str):
        self.url, self.token = url, token
        self._stack = contextlib.ExitStack()
        self.ws: ClientConnection = self._open()
        self.bad = 0  # malformed frames sent on this connection

    def _open(self) -> ClientConnection:
        ws = self._stack.enter_context(connect(self.url, max_size=None, max_queue=None, open_timeout=5))
        ws.send(codec.encode(fr.Hello(protocol=1, token=self.token)), text=True)
        while not isinstance(codec.decode_server_frame(ws.recv(timeout=5)), fr.Synced):
            pass
        return ws

    def reopen(self) -> None:
        self.close()
        self.ws = self._open()
        self.bad = 0

    def close(self) -> None:
        self._stack.close()

    def answer(self, timeout: float = 5.0):
        """The next frame that answers a command (events and the like are skipped)."""
        while True:
            frame = codec.decode_server_frame(self.ws.recv(timeout=timeout))
            if isinstance(frame, ANSWERS):
                return frame

    def events_until(self, pred, timeout: float = 5.0) -> None:
        while True:
            frame = codec.decode_server_frame(self.ws.recv(timeout=timeout))
            if isinstance(frame, fr.Events) and any(pred(e) for e in frame.events):
                return


# ---- strategies ---------------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)
_types = sorted(t.__struct_config__.tag for t in fr.ClientFrame.__args__)
_fields = ["id", "channel", "text", "msg", "emoji", "upto", "name", "user", "limit", "before",
           "protocol", "token", "cursor", "thread", "members", "private", "topic"]
_cid = st.from_regex(r"\A[0-9A-Za-z_-]{16,64}\Z")
_big_int = st.integers(min_value=1, max_value=2**80)


def _text_frame(obj) -> tuple[bytes, bool]:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass"), False


random_bytes = st.binary(max_size=400).map(lambda b: (b, True))
random_text = st.text(max_size=200).map(lambda s: (s.encode("utf-8", "surrogatepass"), False))
random_json = _json.map(_text_frame)
wrong_types = st.builds(
    lambda t, f: _text_frame({**f, "type": t}),
    st.sampled_from(_types),
    st.dictionaries(st.sampled_from(_fields), _json, max_size=6),
)
unknown_types = st.builds(
    lambda t, cid: _text_frame({"type": t, "id": cid}),
    st.text(max_size=60).filter(lambda t: t not in _types),
    st.one_of(_cid, _json),
)
huge = st.one_of(
    # Text around the per-message limit (too_large above it).
    st.integers(MAX_TEXT_CHARS - 2, MAX_TEXT_CHARS + 2).map(
        lambda n: _text_frame({"type": "post", "id": new_client_id(), "channel": "Cnope", "text": "界" * n})
    ),
    # Frames around the frame limit (the websocket layer closes with 1009 above it).
    st.integers(MAX_FRAME_BYTES - 64, MAX_FRAME_BYTES + 4096).map(
        lambda n: (b'{"type":"ping","id":"' + new_client_id().encode() + b'","pad":"' + b"x" * (n - 67) + b'"}', False)
    ),
    st.integers(1000, 300_000).map(lambda n: (b'{"type":"' + b"q" * n + b'"}', False)),
)
# Well-formed commands with odd values: huge ids, unknown channels, any text.
valid_odd = st.one_of(
    st.builds(lambda c, m, t: fr.Edit(id=c, msg=m, text=t), _cid, _big_int, st.text(max_size=50)),
    st.builds(lambda c, m: fr.Delete(id=c, msg=m), _cid, _big_int),
    st.builds(lambda c, m, e: fr.React(id=c, msg=m, emoji=e), _cid, _big_int, st.text(min_size=1, max_size=32)),
    st.builds(lambda c, m: fr.Pin(id=c, msg=m), _cid, _big_int),
    st.builds(lambda c, m: fr.MarkUnread(id=c, msg=m), _cid, _big_int),
    st.builds(lambda c, b, n: fr.History(id=c, channel="Cnope", before=b, limit=n), _cid,
              st.none() | _big_int, st.integers(1, MAX_EVENTS_PER_FRAME)),
    st.builds(lambda c, ch, t, th: fr.Post(id=c, channel=ch, text=t, thread=th), _cid,
              st.from_regex(r"\A[A-Za-z0-9_.:-]{1,64}\Z"), st.text(max_size=100), st.none() | _big_int),
    st.builds(lambda c, u: fr.MarkRead(id=c, channel="Cnope", upto=u), _cid, st.integers(0, 2**70)),
    st.builds(lambda c: fr.Ping(id=c), _cid),
).map(lambda f: (codec.encode(f), False))

anything = st.one_of(random_bytes, random_text, random_json, wrong_types, unknown_types, huge, valid_odd)


def _expected(payload: bytes) -> tuple[str, object]:
    """What the relay must do with `payload`, computed with the shared codec."""
    if len(payload) > CONFIG.max_frame_bytes:
        return "close", CloseCode.MESSAGE_TOO_BIG
    try:
        frame = codec.decode_client_frame(payload)
    except ProtocolError as err:
        return "error", err
    if isinstance(frame, fr.Hello):
        return "error", ProtocolError(ErrorCode.BAD_FRAME, "already said hello")
    return "command", frame


def _check_one(peer: Peer, payload: bytes, binary: bool) -> None:
    kind, expected = _expected(payload)
    peer.ws.send(payload, text=not binary)
    if kind == "close":
        with pytest.raises(ConnectionClosed):
            peer.answer()
        assert peer.ws.close_code == expected
        peer.reopen()
        return
    answer = peer.answer()
    if kind == "error":
        assert isinstance(answer, fr.Error), answer
        assert answer.code == str(expected.code), (answer, expected)
        assert answer.id == expected.ref
        peer.bad += 1
        if peer.bad >= CONFIG.max_bad_frames:
            with pytest.raises(ConnectionClosed):
                peer.answer()
            assert peer.ws.close_code == CloseCode.PROTOCOL_VIOLATION
            peer.reopen()
        return
    # A well-formed command: answered once, with its id, by an ack or a documented error.
    assert answer.id == expected.id, (answer, expected)
    if isinstance(answer, fr.Error):
        assert answer.code in DOCUMENTED
        assert answer.code != str(ErrorCode.INTERNAL), answer  # bad input is not a relay failure


@pytest.mark.slow
def test_any_input_gets_a_documented_answer_and_others_keep_working(workspace):
    errors = ErrorLogs()
    logging.getLogger().addHandler(errors)
    try:
        with ThreadedRelay(workspace.data, CONFIG) as relay:
            general = workspace.channels["general"]
            alice = Peer(relay.url, workspace.tokens["alice"])
            bob = Peer(relay.url, workspace.tokens["bob"])
            fuzz = Peer(relay.url, workspace.tokens["dave"])

            @settings(max_examples=250, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
            @given(anything)
            def one(case):
                payload, binary = case
                _check_one(fuzz, payload, binary)  # 4010 is checked whenever the count is reached
                assert relay.alive

            one()

            # Everyone else still works: a post from alice reaches bob.
            cid = new_client_id()
            alice.ws.send(codec.encode(fr.Post(id=cid, channel=general, text="still here")), text=True)
            ack = alice.answer()
            assert isinstance(ack, fr.Ack) and ack.id == cid
            bob.events_until(lambda e: getattr(e, "text", None) == "still here")
            # ... and the fuzzed connection still works after all that.
            fuzz.ws.send(codec.encode(fr.Ping(id=cid)), text=True)
            assert isinstance(fuzz.answer(), fr.Pong)
            for p in (alice, bob, fuzz):
                p.close()
    finally:
        logging.getLogger().removeHandler(errors)
    assert [r.getMessage() for r in errors.records] == []


@pytest.mark.parametrize(
    "payload",
    [
        codec.encode(fr.History(id=new_client_id(), channel="Cnope", before=2**64)),
        codec.encode(fr.Edit(id=new_client_id(), msg=2**63, text="x")),
        codec.encode(fr.Post(id=new_client_id(), channel="Cnope", text="x", thread=2**70)),
    ],
)
def test_integers_beyond_int64_are_answered_not_internal(workspace, payload):
    """Regression: these raised OverflowError inside the relay (no answer / `internal`)."""
    with ThreadedRelay(workspace.data, CONFIG) as relay:
        alice = Peer(relay.url, workspace.tokens["alice"])
        alice.ws.send(payload, text=True)
        answer = alice.answer()
        assert answer.id == json.loads(payload)["id"]
        assert not (isinstance(answer, fr.Error) and answer.code == str(ErrorCode.INTERNAL)), answer
        alice.close()


def test_invalid_utf8_in_a_text_frame_is_closed_by_the_websocket_layer(workspace):
    with ThreadedRelay(workspace.data, CONFIG) as relay:
        peer = Peer(relay.url, workspace.tokens["alice"])
        peer.ws.send(b'{"type":"ping","id":"\xff\xfe"}', text=True)
        with pytest.raises(ConnectionClosed):
            peer.answer()
        assert peer.ws.close_code == 1007  # invalid frame payload data
        other = Peer(relay.url, workspace.tokens["bob"])
        other.ws.send(codec.encode(fr.Ping(id=new_client_id())), text=True)
        assert isinstance(other.answer(), fr.Pong)
        other.close()
        peer.close()


def test_too_many_bad_frames_close_with_4010_after_answering_each(workspace):
    with ThreadedRelay(workspace.data, CONFIG) as relay:
        peer = Peer(relay.url, workspace.tokens["alice"])
        for i in range(CONFIG.max_bad_frames):
            peer.ws.send(f"garbage {i}", text=True)
            answer = peer.answer()
            assert isinstance(answer, fr.Error) and answer.code == str(ErrorCode.BAD_FRAME)
        with pytest.raises(ConnectionClosed):
            peer.answer()
        assert peer.ws.close_code == CloseCode.PROTOCOL_VIOLATION
        # Good frames in between do not count, and do not reset the count either.
        peer.reopen()
        for i in range(CONFIG.max_bad_frames - 1):
            peer.ws.send(codec.encode(fr.Ping(id=new_client_id())), text=True)
            assert isinstance(peer.answer(), fr.Pong)
            peer.ws.send(b"[]", text=True)
            assert isinstance(peer.answer(), fr.Error)
        peer.ws.send(codec.encode(fr.Ping(id=new_client_id())), text=True)
        assert isinstance(peer.answer(), fr.Pong)  # still open after max - 1 bad frames
        peer.close()
