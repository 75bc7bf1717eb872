"""Live connections, channel membership as of the published head, and fan-out."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import Iterable

import msgspec
from websockets.asyncio.server import ServerConnection, broadcast
from websockets.frames import Frame, Opcode
from websockets.protocol import OPEN

from desktop.protocol import codec
from desktop.protocol.errors import CloseCode
from desktop.protocol.version import MAX_FRAME_BYTES
from server_stub.log import StoredEvent

logger = logging.getLogger(__name__)


class _Members(msgspec.Struct):
    channel: str | None = None
    user: str | None = None
    members: list[str] = []
    role: str | None = None


_members_decoder = msgspec.json.Decoder(_Members)
# Events that change who sees what: the slow path applies them in order.
_MEMBERSHIP_KINDS = frozenset({"channel.created", "member.added", "member.removed", "user.role"})
_FRAME_OVERHEAD = len(codec.events_frame([]))


def fan_out(connections: list[ServerConnection], message: bytes) -> None:
    """`websockets.broadcast(connections, message, text=True)`, serializing the frame once.

    A server frame is not masked, so without extensions (compression off) the
    bytes are the same for every connection; broadcast() rebuilds them for each.
    Connections that are closing, compressed, or mid-fragment go through broadcast().
    """
    data = Frame(Opcode.TEXT, message).serialize(mask=False)
    rest = []
    for ws in connections:
        protocol = ws.protocol
        if protocol.state is OPEN and not protocol.extensions and ws.send_in_progress is None:
            ws.transport.write(data)
        else:
            rest.append(ws)
    if rest:
        broadcast(rest, message, text=True)


def events_frames(bodies: list[bytes], max_bytes: int = MAX_FRAME_BYTES) -> list[bytes]:
    """`events` frames carrying `bodies` in order, each at most `max_bytes`.

    Clients refuse bigger frames (websocket close 1009), and one group commit of
    large messages easily exceeds the limit, so a batch is split. One event always
    fits: a maximal message is far below the limit.
    """
    if _FRAME_OVERHEAD + sum(map(len, bodies)) + len(bodies) <= max_bytes:
        return [codec.events_frame(bodies)]
    frames: list[bytes] = []
    chunk: list[bytes] = []
    size = _FRAME_OVERHEAD
    for body in bodies:
        if chunk and size + len(body) + 1 > max_bytes:
            frames.append(codec.events_frame(chunk))
            chunk, size = [], _FRAME_OVERHEAD
        chunk.append(body)
        size += len(body) + 1
    frames.append(codec.events_frame(chunk))
    return frames


class Client:
    """One authenticated connection. Not live until its catch-up has reached the head."""

    __slots__ = ("ws", "user", "token_hash", "role", "live", "sent_upto", "dropped", "remote")

    def __init__(self, ws: ServerConnection, user: str, token_hash: str, role: str = "member"):
        self.ws = ws
        self.user = user
        self.token_hash = token_hash
        self.role = role  # workspace role, kept current by user.role events
        self.live = False
        self.sent_upto = 0  # catch-up position; once live, the head at that moment
        self.dropped = False
        self.remote = ws.remote_address


class Hub:
    """Fans published events out to live clients. Runs on the event loop only."""

    def __init__(
        self, members: Iterable[tuple[str, str]], published_head: int, max_send_buffer: int,
        close_timeout: float = 2.0,
    ):
        self.members: dict[str, set[str]] = defaultdict(set)
        for channel, user in members:
            self.members[channel].add(user)
        self.by_user: dict[str, set[Client]] = defaultdict(set)
        self.published_head = published_head
        self.max_send_buffer = max_send_buffer
        self.close_timeout = close_timeout
        self._closing: set[asyncio.Task] = set()  # strong references to close tasks
        self.delivered = 0  # event deliveries written (for the benchmark and logs)
        self.guests: set[str] = set()  # connected users whose role is guest

    def _recount(self, user: str) -> None:
        if any(c.role == "guest" for c in self.by_user.get(user, ())):
            self.guests.add(user)
        else:
            self.guests.discard(user)

    # ---- registry ---------------------------------------------------------

    def add(self, client: Client) -> None:
        self.by_user[client.user].add(client)
        self._recount(client.user)

    def remove(self, client: Client) -> None:
        clients = self.by_user.get(client.user)
        if clients is not None:
            clients.discard(client)
            if not clients:
                del self.by_user[client.user]
        self._recount(client.user)

    def clients(self) -> list[Client]:
        return [c for group in self.by_user.values() for c in group]

    # ---- sending ------------------------------------------------------------

    def drop(self, client: Client, code: CloseCode, reason: str) -> asyncio.Task | None:
        """Close a connection without waiting for it (its queue may be full).

        Returns the closing task (None if already dropped) for callers that must
        not return before the close frame is queued.
        """
        if client.dropped:
            return None
        client.dropped = True
        client.live = False
        logger.info("closing %s (%s): %s", client.user, client.remote, reason)
        task = asyncio.get_running_loop().create_task(self._close(client.ws, code, reason))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)
        return task

    async def _close(self, ws: ServerConnection, code: CloseCode, reason: str) -> None:
        # ws.close() first waits for the write buffer to drain, without a timeout:
        # a peer that stopped reading would hold the connection (and its buffered
        # megabytes) forever. The close frame is queued behind the data either way;
        # a client that resumes reading in time still sees `code`.
        try:
            await asyncio.wait_for(ws.close(code, reason), self.close_timeout)
        except TimeoutError:
            if ws.transport is not None:
                ws.transport.abort()

    def _writable(self, client: Client) -> bool:
        if client.dropped:
            return False
        transport = client.ws.transport
        if transport is not None and transport.get_write_buffer_size() > self.max_send_buffer:
            self.drop(client, CloseCode.SLOW_CONSUMER, "slow consumer: outgoing queue full")
            return False
        return True

    def send_now(self, client: Client, frame: bytes) -> None:
        """Write one frame without awaiting (acks, errors, live events)."""
        if self._writable(client):
            broadcast((client.ws,), frame, text=True)

    # ---- fan-out ------------------------------------------------------------

    def _apply_membership(self, event: StoredEvent, before: bool) -> None:
        if event.kind not in _MEMBERSHIP_KINDS:
            return
        body = _members_decoder.decode(event.body)
        channel = body.channel
        if event.kind == "user.role":
            if before and body.user and body.role:  # acts at once on every connection
                for client in self.by_user.get(body.user, ()):
                    client.role = body.role
                self._recount(body.user)
            return
        if channel is None:
            return
        if before and event.kind == "channel.created":
            self.members[channel].update(body.members)
        elif before and event.kind == "member.added" and body.user:
            self.members[channel].add(body.user)
        elif not before and event.kind == "member.removed" and body.user:
            self.members[channel].discard(body.user)

    def _audience(self, event: StoredEvent) -> list[Client]:
        by_user = self.by_user
        if event.scope_channel is None and event.scope_user is None:
            if self.guests:
                return self._workspace_audience(event)
            return [c for group in by_user.values() for c in group]
        members = self.members.get(event.scope_channel, ()) if event.scope_channel else ()
        if event.scope_user is not None and event.scope_user not in members:
            members = {*members, event.scope_user}
        # Walk the smaller side: a big channel with few connected users, or the reverse.
        if len(members) <= len(by_user):
            return [c for u in members if u in by_user for c in by_user[u]]
        return [c for u, group in by_user.items() if u in members for c in group]

    def _workspace_audience(self, event: StoredEvent) -> list[Client]:
        """A workspace-wide event with guests connected: a guest gets it only if it is
        about a channel they are in, or a person sharing a channel with them (the
        same rule as log.read_visible(guest=True))."""
        body = _members_decoder.decode(event.body)
        seen: dict[str, bool] = {}
        audience = []
        for user, group in self.by_user.items():
            if user in self.guests:
                if user not in seen:
                    seen[user] = self._guest_sees(user, body.channel, body.user)
                audience.extend(c for c in group if c.role != "guest" or seen[user])
            else:
                audience.extend(group)
        return audience

    def _guest_sees(self, guest: str, channel: str | None, subject: str | None) -> bool:
        if channel is not None:
            return guest in self.members.get(channel, ())
        if subject is None or subject == guest:
            return True
        return any(guest in users and subject in users for users in self.members.values())

    def publish(self, events: list[StoredEvent]) -> None:
        """Called with committed events in seq order, exactly once each.

        A live client's `sent_upto` is the head when it went live, and every event
        published after that is above it; the check below only guards that invariant.
        """
        first = events[0]
        # Workspace-wide events differ in audience when guests are connected.
        guest_filtered = self.guests and first.scope_channel is None and first.scope_user is None
        if (len(events) == 1 or not guest_filtered) and all(
            e.kind not in _MEMBERSHIP_KINDS and e.scope_channel == first.scope_channel
            and e.scope_user == first.scope_user
            for e in events
        ):
            # The hot path (one event, or a group commit into one channel): every
            # event has the same audience, so it is computed once and everyone in it
            # gets the same frame.
            self.published_head = events[-1].seq
            seq = first.seq
            targets = [c.ws for c in self._audience(first) if c.live and c.sent_upto < seq and self._writable(c)]
            if targets:
                for frame in events_frames([e.body for e in events]):
                    fan_out(targets, frame)
            self.delivered += len(targets) * len(events)
            return
        per_client: dict[Client, list[StoredEvent]] = {}
        for event in events:
            self._apply_membership(event, before=True)
            for client in self._audience(event):
                if client.live and event.seq > client.sent_upto:
                    per_client.setdefault(client, []).append(event)
            self._apply_membership(event, before=False)
        self.published_head = events[-1].seq
        # One frame per distinct event list; one broadcast per frame.
        groups: dict[tuple[int, ...], list[Client]] = {}
        lists: dict[tuple[int, ...], list[StoredEvent]] = {}
        for client, evs in per_client.items():
            key = tuple(e.seq for e in evs)
            groups.setdefault(key, []).append(client)
            lists[key] = evs
        for key, clients in groups.items():
            targets = [c.ws for c in clients if self._writable(c)]
            for frame in events_frames([e.body for e in lists[key]]):
                fan_out(targets, frame)
            self.delivered += len(targets) * len(key)

    def revoke(self, revoked_hashes: set[str]) -> None:
        for client in self.clients():
            if client.token_hash in revoked_hashes:
                self.drop(client, CloseCode.TOKEN_REVOKED, "token revoked")
