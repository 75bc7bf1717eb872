"""The websocket relay: hello/auth, catch-up then live, command dispatch."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sqlite3
import ssl
import time
from pathlib import Path

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from desktop.protocol import codec
from desktop.protocol import frames as fr
from desktop.protocol import team
from desktop.protocol.errors import CloseCode, ErrorCode, ProtocolError
from desktop.protocol.version import PROTOCOL_VERSION, SUPPORTED_VERSIONS
from server_stub import accounts, commands, db, directory, features, http_endpoints, keepalive, log_check
from server_stub import log as evlog
from server_stub.config import RelayConfig, TokenBucket
from server_stub.hub import Client, Hub, events_frames
from server_stub.reader import Reader
from server_stub.sequencer import Sequencer
from server_stub.writer import Writer

logger = logging.getLogger(__name__)

DAMAGED_REASON = "the relay's log is damaged; its operator has been told"


class Relay:
    """A serving relay over one data directory. `await start()`, then `await stop()`."""

    def __init__(
        self,
        data_dir: Path | str,
        host: str = "127.0.0.1",
        port: int = 8765,
        *,
        ssl_context: ssl.SSLContext | None = None,
        config: RelayConfig = RelayConfig(),
    ):
        if isinstance(data_dir, db.Place) and data_dir.database and not config.database:
            config = dataclasses.replace(config, database=data_dir.database)
        self.data_dir = Path(data_dir)
        # Everything that opens the database gets the Place: the folder and, for a
        # cluster, the PostgreSQL URL.
        self.place = db.Place(self.data_dir, config.database)
        self.host, self.port = host, port
        self.ssl_context = ssl_context
        self.config = config
        self._server: Server | None = None
        self.hub: Hub | None = None
        self._writer: Writer | None = None
        self._reader: Reader | None = None
        self.epoch = ""
        self.damaged: log_check.LogDamaged | None = None  # set when the log fails a check
        self.sequencer: Sequencer | None = None
        self.bus = None  # server_stub.bus.EventBus when config.bus names one
        self._bus_sends: set[asyncio.Task] = set()
        self._verifying: asyncio.Future | None = None
        self.catch_up_reads = 0  # log reads for catch-up (metrics: server_stub.http_endpoints)

    @property
    def url(self) -> str:
        scheme = "wss" if self.ssl_context else "ws"
        return f"{scheme}://{self.host}:{self.port}"

    async def start(self) -> None:
        loop = self._loop = asyncio.get_running_loop()
        conn = log_check.open_checked(db.connect, self.place)
        try:
            self.epoch = db.get_meta(conn, "epoch") or ""
            # Members and head read together (under the write lock: no commit between them).
            conn.execute("BEGIN IMMEDIATE")
            try:
                members = conn.execute("SELECT channel, user FROM members").fetchall()
                head = evlog.head(conn)
            finally:
                conn.execute("ROLLBACK")
            # Verify the whole database before serving (LogDamaged: the relay does not
            # start); a log too long to wait for is verified while serving (below).
            background = evlog.head(conn) > self.config.verify_before_serving_events
            if not background:
                count, seconds = log_check.verify(conn)
                logger.info("log verified: %d events in %.2f s", count, seconds)
        finally:
            conn.close()
        self._writer = Writer(self.place, loop, self._publish, self._revoked, self.config)
        self._writer.published_head = head
        self.hub = Hub(members, head, self.config.max_send_buffer, self.config.close_timeout_s)
        self._reader = Reader(self.place)
        self.sequencer = Sequencer(head, self.hub.publish, self._read_range)
        self._writer.known_head = lambda: self.sequencer.head
        if self.config.bus:
            from server_stub.bus import EventBus

            # One stream per log: clusters sharing a NATS server (or a database restored
            # with a new epoch) never read each other's events.
            self.bus = EventBus(self.config.bus, stream=f"BEACON_{self.epoch}", subject=f"beacon.{self.epoch}.events",
                                node=self.config.node or f"{self.host}:{self.port}")
            await self._join_bus(head)
        self._writer.start()
        self._server = await serve(
            self._handle,
            self.host,
            self.port,
            ssl=self.ssl_context,
            max_size=self.config.max_frame_bytes,
            compression="deflate" if self.config.compression else None,
            ping_interval=self.config.ping_interval_s,
            ping_timeout=self.config.ping_timeout_s,
            close_timeout=self.config.close_timeout_s,
            max_queue=16,
            create_connection=keepalive.JitteredConnection,  # connections opened together ping apart
            process_request=http_endpoints.install(self),  # /healthz /readyz /metrics
        )
        self.port = self._server.sockets[0].getsockname()[1]
        logger.info("relay serving on %s (data %s)", self.url, self.data_dir)
        if background:
            logger.info("verifying the log in the background")
            self._verifying = loop.run_in_executor(None, self._verify_in_background)

    def _verify_in_background(self) -> None:
        conn = db.connect(self.place, create=False)
        try:
            count, seconds = log_check.verify(conn)
            logger.info("log verified: %d events in %.2f s", count, seconds)
        except log_check.LogDamaged as exc:
            self._loop.call_soon_threadsafe(self.damage, exc)
        finally:
            conn.close()

    def damage(self, exc: log_check.LogDamaged) -> None:
        """The log failed a check: tell the operator (once), close every connection and
        refuse new ones — serving what cannot be verified could hand out altered events."""
        if self.damaged is None:
            self.damaged = exc
            logger.error("%s", exc.operator_line())
        for client in self.hub.clients():
            self.hub.drop(client, CloseCode.INTERNAL_ERROR, DAMAGED_REASON)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()  # closes every connection with 1001 going away
            await self._server.wait_closed()
        if self._writer is not None:
            await self._writer.stop()
        if self.bus is not None:
            for task in list(self._bus_sends):
                task.cancel()
            try:
                await self.bus.close()
            except Exception as exc:
                logger.warning("closing the event bus: %s", exc)
        if self._reader is not None:
            self._reader.close()
        logger.info("relay stopped")

    async def serve_forever(self, stop: asyncio.Event) -> None:
        await self.start()
        try:
            await stop.wait()
        finally:
            await self.stop()

    # ---- callbacks from the writer ------------------------------------------

    def _publish(self, events: list[evlog.StoredEvent], own: list[evlog.StoredEvent], then) -> None:
        """From the writer: this node's commits (`own`), maybe after others' it read."""
        self.sequencer.offer(events, then)
        if own and self.bus is not None:
            task = asyncio.get_running_loop().create_task(self._to_bus(own))
            self._bus_sends.add(task)
            task.add_done_callback(self._bus_sends.discard)

    async def _join_bus(self, head: int) -> None:
        try:
            await self.bus.start(self._from_bus, after_seq=head, on_gap=self._bus_gap)
        except Exception as exc:  # the node serves without it: the database carries events
            logger.warning("the event bus %s is not reachable (%s); events reach this node"
                           " from the database until it is", self.config.bus, exc)
            task = asyncio.get_running_loop().create_task(self._retry_bus())
            self._bus_sends.add(task)
            task.add_done_callback(self._bus_sends.discard)

    async def _retry_bus(self) -> None:
        while True:
            await asyncio.sleep(2.0)
            try:
                await self.bus.start(self._from_bus, after_seq=self.sequencer.head, on_gap=self._bus_gap)
                logger.info("joined the event bus %s", self.config.bus)
                return
            except Exception:
                continue

    def _bus_gap(self, after: int, upto: int) -> None:
        """The bus missed after..upto: the sequencer reads them from the database (and
        keeps everything after them waiting until it has)."""
        self.sequencer.behind(upto)
        return None

    async def _to_bus(self, events: list[evlog.StoredEvent]) -> None:
        try:
            await self.bus.publish(events)
        except Exception as exc:  # the other nodes read them from the database instead
            logger.debug("bus publish of %d..%d failed: %s", events[0].seq, events[-1].seq, exc)

    def _from_bus(self, events: list[evlog.StoredEvent]) -> None:
        """Another node's commits, in order; duplicates and gaps are the sequencer's."""
        if events:
            self.sequencer.offer(events)

    async def _read_range(self, after: int, upto: int) -> list[evlog.StoredEvent]:
        return await self._reader.run(evlog.read_range, after, min(upto, after + 2000))

    def _revoked(self, hashes: set[str]) -> None:
        self.hub.revoke(hashes)

    # ---- one connection -----------------------------------------------------

    async def _handle(self, ws: ServerConnection) -> None:
        endpoint = features.endpoint(ws.request.path) if ws.request is not None else None
        if endpoint is not None:  # e.g. /files (server_stub.files)
            await endpoint(self, ws)
            return
        if self.damaged is not None:
            await self._refuse(ws, CloseCode.INTERNAL_ERROR, ErrorCode.INTERNAL, DAMAGED_REASON)
            return
        client = await self._handshake(ws)
        if client is None:
            return
        self.hub.add(client)
        catch_up = asyncio.create_task(self._catch_up(client))
        try:
            await self._receive(client)
        except ConnectionClosed:
            pass
        finally:
            self.hub.remove(client)
            catch_up.cancel()
            logger.info("disconnected %s (%s) code=%s", client.user, client.remote, ws.close_code)

    def _damaged_read(self, exc: Exception) -> None:
        if isinstance(exc, sqlite3.OperationalError):  # locked, disk I/O...: not damage
            logger.error("reading the log failed: %s", exc)
            return
        self.damage(exc if isinstance(exc, log_check.LogDamaged) else log_check.LogDamaged(f"SQLite: {exc}"))

    async def _refuse(self, ws: ServerConnection, close: CloseCode, code: ErrorCode, message: str) -> None:
        try:
            await ws.send(codec.error_frame(code=str(code), message=message), text=True)
            await ws.close(close, message[:120])
        except ConnectionClosed:
            pass

    async def _handshake(self, ws: ServerConnection) -> Client | None:
        try:
            raw = await asyncio.wait_for(ws.recv(), self.config.hello_timeout_s)
        except TimeoutError:
            logger.info("no hello from %s within %.0f s", ws.remote_address, self.config.hello_timeout_s)
            await self._refuse(ws, CloseCode.HELLO_TIMEOUT, ErrorCode.BAD_FRAME, "no hello received in time")
            return None
        except ConnectionClosed:
            return None
        try:
            hello = codec.decode_client_frame(raw)
        except ProtocolError as err:
            await self._refuse(ws, CloseCode.BAD_HELLO, err.code, f"the first frame must be a hello: {err.message}")
            return None
        if not isinstance(hello, fr.Hello):
            await self._refuse(ws, CloseCode.BAD_HELLO, ErrorCode.BAD_FRAME, "the first frame must be a hello")
            return None
        if hello.protocol not in SUPPORTED_VERSIONS:
            await self._refuse(
                ws, CloseCode.UNSUPPORTED_VERSION, ErrorCode.UNSUPPORTED_VERSION,
                f"protocol {hello.protocol} is not supported; this relay speaks {sorted(SUPPORTED_VERSIONS)}",
            )
            return None
        auth = await self._reader.run(accounts.authenticate, hello.token)
        if auth is None:
            logger.info("refused unknown or revoked token from %s", ws.remote_address)
            await self._refuse(ws, CloseCode.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "token unknown or revoked")
            return None
        user, display_name, token_hash = auth
        self._writer.seen(token_hash)  # the device list's "last seen"
        client = Client(ws, user, token_hash, await self._reader.run(accounts.role_of, user) or "member")
        # Welcome with everything committed before this hello (on a cluster another node
        # may have committed what this one has not published yet: the client's own post,
        # the cursor it resumes from). Bounded: a node that cannot catch up in time says
        # what it has, and the rest arrives live.
        top = await self._reader.run(evlog.head)
        if top > self.hub.published_head:
            self.sequencer.behind(top)
            await self.sequencer.reach(top, self.config.hello_timeout_s / 2)
        head = self.hub.published_head
        resume, reason, start = "ok", "", hello.cursor or 0
        if hello.cursor is not None and hello.cursor > 0:
            if hello.epoch != self.epoch:
                resume, reason = "reset", "the relay's log is not the one this cursor belongs to"
            elif hello.cursor > head:
                resume, reason = "reset", "the cursor is ahead of the relay's log"
        if resume == "reset":
            start = 0
        client.sent_upto = start
        welcome = fr.Welcome(
            protocol=PROTOCOL_VERSION, user=user, display_name=display_name, epoch=self.epoch,
            head=head, server_ts=(self.config.clock or evlog.now_ms)(), resume=resume, reason=reason,
        )
        await ws.send(codec.encode(welcome), text=True)
        logger.info("authenticated %s (%s) resume=%s from %d", user, ws.remote_address, resume, start)
        return client

    async def _catch_up(self, client: Client) -> None:
        """Replay visible events after the cursor, then switch the client to live.

        Reads are bounded by the head published so far, so an event is either read
        here or fanned out live after the switch: never both, never neither.
        """
        try:
            pos = client.sent_upto
            while True:
                target = self.hub.published_head
                if pos >= target:
                    break
                self.catch_up_reads += 1
                rows = await self._reader.run(
                    evlog.read_visible_now, client.user, pos, target, self.config.replay_batch
                )
                if len(rows) == self.config.replay_batch:
                    pos = rows[-1][0]
                else:
                    pos = target
                for frame in events_frames([r[1] for r in rows]) if rows else ():
                    try:
                        await asyncio.wait_for(client.ws.send(frame, text=True), self.config.send_timeout_s)
                    except TimeoutError:
                        # Without a bound, a client that stops reading mid-catch-up is
                        # held forever (keepalive pings wait on the same full buffer).
                        self.hub.drop(client, CloseCode.SLOW_CONSUMER, "slow consumer: catch-up stalled")
                        return
            client.sent_upto = pos
            client.live = True
            self.hub.send_now(client, codec.encode(fr.Synced(head=pos)))
        except ConnectionClosed:
            pass
        except (log_check.LogDamaged, sqlite3.DatabaseError) as exc:
            self._damaged_read(exc)
            self.hub.drop(client, CloseCode.INTERNAL_ERROR, "catch-up failed")
        except Exception:
            logger.exception("catch-up failed for %s", client.user)
            self.hub.drop(client, CloseCode.INTERNAL_ERROR, "catch-up failed")

    async def _receive(self, client: Client) -> None:
        bucket = TokenBucket(self.config.rate_per_s, self.config.rate_burst, time.monotonic())
        bad = 0
        async for raw in client.ws:
            try:
                frame = codec.decode_client_frame(raw)
                if isinstance(frame, fr.Hello):
                    raise ProtocolError(ErrorCode.BAD_FRAME, "already said hello")
            except ProtocolError as err:
                bad += 1
                self.hub.send_now(client, codec.error_frame(err))
                if bad >= self.config.max_bad_frames:
                    closing = self.hub.drop(client, CloseCode.PROTOCOL_VIOLATION, "too many malformed frames")
                    if closing is not None:
                        # Returning first would let websockets close with 1000 before 4010 is sent.
                        await closing
                    return
                continue
            wait = bucket.take(time.monotonic())
            if wait:
                self.hub.send_now(
                    client,
                    codec.error_frame(
                        code=str(ErrorCode.RATE_LIMITED), message="too many commands; slow down",
                        id=frame.id, retry_after_ms=int(wait * 1000) + 1,
                    ),
                )
                continue
            if isinstance(frame, fr.Ping):
                self.hub.send_now(client, codec.encode(fr.Pong(id=frame.id, server_ts=(self.config.clock or evlog.now_ms)())))
            elif isinstance(frame, fr.History):
                asyncio.create_task(self._history(client, frame))
            elif isinstance(frame, team.QUERIES):
                asyncio.create_task(self._query(client, frame))
            else:
                fut = self._writer.submit(client.user, frame)
                fut.add_done_callback(lambda f, c=client, ref=frame.id: self._answer(c, ref, f.result()))

    def _answer(self, client: Client, ref: str, outcome) -> None:
        if isinstance(outcome, commands.Rejected):
            frame = codec.error_frame(code=str(outcome.code), message=outcome.message, id=ref)
        else:
            frame = codec.encode(outcome)
        self.hub.send_now(client, frame)

    async def _query(self, client: Client, query: fr.Command) -> None:
        """A team query (server_stub.directory), answered from a reader thread."""
        try:
            frame = await self._reader.run(directory.answer, client.user, query)
        except Exception:
            logger.exception("%s query failed for %s", type(query).__name__, client.user)
            frame = codec.error_frame(code=str(ErrorCode.INTERNAL), message="the relay failed on this query", id=query.id)
        self.hub.send_now(client, frame)

    async def _history(self, client: Client, query: fr.History) -> None:
        def run(conn):
            if not commands.is_member(conn, query.channel, client.user):
                return None
            return evlog.read_channel_before(conn, query.channel, query.before, query.limit + 1)

        try:
            rows = await self._reader.run(run)
        except (log_check.LogDamaged, sqlite3.DatabaseError) as exc:
            self._damaged_read(exc)
            self.hub.send_now(client, codec.error_frame(code=str(ErrorCode.INTERNAL), message=DAMAGED_REASON, id=query.id))
            return
        except Exception:
            # Without this the task dies silently and the client waits forever.
            logger.exception("history query failed for %s", client.user)
            self.hub.send_now(client, codec.error_frame(
                code=str(ErrorCode.INTERNAL), message="the relay failed on this query", id=query.id))
            return
        if rows is None:
            frame = codec.encode(
                fr.Error(code=str(ErrorCode.NOT_MEMBER), message="you are not a member of this channel", id=query.id)
            )
        else:
            more = len(rows) > query.limit
            rows = rows[-query.limit:] if more else rows
            # Keep the page under the frame limit: drop the oldest rows (the client
            # asks again with `before` = the first seq it got, so nothing is skipped).
            budget = self.config.max_frame_bytes - 512
            size, first = 0, len(rows)
            while first > 0 and size + len(rows[first - 1][1]) + 1 <= budget:
                first -= 1
                size += len(rows[first][1]) + 1
            if first > 0:
                rows, more = rows[first:], True
            frame = codec.history_frame(query.id, query.channel, (r[1] for r in rows), more)
        self.hub.send_now(client, frame)
