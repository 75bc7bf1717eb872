"""Bytes <-> typed frames. The single place where untrusted input is validated."""

from __future__ import annotations

from functools import cache
from typing import Any, Iterable, Union

import msgspec

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol import team
from desktop.protocol.errors import ErrorCode, ProtocolError
from desktop.protocol.version import MAX_FRAME_BYTES

_encoder = msgspec.json.Encoder()

# Decoders are built on first use (~20 ms for the unions): the app's first frame needs none.
@cache
def _client_decoder() -> msgspec.json.Decoder:
    return msgspec.json.Decoder(fr.ClientFrame)


@cache
def _event_decoder() -> msgspec.json.Decoder:
    return msgspec.json.Decoder(ev.Event)


_CLIENT_TYPES = frozenset(t.__struct_config__.tag for t in fr.ClientFrame.__args__)  # type: ignore[attr-defined]


class _Peek(msgspec.Struct):
    """Just enough of a frame to name it in an error reply."""

    type: Any = None
    id: Any = None


class _EventsRaw(msgspec.Struct, tag="events", tag_field="type"):
    events: list[msgspec.Raw]


class _HistoryRaw(msgspec.Struct, tag="history_result", tag_field="type", kw_only=True):
    id: str
    channel: str
    events: list[msgspec.Raw]
    more: bool = False


class _KindPeek(msgspec.Struct):
    seq: int
    kind: str = ""


@cache
def _server_decoder() -> msgspec.json.Decoder:
    return msgspec.json.Decoder(
        Union[(_EventsRaw, _HistoryRaw, fr.Welcome, fr.Synced, fr.Ack, fr.Error, fr.Pong, *team.RESULTS)]
    )


def encode(frame: msgspec.Struct) -> bytes:
    """Serialize a frame or event to JSON bytes (UTF-8)."""
    return _encoder.encode(frame)


def _check_size(data: bytes | str) -> bytes:
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > MAX_FRAME_BYTES:
        raise ProtocolError(
            ErrorCode.TOO_LARGE, f"frame is {len(data)} bytes; the limit is {MAX_FRAME_BYTES}"
        )
    return data


def _explain(data: bytes, exc: msgspec.DecodeError) -> ProtocolError:
    """Turn a msgspec failure into the documented error, keeping the id if readable."""
    try:
        peek = msgspec.json.decode(data, type=_Peek)
    except msgspec.DecodeError:
        return ProtocolError(ErrorCode.BAD_FRAME, f"not a JSON object: {exc}")
    ref = peek.id if isinstance(peek.id, str) and len(peek.id) <= 64 else None
    if not isinstance(peek.type, str):
        return ProtocolError(ErrorCode.BAD_FRAME, "missing or non-string `type`", ref=ref)
    if peek.type not in _CLIENT_TYPES:
        shown = peek.type[:40]
        return ProtocolError(ErrorCode.UNKNOWN_TYPE, f"unknown frame type {shown!r}", ref=ref)
    message = str(exc)
    code = ErrorCode.TOO_LARGE if "length" in message and "<=" in message else ErrorCode.BAD_FRAME
    return ProtocolError(code, message, ref=ref)


def decode_client_frame(data: bytes | str) -> fr.Hello | fr.Command:
    """Relay side: validate one frame from a client, or raise ProtocolError."""
    raw = _check_size(data)
    try:
        return _client_decoder().decode(raw)
    except msgspec.DecodeError as exc:
        raise _explain(raw, exc) from None


def decode_event(raw: bytes | msgspec.Raw) -> ev.EventBase | ev.UnknownEvent:
    """Client side: one event; a kind this client does not know becomes UnknownEvent."""
    try:
        return _event_decoder().decode(raw)
    except msgspec.DecodeError as exc:
        try:
            peek = msgspec.json.decode(raw, type=_KindPeek)
        except msgspec.DecodeError:
            raise ProtocolError(ErrorCode.BAD_FRAME, f"malformed event: {exc}") from None
        if peek.kind not in ev.EVENT_KINDS:
            return ev.UnknownEvent(seq=peek.seq, kind=peek.kind)
        raise ProtocolError(ErrorCode.BAD_FRAME, f"malformed {peek.kind} event: {exc}") from None


class UnknownFrame(msgspec.Struct):
    """A frame type from a newer relay: ignored by this client (forward compatible)."""

    type: str


_SERVER_TYPES = frozenset(
    {"events", "history_result", "welcome", "synced", "ack", "error", "pong", *team.RESULT_TYPES}
)


def decode_server_frame(data: bytes | str) -> Any:
    """Client side: validate one frame from the relay, or raise ProtocolError."""
    raw = _check_size(data)
    try:
        frame = _server_decoder().decode(raw)
    except msgspec.DecodeError as exc:
        try:
            peek = msgspec.json.decode(raw, type=_Peek)
        except msgspec.DecodeError:
            peek = None
        if (
            peek is not None and isinstance(peek.type, str)
            and peek.type not in _SERVER_TYPES and peek.type not in _CLIENT_TYPES
        ):
            return UnknownFrame(type=peek.type[:40])
        raise ProtocolError(ErrorCode.BAD_FRAME, f"bad frame from relay: {exc}") from None
    if isinstance(frame, _EventsRaw):
        return fr.Events(events=[decode_event(r) for r in frame.events])
    if isinstance(frame, _HistoryRaw):
        return fr.HistoryResult(
            id=frame.id,
            channel=frame.channel,
            events=[decode_event(r) for r in frame.events],
            more=frame.more,
        )
    return frame


def events_frame(raw_events: Iterable[bytes]) -> bytes:
    """Relay side: an `events` frame from already-encoded events (no re-encoding)."""
    return b'{"type":"events","events":[' + b",".join(raw_events) + b"]}"


def history_frame(ref: str, channel: str, raw_events: Iterable[bytes], more: bool) -> bytes:
    head = encode(fr.HistoryResult(id=ref, channel=channel, events=[], more=more))
    # Splice the stored event bytes into the empty list msgspec wrote.
    return head.replace(b'"events":[]', b'"events":[' + b",".join(raw_events) + b"]", 1)


def error_frame(err: ProtocolError | None = None, **fields: Any) -> bytes:
    if err is not None:
        fields.setdefault("code", str(err.code))
        fields.setdefault("message", err.message)
        fields.setdefault("id", err.ref)
    return encode(fr.Error(**fields))
