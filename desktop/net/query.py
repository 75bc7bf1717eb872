"""One query to the relay on its own short connection (`beacon channel browse`, `beacon people`...).

Says hello from the cache's cursor (so the relay replays little), sends the query
and returns its answer: a `*_result` frame or an `error`. Events that arrive
meanwhile are not applied: the cursor stays, so the next sync still gets them.
"""

from __future__ import annotations

import asyncio
import ssl

from websockets.asyncio.client import connect

from desktop.protocol import codec
from desktop.protocol import frames as fr
from desktop.protocol.session import Accepted, Answer, ClientSession, Refused
from desktop.protocol.version import MAX_FRAME_BYTES
from desktop.net.retry import RelayRefused


async def ask(
    url: str, token: str, query: fr.Command, *, cursor: int | None = None, epoch: str | None = None,
    timeout: float = 10.0, client_name: str = "beacon", ssl_context: ssl.SSLContext | None = None,
):
    """The relay's answer to `query` (raises what retry.classify judges on failure)."""
    session = ClientSession(token, cursor=cursor, epoch=epoch, client=client_name)
    async with connect(url, ssl=ssl_context, open_timeout=timeout, max_size=MAX_FRAME_BYTES, compression=None) as ws:
        await ws.send(session.hello(), text=True)
        for item in session.receive(await asyncio.wait_for(ws.recv(), timeout)):
            if isinstance(item, Refused):
                raise RelayRefused(item.error.code, item.error.message)
            assert isinstance(item, Accepted)
        await ws.send(codec.encode(query), text=True)
        async with asyncio.timeout(timeout):
            async for raw in ws:
                for item in session.receive(raw):
                    if isinstance(item, Answer) and getattr(item.frame, "id", None) == query.id:
                        return item.frame
        raise ws.protocol.close_exc
