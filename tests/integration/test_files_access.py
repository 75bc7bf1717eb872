"""A blob's SHA-256 and size are not a key to it (issue 11, item 3): only its uploader
or a member of a channel it is shared in may share it again, skip sending its bytes
(`have`), or download it. Real relay, real websockets."""

from __future__ import annotations

from websockets.asyncio.client import connect

from desktop.net.transfer import TransferError, sha256_of
from desktop.protocol import files as fp
from desktop.protocol import frames as fr
from server_stub import admin
from tests.integration.test_files_transfer import MB, Sink, fast_client, make_file
from tests.relay_client import WireClient

NOT_THERE = "the file's bytes are not on the relay yet; upload them first"


async def _share(client: WireClient, channel: str, sha256: str, size: int, name: str = "f.bin"):
    return await client.command(fr.ShareFile, channel=channel, sha256=sha256, size=size, name=name)


async def _put_reply(relay, token: str, channel: str, sha256: str, size: int):
    """The relay's answer to a bare `put` (what a client learns before sending bytes)."""
    async with connect(relay.url + fp.FILES_PATH) as ws:
        await ws.send(fp.encode(fp.Auth(token=token)))
        assert isinstance(fp.decode_server(await ws.recv()), fp.Ready)
        await ws.send(fp.encode(fp.Put(channel=channel, sha256=sha256, size=size)))
        return fp.decode_server(await ws.recv())


async def test_removed_member_cannot_reshare_into_a_dm(tmp_path, workspace, relay):
    src = make_file(tmp_path / "plans.pdf", 300_000, seed=3)
    sha, size = sha256_of(src), src.stat().st_size
    secret = workspace.channels["secret"]
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    try:
        await fast_client(relay, workspace.tokens["alice"]).upload(src, secret)
        shared = await _share(alice, secret, sha, size, "plans.pdf")
        assert isinstance(shared, fr.Ack), shared
        # While bob is in #secret he has access: dedup, and he may share it onward.
        assert (await _put_reply(relay, workspace.tokens["bob"], secret, sha, size)).have
        admin.remove_member(workspace.data, secret, "bob")
        dm = await bob.command(fr.OpenDm, user="carol")
        assert isinstance(dm, fr.Ack), dm
        refused = await _share(bob, dm.channel, sha, size, "plans.pdf")
        assert isinstance(refused, fr.Error), refused
        # Exactly the refusal of a blob that does not exist: nothing confirms it is there.
        ghost = await _share(bob, dm.channel, "0" * 64, size)
        assert (refused.code, refused.message) == (ghost.code, ghost.message) == ("not_found", NOT_THERE)
        # And the bytes are not skipped either: a put into the DM must send them.
        reply = await _put_reply(relay, workspace.tokens["bob"], dm.channel, sha, size)
        assert isinstance(reply, fp.PutOk) and not reply.have and reply.offset == 0
        assert not [e for e in bob.events if getattr(e, "sha256", None) == sha and e.actor == "bob"]
    finally:
        await alice.close()
        await bob.close()


async def test_stranger_knowing_sha_and_size_cannot_share_or_download(tmp_path, workspace, relay):
    src = make_file(tmp_path / "salaries.xlsx", 200_000, seed=4)
    sha, size = sha256_of(src), src.stat().st_size
    secret = workspace.channels["secret"]
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    dave = await WireClient(relay.url, workspace.tokens["dave"]).connect()  # in no channel
    try:
        await fast_client(relay, workspace.tokens["alice"]).upload(src, secret)
        shared = await _share(alice, secret, sha, size, "salaries.xlsx")
        assert isinstance(shared, fr.Ack), shared
        dm = await dave.command(fr.OpenDm, user="dave")  # a channel dave controls
        assert isinstance(dm, fr.Ack), dm
        refused = await _share(dave, dm.channel, sha, size)
        assert isinstance(refused, fr.Error) and (refused.code, refused.message) == ("not_found", NOT_THERE)
        # Downloading the share by its id: not his channel.
        try:
            await fast_client(relay, workspace.tokens["dave"]).download(shared.seq, Sink(tmp_path / "x"))
            raise AssertionError("dave downloaded a file of #secret")
        except TransferError as err:
            assert err.code == "not_member"
        assert (tmp_path / "x").read_bytes() == b""
        # A put must send the bytes; wrong bytes are refused and give no access.
        async with connect(relay.url + fp.FILES_PATH) as ws:
            await ws.send(fp.encode(fp.Auth(token=workspace.tokens["dave"])))
            fp.decode_server(await ws.recv())
            await ws.send(fp.encode(fp.Put(channel=dm.channel, sha256=sha, size=size)))
            reply = fp.decode_server(await ws.recv())
            assert isinstance(reply, fp.PutOk) and not reply.have and reply.offset == 0
            await ws.send(b"\0" * size)
            assert fp.decode_server(await ws.recv()).code == "corrupt"
        again = await _share(dave, dm.channel, sha, size)
        assert isinstance(again, fr.Error) and again.code == "not_found"
        # The blob itself was not touched by the failed attempt.
        await fast_client(relay, workspace.tokens["alice"]).download(shared.seq, Sink(tmp_path / "ok"))
        assert (tmp_path / "ok").read_bytes() == src.read_bytes()
    finally:
        await alice.close()
        await dave.close()


async def test_uploader_can_share_to_a_second_channel(tmp_path, workspace, relay):
    src = make_file(tmp_path / "logo.png", 150_000, seed=5)
    sha, size = sha256_of(src), src.stat().st_size
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    try:
        await fast_client(relay, workspace.tokens["alice"]).upload(src, workspace.channels["general"])
        # Uploaded but not shared anywhere yet: the uploader's own access suffices, and
        # stays after she leaves the channel she uploaded it for.
        admin.remove_member(workspace.data, workspace.channels["general"], "alice")
        for channel in (workspace.channels["secret"], workspace.channels["产品讨论"]):
            ack = await _share(alice, channel, sha, size, "logo.png")
            assert isinstance(ack, fr.Ack), (channel, ack)
        again = await fast_client(relay, workspace.tokens["alice"]).upload(src, workspace.channels["secret"])
        assert again.deduplicated
    finally:
        await alice.close()


async def test_dedup_upload_by_a_second_user_after_sending_the_bytes(tmp_path, workspace, relay):
    src = make_file(tmp_path / "a.bin", MB)
    first = await fast_client(relay, workspace.tokens["alice"]).upload(src, workspace.channels["general"])
    # carol shares #general with alice, but the blob is shared nowhere: she has no access,
    # so she must send the bytes (hash-verified), which makes her an uploader too.
    second = await fast_client(relay, workspace.tokens["carol"]).upload(src, workspace.channels["产品讨论"])
    assert not first.deduplicated and not second.deduplicated and second.sha256 == first.sha256
    third = await fast_client(relay, workspace.tokens["carol"]).upload(src, workspace.channels["产品讨论"])
    assert third.deduplicated
    carol = await WireClient(relay.url, workspace.tokens["carol"]).connect()
    try:
        ack = await _share(carol, workspace.channels["产品讨论"], first.sha256, MB, "a.bin")
        assert isinstance(ack, fr.Ack), ack
    finally:
        await carol.close()
    # Now it is shared in a channel alice is in; bob (not in 产品讨论) still has no access.
    reply = await _put_reply(relay, workspace.tokens["bob"], workspace.channels["general"], first.sha256, MB)
    assert isinstance(reply, fp.PutOk) and not reply.have
