"""The bus's wire format: one message = one run of committed events (server_stub.bus).

msgpack through msgspec, array-like structs (no field names on the wire), the
format version first: a reader drops a message of another version (its range then
arrives as a gap and is read from the database).
"""

from __future__ import annotations

import time

import msgspec

from server_stub.log import StoredEvent

VERSION = 1


class _Event(msgspec.Struct, array_like=True):
    seq: int
    kind: str
    channel: str | None
    user: str | None
    body: bytes


class _Batch(msgspec.Struct, array_like=True):
    v: int
    node: str
    ts: int  # publish time, ms since the epoch
    events: list[_Event]


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(_Batch)


def encode(node: str, events: list[StoredEvent], ts: int | None = None) -> bytes:
    ts = int(time.time() * 1000) if ts is None else ts
    return _encoder.encode(
        _Batch(VERSION, node, ts, [_Event(e.seq, e.kind, e.scope_channel, e.scope_user, e.body) for e in events])
    )


def decode(data: bytes) -> tuple[str, int, list[StoredEvent]] | None:
    """(node, publish ts, events), or None for a message this version cannot read."""
    try:
        b = _decoder.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    if b.v != VERSION:
        return None
    return b.node, b.ts, [StoredEvent(e.seq, e.kind, e.channel, e.user, e.body) for e in b.events]


def chunks(events: list[StoredEvent], limit: int) -> tuple[list[list[StoredEvent]], list[StoredEvent]]:
    """Split into message-sized runs (deterministic); also the events too large alone."""
    out: list[list[StoredEvent]] = []
    oversize: list[StoredEvent] = []
    run: list[StoredEvent] = []
    size = 0
    for e in events:
        n = len(e.body) + len(e.kind) + len(e.scope_channel or "") + len(e.scope_user or "") + 32
        if n > limit:
            oversize.append(e)
            if run:
                out.append(run)
            run, size = [], 0
            continue
        if run and size + n > limit:
            out.append(run)
            run, size = [], 0
        run.append(e)
        size += n
    if run:
        out.append(run)
    return out, oversize
