"""Streaming uploads (issue 17): the bytes go before their hash is known, the client
names the blob with `put_end` after the last byte, and the relay publishes it only if
its own hash of what it received matches. Real relay on 127.0.0.1 port 0, real
websockets; the hash-first path (dedup, resume by hash) stays as it was."""

from __future__ import annotations

import asyncio
import hashlib
import os

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from desktop.net.retry import Backoff
from desktop.net.transfer import FileClient, sha256_of
from desktop.protocol import files as fp
from desktop.protocol.errors import CloseCode
from server_stub.blobs import BlobStore
from server_stub.files import blob_root
from tests.integration.test_files_transfer import MB, CuttingProxy, fast_client, make_file

UPLOAD_ID = "0123456789abcdef" * 2


def streaming_client(url: str, token: str) -> FileClient:
    client = FileClient(url, token, backoff=Backoff(base=0.02, cap=0.1))
    client.stream_min_bytes = 0  # every upload without a known hash streams
    return client


async def settled(relay) -> None:
    """Wait until the relay let go of the uploads of closed connections (partials kept)."""
    from server_stub import files as relay_files

    for _ in range(250):
        if not any(key[0] == str(relay.data_dir) for key in relay_files._active):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("an upload stayed active after its connection closed")


def partials(workspace) -> list[str]:
    root = blob_root(workspace.data) / "partial"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


class Wire:
    """A bare /files connection: what any independent client sends and sees."""

    def __init__(self, ws):
        self.ws = ws

    @classmethod
    async def open(cls, relay, token):
        ws = await connect(relay.url + fp.FILES_PATH, max_size=None)
        await ws.send(fp.encode(fp.Auth(token=token)))
        ready = fp.decode_server(await ws.recv())
        assert isinstance(ready, fp.Ready) and ready.stream  # this relay announces streaming puts
        return cls(ws)

    async def put(self, channel, size, **key):
        await self.ws.send(fp.encode(fp.Put(channel=channel, size=size, **key)))
        return fp.decode_server(await self.ws.recv())

    async def send(self, data: bytes) -> None:
        for i in range(0, len(data), fp.CHUNK_BYTES):
            await self.ws.send(data[i:i + fp.CHUNK_BYTES])

    async def end(self, sha256: str):
        await self.ws.send(fp.encode(fp.PutEnd(sha256=sha256)))
        return fp.decode_server(await self.ws.recv())

    async def close(self):
        await self.ws.close()


async def test_upload_without_a_known_hash_streams_and_names_the_blob_at_the_end(tmp_path, workspace, relay):
    src = make_file(tmp_path / "recording.mov", 3 * MB + 4321, seed=21)
    seen = []
    result = await streaming_client(relay.url, workspace.tokens["alice"]).upload(
        src, workspace.channels["general"], progress=lambda done, total: seen.append(done))
    assert result.sha256 == sha256_of(src) and not result.deduplicated and result.resumed_from == 0
    assert BlobStore(blob_root(workspace.data)).path(result.sha256).read_bytes() == src.read_bytes()
    assert partials(workspace) == []  # the partial became the blob
    assert seen[-1] == src.stat().st_size and seen == sorted(seen)
    # Now the hash is known: the hash-first path deduplicates (nothing is sent).
    again = await fast_client(relay, workspace.tokens["alice"]).upload(
        src, workspace.channels["产品讨论"], sha256=result.sha256)
    assert again.deduplicated and again.resumed_from == src.stat().st_size


async def test_the_relay_checks_its_own_hash_against_put_end(tmp_path, workspace, relay):
    data = os.urandom(MB + 17)
    right = hashlib.sha256(data).hexdigest()
    wrong = hashlib.sha256(data + b"!").hexdigest()
    general = workspace.channels["general"]
    wire = await Wire.open(relay, workspace.tokens["alice"])
    try:
        ok = await wire.put(general, len(data), upload=UPLOAD_ID)
        assert isinstance(ok, fp.PutOk) and ok.offset == 0 and not ok.have
        await wire.send(data)
        refused = await wire.end(wrong)  # the client names other bytes than it sent
        assert isinstance(refused, fp.FileError) and refused.code == "corrupt"
        blobs = BlobStore(blob_root(workspace.data))
        assert blobs.size(wrong) is None and blobs.size(right) is None and partials(workspace) == []
        # The connection is still in step; the same id starts again at 0 and succeeds.
        again = await wire.put(general, len(data), upload=UPLOAD_ID)
        assert isinstance(again, fp.PutOk) and again.offset == 0
        await wire.send(data)
        stored = await wire.end(right)
        assert isinstance(stored, fp.Stored) and stored.sha256 == right
        assert blobs.path(right).read_bytes() == data
    finally:
        await wire.close()


async def test_damaged_bytes_are_rejected_even_with_the_right_hash(tmp_path, workspace, relay):
    """The client's hash is a claim, not a proof: bytes damaged on the way fail the relay's check."""
    data = os.urandom(MB)
    damaged = bytearray(data)
    damaged[MB // 2] ^= 0x01
    wire = await Wire.open(relay, workspace.tokens["alice"])
    try:
        await wire.put(workspace.channels["general"], len(data), upload=UPLOAD_ID)
        await wire.send(bytes(damaged))
        refused = await wire.end(hashlib.sha256(data).hexdigest())
        assert isinstance(refused, fp.FileError) and refused.code == "corrupt"
        assert BlobStore(blob_root(workspace.data)).size(hashlib.sha256(data).hexdigest()) is None
    finally:
        await wire.close()


async def test_a_short_upload_is_not_stored_and_resumes_where_it_stopped(tmp_path, workspace, relay):
    data = os.urandom(2 * MB)
    sha = hashlib.sha256(data).hexdigest()
    general = workspace.channels["general"]
    wire = await Wire.open(relay, workspace.tokens["alice"])
    try:
        await wire.put(general, len(data), upload=UPLOAD_ID)
        cut = 3 * fp.CHUNK_BYTES
        await wire.send(data[:cut])
        refused = await wire.end(sha)  # put_end before the announced size
        assert isinstance(refused, fp.FileError) and refused.code == "interrupted"
        assert BlobStore(blob_root(workspace.data)).size(sha) is None
        resumed = await wire.put(general, len(data), upload=UPLOAD_ID)
        assert isinstance(resumed, fp.PutOk) and resumed.offset == cut  # what arrived was kept
        await wire.send(data[cut:])
        assert isinstance(await wire.end(sha), fp.Stored)
        assert BlobStore(blob_root(workspace.data)).path(sha).read_bytes() == data
    finally:
        await wire.close()


async def test_more_bytes_than_announced_is_a_protocol_error(tmp_path, workspace, relay):
    wire = await Wire.open(relay, workspace.tokens["alice"])
    await wire.put(workspace.channels["general"], 1000, upload=UPLOAD_ID)
    await wire.ws.send(b"x" * 1000)
    await wire.ws.send(b"y")  # where put_end belongs
    reply = fp.decode_server(await wire.ws.recv())
    assert isinstance(reply, fp.FileError) and reply.code == "bad_frame"
    with pytest.raises(ConnectionClosed) as closed:
        await wire.ws.recv()
    assert closed.value.rcvd.code == CloseCode.PROTOCOL_VIOLATION


@pytest.mark.parametrize("key", [{}, {"sha256": "a" * 64, "upload": UPLOAD_ID}])
async def test_a_put_names_exactly_one_of_sha256_and_upload(tmp_path, workspace, relay, key):
    wire = await Wire.open(relay, workspace.tokens["alice"])
    reply = await wire.put(workspace.channels["general"], 10, **key)
    assert isinstance(reply, fp.FileError) and reply.code == "bad_frame"


async def test_streaming_upload_cut_mid_chunk_resumes_on_the_same_partial(tmp_path, workspace, relay):
    src = make_file(tmp_path / "slides.pptx", 5 * MB + 77, seed=22)
    proxy = CuttingProxy(relay.port, cut_after=2 * MB + 1000)
    port = await proxy.start()
    try:
        result = await streaming_client(f"ws://127.0.0.1:{port}", workspace.tokens["alice"]).upload(
            src, workspace.channels["general"])
    finally:
        await proxy.stop()
    assert result.attempts >= 2 and proxy.cuts == 1 and 0 < result.resumed_from < src.stat().st_size
    assert BlobStore(blob_root(workspace.data)).path(result.sha256).read_bytes() == src.read_bytes()
    assert result.sha256 == sha256_of(src) and partials(workspace) == []


async def test_a_later_run_resumes_a_streaming_upload(tmp_path, workspace, relay):
    """The upload id comes from the file (path, size, mtime) and channel: a new client
    (after a crash or quit) finds the partial the first one left."""
    src = make_file(tmp_path / "design.fig", 12 * MB, seed=23)
    first = streaming_client(relay.url, workspace.tokens["alice"])
    reached = asyncio.Event()
    task = asyncio.ensure_future(first.upload(
        src, workspace.channels["general"], progress=lambda done, total: done > 3 * MB and reached.set()))
    await asyncio.wait_for(reached.wait(), 30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(100):  # the relay notices the closed connection and keeps the partial
        if partials(workspace):
            break
        await asyncio.sleep(0.02)
    result = await streaming_client(relay.url, workspace.tokens["alice"]).upload(src, workspace.channels["general"])
    assert result.resumed_from > 0 and not result.deduplicated
    assert BlobStore(blob_root(workspace.data)).path(result.sha256).read_bytes() == src.read_bytes()
    # A changed file is another upload: it does not resume the old bytes.
    assert first.upload_id(src, src.stat().st_size, "C1") != first.upload_id(src, src.stat().st_size, "C2")


async def test_a_file_changed_between_attempts_is_caught_and_sent_again(tmp_path, workspace, relay):
    """A partial from other content under the same id fails the relay's check once
    (corrupt: dropped), then the whole file goes again."""
    src = make_file(tmp_path / "notes.txt", 2 * MB, seed=24)
    client = streaming_client(relay.url, workspace.tokens["alice"])
    upload_id = client.upload_id(src, src.stat().st_size, workspace.channels["general"])
    wire = await Wire.open(relay, workspace.tokens["alice"])
    try:
        await wire.put(workspace.channels["general"], src.stat().st_size, upload=upload_id)
        await wire.send(os.urandom(MB))  # other bytes under this id, then the connection ends
    finally:
        await wire.close()
    await settled(relay)
    result = await client.upload(src, workspace.channels["general"])
    assert result.attempts == 2 and result.resumed_from == 0
    assert BlobStore(blob_root(workspace.data)).path(result.sha256).read_bytes() == src.read_bytes()


async def test_small_files_still_hash_first_and_deduplicate(tmp_path, workspace, relay):
    src = make_file(tmp_path / "logo.png", 200_000, seed=25)
    first = await fast_client(relay, workspace.tokens["alice"]).upload(src, workspace.channels["general"])
    again = await fast_client(relay, workspace.tokens["alice"]).upload(src, workspace.channels["general"])
    assert not first.deduplicated and again.deduplicated  # below STREAM_MIN_BYTES: hash first


async def test_a_streaming_upload_fills_the_encrypted_cache_in_the_same_pass(tmp_path, workspace, relay):
    from desktop.filecache.cache import FileCache
    from desktop.store.files import FileStore
    from tests.client_kit import open_profile

    src = make_file(tmp_path / "talk.mp4", 3 * MB + 5, seed=26)
    proxy = CuttingProxy(relay.port, cut_after=2 * MB)  # a retry reads the file again from 0
    port = await proxy.start()
    alice = open_profile(tmp_path / "alice")
    try:
        cache = FileCache(tmp_path / "alice", FileStore(alice))
        keep = cache.intake()
        result = await streaming_client(f"ws://127.0.0.1:{port}", workspace.tokens["alice"]).upload(
            src, workspace.channels["general"], keep=keep)
        assert result.attempts >= 2 and keep.offset == src.stat().st_size
        cache.put_file(result.sha256, src, keep)
        assert cache.has(result.sha256) and not list((tmp_path / "alice" / "files").glob("intake-*"))
        assert b"".join(cache.chunks(result.sha256)) == src.read_bytes()
        # A hash-first upload (small file) takes nothing in: put_file encrypts it itself.
        small = make_file(tmp_path / "small.txt", 1000, seed=27)
        keep = cache.intake()
        done = await fast_client(relay, workspace.tokens["alice"]).upload(small, workspace.channels["general"], keep=keep)
        assert keep.offset == 0
        cache.put_file(done.sha256, small, keep)
        assert b"".join(cache.chunks(done.sha256)) == small.read_bytes()
        assert not list((tmp_path / "alice" / "files").glob("intake-*"))
    finally:
        alice.close()
        await proxy.stop()


async def test_put_end_outside_a_streaming_upload_is_a_protocol_error(tmp_path, workspace, relay):
    wire = await Wire.open(relay, workspace.tokens["alice"])
    reply = await wire.end("a" * 64)
    assert isinstance(reply, fp.FileError) and reply.code == "bad_frame" and "outside" in reply.message


async def test_streaming_partials_count_against_the_quota(tmp_path, workspace):
    from dataclasses import replace

    from server_stub.config import RelayConfig
    from server_stub.server import Relay
    from tests.integration.conftest import FAST

    assert RelayConfig().partial_quota > 0
    general = workspace.channels["general"]
    server = Relay(workspace.data, "127.0.0.1", 0, config=replace(FAST, max_file_bytes=MB, partial_quota_bytes=MB))
    await server.start()
    try:
        data = os.urandom(MB)
        wire = await Wire.open(server, workspace.tokens["alice"])
        assert isinstance(await wire.put(general, MB, upload=UPLOAD_ID), fp.PutOk)
        await wire.send(data[:600 * 1024])
        await wire.close()  # abandoned: 600 KiB kept under the upload id
        for _ in range(100):
            if partials(workspace):
                break
            await asyncio.sleep(0.02)
        wire = await Wire.open(server, workspace.tokens["alice"])
        other = "f" * 32
        refused = await wire.put(general, MB // 2, upload=other)
        assert isinstance(refused, fp.FileError) and refused.code == "quota", refused
        by_hash = await wire.put(general, MB // 2, sha256=hashlib.sha256(b"x").hexdigest())
        assert isinstance(by_hash, fp.FileError) and by_hash.code == "quota"  # both kinds count together
        resumed = await wire.put(general, MB, upload=UPLOAD_ID)  # its own partial is not counted twice
        assert isinstance(resumed, fp.PutOk) and resumed.offset == 600 * 1024
        await wire.send(data[600 * 1024:])
        assert isinstance(await wire.end(hashlib.sha256(data).hexdigest()), fp.Stored)
        await wire.close()
    finally:
        await server.stop()


async def test_against_a_relay_without_streaming_the_client_hashes_first(tmp_path, workspace, relay, monkeypatch):
    """A relay from before streaming uploads does not announce `stream`: the client must
    not send a put it would refuse. (The relay here is new; its `ready` is edited.)"""
    import msgspec

    real_decode, real_encode = fp.decode_server, fp.encode
    sent = []

    def old_ready(data):
        msg = real_decode(data)
        return msgspec.structs.replace(msg, stream=False) if isinstance(msg, fp.Ready) else msg

    def record(message):
        if isinstance(message, fp.Put):
            sent.append(message)
        return real_encode(message)

    monkeypatch.setattr(fp, "decode_server", old_ready)
    monkeypatch.setattr(fp, "encode", record)
    src = make_file(tmp_path / "big.bin", 2 * MB, seed=28)
    result = await streaming_client(relay.url, workspace.tokens["alice"]).upload(src, workspace.channels["general"])
    assert result.sha256 == sha256_of(src)
    assert sent and all(p.sha256 == result.sha256 and p.upload is None for p in sent)


async def test_lost_after_the_last_byte_resumes_with_only_put_end(tmp_path, workspace, relay):
    data = os.urandom(MB + 3)
    general = workspace.channels["general"]
    wire = await Wire.open(relay, workspace.tokens["alice"])
    await wire.put(general, len(data), upload=UPLOAD_ID)
    await wire.send(data)
    await wire.close()  # gone before put_end
    for _ in range(100):
        if partials(workspace):
            break
        await asyncio.sleep(0.02)
    wire = await Wire.open(relay, workspace.tokens["alice"])
    try:
        for _ in range(100):  # the first connection's handler may still be closing
            again = await wire.put(general, len(data), upload=UPLOAD_ID)
            if not (isinstance(again, fp.FileError) and again.code == "busy"):
                break
            await asyncio.sleep(0.02)
        assert isinstance(again, fp.PutOk) and again.offset == len(data)
        stored = await wire.end(hashlib.sha256(data).hexdigest())
        assert isinstance(stored, fp.Stored)
        assert BlobStore(blob_root(workspace.data)).path(stored.sha256).read_bytes() == data
    finally:
        await wire.close()
