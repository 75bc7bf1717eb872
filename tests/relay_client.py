"""A minimal protocol client for relay tests: raw websockets, the shared codec."""

from __future__ import annotations

import asyncio
import contextlib

from websockets.asyncio.client import ClientConnection, connect

from desktop.protocol import PROTOCOL_VERSION, codec
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id


class WireClient:
    """Connects, says hello, and records everything the relay sends.

    Anything the relay sends that breaks the protocol's promises (an event at or
    below the cursor, a frame that does not decode) is recorded in `problems`
    rather than raised inside the reader task, where it would be lost: tests
    assert `problems == []`.
    """

    def __init__(self, url: str, token: str, cursor: int | None = None, epoch: str | None = None):
        self.url, self.token, self.cursor, self.epoch = url, token, cursor, epoch
        self.ws: ClientConnection | None = None
        self.welcome: fr.Welcome | None = None
        self.events: list = []  # every event applied, in order
        self.frames: list = []  # every frame, in order
        self.acks: dict[str, fr.Ack] = {}
        self.errors: dict[str | None, list[fr.Error]] = {}
        self.problems: list[str] = []  # protocol violations seen by the reader
        self.close_code: int | None = None  # websocket close code, once closed
        self.close_reason: str | None = None
        self.synced = asyncio.Event()
        self.closed = asyncio.Event()
        self._reader: asyncio.Task | None = None
        self._waiters: list[tuple[callable, asyncio.Future]] = []

    async def connect(self, *, wait_synced: bool = True, hello: fr.Hello | None = None, **kwargs) -> "WireClient":
        self.ws = await connect(self.url, **{"max_size": None, **kwargs})
        if hello is None:
            hello = fr.Hello(protocol=PROTOCOL_VERSION, token=self.token, cursor=self.cursor, epoch=self.epoch)
        await self.ws.send(codec.encode(hello), text=True)
        self._reader = asyncio.create_task(self._read())
        if wait_synced:
            await self.wait_for(self.synced.is_set, 10)
        return self

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                try:
                    frame = codec.decode_server_frame(raw)
                except Exception as exc:
                    self.problems.append(f"undecodable frame: {exc}")
                    continue
                self.frames.append(frame)
                if isinstance(frame, fr.Welcome):
                    self.welcome = frame
                    self.epoch = frame.epoch
                    if frame.resume == "reset":
                        self.events.clear()
                        self.cursor = None
                elif isinstance(frame, fr.Events):
                    for event in frame.events:
                        if self.cursor is not None and event.seq <= self.cursor:
                            self.problems.append(f"duplicate or out-of-order event {event.seq} after {self.cursor}")
                            continue
                        self.events.append(event)
                        self.cursor = event.seq
                elif isinstance(frame, fr.Synced):
                    self.cursor = max(self.cursor or 0, frame.head)
                    self.synced.set()
                elif isinstance(frame, fr.Ack):
                    self.acks[frame.id] = frame
                elif isinstance(frame, fr.Error):
                    self.errors.setdefault(frame.id, []).append(frame)
                self._wake()
        except Exception:  # connection closed (any way): recorded, checked by tests
            pass
        finally:
            self.close_code = self.ws.close_code
            self.close_reason = self.ws.close_reason
            self.closed.set()
            self._wake()

    def _wake(self) -> None:
        for cond, fut in list(self._waiters):
            if not fut.done() and (cond() or self.closed.is_set()):
                fut.set_result(None)

    async def wait_for(self, cond, timeout: float = 10.0) -> None:
        if cond():
            return
        fut = asyncio.get_running_loop().create_future()
        self._waiters.append((cond, fut))
        try:
            await asyncio.wait_for(fut, timeout)
        finally:
            self._waiters.remove((cond, fut))
        assert cond(), f"connection closed ({self.close_code} {self.close_reason!r}) before the condition held"

    async def wait_closed(self, timeout: float = 10.0) -> int | None:
        """Wait until the connection is closed; returns the close code received."""
        await asyncio.wait_for(self.closed.wait(), timeout)
        return self.close_code

    async def send_command(self, frame_type, **fields) -> str:
        """Send a command without waiting for its answer; returns its id."""
        cid = fields.pop("id", None) or new_client_id()
        await self.ws.send(codec.encode(frame_type(id=cid, **fields)), text=True)
        return cid

    async def command(self, frame_type, **fields) -> fr.Ack | fr.Error:
        cid = await self.send_command(frame_type, **fields)
        return await self.answer(cid)

    async def answer(self, cid: str, timeout: float = 10.0) -> fr.Ack | fr.Error:
        """The ack or error the relay sent for command `cid` (the latest one)."""
        await self.wait_for(lambda: cid in self.acks or cid in self.errors, timeout)
        return self.acks.get(cid) or self.errors[cid][-1]

    async def post(self, channel: str, text: str, **fields) -> fr.Ack | fr.Error:
        return await self.command(fr.Post, channel=channel, text=text, **fields)

    def seqs(self) -> list[int]:
        return [e.seq for e in self.events]

    def texts(self, channel: str | None = None) -> list[str]:
        return [
            e.text for e in self.events
            if getattr(e, "text", None) is not None and (channel is None or e.channel == channel)
            and type(e).__name__ == "MessagePosted"
        ]

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await self._reader


# Set by tests/integration/conftest.py for the tests that run against a cluster too: the
# number of nodes `running_relay` starts over a PostgreSQL Place (0: one relay).
CLUSTER_NODES = 0
CLUSTER_BUS: str | None = None  # and the nats:// URL its nodes share


@contextlib.asynccontextmanager
async def running_relay(data_dir, config=None):
    """A real relay on 127.0.0.1, port 0, over `data_dir`, stopped on exit (a cluster of
    CLUSTER_NODES nodes when the test runs on one)."""
    from server_stub.config import RelayConfig
    from server_stub.server import Relay

    if CLUSTER_NODES and getattr(data_dir, "database", None):
        from tests.cluster_kit import running_cluster

        async with running_cluster(data_dir, config, CLUSTER_NODES, CLUSTER_BUS) as cluster:
            yield cluster
        return
    relay = Relay(data_dir, "127.0.0.1", 0, config=config or RelayConfig(poll_interval_s=0.05, close_timeout_s=0.5))
    await relay.start()
    try:
        yield relay
    finally:
        await relay.stop()
