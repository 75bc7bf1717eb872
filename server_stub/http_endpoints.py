"""Health checks and metrics over plain HTTP on the relay's own port (issue 14).

websockets answers an HTTP request from `process_request` instead of upgrading it, so
a load balancer or Prometheus needs no second port:

- `GET /healthz`: 200 while the process serves (liveness).
- `GET /readyz`: 200 only when the database answers and, with a bus, this node is
  caught up; otherwise 503 with a one-line reason (readiness: take the node out of
  the balancer, do not restart it).
- `GET /metrics`: Prometheus text format, from a registry of this relay's own (two
  relays in one process, as in tests, do not mix their numbers).

Every other path goes on to the websocket handshake. The bus (server_stub's cluster
code) is duck-typed: `relay.bus` None, or an object with `caught_up` (bool) and `lag`
(events this node is behind the database's head).
"""

from __future__ import annotations

import asyncio
import http
import logging

logger = logging.getLogger(__name__)

READY_TIMEOUT_S = 2.0
# Commit latency buckets (seconds): an fsync on a good SSD is ~0.5-2 ms, a group commit
# on PostgreSQL over a LAN a few ms, seconds means trouble.
COMMIT_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class RelayMetrics:
    """The relay's Prometheus registry. Counters the writer and hub already keep are
    read at scrape time (a collector), not incremented twice."""

    def __init__(self, relay):
        from prometheus_client import CollectorRegistry, Histogram

        self.relay = relay
        self.registry = CollectorRegistry(auto_describe=True)
        self.commit_seconds = Histogram(
            "beacon_relay_commit_seconds", "Group commits: BEGIN IMMEDIATE (the write lock) to durable COMMIT",
            buckets=COMMIT_BUCKETS, registry=self.registry)
        self.registry.register(_Collector(relay))

    def text(self) -> tuple[bytes, str]:
        from prometheus_client import generate_latest
        from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

        # Names are all legacy-valid: the 0.0.4 text format every Prometheus reads.

        return generate_latest(self.registry), CONTENT_TYPE_PLAIN_0_0_4


class _Collector:
    def __init__(self, relay):
        self.relay = relay
        self.start_head = relay.hub.published_head if relay.hub is not None else 0

    def collect(self):
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        relay, hub = self.relay, self.relay.hub
        node = relay.config.node or f"{relay.host}:{relay.port}"
        labels = ["node"]

        def gauge(name, doc, value):
            metric = GaugeMetricFamily(name, doc, labels=labels)
            metric.add_metric([node], value)
            return metric

        def counter(name, doc, value):
            metric = CounterMetricFamily(name, doc, labels=labels)
            metric.add_metric([node], value)
            return metric

        yield gauge("beacon_relay_connections", "Authenticated client connections", len(hub.clients()) if hub else 0)
        head = hub.published_head if hub else 0
        yield gauge("beacon_relay_log_head", "The last event seq this node has published", head)
        yield counter("beacon_relay_events_published", "Events published to this node's clients since it started",
                      max(0, head - self.start_head))
        yield counter("beacon_relay_deliveries", "Event deliveries written to client connections",
                      hub.delivered if hub else 0)
        yield counter("beacon_relay_catch_up_reads", "Catch-up reads of the log from the database",
                      getattr(relay, "catch_up_reads", 0))
        seq = getattr(relay, "sequencer", None)
        stats = seq.stats if seq is not None else {}
        yield counter("beacon_relay_events_filled_from_database",
                      "Events another node committed that this node read from the database (gaps, bus down)",
                      stats.get("filled", 0))
        yield counter("beacon_relay_duplicate_events_dropped",
                      "Events that reached this node twice (bus and database) and were published once",
                      stats.get("duplicates", 0))
        bus = getattr(relay, "bus", None)
        bus_stats = getattr(bus, "stats", None) or {}
        yield gauge("beacon_relay_bus_connected", "1 while this node is connected to the event bus",
                    1 if getattr(bus, "connected", False) else 0)
        yield gauge("beacon_relay_bus_delivery_lag_ms", "Publish-to-receive time of the last bus message (ms)",
                    bus_stats.get("lag_ms") or 0)
        yield gauge("beacon_relay_bus_lag_events", "Events this node is behind the database's head (0 without a bus)",
                    getattr(bus, "lag", 0) if bus is not None else 0)
        yield gauge("beacon_relay_log_damaged", "1 when the log failed a check and the relay refuses to serve",
                    1 if relay.damaged is not None else 0)


async def readiness(relay) -> str | None:
    """None when ready, else the one-line reason it is not."""
    if relay.damaged is not None:
        return "the relay's log is damaged"
    if relay._reader is None or relay.hub is None:
        return "starting"
    try:
        await asyncio.wait_for(relay._reader.run(lambda conn: conn.execute("SELECT 1").fetchone()), READY_TIMEOUT_S)
    except TimeoutError:
        return f"the database did not answer within {READY_TIMEOUT_S:.0f} s"
    except Exception as exc:  # noqa: BLE001 -- any failure is "not ready", with its reason
        return f"the database does not answer: {str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}"
    bus = getattr(relay, "bus", None)
    if bus is not None and not getattr(bus, "caught_up", True):
        return f"catching up from the bus ({getattr(bus, 'lag', '?')} events behind)"
    return None


def install(relay):
    """Make the relay's metrics (commit latency from its writer) and return the
    `process_request` for websockets' serve()."""
    try:
        metrics = RelayMetrics(relay)
    except ImportError:  # a relay installed without prometheus_client: health checks only
        logger.info("prometheus_client is not installed: /metrics is off")
        metrics = None
    else:
        relay._writer.on_commit = metrics.commit_seconds.observe
    relay.metrics = metrics

    async def process_request(connection, request):
        path = request.path.split("?", 1)[0]
        if path == "/healthz":
            return connection.respond(http.HTTPStatus.OK, "ok\n")
        if path == "/readyz":
            reason = await readiness(relay)
            if reason is None:
                return connection.respond(http.HTTPStatus.OK, "ready\n")
            return connection.respond(http.HTTPStatus.SERVICE_UNAVAILABLE, f"not ready: {reason}\n")
        if path == "/metrics":
            if metrics is None:
                return connection.respond(http.HTTPStatus.NOT_IMPLEMENTED, "prometheus_client is not installed\n")
            body, content_type = metrics.text()
            response = connection.respond(http.HTTPStatus.OK, "")
            response.body = body
            for name, value in (("Content-Type", content_type), ("Content-Length", str(len(body)))):
                del response.headers[name]  # Headers holds several values per name: replace
                response.headers[name] = value
            return response
        return None

    return process_request
