"""Client-chosen command ids: UUIDv7 (time-ordered, so outbox order is id order)."""

from __future__ import annotations

import os
import re
import time
import uuid

_CLIENT_ID = re.compile(r"^[0-9A-Za-z_-]{16,64}$")


def new_client_id(now_ms: int | None = None) -> str:
    """A fresh UUIDv7 string (RFC 9562): 48-bit ms timestamp, then randomness."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version 7
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # RFC 4122 variant
    value |= rand & ((1 << 62) - 1)  # rand_b (62 bits)
    return str(uuid.UUID(int=value))


def is_client_id(value: str) -> bool:
    return bool(_CLIENT_ID.match(value))
