"""The Account menu on a real relay: list signed-in devices, sign another one out
(its live connection closes), then sign this device out."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt

from desktop.embedded_relay import EmbeddedRelay
from desktop.net import signin as net
from desktop.net.retry import Backoff
from desktop.net.state import Link
from desktop.protocol import signin as sp
from desktop.ui.application import BeaconApp
from server_stub import admin
from tests.client_kit import free_port, open_profile
from tests.gui.app_kit import until
from tests.relay_client import WireClient


def test_devices_dialog_signs_another_device_out_then_sign_out(qtbot, qloop, tmp_path):
    data = tmp_path / "relay"
    token = admin.add_user(data, "alice", "Alice")
    admin.add_channel(data, "general", members=["alice"])
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    async def scenario():
        await net.call(url, sp.PasswordSet(new="alice-long-password"), token=token)
        phone = await net.login(url, "alice", "alice-long-password", "Alice's phone")
        live_phone = await WireClient(url, phone.token).connect()
        store = open_profile(tmp_path / "alice")
        store.set_account(url, "alice", "Alice")
        store.set_token(token)
        app = BeaconApp(store, url, token)
        app.engine.backoff = Backoff(base=0.05, cap=0.3)
        qtbot.addWidget(app.window)
        app.start()
        await until(lambda: app.engine.state.link is Link.ONLINE, what="online")

        dialog = app.account_ui.show_devices()
        qtbot.addWidget(dialog)
        await until(lambda: dialog.tree.topLevelItemCount() == 2, what="two devices")
        names = [dialog.tree.topLevelItem(i).text(0) for i in range(2)]
        assert "Alice's phone" in names and any("(this computer)" in n for n in names)
        mine = next(i for i in range(2) if "(this computer)" in dialog.tree.topLevelItem(i).text(0))
        dialog.tree.setCurrentItem(dialog.tree.topLevelItem(mine))
        assert not dialog.sign_out.isEnabled()  # this computer is signed out with Sign out…, not here
        dialog.tree.setCurrentItem(dialog.tree.topLevelItem(1 - mine))
        assert dialog.sign_out.isEnabled()
        qtbot.mouseClick(dialog.sign_out, Qt.MouseButton.LeftButton)
        assert await live_phone.wait_closed(5) == 4003  # the phone's live connection closed
        await until(lambda: dialog.tree.topLevelItemCount() == 1, what="one device left")

        # Sign out this computer, keeping the cache (the default).
        async def confirm():
            return True, False

        app.account_ui.confirm_sign_out = confirm
        quit_seen = []
        app.quit_requested.connect(lambda: quit_seen.append(1))
        assert await app.account_ui.sign_out()
        assert quit_seen and app.store.token() is None and not app.account_ui.delete_cache
        try:
            await net.call(url, sp.DeviceList(), token=token)
            raise AssertionError("the token still works")
        except net.SigninRefused as exc:
            assert exc.code == "unauthorized"
        await app.shutdown()
        assert (tmp_path / "alice" / "cache.db").exists()

    try:
        with qloop:
            qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    finally:
        relay.stop()
