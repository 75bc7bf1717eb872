"""First run on a fresh profile, with a real relay (own thread): join by an invitation
link, land in the default channel and post; then a second device signs in with a
password. No token is ever shown or typed."""

from __future__ import annotations

import asyncio
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop import linkscheme
from desktop.embedded_relay import EmbeddedRelay
from desktop.net import signin as net
from desktop.net.retry import Backoff
from desktop.protocol import signin as sp
from desktop.ui.application import BeaconApp
from desktop.ui.settings import UiSettings
from desktop.ui.views.first_run import FirstRunDialog, keep
from server_stub import admin
from tests.client_kit import free_port, open_profile, relay_texts
from tests.gui.app_kit import until


def fields_text(dialog) -> str:
    return " ".join(w.text() for w in dialog.findChildren(QLineEdit))


def test_fresh_profile_joins_by_invite_and_sees_the_default_channel(qtbot, qloop, qapp, tmp_path):
    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)  # as the app does: closing the dialog must not quit
    data = tmp_path / "relay"
    admin.add_user(data, "alice", "Alice")
    general = admin.add_channel(data, "general", members=["alice"])
    invite = admin.create_invite(data, max_uses=1, expires_in_s=3600, role="member", channels=["general"])
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    async def scenario():
        dialog = FirstRunDialog(link=linkscheme.join_link(url, invite.secret))
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.tabs.currentIndex() == 0
        assert dialog.join_relay.text() == url and not dialog.join_relay.isEnabled()
        qtbot.keyClicks(dialog.display_name, "Erin Li")
        qtbot.keyClicks(dialog.user_name, "alice")  # taken: a clear error, nothing spent
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.error.isVisible() and "taken" in dialog.error.text(), what="name taken")
        dialog.user_name.clear()
        qtbot.keyClicks(dialog.user_name, "erin")
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.choice == "joined", what="joined")
        signed = dialog.signed_in
        assert signed.user == "erin" and signed.channels == [general]
        assert signed.token not in fields_text(dialog)  # never shown

        profile = tmp_path / "erin"
        store = open_profile(profile)
        await keep(store, signed, UiSettings(profile))
        app = BeaconApp(store, url, signed.token)
        app.engine.backoff = Backoff(base=0.05, cap=0.3)
        qtbot.addWidget(app.window)
        app.start()
        assert app.window.current == general  # the default channel is open
        app.window.composer.edit_box.submitted.emit("hi all, erin here")
        await until(lambda: "hi all, erin here" in relay_texts(data), what="posted")

        # A second device: user name + password on the Sign in tab.
        await net.call(url, sp.PasswordSet(new="erin-long-password"), token=signed.token)
        second = FirstRunDialog()
        qtbot.addWidget(second)
        second.show()
        second.tabs.setCurrentIndex(1)
        qtbot.keyClicks(second.login_relay, url)
        qtbot.keyClicks(second.login_user, "erin")
        qtbot.keyClicks(second.password, "wrong-password!")
        qtbot.mouseClick(second.go, Qt.MouseButton.LeftButton)
        await until(lambda: second.error.isVisible() and "Wrong user name or password" in second.error.text(),
                    what="wrong password")
        second.password.clear()
        qtbot.keyClicks(second.password, "erin-long-password")
        qtbot.mouseClick(second.go, Qt.MouseButton.LeftButton)
        await until(lambda: second.choice == "joined", what="signed in")
        assert second.signed_in.user == "erin" and second.signed_in.token != signed.token

        # A third device without the password: a code shown here, approved from the first.
        third = FirstRunDialog()
        qtbot.addWidget(third)
        third.show()
        third.tabs.setCurrentIndex(1)
        qtbot.keyClicks(third.login_relay, url)
        qtbot.keyClicks(third.login_user, "erin")
        qtbot.mouseClick(third.use_code, Qt.MouseButton.LeftButton)
        await until(lambda: "-" in third.link_code.text(), what="code shown")
        shown = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}", third.link_code.text()).group(0)
        await net.call(url, sp.LinkApprove(code=shown), token=signed.token)
        await until(lambda: third.choice == "joined", what="linked")
        assert third.signed_in.user == "erin" and third.signed_in.token not in fields_text(third)
        await app.shutdown()

    try:
        with qloop:
            qloop.run_until_complete(asyncio.wait_for(scenario(), 90))
    finally:
        relay.stop()
        qapp.setQuitOnLastWindowClosed(quits)


def test_sign_in_screens_are_translated(qtbot, qapp):
    from PySide6.QtCore import QLocale

    from desktop.ui import i18n
    from desktop.ui.views.account_dialogs import InviteDialog

    locale = QLocale()
    i18n.install_translator(qapp, "zh_CN")
    try:
        dialog = FirstRunDialog()
        qtbot.addWidget(dialog)
        assert dialog.tabs.tabText(0) == "通过邀请加入" and dialog.go.text() == "加入"
        assert dialog.explain(sp.INVITE_EXPIRED, "expired", None) == "这个邀请已过期，请索取新的邀请。"
        invite = InviteDialog("ws://127.0.0.1:1", "t", [])
        qtbot.addWidget(invite)
        assert invite.windowTitle() == "邀请成员"
    finally:  # leave the application untranslated, the locale as it was (as test_i18n does)
        i18n.remove_translators(qapp)
        QLocale.setDefault(locale)
