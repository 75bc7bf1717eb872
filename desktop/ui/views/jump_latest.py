""""Jump to latest ↓": a round button at the timeline's bottom right while the user is
scrolled up (or looking at an older window after a search jump); one click goes back
to the newest message."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QToolButton

# Shown once the newest message is this far below the screen.
SHOW_FROM_PX = 120


class JumpToLatest(QToolButton):
    def __init__(self, view: QAbstractItemView, model):
        super().__init__(view)  # on the scroll area, not its viewport: it must not scroll along
        self.view, self.model = view, model
        self.setText(self.tr("Jump to latest") + "  ↓")
        self.setToolTip(self.tr("Go to the newest message"))
        self.setAccessibleName(self.tr("Jump to latest"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "QToolButton { background: palette(highlight); color: palette(highlighted-text); border: none;"
            " border-radius: 12px; padding: 4px 12px; }"
        )
        self.clicked.connect(self.jump)
        self.hide()
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)
        bar = view.verticalScrollBar()
        bar.valueChanged.connect(self._soon)
        bar.rangeChanged.connect(self._soon)
        model.modelReset.connect(self._soon)
        view.installEventFilter(self)

    def wanted(self) -> bool:
        bar = self.view.verticalScrollBar()
        return self.model.canFetchMore() or bar.maximum() - bar.value() > SHOW_FROM_PX

    def refresh(self) -> None:
        if not self.wanted():
            self.hide()
            return
        self.adjustSize()
        vp = self.view.viewport().geometry()
        self.move(vp.right() - self.width() - 12, vp.bottom() - self.height() - 12)
        self.show()
        self.raise_()

    def jump(self) -> None:
        if self.model.canFetchMore():  # an older window (search jump): load the newest page
            self.model.load_channel(self.model.channel)  # the view follows a reset to the bottom
        else:
            self.view.scrollToBottom()
        self.hide()

    def _soon(self, *_args) -> None:
        """Refresh once the view settles (not connected straight to start(): valueChanged(int) would be the msec)."""
        self._timer.start(0)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self._soon()
        return False
