"""A QListView for timelines: stays pinned to the bottom, loads older rows at the top
while keeping the visible message still."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QListView

from desktop.ui.delegates.message import MessageDelegate
from desktop.ui.models.timeline import TimelineModel

TOP_MARGIN_PX = 150


class TimelineView(QListView):
    def __init__(self, model: TimelineModel, delegate: MessageDelegate, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(delegate)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.verticalScrollBar().setSingleStep(24)
        self._model = model
        self._stick = True  # follow new messages while the user is at the bottom
        self._anchor: tuple[int, int] | None = None
        model.rowsAboutToBeInserted.connect(self._before_insert)
        model.rowsInserted.connect(self._after_insert)
        model.modelReset.connect(self._after_reset)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    def at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 4

    def _before_insert(self, parent, first, last) -> None:
        self._stick = self.at_bottom()
        if first == 0:
            bar = self.verticalScrollBar()
            self._anchor = (bar.value(), bar.maximum())

    def _after_insert(self, parent, first, last) -> None:
        if first == 0 and self._anchor is not None:
            value, old_max = self._anchor
            self._anchor = None
            self.doItemsLayout()
            bar = self.verticalScrollBar()
            bar.setValue(value + (bar.maximum() - old_max))
        elif self._stick:
            QTimer.singleShot(0, self.scrollToBottom)

    def _after_reset(self) -> None:
        self._stick = True
        QTimer.singleShot(0, self.scrollToBottom)

    def _scrolled(self, value: int) -> None:
        if value < TOP_MARGIN_PX and self._model.has_older() and self._anchor is None:
            QTimer.singleShot(0, self._model.fetch_older)
