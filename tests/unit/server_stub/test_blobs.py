"""The relay's blob store: resume, verification, publication, sweeping abandoned partials."""

from __future__ import annotations

import hashlib
import os
import time

import pytest

from server_stub.blobs import BlobStore, DigestMismatch


def test_upload_resumes_verifies_and_publishes(tmp_path):
    data = os.urandom(1_000_000)
    sha = hashlib.sha256(data).hexdigest()
    store = BlobStore(tmp_path)
    up = store.begin(sha, "alice", len(data))
    assert up.offset == 0
    up.append(data[:300_000])
    up.close()  # connection lost
    again = store.begin(sha, "alice", len(data))
    assert again.offset == 300_000
    other = store.begin(sha, "bob", len(data))
    assert other.offset == 0  # partials are per uploader
    other.close()
    again.append(data[300_000:])
    with pytest.raises(ValueError):
        again.append(b"x")  # more than announced
    again.finish()
    assert store.path(sha).read_bytes() == data and store.size(sha) == len(data)
    assert not store.partial_path(sha, "alice").exists()


def test_wrong_bytes_are_refused_and_dropped(tmp_path):
    store = BlobStore(tmp_path)
    sha = hashlib.sha256(b"right").hexdigest()
    up = store.begin(sha, "mallory", 5)
    up.append(b"wrong")
    with pytest.raises(DigestMismatch):
        up.finish()
    assert store.size(sha) is None and not store.partial_path(sha, "mallory").exists()


def test_abandoned_partials_are_swept(tmp_path):
    store = BlobStore(tmp_path)
    old = store.begin("a" * 64, "alice", 10)
    old.append(b"12345")
    old.close()
    fresh = store.begin("b" * 64, "alice", 10)
    fresh.append(b"12345")
    fresh.close()
    past = time.time() - 8 * 24 * 3600
    os.utime(store.partial_path("a" * 64, "alice"), (past, past))
    assert store.sweep_partials(7 * 24 * 3600, time.time()) == 1
    assert not store.partial_path("a" * 64, "alice").exists()
    assert store.partial_path("b" * 64, "alice").exists()


def test_streaming_upload_is_keyed_by_its_id_and_named_by_the_relays_own_hash(tmp_path):
    data = os.urandom(3_000_001)
    sha = hashlib.sha256(data).hexdigest()
    store = BlobStore(tmp_path)
    up = store.begin(None, "alice", len(data), upload_id="ab" * 16)
    up.append_many([data[:250_000], b"", data[250_000:1_000_000]])  # one writev, empty parts too
    up.close()
    assert store.partials_of("alice") == {"ab" * 16: 1_000_000}
    again = store.begin(None, "alice", len(data), upload_id="ab" * 16)
    assert again.offset == 1_000_000  # resumed, re-hashed from disk
    again.append_many([data[1_000_000:2_000_000], data[2_000_000:]])
    assert again.verify(sha) == sha
    again.publish()
    assert store.path(sha).read_bytes() == data and store.partials_of("alice") == {}


def test_streaming_upload_with_another_hash_is_dropped(tmp_path):
    store = BlobStore(tmp_path)
    up = store.begin(None, "mallory", 5, upload_id="cd" * 16)
    up.append(b"bytes")
    with pytest.raises(DigestMismatch):
        up.verify(hashlib.sha256(b"other").hexdigest())
    assert store.partials_of("mallory") == {} and not list(tmp_path.glob("??/*"))


def test_an_upload_needs_exactly_one_key(tmp_path):
    with pytest.raises(ValueError):
        BlobStore(tmp_path).begin(None, "alice", 1)
    with pytest.raises(ValueError):
        BlobStore(tmp_path).begin("a" * 64, "alice", 1, upload_id="ab" * 16)
