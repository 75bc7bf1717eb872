"""/healthz, /readyz and /metrics: real HTTP requests to a real relay on its own port
(the same port keeps serving websocket clients)."""

from __future__ import annotations

import asyncio
import http.client

import psycopg
from prometheus_client.parser import text_string_to_metric_families

from server_stub import admin, log_check
from server_stub.server import Relay
from tests.integration.conftest import FAST
from tests.relay_client import WireClient


def _get_sync(port: int, path: str) -> tuple[int, str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode()
    finally:
        conn.close()


async def get(relay, path: str) -> tuple[int, str, str]:
    return await asyncio.to_thread(_get_sync, relay.port, path)


async def metrics(relay) -> dict[str, float]:
    status, content_type, body = await get(relay, "/metrics")
    assert status == 200 and content_type.startswith("text/plain; version=0.0.4"), (status, content_type)
    out = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            out[sample.name] = sample.value
    return out


async def test_health_ready_and_websockets_share_the_port(relay, workspace):
    assert await get(relay, "/healthz") == (200, "text/plain; charset=utf-8", "ok\n")
    assert (await get(relay, "/readyz"))[::2] == (200, "ready\n")
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    assert isinstance(await alice.post(workspace.channels["general"], "hi"), object)
    await alice.wait_for(lambda: "hi" in alice.texts())
    await alice.close()
    status, _type, _body = await get(relay, "/nowhere")  # not ours: the websocket handshake refuses it
    assert status == 426  # Upgrade Required


async def test_metrics_count_what_the_relay_did(relay, workspace):
    general = workspace.channels["general"]
    before = await metrics(relay)
    assert before["beacon_relay_connections"] == 0 and before["beacon_relay_bus_lag_events"] == 0
    alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    for i in range(5):
        await alice.post(general, f"m{i}")
    await bob.wait_for(lambda: "m4" in bob.texts())
    after = await metrics(relay)
    assert after["beacon_relay_connections"] == 2
    assert after["beacon_relay_events_published_total"] - before["beacon_relay_events_published_total"] == 5
    # Each post reaches the two connected members of general (carol is offline).
    assert after["beacon_relay_deliveries_total"] - before["beacon_relay_deliveries_total"] == 10
    assert after["beacon_relay_deliveries_total"] == relay.hub.delivered
    assert after["beacon_relay_log_head"] == relay.hub.published_head
    # Both clients started at cursor 0 behind the admin-made log: one read each at least.
    assert after["beacon_relay_catch_up_reads_total"] >= before["beacon_relay_catch_up_reads_total"] + 2
    commits = after["beacon_relay_commit_seconds_count"] - before.get("beacon_relay_commit_seconds_count", 0)
    assert 1 <= commits <= 5 and after["beacon_relay_commit_seconds_sum"] > 0
    await alice.close()
    await bob.close()
    await asyncio.sleep(0.05)
    assert (await metrics(relay))["beacon_relay_connections"] == 0


async def test_not_ready_while_damaged_or_behind_the_bus(relay):
    class Behind:  # the bus's interface as http_endpoints reads it
        caught_up, lag = False, 7

    relay.bus = Behind()
    status, _type, body = await get(relay, "/readyz")
    assert (status, body) == (503, "not ready: catching up from the bus (7 events behind)\n")
    assert (await metrics(relay))["beacon_relay_bus_lag_events"] == 7
    Behind.caught_up, Behind.lag = True, 0
    assert (await get(relay, "/readyz"))[0] == 200
    relay.damage(log_check.LogDamaged("event 3 does not match its checksum", 3))
    assert await get(relay, "/readyz") == (503, "text/plain; charset=utf-8", "not ready: the relay's log is damaged\n")
    assert (await get(relay, "/healthz"))[0] == 200  # alive: a restart would not repair it
    assert (await metrics(relay))["beacon_relay_log_damaged"] == 1


async def test_not_ready_while_postgresql_refuses_connections(tmp_path, cluster_place):
    place = cluster_place(tmp_path / "relay")
    admin.add_user(place, "alice", "Alice")
    relay = Relay(place, "127.0.0.1", 0, config=FAST)
    await relay.start()
    try:
        await _not_ready_while_refused(relay, place.database)
    finally:
        await relay.stop()


async def _not_ready_while_refused(relay, url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
    try:
        status, _type, body = await get(relay, "/readyz")
        assert status == 503 and body.startswith("not ready: the database does not answer: "), body
        assert "\n" not in body.rstrip("\n")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
    assert (await get(relay, "/readyz"))[0] == 200
