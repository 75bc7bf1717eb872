"""DND, status and send-later in the real app window (cache seeded like the relay would;
the relay-side behaviour is tested in tests/integration/test_schedule_*)."""

from __future__ import annotations

import asyncio
import re

import pytest
from PySide6.QtCore import QObject, Signal

from desktop.net.state import Link, LinkState
from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol.attention import DndSettings
from desktop.ui.application import BeaconApp
from desktop.ui.attention.install import digest_text
from desktop.ui.attention.widgets import ScheduledDialog
from desktop.ui.tray import DND_OFF
from tests.gui.app_kit import ME, NOW, make_store, shut_down


class Recorder(QObject):
    activated = Signal(str, "qlonglong")

    def __init__(self):
        super().__init__()
        self.shown = []

    def notify(self, notification):
        self.shown.append(notification)

    def withdraw(self, channel, upto=None):
        pass


@pytest.fixture
def rig(qtbot, tmp_path):
    store, seeder = make_store(tmp_path, messages=2)
    app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(app.window)
    recorder = Recorder()
    app.notifier = recorder
    app.alerts._notifier = recorder
    app.alerts._link_state = lambda: LinkState(Link.ONLINE)
    app.window.open_channel("C2")
    yield app, store, seeder, recorder
    shut_down(app)


def queued(store, kind):
    return [i.frame for i in store.outbox(("pending",)) if isinstance(i.frame, kind)]


def test_tray_dnd_holds_popups_then_one_digest(rig, qtbot):
    app, store, seeder, recorder = rig
    app.tray.dnd_requested.emit(60)
    [setting] = queued(store, fr.SetDnd)
    assert setting.settings.manual_until is not None
    assert app.attention.dnd and app.alerts.dnd
    assert app.tray.dnd is not None and "Do not disturb until" in app.tray.dnd
    assert "Do not disturb until" in app.tray.system_tray_icon().toolTip()
    before = store.channel("C1").unread
    seeder.post("C1", "one")
    seeder.post("C1", "two @me")
    seeder.post("C2", "three", author="li")  # C2 is open but the window is not active
    assert recorder.shown == []  # no pop-ups while DND is on
    assert store.channel("C1").unread == before + 2  # counts keep counting
    app.tray.dnd_requested.emit(DND_OFF)
    assert not app.attention.dnd and app.tray.dnd is None
    [digest] = recorder.shown
    # English plural forms come from the translations the lead merges ("message(s)" until then).
    counts, *named = digest.body.split(" · ")
    assert counts == digest_text(3, 1, 2)
    assert re.fullmatch(r"3 new messages?(\(s\))?, 1 mention(\(s\))? in 2 channels?(\(s\))? while you were away", counts)
    # The key messages follow (desktop.domain.digest): the mention first; a click opens it.
    assert len(named) == 2 and named[0].endswith(": two @me")
    assert digest.channel == "C1" and store.message(digest.msg).text == "two @me"
    seeder.post("C1", "after")
    assert [n.body for n in recorder.shown][-1] == "after"


def test_urgent_breaks_through_only_when_allowed(rig):
    app, store, seeder, recorder = rig
    app.attention.dnd_until(-1)  # until turned off

    def urgent(text, author):
        seq = seeder.seq.__next__()
        store.apply_events([
            ev.MessagePosted(seq=seq, ts=NOW, actor=author, channel="C1", msg=seq, text=text),
            ev.MessageUrgent(seq=seq + 1, ts=NOW, actor=author, channel="C1", msg=seq),
        ])
        next(seeder.seq)

    urgent("server down", "bob")
    assert recorder.shown == []  # urgent, but breakthrough is off by default
    app.attention.set_urgent(True, ["li"])
    urgent("server still down", "bob")
    assert recorder.shown == []  # only from li
    urgent("需要你马上看一下", "li")
    assert [n.body for n in recorder.shown] == ["需要你马上看一下"]


def test_channel_mute_and_mentions_only_are_synced_settings(rig):
    app, store, seeder, recorder = rig
    menu = app.window.channel_menu("C1")
    [mute] = [a for a in menu.actions() if a.text() == "Mute"]
    mute.trigger()
    assert app.window.is_muted("C1")
    [setting] = queued(store, fr.SetDnd)
    assert setting.settings.channels == {"C1": "mute"}
    seeder.post("C1", "quiet @me")
    assert recorder.shown == []
    menu = app.window.channel_menu("C1")
    [unmute] = [a for a in menu.actions() if a.text() == "Unmute"]
    unmute.trigger()
    [mentions] = [a for a in app.window.channel_menu("C1").actions() if a.text() == "Mentions only"]
    mentions.trigger()
    assert app.attention.mentions_only("C1")
    seeder.post("C1", "just chatting")
    seeder.post("C1", "ping @me")
    assert [n.body for n in recorder.shown] == ["ping @me"]
    # The relay's echo (from this or another device) is what the cache keeps.
    seeder.apply(ev.DndChanged, actor=ME, settings=DndSettings(channels={"C2": "mute"}))
    for item in store.outbox(("pending",)):
        store.discard(item.cid)
    app.attention.refresh()
    assert app.window.is_muted("C2") and not app.window.is_muted("C1")


def test_dm_banner_and_deliver_when_their_dnd_ends(rig):
    app, store, seeder, _ = rig
    seeder.apply(ev.StatusChanged, actor="li", user="li", emoji="📅", text="开会中", until=NOW + 3_600_000,
                 dnd_until=NOW + 7_200_000)
    app.window.open_channel("D1")
    banner = app.attention_ui.banner
    assert not banner.isHidden()
    assert "李伟 is in do-not-disturb until" in banner.label.text()
    header = app.window.topic.text()
    assert "offline" in header and "开会中" in header and "do not disturb until" in header
    app.window.composer.set_text("看到回复我")
    banner.button.click()
    [sched] = queued(store, fr.Schedule)
    assert sched.until_dnd_ends and sched.channel == "D1" and sched.text == "看到回复我"
    assert app.window.composer.text() == ""
    app.window.open_channel("C1")
    assert banner.isHidden()


def test_send_later_and_the_scheduled_list(rig, qtbot):
    app, store, _seeder, _ = rig
    app.window.open_channel("C1")
    app.window.composer.set_text("tomorrow's reminder")
    at = NOW + 86_400_000
    app.attention_ui.send_later.chosen.emit(at)
    [sched] = queued(store, fr.Schedule)
    assert sched.at == at and sched.text == "tomorrow's reminder"
    assert app.window.composer.text() == ""
    assert store.pending_posts("C1") == []  # not shown as an ordinary pending post
    dialog = ScheduledDialog(app.attention, app.window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1 and "waiting to go online" in dialog.list.item(0).text()
    dialog.list.setCurrentRow(0)
    dialog.cancel_button.click()  # never reached the relay: simply dropped
    assert queued(store, fr.Schedule) == [] and dialog.list.count() == 0
    # A scheduled message known to the relay: cancel becomes a command.
    app.window.composer.set_text("x")
    _seeder.apply(ev.ScheduledChanged, actor=ME, channel="C1", sched="s" * 20, text="at the relay", at=at)
    dialog.reload()
    dialog.list.setCurrentRow(0)
    dialog.send_button.click()
    [now] = queued(store, fr.ScheduleSendNow)
    assert now.sched == "s" * 20
    app.window.composer.set_text("prod is down")
    [urgent] = [a for a in app.attention_ui.send_later.menu().actions() if a.text() == "Send now as urgent"]
    urgent.trigger()
    [sent] = queued(store, fr.PostUrgent)
    assert (sent.channel, sent.text) == ("C1", "prod is down") and app.window.composer.text() == ""


def test_status_menu_presets_and_dnd_submenu(rig):
    app, store, _, _ = rig
    menu = app.attention_ui.status_menu
    menu.rebuild()
    [meeting] = [a for a in menu.actions() if a.text().endswith("In a meeting")]
    meeting.trigger()
    [status] = queued(store, fr.SetStatus)
    assert status.text == "In a meeting" and status.until is not None
    [dnd_action] = [a for a in menu.actions() if a.menu() is not None]
    [forever] = [a for a in dnd_action.menu().actions() if a.text() == "Until I turn it off"]
    forever.trigger()
    assert app.attention.dnd and app.tray.dnd == "Do not disturb is on"
    app.tray.dnd_requested.emit(DND_OFF)
    assert not app.attention.dnd
    tray_labels = [a.text() for a in app.tray.dnd_menu().actions() if not a.isSeparator()]
    assert "Until a chosen time…" in tray_labels
    [tray_forever] = [a for a in app.tray.dnd_menu().actions() if a.text() == "Until I turn it off"]
    tray_forever.trigger()
    assert app.attention.state().until == -1
