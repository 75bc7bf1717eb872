"""Relay limits and settings (one place; the CLI and tests override fields)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.protocol.version import HELLO_TIMEOUT_S, MAX_FRAME_BYTES


@dataclass(frozen=True)
class RelayConfig:
    max_frame_bytes: int = MAX_FRAME_BYTES
    hello_timeout_s: float = HELLO_TIMEOUT_S
    # Commands per second per connection (token bucket) and the burst allowed.
    rate_per_s: float = 100.0
    rate_burst: int = 500
    # Bytes queued for one client before it is dropped as a slow consumer.
    max_send_buffer: int = 4 * 1024 * 1024
    # Seconds one catch-up frame may wait for the client to read before it is
    # dropped as a slow consumer (catch-up awaits each send instead of queueing).
    send_timeout_s: float = 30.0
    # Keepalive: a client that does not answer a ping within the timeout is dropped.
    ping_interval_s: float | None = 20.0
    ping_timeout_s: float | None = 20.0
    close_timeout_s: float = 2.0
    # permessage-deflate costs CPU and memory per connection; off unless asked.
    compression: bool = False
    # Events per `events` frame during catch-up.
    replay_batch: int = 500
    # Most commands committed in one transaction (group commit).
    max_batch: int = 256
    # How often the writer looks for changes made by `beacon-relay admin`.
    poll_interval_s: float = 0.25
    # Malformed frames tolerated on one connection before it is closed.
    max_bad_frames: int = 50
    # Largest file accepted by the /files endpoint (refused before any byte is sent).
    max_file_bytes: int = 100 * 1024 * 1024
    # Most bytes one user may hold in unfinished uploads (partials) at once; a `put`
    # that would exceed it is refused (`quota`) before any byte. None = 2 x max_file_bytes.
    partial_quota_bytes: int | None = None
    # A `put` is refused (`storage_full`) before any byte unless the relay's disk keeps
    # this much free after it: the room the database needs for posts.
    disk_reserve_bytes: int = 16 * 1024 * 1024
    # The relay's clock (ms since the epoch) for event times and feature ticks;
    # tests inject a fake one. None = the system clock.
    clock: Callable[[], int] | None = None
    # A log of at most this many events is verified (server_stub.log_check) before the
    # relay serves (~0.25 s per 100,000 here); a longer one while serving.
    verify_before_serving_events: int = 2_000_000
    # The cluster (issue 14): a postgresql:// URL for the database instead of the SQLite
    # file in the data folder, a nats:// URL for the event bus between nodes, and this
    # node's name (in metrics and logs). None / "": one relay on SQLite, no bus.
    database: str | None = None
    bus: str | None = None
    node: str = ""

    @property
    def partial_quota(self) -> int:
        return 2 * self.max_file_bytes if self.partial_quota_bytes is None else self.partial_quota_bytes


class TokenBucket:
    """Per-connection rate limit: `rate` tokens per second, at most `burst` saved."""

    __slots__ = ("rate", "burst", "tokens", "stamp")

    def __init__(self, rate: float, burst: int, now: float):
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.stamp = now

    def take(self, now: float) -> float:
        """0.0 if allowed; otherwise the seconds to wait before the next try."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate
