"""Error codes carried in `error` frames and websocket close codes."""

from __future__ import annotations

import enum


class ErrorCode(enum.StrEnum):
    """Codes in the `code` field of an `error` frame (see docs/PROTOCOL.md)."""

    BAD_FRAME = "bad_frame"  # not JSON, not an object, or a field has the wrong type
    UNKNOWN_TYPE = "unknown_type"  # the `type` field names no frame this relay knows
    TOO_LARGE = "too_large"  # frame or a field exceeds a documented limit
    INVALID = "invalid"  # well-formed but semantically wrong (empty text, bad name)
    NOT_FOUND = "not_found"  # channel, message or user does not exist
    NOT_MEMBER = "not_member"  # the user is not a member of the channel
    FORBIDDEN = "forbidden"  # e.g. editing someone else's message, joining a private channel
    CONFLICT = "conflict"  # e.g. channel name taken
    ARCHIVED = "archived"  # the channel is archived: read-only
    RATE_LIMITED = "rate_limited"  # too many commands; retry after `retry_after_ms`
    UNSUPPORTED_VERSION = "unsupported_version"
    UNAUTHORIZED = "unauthorized"  # token unknown or revoked
    INTERNAL = "internal"  # relay bug; the command was not applied


# Error codes worth sending the same command again for (after a pause). Any other
# code means resending cannot succeed until something changes on the relay: the
# client marks the command failed and keeps it for the user to retry or discard.
TRANSIENT_ERRORS = frozenset({ErrorCode.RATE_LIMITED, ErrorCode.INTERNAL})


class CloseCode(enum.IntEnum):
    """Websocket close codes the relay uses (RFC 6455 range 4000-4999 is ours)."""

    NORMAL = 1000
    GOING_AWAY = 1001  # relay shutting down; reconnect with backoff
    MESSAGE_TOO_BIG = 1009  # frame over MAX_FRAME_BYTES (sent by the websocket layer)
    INTERNAL_ERROR = 1011
    BAD_HELLO = 4000  # first frame was not a valid hello
    UNAUTHORIZED = 4001  # token unknown: do not retry with the same token
    TOKEN_REVOKED = 4003  # token revoked while connected: do not retry
    UNSUPPORTED_VERSION = 4004  # protocol version not supported: do not retry
    HELLO_TIMEOUT = 4008  # no hello within HELLO_TIMEOUT_S
    SLOW_CONSUMER = 4009  # outgoing queue overflowed; reconnect and resume
    PROTOCOL_VIOLATION = 4010  # repeated malformed frames


# Close codes after which reconnecting with the same credentials is pointless.
FATAL_CLOSE_CODES = frozenset(
    {
        CloseCode.UNAUTHORIZED,
        CloseCode.TOKEN_REVOKED,
        CloseCode.UNSUPPORTED_VERSION,
        # Our frames are malformed in the relay's eyes: reconnecting repeats it.
        CloseCode.BAD_HELLO,
        CloseCode.PROTOCOL_VIOLATION,
    }
)




class ProtocolError(Exception):
    """Bytes that are not a valid frame: one clear error, raised in one place."""

    def __init__(self, code: ErrorCode, message: str, *, ref: str | None = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.ref = ref  # the command id, when it could be read
