"""Client command ids are UUIDv7: valid, accepted by the wire schema, time ordered."""

from __future__ import annotations

import time
import uuid

import msgspec

from desktop.protocol import codec
from desktop.protocol import frames as fr
from desktop.protocol.ids import is_client_id, new_client_id


def _ms(value: str) -> int:
    return uuid.UUID(value).int >> 80


def test_new_client_id_is_a_valid_uuid_v7():
    before = int(time.time() * 1000)
    value = new_client_id()
    after = int(time.time() * 1000)
    parsed = uuid.UUID(value)
    assert str(parsed) == value  # canonical lowercase 8-4-4-4-12 form
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122
    assert before <= _ms(value) <= after
    assert is_client_id(value)
    # ... and the relay's schema accepts it as a command id.
    assert codec.decode_client_frame(codec.encode(fr.Ping(id=value))).id == value


def test_explicit_timestamp_is_encoded_in_the_first_48_bits():
    for ms in (0, 1, 1_700_000_000_000, (1 << 48) - 1):
        value = new_client_id(ms)
        assert _ms(value) == ms
        assert uuid.UUID(value).version == 7


def test_ids_are_random_within_a_millisecond():
    ids = {new_client_id(1_700_000_000_000) for _ in range(1000)}
    assert len(ids) == 1000


def test_ids_sort_by_time():
    stamps = [1_700_000_000_000 + i for i in range(0, 5000, 7)]
    ids = [new_client_id(ms) for ms in stamps]
    assert sorted(ids) == ids  # string order is time order
    # Across real time too: ids made in later milliseconds sort later.
    real = []
    for _ in range(5):
        real.append(new_client_id())
        time.sleep(0.002)
    assert sorted(real) == real


def test_is_client_id_rejects_what_the_schema_rejects():
    for bad in ("", "short", "x" * 65, "has space in it!!", "ünïcode-ünïcode-ü"):
        assert not is_client_id(bad)
        try:
            codec.decode_client_frame(msgspec.json.encode({"type": "ping", "id": bad}))
        except Exception:
            pass
        else:
            raise AssertionError(f"schema accepted {bad!r}")
    assert is_client_id("01HZY3V6Q0M8N9R7S5T4W2X1YZ")  # a ULID is fine too
