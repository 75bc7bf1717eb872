"""Desktop notifications: freedesktop D-Bus, the tray's balloon, or nothing -- chosen at run time.

Which backend (`Notifier.backend`):

- ``"dbus"`` -- ``org.freedesktop.Notifications`` on the session bus (Linux/BSD
  desktops: GNOME, KDE, dunst, mako, ...). Preferred there even when a tray exists:
  Qt's tray balloon on an XEmbed tray is a Qt-drawn tooltip that never reaches the
  desktop's notification centre, while D-Bus gives native popups, a click action,
  one notification per channel (replaced, not stacked) and withdrawal once read.
- ``"tray"`` -- ``QSystemTrayIcon.showMessage`` (Windows toasts, macOS notification
  centre, and Linux desktops with a tray but no notification service).
- ``"none"`` -- nothing is shown; the app runs as usual (offscreen, bare servers).

Nothing here raises because D-Bus or a daemon is missing, slow or gone: problems
are logged once and notifications are dropped.
"""

from __future__ import annotations

import ctypes
import dataclasses
import html
import logging
import os
import sys
import weakref
from collections import deque
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import SLOT, QCoreApplication, QObject, QUrl, Signal, Slot
from PySide6.QtDBus import QDBusArgument, QDBusConnection, QDBusMessage, QDBusPendingCallWatcher
from PySide6.QtWidgets import QSystemTrayIcon

from desktop.domain.notify import Notification
from desktop.ui import icons

logger = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
CALL_TIMEOUT_MS = 5000
QUEUE_LIMIT = 20  # notifications kept while the server's capabilities are being asked
BACKENDS = ("dbus", "tray", "none")


class _UInt32:
    """Builds a D-Bus ``uint32`` argument.

    PySide6 turns every Python int into ``int32`` (or ``int64``) and its
    ``QDBusArgument << int`` picks the ``ushort`` overload, but Notify and
    CloseNotification take ``uint32`` and strict servers (GDBus-based: GNOME,
    dunst) refuse anything else. So we call ``QDBusArgument::operator<<(uint)``
    of the already loaded QtDBus library directly. Where that is impossible the
    D-Bus backend is simply not used.
    """

    _append = None
    _tried = False

    @classmethod
    def available(cls) -> bool:
        if not cls._tried:
            cls._tried = True
            try:
                lib = ctypes.CDLL("libQt6DBus.so.6", mode=os.RTLD_NOLOAD | os.RTLD_LAZY)
                append = lib._ZN13QDBusArgumentlsEj  # QDBusArgument::operator<<(unsigned int)
            except (OSError, AttributeError) as exc:
                logger.info("D-Bus notifications unavailable: cannot marshal uint32 (%s)", exc)
            else:
                append.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
                append.restype = ctypes.c_void_p
                cls._append = append
        return cls._append is not None

    @classmethod
    def of(cls, value: int) -> QDBusArgument:
        if not cls.available():
            raise RuntimeError("uint32 marshalling is unavailable")
        if not 0 <= value <= 0xFFFFFFFF:
            raise ValueError(f"not a uint32: {value}")
        arg = QDBusArgument()
        cls._append(shiboken6.getCppPointer(arg)[0], value)
        return arg


class Notifier(QObject):
    """Shows `Notification`s from `desktop.domain.notify` on the desktop.

    Signals:
        activated(str, int): the user clicked a notification: its channel id and
            message id (the window should show that message).
    """

    activated = Signal(str, "qlonglong")  # message ids are relay seqs: 64-bit, not C++ int

    def __init__(
        self,
        tray: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
        *,
        bus: QDBusConnection | None = None,
        backend: str | None = None,
    ):
        """`tray`: the app's tray icon, if any. `bus`: the session bus (tests pass a
        private one). `backend`: force "dbus", "tray" or "none" (default: choose)."""
        super().__init__(parent)
        if backend is not None and backend not in BACKENDS:
            raise ValueError(f"unknown notification backend {backend!r}: use one of {', '.join(BACKENDS)}")
        self._tray = tray
        self._bus: QDBusConnection | None = None
        self._markup = False  # the server interprets the body as markup: escape it
        self._ready = False  # capabilities known (D-Bus)
        self._queue: deque[Notification] = deque(maxlen=QUEUE_LIMIT)
        self._shown: dict[int, Notification] = {}  # server id -> what it shows
        self._by_channel: dict[str, int] = {}  # channel -> server id of its notification
        self._last_tray: Notification | None = None
        self._failed = False  # a D-Bus failure was logged already
        self.preview = True  # show the message text (Preferences; off: who and where only)
        self.sound = True  # let the notification server play its sound (Preferences)
        self.backend = self._choose(backend, bus)
        logger.info("notifications: %s", self.backend)

    # --- choosing --------------------------------------------------------------------

    def _choose(self, forced: str | None, bus: QDBusConnection | None) -> str:
        if forced == "none":
            return "none"
        if forced == "tray":
            return self._use_tray() if self._tray is not None else "none"
        dbus_first = sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly"))
        if forced == "dbus" or dbus_first or bus is not None:
            if self._dbus_usable(bus):
                return self._use_dbus(bus or QDBusConnection.sessionBus())
            if forced == "dbus":
                return "none"
        if self._tray is not None and QSystemTrayIcon.isSystemTrayAvailable():
            return self._use_tray()
        return "none"

    @staticmethod
    def _dbus_usable(bus: QDBusConnection | None) -> bool:
        try:
            bus = bus or QDBusConnection.sessionBus()
            if not bus.isConnected():
                logger.info("no D-Bus session bus: %s", bus.lastError().message() or "not connected")
                return False
            if not _UInt32.available():
                return False
            interface = bus.interface()
            if interface.isServiceRegistered(SERVICE).value():
                return True
            activatable = interface.activatableServiceNames().value() or []
            if SERVICE in activatable:
                return True  # started by the bus on the first call
            logger.info("no notification service (%s) on the session bus", SERVICE)
        except Exception:  # noqa: BLE001 -- a broken bus must never stop the app
            logger.exception("checking for D-Bus notifications failed")
        return False

    def _use_dbus(self, bus: QDBusConnection) -> str:
        self._bus = bus
        for signal, slot in (("ActionInvoked", "_on_action(QDBusMessage)"), ("NotificationClosed", "_on_closed(QDBusMessage)")):
            if not bus.connect(SERVICE, PATH, INTERFACE, signal, self, SLOT(slot)):
                logger.warning("cannot listen to %s.%s: clicks will be ignored", INTERFACE, signal)
        self._call("GetCapabilities", [], Notifier._on_capabilities)
        return "dbus"

    def _use_tray(self) -> str:
        assert self._tray is not None
        self._tray.messageClicked.connect(self._on_tray_clicked)
        return "tray"

    # --- showing ---------------------------------------------------------------------

    def notify(self, notification: Notification) -> None:
        """Show `notification` (replacing this channel's previous one where the
        backend can). Never raises."""
        if not self.preview:
            notification = dataclasses.replace(notification, body=self.tr("New message"))
        if self.backend == "dbus":
            if self._ready:
                self._send(notification)
            else:
                self._queue.append(notification)
        elif self.backend == "tray":
            assert self._tray is not None
            self._last_tray = notification
            self._tray.showMessage(notification.title, notification.body, icons.app_icon())
        else:
            logger.debug("notification not shown (no backend): %s", notification.title)

    def shown_channels(self) -> set[str]:
        """Channels with a notification on screen (as far as the D-Bus server told us)."""
        return set(self._by_channel)

    def withdraw(self, channel: str, upto: int | None = None) -> None:
        """Remove the notification of `channel` (if it shows a message <= `upto`):
        it was read, here or on another device. Only the D-Bus backend can."""
        self._queue = deque((n for n in self._queue if not _covers(n, channel, upto)), maxlen=QUEUE_LIMIT)
        server_id = self._by_channel.get(channel)
        if server_id is not None and _covers(self._shown[server_id], channel, upto):
            self._close(server_id)

    def withdraw_all(self) -> None:
        """Remove every notification still shown (e.g. when quitting)."""
        self._queue.clear()
        for server_id in list(self._shown):
            self._close(server_id)

    def _send(self, n: Notification) -> None:
        body = html.escape(n.body, quote=False) if self._markup else n.body
        replaces = self._by_channel.get(n.channel, 0)
        icon = QUrl.fromLocalFile(str(icons.APP_ICON_SVG)).toString() if icons.APP_ICON_SVG.exists() else ""
        args = [
            "Beacon",
            _UInt32.of(replaces),
            icon,
            n.title,  # the summary is plain text by the specification
            body,
            ["default", self.tr("Open")],
            # The sound is the server's: named when wanted, suppressed when not (the spec's hints).
            {"category": "im.received", "sound-name": "message-new-instant"} if self.sound
            else {"category": "im.received", "suppress-sound": True},
            -1,  # the server's default timeout
        ]
        self._call("Notify", args, lambda notifier, reply: notifier._on_notified(n, reply))

    def _close(self, server_id: int) -> None:
        self._forget(server_id)
        self._call("CloseNotification", [_UInt32.of(server_id)], None)

    def _forget(self, server_id: int) -> None:
        n = self._shown.pop(server_id, None)
        if n is not None and self._by_channel.get(n.channel) == server_id:
            del self._by_channel[n.channel]

    # --- D-Bus plumbing --------------------------------------------------------------

    def _call(self, method: str, args: list, on_reply: Callable[[Notifier, QDBusMessage], None] | None) -> None:
        """Call `method` without blocking; `on_reply(notifier, reply)` gets the answer
        if this notifier still exists (an error reply is logged and not passed on)."""
        assert self._bus is not None
        message = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, method)
        message.setArguments(args)
        # The watcher belongs to the application, not to us: QtDBus crashes when a
        # watcher is deleted while its call is in flight, and we may go first.
        watcher = QDBusPendingCallWatcher(self._bus.asyncCall(message, CALL_TIMEOUT_MS), QCoreApplication.instance())
        notifier = weakref.ref(self)

        def finished(w: QDBusPendingCallWatcher) -> None:
            w.deleteLater()
            me = notifier()
            if me is None:
                return
            reply = w.reply()
            if reply.type() == QDBusMessage.MessageType.ErrorMessage:
                me._dbus_failed(method, reply)
                if method == "GetCapabilities":
                    me._on_capabilities(None)
            elif on_reply is not None:
                on_reply(me, reply)

        watcher.finished.connect(finished)

    def _dbus_failed(self, method: str, reply: QDBusMessage) -> None:
        level = logging.DEBUG if self._failed else logging.WARNING
        self._failed = True
        logger.log(level, "D-Bus %s failed: %s %s", method, reply.errorName(), reply.errorMessage())

    def _on_capabilities(self, reply: QDBusMessage | None) -> None:
        capabilities = reply.arguments()[0] if reply is not None and reply.arguments() else []
        self._markup = "body-markup" in capabilities
        self._ready = True
        while self._queue:
            self._send(self._queue.popleft())

    def _on_notified(self, n: Notification, reply: QDBusMessage) -> None:
        server_id = int(reply.arguments()[0]) if reply.arguments() else 0
        if server_id <= 0:
            return
        old = self._by_channel.get(n.channel)
        if old is not None and old != server_id:
            self._shown.pop(old, None)  # a replacement the server gave a new id
        self._shown[server_id] = n
        self._by_channel[n.channel] = server_id

    @Slot(QDBusMessage)
    def _on_action(self, message: QDBusMessage) -> None:
        args = message.arguments()
        if len(args) < 2:
            return
        server_id = int(args[0])
        n = self._shown.get(server_id)
        if n is not None and args[1] == "default":
            # Servers should remove it after an action, not all do (dunstctl action): it
            # has done its job either way.
            self._close(server_id)
            self.activated.emit(n.channel, n.msg)

    @Slot(QDBusMessage)
    def _on_closed(self, message: QDBusMessage) -> None:
        args = message.arguments()
        if args:
            self._forget(int(args[0]))

    def _on_tray_clicked(self) -> None:
        if self._last_tray is not None:
            n, self._last_tray = self._last_tray, None
            self.activated.emit(n.channel, n.msg)


def _covers(n: Notification, channel: str, upto: int | None) -> bool:
    return n.channel == channel and (upto is None or n.msg <= upto)
