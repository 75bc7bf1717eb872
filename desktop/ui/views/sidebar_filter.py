"""The sidebar's unread-only filter: only the channels and DMs with unread messages
(and the one in view) are listed; with nothing unread, "All caught up" says so
instead of an empty list (a label on the list's viewport, under the rows still
listed). Toggled by the sidebar top's button or Ctrl+Shift+A."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolButton

SHORTCUT = "Ctrl+Shift+A"


class UnreadFilter(QObject):
    """`settings` (UiSettings) remembers the choice on this device."""

    def __init__(self, window, settings, button: QToolButton, parent: QObject | None = None):
        super().__init__(parent or window)
        self.window, self.settings, self.button = window, settings, button
        self.model = window.channels
        self.hint = QLabel(window.sidebar.viewport())  # over the list's blank rest
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
        window.sidebar.viewport().installEventFilter(self)
        window.sidebar.collapsed.connect(self._update_hint)
        window.sidebar.expanded.connect(self._update_hint)
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
        if self.hint.isVisible():
            self._place()
            QTimer.singleShot(0, self._place)  # again once the view laid out its rows

    def _place(self) -> None:
        """Under the last row listed (the conversation in view), over the list's blank rest."""
        view = self.window.sidebar
        if not shiboken6.isValid(view) or not shiboken6.isValid(self.hint) or self.hint.isHidden():
            return
        model, bottom = view.model(), 0
        last = model.index(model.rowCount() - 1, 0)
        while last.isValid():
            bottom = max(bottom, view.visualRect(last).bottom() + 1)
            rows = model.rowCount(last)
            last = model.index(rows - 1, 0, last) if rows and view.isExpanded(last) else QModelIndex()
        width = view.viewport().width()
        self.hint.setGeometry(0, bottom, width, self.hint.heightForWidth(width))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False
