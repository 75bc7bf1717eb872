"""Attention widgets in the main window: the status menu, the composer's "Send later"
button and DND banner, and the scheduled-messages list."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import dnd
from desktop.ui.attention.controller import AttentionController, local_time
from desktop.ui.attention.dialogs import StatusDialog, WhenDialog, WorkingHoursDialog, zone_label


def status_presets(menu: QMenu) -> list[tuple[str, str, int | None]]:
    """(emoji, text, minutes until it clears or None; -1 = end of today) — translated."""
    return [
        ("📅", QCoreApplication.translate("Attention", "In a meeting"), 60),
        ("🎯", QCoreApplication.translate("Attention", "Focusing"), 120),
        ("🚌", QCoreApplication.translate("Attention", "Commuting"), 30),
        ("🤒", QCoreApplication.translate("Attention", "Out sick"), -1),
        ("🌴", QCoreApplication.translate("Attention", "On leave"), None),
    ]


class StatusMenu(QMenu):
    """The window's "Status" menu: presets, a custom status, do-not-disturb, scheduled list."""

    def __init__(self, controller: AttentionController, parent: QWidget):
        super().__init__(parent)
        self.controller = controller
        self.setTitle(self.tr("&Status"))
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        c = self.controller
        me = c.store.account().user or ""
        mine = c.status(me)
        if mine.text or mine.emoji:
            now = " ".join(p for p in (mine.emoji, mine.text) if p)
            if mine.until:
                now = self.tr("%1 (until %2)").replace("%1", now).replace("%2", local_time(mine.until))
            current = self.addAction(now)
            current.setEnabled(False)
            self.addAction(self.tr("Clear status"), lambda: c.set_status("", "", None))
            self.addSeparator()
        for emoji, text, minutes in status_presets(self):
            self.addAction(f"{emoji}  {text}", lambda e=emoji, t=text, m=minutes: self._preset(e, t, m))
        self.addAction(self.tr("Set a custom status…"), self._custom)
        self.addSeparator()
        self.addMenu(dnd_menu(c, self))
        self.addSeparator()
        self.addAction(self.tr("Scheduled messages…"), self.show_scheduled)

    def _preset(self, emoji: str, text: str, minutes: int | None) -> None:
        now = self.controller.relay_now()
        if minutes is None:
            until = None
        elif minutes == -1:
            until = dnd.at_local(now, dnd.local_zone(), days=1, hour=0)
        else:
            until = now + minutes * 60_000
        self.controller.set_status(emoji, text, until)

    def _custom(self) -> None:
        me = self.controller.store.account().user or ""
        mine = self.controller.status(me)
        dialog = StatusDialog(mine.emoji, mine.text, self.parentWidget())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.controller.set_status(dialog.emoji.text().strip(), dialog.text.text().strip(),
                                       dialog.until(self.controller.relay_now()))

    def show_scheduled(self) -> ScheduledDialog:
        dialog = ScheduledDialog(self.controller, self.parentWidget())
        dialog.show()
        return dialog


def dnd_menu(c: AttentionController, parent: QWidget) -> QMenu:
    menu = QMenu(QCoreApplication.translate("Attention", "Do not disturb"), parent)
    state = c.state()
    if state.active:
        label = (QCoreApplication.translate("Attention", "On until you turn it off") if state.until == dnd.FOREVER
                 else QCoreApplication.translate("Attention", "On until %1").replace("%1", local_time(state.until)))
        info = menu.addAction(label)
        info.setEnabled(False)
        menu.addAction(QCoreApplication.translate("Attention", "Turn off"), lambda: c.dnd_until(None))
        menu.addSeparator()
    menu.addAction(QCoreApplication.translate("Attention", "For 30 minutes"), lambda: c.dnd_for(30))
    menu.addAction(QCoreApplication.translate("Attention", "For 1 hour"), lambda: c.dnd_for(60))
    menu.addAction(QCoreApplication.translate("Attention", "For 2 hours"), lambda: c.dnd_for(120))
    menu.addAction(QCoreApplication.translate("Attention", "Until tomorrow 09:00"),
                   lambda: c.dnd_until(dnd.tomorrow_at_9(c.relay_now(), dnd.local_zone())))
    menu.addAction(QCoreApplication.translate("Attention", "Until a chosen time…"), lambda: pick_dnd_until(c, parent))
    menu.addAction(QCoreApplication.translate("Attention", "Until I turn it off"), lambda: c.dnd_until(dnd.FOREVER))
    menu.addSeparator()
    menu.addAction(QCoreApplication.translate("Attention", "Working hours…"), lambda: _hours(c, parent))
    urgent = menu.addAction(QCoreApplication.translate("Attention", "Let urgent messages through"))
    urgent.setCheckable(True)
    urgent.setChecked(c.settings.allow_urgent)
    urgent.toggled.connect(lambda on: c.set_urgent(on, list(c.settings.urgent_from)))
    return menu


def pick_dnd_until(c: AttentionController, parent: QWidget) -> None:
    dialog = WhenDialog(QCoreApplication.translate("Attention", "Pause notifications until"), c.relay_now() + 3_600_000, parent.window())
    if dialog.exec() == QDialog.DialogCode.Accepted:
        # The picker shows this computer's clock; the relay's clock may differ.
        c.dnd_until(dialog.when_ms() + (c.relay_now() - c._clock()))


def _hours(c: AttentionController, parent: QWidget) -> None:
    dialog = WorkingHoursDialog(c.settings, parent.window())
    if dialog.exec() == QDialog.DialogCode.Accepted:
        tz = dialog.tz.currentText().strip() or "UTC"
        if not dnd.zone(tz) or (tz != "UTC" and getattr(dnd.zone(tz), "key", None) != tz):
            parent.window().statusBar().showMessage(QCoreApplication.translate("Attention", "Unknown time zone: %1").replace("%1", tz), 5000)
            return
        c.set_working_hours(dialog.enabled.isChecked(), tz, dialog.hours())


class SendLaterButton(QToolButton):
    """"Send later ▾" beside the composer.

    Signals:
        chosen(int): a due time (relay ms).
        urgent(): send now, marked urgent (may break through the recipients' DND).
    """

    chosen = Signal("qlonglong")
    urgent = Signal()

    def __init__(self, controller: AttentionController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setText(self.tr("Send later"))
        self.setToolTip(self.tr("Schedule this message (times in %1)").replace("%1", zone_label()))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.menu().aboutToShow.connect(self._rebuild)
        self._rebuild()

    def _rebuild(self) -> None:
        menu = self.menu()
        menu.clear()
        c, tz = self.controller, dnd.local_zone()
        now = c.relay_now()
        for label, at in (
            (self.tr("In 1 hour"), now + 3_600_000),
            (self.tr("Tomorrow 09:00"), dnd.tomorrow_at_9(now, tz)),
            (self.tr("Monday 09:00"), dnd.next_monday_at_9(now, tz)),
        ):
            menu.addAction(f"{label}  ({local_time(at)})", lambda at=at: self.chosen.emit(at))
        menu.addAction(self.tr("Pick date and time…"), self._pick)
        menu.addSeparator()
        menu.addAction(self.tr("Send now as urgent"), lambda: self.urgent.emit())

    def _pick(self) -> None:
        c = self.controller
        dialog = WhenDialog(self.tr("Send later"), c.relay_now() + 3_600_000, self.window())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.chosen.emit(dialog.when_ms() + (c.relay_now() - c._clock()))


class DndBanner(QWidget):
    """Above the composer in a DM: the other person's status, and if they are in DND,
    "they will be notified then" with a one-click "deliver when their DND ends"."""

    deliver_later = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.button = QPushButton(self.tr("Deliver when their DND ends"), self)
        self.button.clicked.connect(self.deliver_later)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_for(self, name: str, dnd_until: int | None) -> None:
        """Shown only while they are in DND (their presence and status are in the header)."""
        if dnd_until is None:
            self.hide()
            return
        if dnd_until == dnd.FOREVER:
            text = self.tr("%1 is in do-not-disturb — they will be notified when it ends").replace("%1", name)
        else:
            text = (self.tr("%1 is in do-not-disturb until %2 — they will be notified then")
                    .replace("%1", name).replace("%2", local_time(dnd_until)))
        self.label.setText("🔕 " + text)
        self.show()


class ScheduledDialog(QDialog):
    """My scheduled messages: edit, reschedule, cancel, send now."""

    def __init__(self, controller: AttentionController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(self.tr("Scheduled messages"))
        self.resize(560, 360)
        self.list = QListWidget(self)
        self.empty = QLabel(self.tr("No scheduled messages."), self)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.reschedule_button = QPushButton(self.tr("Reschedule…"), self)
        self.send_button = QPushButton(self.tr("Send now"), self)
        self.cancel_button = QPushButton(self.tr("Cancel message"), self)
        for b in (self.edit_button, self.reschedule_button, self.send_button, self.cancel_button):
            buttons.addWidget(b)
        self.edit_button.clicked.connect(self._edit)
        self.reschedule_button.clicked.connect(self._reschedule)
        self.send_button.clicked.connect(lambda: self._act(self.controller.send_now))
        self.cancel_button.clicked.connect(lambda: self._act(self.controller.cancel))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Times are in %1").replace("%1", zone_label()), self))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        controller.changed.connect(self.reload)
        self.list.currentRowChanged.connect(lambda _r: self._enable())
        self.reload()

    def reload(self) -> None:
        names = {ch.id: (f"@{ch.title}" if ch.dm else f"#{ch.name}") for ch in self.controller.store.channels()}
        current = self.selected()
        self.list.clear()
        for s in self.controller.scheduled():
            when = self.tr("when their DND ends") if s.until_dnd_ends else local_time(s.at)
            state = {"queued": self.tr("waiting to go online"), "failed": self.tr("failed: %1").replace("%1", s.error),
                     "pending": ""}.get(s.state, "")
            line = f"{when}  {names.get(s.channel, s.channel or '')}  {s.text}"
            item = QListWidgetItem(line + (f"  ({state})" if state else ""))
            item.setData(Qt.ItemDataRole.UserRole, s.sched)
            item.setData(Qt.ItemDataRole.UserRole + 1, s.text)
            self.list.addItem(item)
            if s.sched == current:
                self.list.setCurrentItem(item)
        self.empty.setVisible(self.list.count() == 0)
        self._enable()

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _enable(self) -> None:
        on = self.selected() is not None
        for b in (self.edit_button, self.reschedule_button, self.send_button, self.cancel_button):
            b.setEnabled(on)

    def _act(self, fn) -> None:
        sched = self.selected()
        if sched:
            fn(sched)

    def _edit(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, self.tr("Edit scheduled message"), self.tr("Message"),
                                                 item.data(Qt.ItemDataRole.UserRole + 1))
        s = next((x for x in self.controller.scheduled() if x.sched == item.data(Qt.ItemDataRole.UserRole)), None)
        if ok and text.strip() and s is not None:
            self.controller.reschedule(s.sched, s.at, text)

    def _reschedule(self) -> None:
        sched = self.selected()
        if sched is None:
            return
        c = self.controller
        dialog = WhenDialog(self.tr("Reschedule"), c.relay_now() + 3_600_000, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            c.reschedule(sched, dialog.when_ms() + (c.relay_now() - c._clock()))
