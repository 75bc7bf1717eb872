"""Account dialogs on a real relay: invite people (the link works), set a password
(it signs in elsewhere), approve a new device's link code."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt

from desktop.embedded_relay import EmbeddedRelay
from desktop.net import signin as net
from desktop.net.retry import Backoff
from desktop.protocol import signin as sp
from desktop.ui.application import BeaconApp
from server_stub import admin
from tests.client_kit import free_port, open_profile
from tests.gui.app_kit import until


def test_invite_password_and_approve_dialogs(qtbot, qloop, tmp_path):
    data = tmp_path / "relay"
    token = admin.add_user(data, "alice", "Alice")  # the first user: owner
    general = admin.add_channel(data, "general", members=["alice"])
    admin.add_channel(data, "random", members=["alice"])
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
        await until(lambda: len(store.channels()) == 2, what="channels cached")

        invite = app.account_ui.show_invite()
        qtbot.addWidget(invite)
        names = [invite.channels.item(i).text() for i in range(invite.channels.count())]
        invite.channels.item(names.index("#general")).setCheckState(Qt.CheckState.Checked)
        invite.uses.setValue(3)
        qtbot.mouseClick(invite.go, Qt.MouseButton.LeftButton)
        await until(lambda: invite.link.text().startswith("beacon://join/insecure/"), what="invitation made")
        assert len(invite.code.text()) == 14 and invite.made.invite.max_uses == 3
        secret = invite.link.text().rsplit("/", 1)[1]
        joined = await net.redeem(url, secret, "erin", "Erin", "")
        assert joined.channels == [general]

        pw = app.account_ui.show_password()
        qtbot.addWidget(pw)
        qtbot.keyClicks(pw.new, "alice-long-password")
        qtbot.keyClicks(pw.again, "alice-long-passwor")
        qtbot.mouseClick(pw.go, Qt.MouseButton.LeftButton)
        await until(lambda: "differ" in pw.status.text(), what="mismatch refused")
        qtbot.keyClicks(pw.again, "d")
        qtbot.mouseClick(pw.go, Qt.MouseButton.LeftButton)
        await until(lambda: "Password set" in pw.status.text(), what="password set")
        assert (await net.login(url, "alice", "alice-long-password", "")).user == "alice"

        shown = []
        waiting = asyncio.ensure_future(net.link(url, "alice", "new tablet", shown.append))
        await until(lambda: bool(shown), what="link code shown")
        approve = app.account_ui.show_approve()
        qtbot.addWidget(approve)
        qtbot.keyClicks(approve.code, "ZZZZ-ZZZZ")
        qtbot.mouseClick(approve.go, Qt.MouseButton.LeftButton)
        await until(lambda: "No device is waiting" in approve.status.text(), what="wrong code refused")
        approve.code.clear()
        qtbot.keyClicks(approve.code, sp.format_code(shown[0].code))
        qtbot.mouseClick(approve.go, Qt.MouseButton.LeftButton)
        await until(lambda: "new tablet is signed in" in approve.status.text(), what="approved")
        assert (await asyncio.wait_for(waiting, 5)).user == "alice"
        await app.shutdown()

    try:
        with qloop:
            qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    finally:
        relay.stop()
