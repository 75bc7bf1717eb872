"""Files against a real relay: upload/share/download, resume, dedup, limits, access."""

from __future__ import annotations

import asyncio
import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest

from desktop.filecache.cache import FileCache
from desktop.net.transfer import FileClient, FileTooLarge, TransferError, sha256_of
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.store.files import FileStore
from server_stub.blobs import BlobStore
from server_stub.config import RelayConfig
from server_stub.files import blob_root
from server_stub.server import Relay
from tests.client_kit import engine, open_profile
from tests.integration.conftest import FAST

MB = 1024 * 1024


def make_file(path: Path, size: int, seed: int = 1) -> Path:
    """Pseudo-random bytes (incompressible, distinct per seed), written in blocks."""
    block = hashlib.sha256(str(seed).encode()).digest() * (64 * 1024 // 32)
    with open(path, "wb") as f:
        left, i = size, 0
        while left:
            piece = hashlib.sha256(block[:64] + i.to_bytes(8, "big")).digest() + block[32:]
            f.write(piece[:left])
            left -= min(left, len(piece))
            i += 1
    return path


def fast_client(relay, token: str) -> FileClient:
    from desktop.net.retry import Backoff

    return FileClient(relay.url, token, backoff=Backoff(base=0.02, cap=0.1))


async def share(store, relay, token, channel, path: Path, caption: str = "") -> int:
    """Upload + share_file through the outbox; returns the file id the cache got."""
    result = await fast_client(relay, token).upload(path, channel)
    cid = new_client_id()
    store.enqueue(fr.ShareFile(id=cid, channel=channel, sha256=result.sha256, size=result.size,
                               name=path.name, caption=caption))
    report = await engine(store, relay.url, token).sync_once()
    assert not report.failed, report.failed
    row = FileStore(store).file_by_cid(cid)
    assert row is not None
    return row.id


class Sink:
    def __init__(self, path: Path):
        self.path = path
        self.path.write_bytes(b"")
        self.offset = 0

    def write(self, data: bytes) -> None:
        with open(self.path, "ab") as f:
            f.write(data)
        self.offset += len(data)

    def finish(self) -> None:
        pass


async def test_share_and_download_through_the_encrypted_cache(tmp_path, workspace, relay):
    src = make_file(tmp_path / "Quarterly report.pdf", 3 * MB + 12345)
    alice = open_profile(tmp_path / "alice")
    bob = open_profile(tmp_path / "bob")
    try:
        general = workspace.channels["general"]
        file_id = await share(alice, relay, workspace.tokens["alice"], general, src, caption="Q3 numbers")
        await engine(bob, relay.url, workspace.tokens["bob"]).sync_once()
        files = FileStore(bob)
        row = files.file(file_id)
        assert (row.name, row.size, row.sender, row.caption, row.kind) == (
            "Quarterly report.pdf", src.stat().st_size, "alice", "Q3 numbers", "document")
        # The timeline got a message for it (its text is the caption).
        assert bob.message(row.msg).text == "Q3 numbers"

        cache = FileCache(tmp_path / "bob", files)
        sink = cache.writer(row.sha256)
        await fast_client(relay, workspace.tokens["bob"]).download(file_id, sink)
        assert cache.has(row.sha256) and files.file(file_id).cached
        with pytest.raises(FileExistsError):  # never overwrites without being asked
            cache.save_as(files.file(file_id), tmp_path)
        (tmp_path / "saved").mkdir()
        out = cache.save_as(files.file(file_id), tmp_path / "saved")
        assert out.name == "Quarterly report.pdf" and sha256_of(out) == sha256_of(src)

        # Nothing in the cache directory holds plaintext: not the file, not a slice of it.
        plain = src.read_bytes()
        probes = [plain[i:i + 64] for i in range(0, len(plain), len(plain) // 50)]
        for held in (tmp_path / "bob" / "files").iterdir():
            data = held.read_bytes()
            assert not any(p in data for p in probes), held
            assert row.sha256 not in held.name
        # The relay keeps one blob per content, under its hash.
        assert BlobStore(blob_root(workspace.data)).size(row.sha256) == src.stat().st_size
    finally:
        alice.close()
        bob.close()


async def test_duplicate_upload_is_deduplicated(tmp_path, workspace, relay):
    """Dedup needs access: the uploader, or a member of a channel the blob is shared in,
    skips the bytes; anyone else sends them (tests/integration/test_files_access.py)."""
    src = make_file(tmp_path / "a.bin", MB)
    alice = open_profile(tmp_path / "alice")
    try:
        await share(alice, relay, workspace.tokens["alice"], workspace.channels["general"], src)
    finally:
        alice.close()
    first = await fast_client(relay, workspace.tokens["alice"]).upload(src, workspace.channels["产品讨论"])
    again = await fast_client(relay, workspace.tokens["carol"]).upload(src, workspace.channels["产品讨论"])
    assert first.deduplicated and again.deduplicated and again.sha256 == first.sha256
    assert not (blob_root(workspace.data) / "partial").exists() or not list((blob_root(workspace.data) / "partial").iterdir())


async def test_non_member_is_refused_upload_and_download(tmp_path, workspace, relay):
    src = make_file(tmp_path / "secret.txt", 1000)
    alice = open_profile(tmp_path / "alice")
    try:
        file_id = await share(alice, relay, workspace.tokens["alice"], workspace.channels["secret"], src)
    finally:
        alice.close()
    # carol is not in #secret: neither upload for it nor download from it.
    with pytest.raises(TransferError) as err:
        await fast_client(relay, workspace.tokens["carol"]).upload(src, workspace.channels["secret"])
    assert err.value.code == "not_member"
    with pytest.raises(TransferError) as err:
        await fast_client(relay, workspace.tokens["carol"]).download(file_id, Sink(tmp_path / "x"))
    assert err.value.code == "not_member"
    # bob is a member, so he can; and loses access as soon as he is removed.
    await fast_client(relay, workspace.tokens["bob"]).download(file_id, Sink(tmp_path / "ok"))
    assert (tmp_path / "ok").read_bytes() == src.read_bytes()
    from server_stub import admin
    admin.remove_member(workspace.data, workspace.channels["secret"], "bob")
    with pytest.raises(TransferError) as err:
        await fast_client(relay, workspace.tokens["bob"]).download(file_id, Sink(tmp_path / "y"))
    assert err.value.code == "not_member"
    with pytest.raises(TransferError) as err:
        await fast_client(relay, workspace.tokens["bob"]).download(99999, Sink(tmp_path / "z"))
    assert err.value.code == "not_found"


async def test_share_file_refused_without_the_bytes_or_for_a_non_member(tmp_path, workspace, relay):
    from tests.relay_client import WireClient  # noqa: F401 (documented alternative)

    alice = open_profile(tmp_path / "alice")
    try:
        alice.enqueue(fr.ShareFile(id=new_client_id(), channel=workspace.channels["general"],
                                   sha256="0" * 64, size=5, name="ghost.txt"))
        report = await engine(alice, relay.url, workspace.tokens["alice"]).sync_once()
        assert report.failed and "upload them first" in report.failed[0][1]
    finally:
        alice.close()


async def test_too_large_is_refused_before_any_byte(tmp_path, workspace):
    server = Relay(workspace.data, "127.0.0.1", 0, config=RelayConfig(poll_interval_s=0.05, max_file_bytes=MB))
    await server.start()
    try:
        src = make_file(tmp_path / "big.bin", MB + 1)
        with pytest.raises(FileTooLarge) as err:
            await fast_client(server, workspace.tokens["alice"]).upload(src, workspace.channels["general"])
        assert err.value.limit == MB and "at most 1048576" in str(err.value)
        assert not (blob_root(workspace.data) / "partial").exists()
        # A client that skips the check is refused by the relay itself.
        from websockets.asyncio.client import connect
        from desktop.protocol import files as fp

        async with connect(server.url + fp.FILES_PATH) as ws:
            await ws.send(fp.encode(fp.Auth(token=workspace.tokens["alice"])))
            assert isinstance(fp.decode_server(await ws.recv()), fp.Ready)
            await ws.send(fp.encode(fp.Put(channel=workspace.channels["general"], sha256="a" * 64, size=MB + 1)))
            reply = fp.decode_server(await ws.recv())
            assert isinstance(reply, fp.FileError) and reply.code == "too_large"
        small = make_file(tmp_path / "ok.bin", MB)
        assert (await fast_client(server, workspace.tokens["alice"]).upload(small, workspace.channels["general"])).size == MB
    finally:
        await server.stop()


async def test_empty_file(tmp_path, workspace, relay):
    src = tmp_path / "empty.txt"
    src.write_bytes(b"")
    alice = open_profile(tmp_path / "alice")
    try:
        file_id = await share(alice, relay, workspace.tokens["alice"], workspace.channels["general"], src)
        files = FileStore(alice)
        cache = FileCache(tmp_path / "alice", files)
        row = files.file(file_id)
        assert row.size == 0 and row.sha256 == hashlib.sha256(b"").hexdigest()
        sink = cache.writer(row.sha256)
        await fast_client(relay, workspace.tokens["alice"]).download(file_id, sink)
        (tmp_path / "out").mkdir()
        out = cache.save_as(files.file(file_id), tmp_path / "out")
        assert out.read_bytes() == b""
    finally:
        alice.close()


class Died(Exception):
    pass


class CuttingProxy:
    """TCP proxy that cuts the first connection reaching `cut_after` client->relay bytes."""

    def __init__(self, target_port: int, cut_after: int):
        self.target_port, self.cut_after = target_port, cut_after
        self.connections = 0
        self.cuts = 0

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self.server.sockets[0].getsockname()[1]

    async def _handle(self, reader, writer):
        self.connections += 1
        limit = self.cut_after if self.cuts == 0 else None
        up_r, up_w = await asyncio.open_connection("127.0.0.1", self.target_port)

        async def pipe(src, dst, budget):
            sent = 0
            try:
                while data := await src.read(65536):
                    if budget is not None and sent + len(data) > budget:
                        dst.write(data[: budget - sent])  # mid-chunk
                        await dst.drain()
                        self.cuts += 1
                        break
                    dst.write(data)
                    await dst.drain()
                    sent += len(data)
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                for w in (writer, up_w):
                    w.transport.abort()

        await asyncio.gather(pipe(reader, up_w, limit), pipe(up_r, writer, None))

    async def stop(self):
        self.server.close()
        await self.server.wait_closed()


async def test_upload_cut_mid_chunk_resumes_with_identical_bytes(tmp_path, workspace, relay):
    src = make_file(tmp_path / "slides.pptx", 5 * MB + 77)
    proxy = CuttingProxy(relay.port, cut_after=2 * MB + 1000)  # inside a chunk
    port = await proxy.start()
    try:
        client = FileClient(f"ws://127.0.0.1:{port}", workspace.tokens["alice"])
        from desktop.net.retry import Backoff
        client.backoff = Backoff(base=0.02, cap=0.1)
        result = await client.upload(src, workspace.channels["general"])
    finally:
        await proxy.stop()
    # The proxy cuts once; on a loaded machine a slow reconnect may add an attempt.
    assert result.attempts >= 2 and proxy.cuts == 1 and 0 < result.resumed_from < src.stat().st_size
    held = BlobStore(blob_root(workspace.data)).path(result.sha256)
    assert held.read_bytes() == src.read_bytes()
    assert not list((blob_root(workspace.data) / "partial").iterdir())


async def test_download_resumes_in_the_cache_after_a_cut(tmp_path, workspace, relay):
    src = make_file(tmp_path / "photo.png", 4 * MB + 3)
    alice = open_profile(tmp_path / "alice")
    try:
        file_id = await share(alice, relay, workspace.tokens["alice"], workspace.channels["general"], src)
        files = FileStore(alice)
        cache = FileCache(tmp_path / "alice", files)
        row = files.file(file_id)
        sink = cache.writer(row.sha256)
        seen = []

        def cancel_midway(done, total):
            seen.append(done)
            if len(seen) == 8:
                raise Died  # the app died here (not retried: that is the point)

        with pytest.raises(Died):
            await fast_client(relay, workspace.tokens["alice"]).download(file_id, sink, progress=cancel_midway)
        sink.abandon()
        # A new writer (as after a restart) resumes from the whole records on disk.
        again = cache.writer(row.sha256)
        assert 0 < again.offset < row.size
        await fast_client(relay, workspace.tokens["alice"]).download(file_id, again)
        out = cache.save_as(row, tmp_path, name="copy.png")
        assert out.read_bytes() == src.read_bytes()
    finally:
        alice.close()


@pytest.mark.timeout(240)
async def test_100_mb_round_trip_with_flat_memory(tmp_path, workspace, relay):
    size = 100 * MB
    src = make_file(tmp_path / "big.bin", size, seed=7)
    digest = sha256_of(src)
    tracemalloc.start()
    try:
        result = await fast_client(relay, workspace.tokens["alice"]).upload(src, workspace.channels["general"], sha256=digest)
        _, upload_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        alice = open_profile(tmp_path / "alice")
        try:
            alice.enqueue(fr.ShareFile(id=new_client_id(), channel=workspace.channels["general"],
                                       sha256=digest, size=size, name="big.bin"))
            await engine(alice, relay.url, workspace.tokens["alice"]).sync_once()
            files = FileStore(alice)
            row = files.files()[0]
            cache = FileCache(tmp_path / "alice", files)
            tracemalloc.reset_peak()
            await fast_client(relay, workspace.tokens["alice"]).download(row.id, cache.writer(digest))
            _, download_peak = tracemalloc.get_traced_memory()
        finally:
            alice.close()
    finally:
        tracemalloc.stop()
    assert result.size == size
    # Relay and client in this process together hold a few chunks, not the file.
    assert upload_peak < 12 * MB, upload_peak
    assert download_peak < 12 * MB, download_peak
    assert os.path.getsize(BlobStore(blob_root(workspace.data)).path(digest)) == size


async def test_cancelled_upload_keeps_what_arrived_and_resumes(tmp_path, workspace, relay):
    src = make_file(tmp_path / "design.fig", 30 * MB, seed=9)
    digest = sha256_of(src)
    client = fast_client(relay, workspace.tokens["alice"])
    reached = asyncio.Event()

    def progress(done, total):
        if done > 3 * MB:
            reached.set()

    task = asyncio.ensure_future(client.upload(src, workspace.channels["general"], sha256=digest, progress=progress))
    await asyncio.wait_for(reached.wait(), 30)
    task.cancel()  # the user pressed Cancel
    with pytest.raises(asyncio.CancelledError):
        await task
    result = await fast_client(relay, workspace.tokens["alice"]).upload(src, workspace.channels["general"], sha256=digest)
    assert result.resumed_from > 0 and not result.deduplicated
    assert BlobStore(blob_root(workspace.data)).path(digest).read_bytes() == src.read_bytes()
