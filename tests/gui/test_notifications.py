"""Desktop notifications: the tray backend, no backend, and a real D-Bus notification daemon.

The D-Bus tests run dunst (a real freedesktop notification server) on a private
session bus under Xvfb, and check what it shows with its own client, dunstctl.
Debian packages: xvfb, dbus-daemon (dbus-x11), dbus-bin, dunst.
"""

from __future__ import annotations

import itertools
import json
import os
import select
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QSystemTrayIcon

from desktop.domain.notify import Notification
from desktop.ui import notifications
from desktop.ui.notifications import Notifier

pytestmark = pytest.mark.qt_log_level_fail("WARNING")

NEEDED = {"Xvfb": "xvfb", "dbus-daemon": "dbus-daemon", "dunst": "dunst", "dunstctl": "dunst", "dbus-send": "dbus-bin"}
START_TIMEOUT = 15  # seconds for Xvfb / dbus-daemon to come up
_names = itertools.count()


def note(channel="c1", msg=11, title="Alice · #general", body="hello", is_mention=False):
    return Notification(title=title, body=body, channel=channel, msg=msg, is_mention=is_mention)


# --- without D-Bus ------------------------------------------------------------------------------


class RecordingTray(QSystemTrayIcon):
    def __init__(self):
        super().__init__()
        self.shown = []

    def showMessage(self, title, body, *args):  # noqa: N802 (Qt name)
        self.shown.append((title, body))


@pytest.fixture
def no_bus(qapp):
    name = f"nobus-{next(_names)}"
    bus = QDBusConnection.connectToBus("unix:path=/nonexistent/beacon-test-bus", name)
    yield bus
    QDBusConnection.disconnectFromBus(name)


def test_tray_backend_shows_and_reports_the_click(qapp, qtbot):
    tray = RecordingTray()
    notifier = Notifier(tray, backend="tray")
    assert notifier.backend == "tray"
    notifier.notify(note(channel="c7", msg=2**40, body="see the plan"))  # ids are 64-bit seqs
    assert tray.shown == [("Alice · #general", "see the plan")]
    with qtbot.waitSignal(notifier.activated, timeout=1000) as blocker:
        tray.messageClicked.emit()
    assert blocker.args == ["c7", 2**40]
    seen = []
    notifier.activated.connect(lambda *args: seen.append(args))
    tray.messageClicked.emit()  # a stale balloon: nothing new was shown
    assert seen == []


def test_no_bus_and_no_tray_means_no_backend(no_bus):
    assert not no_bus.isConnected()
    notifier = Notifier(bus=no_bus)
    assert notifier.backend == "none"
    notifier.notify(note())  # no error, nothing shown
    notifier.withdraw("c1")
    notifier.withdraw_all()
    assert notifier.shown_channels() == set()


def test_no_bus_falls_back_to_a_present_tray(no_bus, monkeypatch):
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    assert Notifier(RecordingTray(), bus=no_bus).backend == "tray"


def test_forced_backends(qapp, no_bus):
    assert Notifier(backend="none").backend == "none"
    assert Notifier(backend="tray").backend == "none"  # no tray given
    assert Notifier(bus=no_bus, backend="dbus").backend == "none"
    with pytest.raises(ValueError):
        Notifier(backend="carrier-pigeon")


def test_uint32_marshalling():
    if not notifications._UInt32.available():
        pytest.skip("QtDBus library symbols not reachable on this platform")
    assert notifications._UInt32.of(0).currentSignature() == "u"
    assert notifications._UInt32.of(0xFFFFFFFF).currentSignature() == "u"
    for bad in (-1, 2**32):
        with pytest.raises(ValueError):
            notifications._UInt32.of(bad)


# --- a real notification server ----------------------------------------------------------------

BUS_CONFIG = textwrap.dedent(
    """\
    <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
     "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
    <busconfig>
      <type>session</type>
      <listen>unix:dir={dir}</listen>
      <auth>EXTERNAL</auth>
      <policy context="default">
        <allow send_destination="*" eavesdrop="true"/>
        <allow eavesdrop="true"/>
        <allow own="*"/>
      </policy>
    </busconfig>
    """
)


def _first_line(proc: subprocess.Popen, what: str) -> str:
    ready, _, _ = select.select([proc.stdout], [], [], START_TIMEOUT)
    line = proc.stdout.readline().strip() if ready else ""
    if not line:
        proc.kill()
        raise RuntimeError(f"{what} did not start: {proc.stderr.read() if proc.stderr else ''}")
    return line


class Desktop:
    """Xvfb + a private session bus (no service activation) + optionally dunst."""

    def __init__(self, tmp: Path):
        missing = sorted({pkg for exe, pkg in NEEDED.items() if shutil.which(exe) is None})
        if missing:
            pytest.skip(f"needs a notification daemon to test against: apt-get install {' '.join(missing)}")
        self.tmp = tmp
        self.procs: list[subprocess.Popen] = []
        self.dunst: subprocess.Popen | None = None
        xvfb = self._start(["Xvfb", "-displayfd", "1", "-screen", "0", "640x480x24", "-nolisten", "tcp"])
        self.display = ":" + _first_line(xvfb, "Xvfb")
        (tmp / "bus.conf").write_text(BUS_CONFIG.format(dir=tmp))
        bus = self._start(["dbus-daemon", "--nofork", "--print-address=1", f"--config-file={tmp / 'bus.conf'}"])
        self.address = _first_line(bus, "dbus-daemon")
        self.env = dict(os.environ, DISPLAY=self.display, DBUS_SESSION_BUS_ADDRESS=self.address, XDG_CONFIG_HOME=str(tmp))
        self.name = f"beacon-test-{next(_names)}"
        self.bus = QDBusConnection.connectToBus(self.address, self.name)
        assert self.bus.isConnected(), self.bus.lastError().message()

    def _start(self, args, **kwargs) -> subprocess.Popen:
        if shutil.which("setpriv"):  # util-linux: if this test process crashes, they go too
            args = ["setpriv", "--pdeathsig", "TERM", "--", *args]
        kwargs.setdefault("stdout", subprocess.PIPE)
        kwargs.setdefault("stderr", subprocess.PIPE)
        proc = subprocess.Popen(args, text=True, **kwargs)
        self.procs.append(proc)
        return proc

    def start_dunst(self, qtbot) -> None:
        with open(self.tmp / "dunst.log", "w") as log:  # it may log per notification: no pipe to fill
            self.dunst = self._start(["dunst"], env=self.env, stdout=log, stderr=subprocess.STDOUT)
        interface = self.bus.interface()
        qtbot.waitUntil(lambda: interface.isServiceRegistered(notifications.SERVICE).value(), timeout=START_TIMEOUT * 1000)

    def stop_dunst(self) -> None:
        assert self.dunst is not None
        self.dunst.terminate()
        self.dunst.communicate(timeout=10)

    def dunstctl(self, *args: str) -> str:
        done = subprocess.run(["dunstctl", *args], env=self.env, capture_output=True, text=True, timeout=10)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def displayed(self) -> int:
        return int(self.dunstctl("count", "displayed"))

    def history(self) -> list[dict]:
        data = json.loads(self.dunstctl("history"))["data"][0]
        return [{key: value["data"] for key, value in entry.items()} for entry in data]

    def close(self) -> None:
        QDBusConnection.disconnectFromBus(self.name)
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
            try:
                proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()


@pytest.fixture
def desktop(qapp, tmp_path):
    d = Desktop(tmp_path)
    yield d
    d.close()


@pytest.fixture
def dunst(desktop, qtbot):
    desktop.start_dunst(qtbot)
    return desktop


def test_dbus_notification_is_shown_and_a_click_activates(dunst, qtbot):
    notifier = Notifier(bus=dunst.bus)
    assert notifier.backend == "dbus"
    notifier.notify(note(channel="c9", msg=77))  # before the capabilities are known: queued
    qtbot.waitUntil(lambda: dunst.displayed() == 1, timeout=5000)
    qtbot.waitUntil(lambda: notifier.shown_channels() == {"c9"}, timeout=5000)
    with qtbot.waitSignal(notifier.activated, timeout=5000) as blocker:
        dunst.dunstctl("action", "0")  # the user clicks the notification
    assert blocker.args == ["c9", 77]
    assert notifier.shown_channels() == set()
    qtbot.waitUntil(lambda: dunst.displayed() == 0, timeout=5000)  # it has done its job


def test_dbus_text_arrives_plain_and_escaped_for_markup(dunst, qtbot):
    notifier = Notifier(bus=dunst.bus)
    notifier.notify(note(title="Ann <ann> · #a&b", body="if a < b && c > d: <b>not bold</b>"))
    qtbot.waitUntil(lambda: dunst.displayed() == 1, timeout=5000)
    dunst.dunstctl("close-all")
    qtbot.waitUntil(lambda: len(dunst.history()) == 1, timeout=5000)
    entry = dunst.history()[0]
    assert entry["appname"] == "Beacon"
    assert entry["summary"] == "Ann <ann> · #a&b"  # the summary is never markup
    # dunst announces body-markup, so the body is escaped: shown literally, nothing bold.
    assert entry["body"] == "if a &lt; b &amp;&amp; c &gt; d: &lt;b&gt;not bold&lt;/b&gt;"
    assert entry["category"] == "im.received"
    assert entry["default_action_name"] == "default"
    assert entry["icon_path"]  # our SVG


def test_dbus_without_preview_hides_the_text_and_can_be_silent(dunst, qtbot):
    """Preferences: no message preview (the text never reaches the notification
    server) and no sound (the suppress-sound hint)."""
    notifier = Notifier(bus=dunst.bus)
    notifier.preview, notifier.sound = False, False
    notifier.notify(note(title="Ann · #ops", body="the launch code is 0000"))
    qtbot.waitUntil(lambda: dunst.displayed() == 1, timeout=5000)
    dunst.dunstctl("close-all")
    qtbot.waitUntil(lambda: len(dunst.history()) == 1, timeout=5000)
    entry = dunst.history()[0]
    assert entry["summary"] == "Ann · #ops" and entry["body"] == "New message"
    assert "launch code" not in json.dumps(entry)
    assert entry["category"] == "im.received"


def test_dbus_one_notification_per_channel_and_withdrawal(dunst, qtbot):
    notifier = Notifier(bus=dunst.bus)
    notifier.notify(note(channel="c1", msg=11, body="first"))
    qtbot.waitUntil(lambda: notifier.shown_channels() == {"c1"}, timeout=5000)
    notifier.notify(note(channel="c1", msg=12, body="second"))  # replaces the first
    notifier.notify(note(channel="c2", msg=13, body="elsewhere"))
    qtbot.waitUntil(lambda: notifier.shown_channels() == {"c1", "c2"}, timeout=5000)
    qtbot.waitUntil(lambda: dunst.displayed() == 2, timeout=5000)

    notifier.withdraw("c1", upto=11)  # read up to 11 elsewhere: 12 is still new
    assert notifier.shown_channels() == {"c1", "c2"}
    notifier.withdraw("c1", upto=12)
    assert notifier.shown_channels() == {"c2"}
    qtbot.waitUntil(lambda: dunst.displayed() == 1, timeout=5000)

    with qtbot.waitSignal(notifier.activated, timeout=5000) as blocker:
        dunst.dunstctl("action", "0")
    assert blocker.args == ["c2", 13]

    notifier.notify(note(channel="c3", msg=14))
    qtbot.waitUntil(lambda: notifier.shown_channels() == {"c3"}, timeout=5000)
    notifier.withdraw_all()
    qtbot.waitUntil(lambda: dunst.displayed() == 0, timeout=5000)


def test_bus_without_a_notification_server(desktop):
    notifier = Notifier(bus=desktop.bus)
    assert notifier.backend == "none"
    notifier.notify(note())


def test_server_that_went_away_is_logged_not_raised(dunst, qtbot, caplog):
    notifier = Notifier(bus=dunst.bus)
    notifier.notify(note(channel="c1"))
    qtbot.waitUntil(lambda: notifier.shown_channels() == {"c1"}, timeout=5000)
    dunst.stop_dunst()
    notifier.notify(note(channel="c2", msg=20))
    notifier.withdraw("c1")
    qtbot.waitUntil(lambda: "D-Bus Notify failed" in caplog.text or "D-Bus CloseNotification failed" in caplog.text, timeout=5000)
    assert notifier.shown_channels() == set()
