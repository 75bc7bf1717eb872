"""Two real apps through a real relay: DND from the tray, status and presence reach the
other person's DM banner; "deliver when their DND ends" is held by the relay."""

from __future__ import annotations

import asyncio

from desktop.embedded_relay import EmbeddedRelay
from desktop.net.retry import Backoff
from desktop.net.state import Link
from desktop.protocol import frames as fr
from desktop.ui.application import BeaconApp
from server_stub import admin
from tests.client_kit import free_port, open_profile, relay_texts
from tests.gui.app_kit import until



def test_dnd_status_and_presence_reach_the_other_app(qtbot, qloop, tmp_path):
    data = tmp_path / "relay"
    tokens = {u: admin.add_user(data, u, name) for u, name in (("alice", "Alice"), ("li", "李伟"))}
    admin.add_channel(data, "general", members=["alice", "li"])
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    def make(user: str) -> BeaconApp:
        store = open_profile(tmp_path / user)
        store.set_account(url, user, user)
        store.set_token(tokens[user])
        app = BeaconApp(store, url, tokens[user], notifier_backend="none")
        app.engine.backoff = Backoff(base=0.05, cap=0.3)
        qtbot.addWidget(app.window)
        return app

    async def scenario():
        alice, li = make("alice"), make("li")
        alice.start()
        li.start()
        await until(lambda: alice.engine.state.link is Link.ONLINE and li.engine.state.link is Link.ONLINE,
                    what="online")
        li.tray.dnd_requested.emit(60)
        li.attention.set_status("📅", "开会中", li.attention.relay_now() + 3_600_000)
        alice.actions.open_dm("li")
        await until(lambda: any(c.dm for c in alice.store.channels()), what="the DM")
        dm = next(c for c in alice.store.channels() if c.dm)
        alice.window.open_channel(dm.id)
        banner = alice.attention_ui.banner
        header = alice.window.topic
        await until(lambda: "is in do-not-disturb until" in banner.label.text() and "开会中" in header.text()
                    and "online" in header.text(), what="li's DND in alice's composer, status and presence in the header")
        assert "李伟" in banner.label.text() and not banner.isHidden()
        alice.window.composer.set_text("看到回复我")
        banner.button.click()
        await until(lambda: any(s.state == "pending" for s in alice.attention.scheduled()), what="held by the relay")
        assert "看到回复我" not in relay_texts(data)
        li.tray.dnd_requested.emit(-1)  # li's DND ends: the relay delivers
        await until(lambda: "看到回复我" in relay_texts(data), what="delivered when li's DND ended")
        await until(lambda: banner.isHidden(), what="banner gone: li is not in DND any more")
        assert not [i for i in alice.store.outbox(("pending", "sending", "failed")) if isinstance(i.frame, fr.Schedule)]
        await alice.shutdown()
        await li.shutdown()

    try:
        with qloop:
            qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    finally:
        relay.stop()
