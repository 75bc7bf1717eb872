"""Small dialogs: pick a date and time (zone shown), custom status, working hours."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import dnd


def zone_label() -> str:
    """The local time zone, spelled out (schedules are never ambiguous about it)."""
    now = dt.datetime.now(dnd.local_zone())
    name = getattr(dnd.local_zone(), "key", None) or now.strftime("%Z")
    return f"{name} (UTC{now.strftime('%z')[:3]}:{now.strftime('%z')[3:]})"


class WhenDialog(QDialog):
    """Choose a date and time in the local zone; `when_ms()` is the choice (local clock)."""

    def __init__(self, title: str, start_ms: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.picker = QDateTimeEdit(QDateTime.fromMSecsSinceEpoch(start_ms, QTimeZone.systemTimeZone()), self)
        self.picker.setCalendarPopup(True)
        self.picker.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.picker.setMinimumDateTime(QDateTime.currentDateTime())
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        zone = QLabel(self.tr("Time zone: %1").replace("%1", zone_label()), self)
        zone.setEnabled(False)
        layout.addWidget(zone)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def when_ms(self) -> int:
        return self.picker.dateTime().toMSecsSinceEpoch()


class StatusDialog(QDialog):
    """Custom status: emoji, text, and when it clears."""

    CLEAR_AFTER = ((0, "Don't clear"), (30, "30 minutes"), (60, "1 hour"), (240, "4 hours"), (-1, "Today"))

    def __init__(self, emoji: str = "", text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set a status"))
        self.emoji = QLineEdit(emoji, self)
        self.emoji.setMaxLength(8)
        self.emoji.setPlaceholderText("💬")
        self.text = QLineEdit(text, self)
        self.text.setMaxLength(100)
        self.text.setPlaceholderText(self.tr("What's your status?"))
        self.clear_after = QComboBox(self)
        labels = {
            0: self.tr("Don't clear"), 30: self.tr("30 minutes"), 60: self.tr("1 hour"),
            240: self.tr("4 hours"), -1: self.tr("Today"),
        }
        for minutes, _ in self.CLEAR_AFTER:
            self.clear_after.addItem(labels[minutes], minutes)
        form = QFormLayout(self)
        form.addRow(self.tr("Emoji"), self.emoji)
        form.addRow(self.tr("Status"), self.text)
        form.addRow(self.tr("Clear after"), self.clear_after)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def until(self, now_ms: int) -> int | None:
        minutes = self.clear_after.currentData()
        if minutes == 0:
            return None
        if minutes == -1:
            return dnd.at_local(now_ms, dnd.local_zone(), days=1, hour=0)
        return now_ms + minutes * 60_000


class WorkingHoursDialog(QDialog):
    """Working hours per weekday; outside them do-not-disturb is on."""

    def __init__(self, settings: dnd.DndSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Working hours"))
        self.enabled = QCheckBox(self.tr("Pause notifications outside working hours"), self)
        self.enabled.setChecked(settings.schedule)
        self.tz = QComboBox(self)
        self.tz.setEditable(True)
        here = getattr(dnd.local_zone(), "key", None) or "UTC"
        for name in dict.fromkeys([settings.tz if settings.schedule else here, here, "UTC", "Asia/Shanghai",
                                   "Europe/London", "America/New_York"]):
            self.tz.addItem(name)
        grid = QGridLayout()
        names = [self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"), self.tr("Thursday"),
                 self.tr("Friday"), self.tr("Saturday"), self.tr("Sunday")]
        hours = (settings.hours + [""] * 7)[:7] if settings.hours else list(dnd_default_hours())
        self.days: list[tuple[QCheckBox, QTimeEdit, QTimeEdit]] = []
        for row, (name, span) in enumerate(zip(names, hours)):
            on = QCheckBox(name, self)
            on.setChecked(bool(span))
            start, end = (span or "09:00-18:00").split("-")
            a, b = QTimeEdit(self), QTimeEdit(self)
            for edit, value in ((a, start), (b, end)):
                edit.setDisplayFormat("HH:mm")
                edit.setTime(edit.time().fromString(value if value != "24:00" else "23:59", "HH:mm"))
            grid.addWidget(on, row, 0)
            grid.addWidget(a, row, 1)
            grid.addWidget(QLabel("–", self), row, 2)
            grid.addWidget(b, row, 3)
            self.days.append((on, a, b))
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        form = QFormLayout()
        form.addRow(self.tr("Time zone"), self.tz)
        layout.addLayout(form)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def hours(self) -> list[str]:
        return [f"{a.time().toString('HH:mm')}-{b.time().toString('HH:mm')}" if on.isChecked() else ""
                for on, a, b in self.days]


def dnd_default_hours() -> list[str]:
    return ["09:00-18:00"] * 5 + ["", ""]
