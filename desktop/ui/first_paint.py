"""Run something once a widget has painted for the first time: the start-up work the
first frame does not need (feature menus, panels, dialogs) waits until the channel is
on screen. A fallback timer runs it anyway if no paint comes (a window never shown)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 2000


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget, fn: Callable[[], None], fallback_ms: int):
        super().__init__(widget)
        self._widget, self._fn, self._done = widget, fn, False
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._run)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self, self._run)  # after this paint has reached the screen
        return False

    def _run(self) -> None:
        if self._done:
            return
        self._done = True
        self._widget.removeEventFilter(self)
        self._fn()
        self.deleteLater()


def after_first_paint(widget: QWidget, fn: Callable[[], None], *, fallback_ms: int = FALLBACK_MS) -> None:
    """Call `fn` (once) right after `widget`'s first paint, or after `fallback_ms`."""
    _AfterFirstPaint(widget, fn, fallback_ms)
