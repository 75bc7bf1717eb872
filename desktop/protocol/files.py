"""Frames of the relay's file endpoint (`/files`): control frames are JSON text,
file bytes travel as binary websocket messages in between (see docs/PROTOCOL.md "Files").

One transfer at a time per connection:
  auth -> ready
  put(channel, sha256, size) -> put_ok(offset, have) ; binary chunks from offset ; -> stored
  put(channel, upload, size) -> put_ok(offset) ; binary chunks from offset ; put_end(sha256) -> stored
    (streaming: the hash is not known before the first byte; the relay hashes as the
    bytes arrive and publishes the blob only if its own hash equals put_end.sha256)
  get(file, offset) -> get_ok(size, sha256) ; binary chunks ; -> done
Any step may be answered with `error` instead.
"""

from __future__ import annotations

from typing import Annotated, Union

import msgspec

from desktop.protocol.errors import ErrorCode, ProtocolError
from desktop.protocol.types import ChannelId, MsgId, Token, UserName

FILES_PATH = "/files"
# Binary chunk size: below the relay's websocket frame limit (MAX_FRAME_BYTES).
CHUNK_BYTES = 240 * 1024
DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024

Sha256 = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]
# A streaming upload's id, chosen by the client (random or derived from the local file),
# scoped to the uploader on the relay: it names the partial until the hash is known.
UploadId = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{32}$")]
Size = Annotated[int, msgspec.Meta(ge=0)]

_f = dict(tag_field="type", kw_only=True, forbid_unknown_fields=False, omit_defaults=True)


# ---- client -> relay ----


class Auth(msgspec.Struct, tag="auth", **_f):
    token: Token


class Put(msgspec.Struct, tag="put", **_f):
    """Start or resume an upload of a blob meant for `channel` (membership is checked).
    Exactly one of `sha256` (hash known: dedup and resume by hash) and `upload`
    (streaming: the hash follows in `put_end` after the last byte)."""

    channel: ChannelId
    size: Size
    sha256: Sha256 | None = None
    upload: UploadId | None = None


class PutEnd(msgspec.Struct, tag="put_end", **_f):
    """After the last byte of a streaming upload: the hash the client computed while reading."""

    sha256: Sha256


class Get(msgspec.Struct, tag="get", **_f):
    """Download the bytes of a shared file from `offset` (to resume)."""

    file: MsgId
    offset: Size = 0


# ---- relay -> client ----


class Ready(msgspec.Struct, tag="ready", **_f):
    user: UserName
    max_file_bytes: int
    chunk_bytes: int
    stream: bool = False  # the relay accepts streaming uploads (put with `upload`)


class PutOk(msgspec.Struct, tag="put_ok", **_f):
    offset: Size  # bytes the relay already holds: send from here
    have: bool = False  # the whole blob is already stored (deduplicated): send nothing


class Stored(msgspec.Struct, tag="stored", **_f):
    sha256: Sha256


class GetOk(msgspec.Struct, tag="get_ok", **_f):
    size: Size
    sha256: Sha256
    offset: Size


class Done(msgspec.Struct, tag="done", **_f):
    pass


class FileError(msgspec.Struct, tag="error", **_f):
    code: str
    message: str


ClientMessage = Union[Auth, Put, PutEnd, Get]
ServerMessage = Union[Ready, PutOk, Stored, GetOk, Done, FileError]

_encoder = msgspec.json.Encoder()
_client = msgspec.json.Decoder(ClientMessage)
_server = msgspec.json.Decoder(ServerMessage)


def encode(message: msgspec.Struct) -> str:
    return _encoder.encode(message).decode()


def decode_client(data: str | bytes) -> Auth | Put | PutEnd | Get:
    try:
        return _client.decode(data)
    except msgspec.ValidationError as exc:
        raise ProtocolError(ErrorCode.BAD_FRAME, f"bad file frame: {exc}") from None
    except msgspec.DecodeError as exc:
        raise ProtocolError(ErrorCode.BAD_FRAME, f"not a JSON file frame: {exc}") from None


def decode_server(data: str | bytes) -> Ready | PutOk | Stored | GetOk | Done | FileError:
    try:
        return _server.decode(data)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise ProtocolError(ErrorCode.BAD_FRAME, f"bad file frame from the relay: {exc}") from None
