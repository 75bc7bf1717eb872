"""The sidebar's unread-only filter: only the channels and DMs with unread messages
(and the one in view) are listed; with nothing unread, "All caught up" says so
instead of an empty list. Toggled by the sidebar top's button or Ctrl+Shift+A."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolButton, QWidget

SHORTCUT = "Ctrl+Shift+A"


class UnreadFilter(QObject):
    """`settings` (UiSettings) remembers the choice on this device."""

    def __init__(self, window, settings, button: QToolButton, parent: QObject | None = None):
        super().__init__(parent or window)
        self.window, self.settings, self.button = window, settings, button
        self.model = window.channels
        self.hint = QLabel(window)
        self.hint.setObjectName("caughtUpHint")
        self.hint.setText(self.tr("All caught up — no unread messages."))
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setStyleSheet("color: palette(placeholder-text); padding: 16px 8px;")
        self.hint.hide()
        self.action = QAction(self.tr("Show only unread conversations"), window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.toggled.connect(self.set_on)
        window.addAction(self.action)
        button.toggled.connect(self.set_on)
        window.channel_changed.connect(lambda _c: QTimer.singleShot(0, self._keep_current))
        for signal in (self.model.modelReset, self.model.dataChanged):
            signal.connect(self._update_hint)
        if settings.unread_only:
            self.set_on(True)

    @property
    def on(self) -> bool:
        return self.model.unread_only

    def set_on(self, on: bool) -> None:
        on = bool(on)
        for control in (self.button, self.action):
            if control.isChecked() != on:
                control.blockSignals(True)
                control.setChecked(on)
                control.blockSignals(False)
        if on == self.model.unread_only:
            return
        self.settings.unread_only = on
        self.model.unread_only = on
        self.model.keep = self.window.current
        self.model.refresh()
        self._update_hint()

    def _keep_current(self) -> None:
        """The conversation in view stays listed (also once read); the one left, if read, goes."""
        if self.window._shut or self.model.keep == self.window.current:
            return
        self.model.keep = self.window.current
        if self.model.unread_only:
            self.model.refresh()

    def _update_hint(self, *_args) -> None:
        self.hint.setVisible(self.model.unread_only and not self.model.has_unread())


def place_hint(window, hint: QWidget) -> None:
    """The hint goes right above the sidebar's list, in the list's own column."""
    layout = window.sidebar.parentWidget().layout()
    layout.insertWidget(layout.indexOf(window.sidebar), hint)
