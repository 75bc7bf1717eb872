"""The system tray icon: the app icon with an unread badge, and a small menu."""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desktop.ui import icons

DND_OFF = -1
DND_PRESETS = (30, 60, 120)  # minutes
DND_MORNING_HOUR = 9  # "until tomorrow 09:00"


def minutes_until_tomorrow(hour: int = DND_MORNING_HOUR, now: datetime | None = None) -> int:
    """Whole minutes (rounded up) from `now` until `hour`:00 on the next calendar day.

    Daylight saving changes in between are counted as they happen: pass an aware
    `now` (ZoneInfo) or none, which means the local clock.
    """
    now = now or datetime.now()  # naive local: .timestamp() then asks the OS, DST included
    target = datetime.combine(now.date() + timedelta(days=1), time(hour), tzinfo=now.tzinfo)
    return max(1, math.ceil((target.timestamp() - now.timestamp()) / 60))


class Tray(QObject):
    """The tray icon with an unread badge and the menu: Open Beacon, Do not disturb ▸, Quit.

    Where the desktop has no system tray (`available()` is False) nothing is shown
    and nothing complains; the menu and signals still exist.

    Signals:
        show_requested(): the icon was clicked or "Open Beacon" chosen.
        quit_requested(): "Quit Beacon" chosen.
        dnd_requested(int): a Do Not Disturb choice: minutes from now, or -1 (DND_OFF)
            to turn it off.
    """

    show_requested = Signal()
    quit_requested = Signal()
    dnd_requested = Signal(int)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._unread = 0
        self._dnd: str | None = None  # "Do not disturb until 09:00" while DND is on
        self._menu = QMenu()
        self._menu.installEventFilter(self)  # LanguageChange: retranslate
        self._open = self._menu.addAction("")
        self._open.triggered.connect(self.show_requested)
        self._dnd_menu = self._menu.addMenu("")
        self._dnd_actions: list[tuple[QAction, int | None]] = []
        for minutes in DND_PRESETS:
            self._add_dnd(minutes)
        self._add_dnd(None)  # until tomorrow morning, computed when chosen
        self._dnd_menu.addSeparator()
        self._add_dnd(DND_OFF)
        self._menu.addSeparator()
        self._quit = self._menu.addAction("")
        self._quit.setMenuRole(QAction.MenuRole.QuitRole)
        self._quit.triggered.connect(self.quit_requested)

        self._icon = QSystemTrayIcon(icons.app_icon(), self)
        self._icon.setContextMenu(self._menu)
        self._icon.activated.connect(self._on_activated)
        self.retranslate()

    @staticmethod
    def available() -> bool:
        """Does this desktop have a system tray? (The window's "close to tray" needs one.)"""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> bool:
        """Show the icon if there is a tray; returns whether it is shown."""
        if self.available():
            self._icon.show()
        return self._icon.isVisible() and self.available()

    def hide(self) -> None:
        self._icon.hide()

    @property
    def unread(self) -> int:
        return self._unread

    def set_unread(self, count: int) -> None:
        """Badge the icon with `count` ("99+" above 99; no badge for 0)."""
        count = max(0, count)
        if count == self._unread:
            return
        self._unread = count
        self._icon.setIcon(self._render())
        self._update_tooltip()

    @property
    def dnd(self) -> str | None:
        return self._dnd

    def set_dnd(self, label: str | None) -> None:
        """Show do-not-disturb on the icon (a grey dot) and in the tooltip; None: off."""
        if label == self._dnd:
            return
        self._dnd = label
        self._icon.setIcon(self._render())
        self._update_tooltip()

    def _render(self) -> QIcon:
        icon = icons.icon_with_badge(self._unread)
        if self._dnd is None:
            return icon
        pixmap = icon.pixmap(64, 64)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#6b7280"))
        painter.drawEllipse(0, 36, 28, 28)
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(6, 48, 16, 4, 2, 2)  # the "no entry" bar of DND
        painter.end()
        return QIcon(pixmap)

    def menu(self) -> QMenu:
        return self._menu

    def dnd_menu(self) -> QMenu:
        return self._dnd_menu

    def system_tray_icon(self) -> QSystemTrayIcon:
        """The underlying QSystemTrayIcon (for `Notifier`'s tray backend)."""
        return self._icon

    def retranslate(self) -> None:
        self._open.setText(self.tr("Open Beacon"))
        self._dnd_menu.setTitle(self.tr("Do not disturb"))
        for action, minutes in self._dnd_actions:
            action.setText(self._dnd_label(minutes))
        self._quit.setText(self.tr("Quit Beacon"))
        self._update_tooltip()

    def _dnd_label(self, minutes: int | None) -> str:
        if minutes is None:
            return self.tr("Until tomorrow 09:00")
        if minutes == DND_OFF:
            return self.tr("Turn off")
        if minutes < 60:
            return self.tr("For %n minute(s)", "", minutes)
        return self.tr("For %n hour(s)", "", minutes // 60)

    def _add_dnd(self, minutes: int | None) -> None:
        action = self._dnd_menu.addAction("")
        self._dnd_actions.append((action, minutes))
        if minutes is None:
            action.triggered.connect(lambda: self.dnd_requested.emit(minutes_until_tomorrow()))
        else:
            action.triggered.connect(lambda: self.dnd_requested.emit(minutes))

    def _update_tooltip(self) -> None:
        if self._unread:
            tip = self.tr("Beacon — %n unread message(s)", "", self._unread)
        else:
            tip = self.tr("Beacon")
        self._icon.setToolTip(tip if self._dnd is None else f"{tip}\n{self._dnd}")

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_requested.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self._menu and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return super().eventFilter(watched, event)
