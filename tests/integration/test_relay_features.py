"""Relay feature modules: own tables, own commands, and a clock-driven tick."""

from __future__ import annotations

import pytest

from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from server_stub import commands, db, features
from server_stub.config import RelayConfig
from server_stub.server import Relay
from server_stub.writer import run_admin
from tests.relay_client import WireClient


class Shout(fr.Command, tag="test.shout"):
    channel: str
    text: str


@pytest.fixture
def shout_feature(workspace):
    general = workspace.channels["general"]
    fired = []

    def on_shout(app, actor, cmd):
        app.conn.execute("INSERT INTO test_shouts(text) VALUES (?)", (cmd.text,))
        stored = app.append(ev.MessagePosted, scope_channel=cmd.channel, scope_user=None, actor=actor,
                            channel=cmd.channel, cid=cmd.id, msg=None, text=cmd.text.upper())
        return fr.Ack(id=cmd.id, ts=1, seq=stored.seq)

    def tick(app, now):
        if now >= 5_000 and not fired:
            fired.append(now)
            app.append(ev.MessagePosted, scope_channel=general, scope_user=None, actor=None,
                       channel=general, msg=None, text="the clock says it is time")

    feature = features.register(features.RelayFeature(
        name="test-shout",
        migrations=(("CREATE TABLE test_shouts (text TEXT NOT NULL)",),),
        commands={Shout: on_shout},
        tick=tick,
    ))
    yield feature, fired
    del features.FEATURES[feature.name]


def test_feature_command_runs_in_the_core_path(workspace, shout_feature):
    general = workspace.channels["general"]
    ack = run_admin(workspace.data, lambda app: commands.execute(app, "alice", Shout(id=new_client_id(), channel=general, text="hi")))
    assert ack.seq
    conn = db.connect(workspace.data)
    try:
        assert conn.execute("SELECT text FROM test_shouts").fetchall() == [("hi",)]
        assert conn.execute("SELECT version FROM feature_versions WHERE name = 'test-shout'").fetchone() == (1,)
    finally:
        conn.close()


async def test_tick_follows_the_injected_clock(workspace, shout_feature):
    _feature, fired = shout_feature
    now = {"ms": 1_000}
    relay = Relay(workspace.data, "127.0.0.1", 0, config=RelayConfig(poll_interval_s=0.02, clock=lambda: now["ms"]))
    await relay.start()
    try:
        alice = await WireClient(relay.url, workspace.tokens["alice"]).connect()
        await alice.wait_for(lambda: True)
        assert fired == []
        now["ms"] = 6_000  # time passes only when the test says so
        await alice.wait_for(lambda: "the clock says it is time" in alice.texts(), timeout=5)
        [event] = [e for e in alice.events if getattr(e, "text", "") == "the clock says it is time"]
        assert event.ts == 6_000 and fired == [6_000]
        await alice.close()
    finally:
        await relay.stop()
