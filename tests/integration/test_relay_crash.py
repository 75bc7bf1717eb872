"""SIGKILL the relay process mid-stream: nothing acknowledged is lost, clients resume gap-free.

The relay runs as a real subprocess (`python -m server_stub serve --port 0`); the
log is checked through `server_stub.log.iter_visible` on the data directory.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import sys
from collections import Counter
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed

from desktop.protocol import codec
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from server_stub import db
from server_stub import log as evlog
from tests.relay_client import WireClient

REPO = Path(__file__).resolve().parents[2]
STREAMS = {"alice": ["general", "secret"], "bob": ["general", "secret"], "carol": ["general", "产品讨论"]}


class RelayProcess:
    def __init__(self, data: Path, log_path: Path):
        self.data, self.log_path = data, log_path
        self.proc: asyncio.subprocess.Process | None = None
        self.url = ""

    async def start(self) -> "RelayProcess":
        with open(self.log_path, "ab") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "server_stub", "serve", "--data", str(self.data), "--port", "0",
                stdout=asyncio.subprocess.PIPE, stderr=log, cwd=REPO,
            )
        line = (await asyncio.wait_for(self.proc.stdout.readline(), 20)).decode().strip()
        assert line.startswith("listening ws://127.0.0.1:"), (line, self.log_path.read_text()[-2000:])
        self.url = line.split()[1]
        return self

    async def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        assert await self.proc.wait() == -signal.SIGKILL

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        if self.proc is not None:
            await self.proc.stdout.read()  # drain and let the pipe transport close


def _log(data: Path) -> sqlite3.Connection:
    return sqlite3.connect(data / db.DB_NAME)


def _visible(data: Path, user: str) -> list[int]:
    conn = _log(data)
    try:
        return [seq for seq, _ in evlog.iter_visible(conn, user)]
    finally:
        conn.close()


def _cids_in_log(data: Path) -> tuple[Counter, dict[str, int]]:
    """How often each command id appears in the log, and the seq it has."""
    conn = _log(data)
    try:
        counts, seqs = Counter(), {}
        for seq, body in conn.execute("SELECT seq, body FROM events ORDER BY seq"):
            cid = getattr(codec.decode_event(body), "cid", None)
            if cid is not None:
                counts[cid] += 1
                seqs[cid] = seq
        return counts, seqs
    finally:
        conn.close()


class Streamer:
    """Posts continuously with a few commands in flight, like an outbox flusher."""

    def __init__(self, client: WireClient, channels: list[str], rng: random.Random):
        self.client, self.channels, self.rng = client, channels, rng
        self.sent: dict[str, fr.Post] = {}  # every command sent, by id
        self.acked: dict[str, fr.Ack] = {}  # acks received before the crash

    async def run(self) -> None:
        window = self.rng.randint(1, 8)
        pending: list[str] = []
        i = 0
        try:
            while True:
                while len(pending) < window:
                    frame = fr.Post(id=new_client_id(), channel=self.rng.choice(self.channels), text=f"{self.client.welcome.user} {i}")
                    i += 1
                    self.sent[frame.id] = frame
                    pending.append(frame.id)
                    await self.client.ws.send(codec.encode(frame), text=True)
                head = pending[0]
                answer = await self.client.answer(head)
                if isinstance(answer, fr.Error):
                    # Over the relay's rate limit: back off and resend the same command.
                    assert answer.code == "rate_limited", answer
                    del self.client.errors[head]
                    await asyncio.sleep(answer.retry_after_ms / 1000)
                    await self.client.ws.send(codec.encode(self.sent[head]), text=True)
                    continue
                pending.pop(0)
                self.acked[head] = answer
                await asyncio.sleep(self.rng.random() * 0.004)
        except (ConnectionClosed, AssertionError, TimeoutError):
            # Only the relay dying may end the stream (the reader notices it too).
            await asyncio.wait_for(self.client.closed.wait(), 5)
            # The relay died: collect acks that arrived for commands still pending.
            for cid in pending:
                if cid in self.client.acks:
                    self.acked[cid] = self.client.acks[cid]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_sigkill_mid_stream_loses_nothing_acknowledged(workspace, tmp_path, seed):
    rng = random.Random(seed)
    relay = await RelayProcess(workspace.data, tmp_path / "relay.log").start()
    try:
        clients = {u: await WireClient(relay.url, workspace.tokens[u]).connect() for u in STREAMS}
        # dave is in none of these channels: he must see none of it, before or after the crash.
        clients["dave"] = await WireClient(relay.url, workspace.tokens["dave"]).connect()
        streamers = {
            u: Streamer(clients[u], [workspace.channels[c] for c in chans], random.Random(rng.random()))
            for u, chans in STREAMS.items()
        }
        tasks = [asyncio.create_task(s.run()) for s in streamers.values()]
        await asyncio.sleep(0.3 + rng.random() * 0.7)
        await relay.kill()
        await asyncio.wait_for(asyncio.gather(*tasks), 10)
        for c in clients.values():
            await c.wait_closed(10)
            assert c.problems == []
        acked = {cid: ack for s in streamers.values() for cid, ack in s.acked.items()}
        assert len(acked) > 20, "the relay was killed before anything happened"

        # Every acknowledged post is in the log, at the seq its ack named.
        counts, seqs = _cids_in_log(workspace.data)
        lost = [cid for cid, ack in acked.items() if seqs.get(cid) != ack.seq]
        assert not lost, f"{len(lost)} acknowledged posts are missing from the log"

        # Restart on the same data dir; everyone resumes from cursor + epoch.
        relay = await RelayProcess(workspace.data, tmp_path / "relay.log").start()
        again = {
            u: await WireClient(relay.url, workspace.tokens[u], cursor=c.cursor, epoch=c.epoch).connect()
            for u, c in clients.items()
        }
        for u, c in again.items():
            assert c.welcome.resume == "ok", u

        # The outbox resends whatever was not acknowledged, with the same ids.
        for u, s in streamers.items():
            client = again[u]
            unacked = [f for cid, f in s.sent.items() if cid not in s.acked]
            for frame in unacked:
                await client.ws.send(codec.encode(frame), text=True)
            for frame in unacked:
                answer = await client.answer(frame.id)
                assert isinstance(answer, fr.Ack), answer
                if counts[frame.id]:  # committed before the kill, ack lost with the process
                    assert answer.duplicate and answer.seq == seqs[frame.id]
                else:
                    assert not answer.duplicate
        final = await again["alice"].post(workspace.channels["general"], "after the crash")
        for u in ("alice", "bob", "carol"):
            await again[u].wait_for(lambda c=again[u]: c.cursor >= final.seq)

        # Each client's applied events across both connections are exactly its visible log.
        for u in clients:
            assert again[u].problems == []
            applied = clients[u].seqs() + again[u].seqs()
            visible = _visible(workspace.data, u)
            assert applied == visible, f"{u}: applied {len(applied)} events, log shows {len(visible)}"

        # Every command sent, acknowledged or not, is in the log exactly once.
        counts, _ = _cids_in_log(workspace.data)
        sent = [cid for s in streamers.values() for cid in s.sent]
        assert [cid for cid in sent if counts[cid] != 1] == []
        for c in again.values():
            await c.close()
    finally:
        await relay.stop()
    assert os.path.exists(workspace.data / db.DB_NAME)
