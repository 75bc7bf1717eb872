"""New messages become notifications only when they should (rules in desktop.domain.notify)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Signal

from desktop.actions import Actions
from desktop.net.state import Link, LinkState
from desktop.protocol import events as ev
from desktop.ui.alerts import Alerts
from desktop.ui.tray import Tray
from desktop.ui.views.main_window import MainWindow
from tests.gui.app_kit import ME, make_store


class Recorder(QObject):
    """Stands in for the desktop's notification daemon (tested for real elsewhere)."""

    activated = Signal(str, int)

    def __init__(self):
        super().__init__()
        self.shown = []

    def notify(self, notification):
        self.shown.append(notification)

    def withdraw(self, channel, upto=None):
        pass


@pytest.fixture
def rig(qtbot, tmp_path):
    store, seeder = make_store(tmp_path, messages=3)
    window = MainWindow(store, Actions(store), ME)
    qtbot.addWidget(window)
    window.open_channel("C2")
    state = {"link": LinkState(Link.ONLINE)}
    recorder, tray = Recorder(), Tray()
    alerts = Alerts(store, window, recorder, tray, lambda: state["link"])
    store.subscribe(window.apply_changes)
    store.subscribe(alerts.apply)
    yield store, seeder, recorder, tray, state
    window.close()
    store.close()


def test_live_message_elsewhere_notifies_and_badges(rig):
    store, seeder, recorder, tray, _ = rig
    msg = seeder.post("C1", "lunch? @me", author="bob")
    [shown] = recorder.shown
    assert shown.channel == "C1" and shown.msg == msg and shown.is_mention
    assert "Bob" in shown.title and "general" in shown.title
    assert tray.unread == store.channel("C1").unread + store.channel("C2").unread + store.channel("D1").unread


def test_own_messages_catch_up_and_read_elsewhere_stay_quiet(rig):
    store, seeder, recorder, _, state = rig
    seeder.post("C1", "my own words", author=ME)
    state["link"] = LinkState(Link.CATCHING_UP)
    seeder.post("C1", "old news while catching up")
    state["link"] = LinkState(Link.ONLINE)
    upto = seeder.post("C1", "read on my phone first")
    # The read marker from my other device is applied in the same batch.
    store.apply_events([
        ev.MessagePosted(seq=upto + 1, ts=1, actor="bob", channel="C1", msg=upto + 1, text="and this"),
        ev.ReadMarked(seq=upto + 2, ts=1, actor=ME, channel="C1", upto=upto + 1),
    ])
    assert [n.body for n in recorder.shown] == ["read on my phone first"]


def test_muted_channel_is_greyed_counted_and_silent(qtbot, tmp_path):
    from desktop.ui.models.channels import Role
    from desktop.ui.settings import UiSettings

    store, seeder = make_store(tmp_path, messages=0)
    settings = UiSettings(tmp_path)
    window = MainWindow(store, Actions(store), ME, is_muted=lambda c: c in settings.muted, set_muted=settings.set_muted)
    qtbot.addWidget(window)
    window.open_channel("C2")
    recorder, tray = Recorder(), Tray()
    alerts = Alerts(store, window, recorder, tray, lambda: LinkState(Link.ONLINE))
    store.subscribe(window.apply_changes)
    store.subscribe(alerts.apply)
    labels = [a.text() for a in window.channel_menu("C1").actions()]
    assert labels == ["Mute"]
    window.set_muted("C1", True)
    seeder.post("C1", "hello @me, even mentions stay quiet when muted")
    assert recorder.shown == []
    index = window.channels.channel_index("C1")
    assert index.data(Role.MUTED) is True and index.data(Role.UNREAD) == 1
    assert UiSettings(tmp_path).muted == {"C1"}  # kept for the next start
    window.set_muted("C1", False)
    seeder.post("C1", "now it pops up")
    assert [n.body for n in recorder.shown] == ["now it pops up"]
    window.close()
    store.close()
