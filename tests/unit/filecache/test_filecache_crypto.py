"""Chunked AES-256-GCM of cached files: round trips, resume, tampering and truncation."""

from __future__ import annotations

import os

import pytest

from desktop.filecache import crypto

KEY = bytes(range(32))


def write(path, data: bytes, pieces: int = 7) -> None:
    w = crypto.EncryptedWriter(path, KEY)
    step = max(1, len(data) // pieces)
    for i in range(0, len(data), step):
        w.write(data[i:i + step])
    w.close()


@pytest.mark.parametrize("size", [0, 1, crypto.CHUNK - 1, crypto.CHUNK, crypto.CHUNK + 1, 3 * crypto.CHUNK, 3 * crypto.CHUNK + 5])
def test_round_trip(tmp_path, size):
    data = os.urandom(size)
    write(tmp_path / "f", data)
    assert b"".join(crypto.decrypt_chunks(tmp_path / "f", KEY)) == data
    raw = (tmp_path / "f").read_bytes()
    if size >= 64:
        assert data[:64] not in raw and data[-64:] not in raw
    assert oct((tmp_path / "f").stat().st_mode & 0o777) == "0o600"


def test_same_plaintext_encrypts_differently(tmp_path):
    data = b"same bytes" * 1000
    write(tmp_path / "a", data)
    write(tmp_path / "b", data)
    assert (tmp_path / "a").read_bytes() != (tmp_path / "b").read_bytes()


def test_wrong_key_tampering_and_truncation_are_detected(tmp_path):
    data = os.urandom(2 * crypto.CHUNK + 100)
    write(tmp_path / "f", data)
    with pytest.raises(crypto.CacheTampered):
        list(crypto.decrypt_chunks(tmp_path / "f", bytes(32)))
    raw = bytearray((tmp_path / "f").read_bytes())
    raw[crypto.HEADER + 10] ^= 1
    (tmp_path / "g").write_bytes(raw)
    with pytest.raises(crypto.CacheTampered):
        list(crypto.decrypt_chunks(tmp_path / "g", KEY))
    # Cut at a record boundary: the final record is missing.
    whole = (tmp_path / "f").read_bytes()[: crypto.HEADER + 2 * (crypto.CHUNK + crypto.TAG)]
    (tmp_path / "h").write_bytes(whole)
    with pytest.raises(crypto.CacheTampered):
        list(crypto.decrypt_chunks(tmp_path / "h", KEY))
    # Records swapped.
    r = crypto.CHUNK + crypto.TAG
    body = (tmp_path / "f").read_bytes()
    swapped = body[: crypto.HEADER] + body[crypto.HEADER + r: crypto.HEADER + 2 * r] + body[crypto.HEADER: crypto.HEADER + r] + body[crypto.HEADER + 2 * r:]
    (tmp_path / "s").write_bytes(swapped)
    with pytest.raises(crypto.CacheTampered):
        list(crypto.decrypt_chunks(tmp_path / "s", KEY))


def test_resume_continues_after_whole_records(tmp_path):
    data = os.urandom(3 * crypto.CHUNK + 999)
    w = crypto.EncryptedWriter(tmp_path / "p", KEY)
    w.write(data[: 2 * crypto.CHUNK + 500])  # two records on disk, 500 bytes buffered
    w.abandon()
    again = crypto.EncryptedWriter(tmp_path / "p", KEY, resume=True)
    assert again.plain_offset == 2 * crypto.CHUNK
    assert b"".join(crypto.decrypt_chunks(tmp_path / "p", KEY, sealed=False)) == data[: 2 * crypto.CHUNK]
    again.write(data[again.plain_offset:])
    again.close()
    assert b"".join(crypto.decrypt_chunks(tmp_path / "p", KEY)) == data


@pytest.mark.parametrize("sizes", [[240 * 1024] * 9, [1, crypto.CHUNK - 1, 5, crypto.CHUNK * 3 + 2], [crypto.CHUNK] * 4])
def test_batched_writes_decrypt_to_the_same_bytes(tmp_path, sizes):
    """write_many (a download's batch of websocket messages) = the same stream as write()."""
    master = os.urandom(32)
    parts = [os.urandom(n) for n in sizes]
    w = crypto.EncryptedWriter(tmp_path / "f", master)
    w.write_many(parts[:2])
    w.write_many(parts[2:])
    w.close()
    assert w.plain_offset == sum(sizes)
    assert b"".join(crypto.decrypt_chunks(tmp_path / "f", master)) == b"".join(parts)
