"""The app's connection line says when the relay keeps failing to store a message (it answers
`internal`, e.g. its disk is full), that it stays queued, and clears once it is stored.
A real app, a real relay on its own thread, made to answer `internal` for posts."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QLocale

from desktop.embedded_relay import EmbeddedRelay
from desktop.net.retry import Backoff
from desktop.net.state import Link, LinkState
from desktop.ui import i18n
from desktop.ui.application import BeaconApp
from desktop.ui.views.status import ConnectionStatus
from server_stub import admin
from tests.client_kit import free_port, open_profile, relay_texts
from tests.gui.app_kit import until
from tests.integration.test_relay_disk_full import _disk_full_for_posts

UNSTORED = "the relay could not store 1 message(s); they stay queued"


def test_connection_line_says_the_relay_could_not_store_it(qtbot, qloop, tmp_path):
    data = tmp_path / "relay"
    token = admin.add_user(data, "alice", "Alice")
    general = admin.add_channel(data, "general", members=["alice"])
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    async def scenario():
        store = open_profile(tmp_path / "alice")
        store.set_account(url, "alice", "Alice")
        store.set_token(token)
        app = BeaconApp(store, url, token)
        app.engine.backoff = Backoff(base=0.05, cap=0.3)
        qtbot.addWidget(app.window)
        app.start()
        await until(lambda: app.engine.state.link is Link.ONLINE, what="online")
        app.window.open_channel(general)
        line = app.window.status_label

        restore = _disk_full_for_posts(relay._relay._writer)  # the relay's disk is "full" for posts
        app.window.composer.edit_box.submitted.emit("kept for later")
        await until(lambda: UNSTORED in line.text(), timeout=20, what="the connection line says so")
        assert "Online" in line.text() and "waiting to send" in line.text()
        assert "kept for later" in [getattr(i.frame, "text", None) for i in store.outbox(("pending", "sending"))]
        assert "kept for later" not in relay_texts(data)

        restore()  # space again: the next retry stores it, once, and the line clears
        await until(lambda: relay_texts(data).count("kept for later") == 1, timeout=20, what="stored")
        await until(lambda: "could not store" not in line.text() and "waiting" not in line.text(), what="line clears")
        assert relay_texts(data).count("kept for later") == 1
        await app.shutdown()

    try:
        with qloop:
            qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    finally:
        relay.stop()


def test_the_words_are_translated(qapp):
    locale = QLocale()
    try:
        assert i18n.install_translator(qapp, "zh_CN") == "zh_CN"
        text = ConnectionStatus().describe(LinkState(Link.ONLINE, unstored=2), 0)
        assert "中继无法存储 2 条消息" in text
        i18n.remove_translators(qapp)
        assert i18n.install_translator(qapp, "en") == "en"
        assert "the relay could not store 1 message; it stays queued" in ConnectionStatus().describe(
            LinkState(Link.ONLINE, unstored=1), 0)
    finally:
        i18n.remove_translators(qapp)
        QLocale.setDefault(locale)
