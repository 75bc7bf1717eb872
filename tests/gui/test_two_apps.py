"""Two real app instances talk through a real relay on loopback (relay on its own thread)."""

from __future__ import annotations

import asyncio

import pytest

from desktop.embedded_relay import EmbeddedRelay
from desktop.net.retry import Backoff
from desktop.net.state import Link
from desktop.ui.application import BeaconApp
from desktop.ui.models.timeline import Role
from server_stub import admin
from tests.gui.app_kit import until
from tests.client_kit import free_port, open_profile



def texts(app: BeaconApp) -> list[str]:
    model = app.window.timeline
    return [model.data(model.index(i)) for i in range(model.rowCount())]


def test_send_receive_thread_offline_and_reconnect(qtbot, qloop, tmp_path):
    data = tmp_path / "relay"
    tokens = {u: admin.add_user(data, u, u.title()) for u in ("alice", "bob")}
    general = admin.add_channel(data, "general", members=["alice", "bob"])
    port = free_port()
    relay = EmbeddedRelay(data, port)
    url = relay.start()

    def make(user: str) -> BeaconApp:
        store = open_profile(tmp_path / user)
        store.set_account(url, user, user.title())
        store.set_token(tokens[user])
        app = BeaconApp(store, url, tokens[user])
        app.engine.backoff = Backoff(base=0.05, cap=0.3)
        qtbot.addWidget(app.window)
        return app

    async def scenario():
        nonlocal relay
        alice, bob = make("alice"), make("bob")
        alice.start()
        bob.start()
        await until(lambda: alice.engine.state.link is Link.ONLINE and bob.engine.state.link is Link.ONLINE, what="online")
        for app in (alice, bob):
            app.window.open_channel(general)

        alice.window.composer.set_text("hello bob 你好")
        alice.window.composer.edit_box.submitted.emit("hello bob 你好")
        await until(lambda: "hello bob 你好" in texts(bob), what="bob receives")
        root = bob.window.timeline.data(bob.window.timeline.index(len(texts(bob)) - 1), Role.MSG_ID)

        bob.window.open_thread(root)
        bob.window.thread.composer.post.emit("a reply in the thread")
        await until(lambda: (alice.store.message(root) or None) is not None and alice.store.message(root).reply_count == 1, what="thread reply")
        assert [m.text for m in alice.store.thread(root)] == ["hello bob 你好", "a reply in the thread"]
        assert "Online" in alice.window.status_label.text()

        # The relay goes away: alice keeps writing; it shows as pending, then is sent.
        await asyncio.to_thread(relay.stop)
        await until(lambda: alice.engine.state.link is Link.OFFLINE, what="offline")
        alice.window.composer.edit_box.submitted.emit("written on the train")
        model = alice.window.timeline
        last = model.rowCount() - 1
        assert model.data(model.index(last), Role.PENDING) in ("pending", "sending")
        assert "waiting to send" in alice.window.status_label.text()
        assert "Offline" in alice.window.status_label.text()
        relay = EmbeddedRelay(data, port)
        await asyncio.to_thread(relay.start)
        await until(lambda: "written on the train" in texts(bob), what="delivered after reconnect")
        await until(lambda: model.data(model.index(model.rowCount() - 1), Role.PENDING) == "", what="pending -> sent")
        assert texts(alice).count("written on the train") == 1
        assert texts(bob).count("written on the train") == 1
        await alice.shutdown()
        await bob.shutdown()

    try:
        with qloop:
            qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    finally:
        relay.stop()
