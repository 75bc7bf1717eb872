"""Connection admission: hello rules, bad tokens, revocation while connected."""

from __future__ import annotations

import asyncio
import dataclasses
import time

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from desktop.protocol import codec
from desktop.protocol import frames as fr
from desktop.protocol.errors import CloseCode, ErrorCode
from server_stub import admin
from tests.integration.conftest import FAST
from tests.relay_client import WireClient, running_relay


async def _refused(url: str, *frames: bytes | str, binary: bool = False) -> tuple[list, int | None]:
    """Send `frames`, then collect what the relay sends until it closes."""
    got = []
    async with connect(url) as ws:
        for f in frames:
            await ws.send(f, text=not binary)
        try:
            async for raw in ws:
                got.append(codec.decode_server_frame(raw))
        except ConnectionClosed:
            pass
        return got, ws.close_code


def _hello(token: str, **fields) -> bytes:
    return codec.encode(fr.Hello(**{"protocol": 1, "token": token, **fields}))


async def test_hello_timeout_closes_with_4008(workspace):
    config = dataclasses.replace(FAST, hello_timeout_s=0.3)
    async with running_relay(workspace.data, config) as relay:
        start = time.monotonic()
        got, code = await _refused(relay.url)
        elapsed = time.monotonic() - start
    assert code == CloseCode.HELLO_TIMEOUT
    assert 0.25 < elapsed < 3
    assert [type(f) for f in got] == [fr.Error]


@pytest.mark.parametrize(
    "first",
    [
        b"not json",
        b"[]",
        b'{"type":"nope"}',
        b'{"type":"hello","protocol":1}',  # no token
        b'{"type":"hello","protocol":"1","token":"x"}',
        codec.encode(fr.Ping(id="0192f0c2-aaaa-7bbb-8ccc-000000000001")),  # valid frame, but not a hello
        codec.encode(fr.Post(id="0192f0c2-aaaa-7bbb-8ccc-000000000001", channel="C1", text="hi")),
    ],
)
async def test_wrong_first_frame_closes_with_4000(relay, first):
    got, code = await _refused(relay.url, first)
    assert code == CloseCode.BAD_HELLO
    assert len(got) == 1 and isinstance(got[0], fr.Error)
    assert got[0].code in {str(c) for c in ErrorCode}


async def test_binary_hello_is_accepted_like_text(relay, workspace):
    async with connect(relay.url) as ws:
        await ws.send(_hello(workspace.tokens["alice"]), text=False)
        welcome = codec.decode_server_frame(await ws.recv())
    assert isinstance(welcome, fr.Welcome) and welcome.user == "alice"


@pytest.mark.parametrize("version", [0, 2, 99, 2**40])
async def test_unsupported_protocol_version(relay, workspace, version):
    got, code = await _refused(relay.url, _hello(workspace.tokens["alice"], protocol=version))
    assert code == CloseCode.UNSUPPORTED_VERSION
    assert [(type(f), f.code) for f in got] == [(fr.Error, str(ErrorCode.UNSUPPORTED_VERSION))]


@pytest.mark.parametrize("token", ["nope", "x" * 256, "ä" * 43, "WRONG"])
async def test_bad_token_closes_with_4001(relay, workspace, token):
    if token == "WRONG":
        token = workspace.tokens["alice"][:-1] + ("A" if workspace.tokens["alice"][-1] != "A" else "B")
    got, code = await _refused(relay.url, _hello(token))
    assert code == CloseCode.UNAUTHORIZED
    assert [(type(f), f.code) for f in got] == [(fr.Error, str(ErrorCode.UNAUTHORIZED))]


async def test_second_hello_is_a_bad_frame_not_a_reauthentication(relay, workspace):
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    await alice.ws.send(_hello(workspace.tokens["bob"]), text=True)
    await alice.wait_for(lambda: None in alice.errors)
    assert alice.errors[None][0].code == str(ErrorCode.BAD_FRAME)
    ack = await alice.post(workspace.channels["general"], "still alice")
    assert isinstance(ack, fr.Ack)
    assert [e.actor for e in alice.events if e.seq == ack.seq] == ["alice"]
    await alice.close()


async def test_revoked_token_closes_the_live_connection_and_is_refused_after(relay, workspace):
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    # bob has a second device with a second token: revocation covers all tokens.
    second = await asyncio.to_thread(admin.new_token, workspace.data, "bob")
    bob2 = await WireClient(relay.url, second).connect()

    assert await asyncio.to_thread(admin.revoke_token, workspace.data, "bob") == 2
    assert await bob.wait_closed(5) == CloseCode.TOKEN_REVOKED
    assert await bob2.wait_closed(5) == CloseCode.TOKEN_REVOKED
    assert not alice.closed.is_set()
    assert isinstance(await alice.post(workspace.channels["general"], "alice unaffected"), fr.Ack)

    got, code = await _refused(relay.url, _hello(workspace.tokens["bob"]))
    assert code == CloseCode.UNAUTHORIZED
    assert got[0].code == str(ErrorCode.UNAUTHORIZED)
    # A new token issued after the revocation works.
    fresh = await asyncio.to_thread(admin.new_token, workspace.data, "bob")
    bob3 = await WireClient(relay.url, fresh).connect()
    assert bob3.welcome.user == "bob"
    for c in (alice, bob3):
        await c.close()


async def test_revocation_takes_effect_while_the_relay_is_busy(relay, workspace):
    """The writer polls for admin changes when idle; under steady load it must still see them."""
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    general = workspace.channels["general"]
    stop = asyncio.Event()

    async def chatter():
        i = 0
        while not stop.is_set():
            await alice.send_command(fr.Post, channel=general, text=f"busy {i}")
            i += 1
            await asyncio.sleep(0.005)  # far more often than the writer's poll interval

    task = asyncio.create_task(chatter())
    try:
        await asyncio.sleep(0.3)
        await asyncio.to_thread(admin.revoke_token, workspace.data, "bob")
        assert await bob.wait_closed(3) == CloseCode.TOKEN_REVOKED
    finally:
        stop.set()
        await task
    assert not alice.closed.is_set()
    await alice.close()
