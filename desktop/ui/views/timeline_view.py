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
        self._hold = False
        model.rowsAboutToBeInserted.connect(self._before_insert)
        model.rowsInserted.connect(self._after_insert)
        model.modelReset.connect(self._reserve_bar)
        model.modelReset.connect(self._after_reset)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    def _reserve_bar(self) -> None:
        """A page with older messages behind it fills the viewport: show the scroll bar
        from the start, so its rows are laid out once at their final width (not once
        without the bar, then again when it appears)."""
        policy = Qt.ScrollBarPolicy.ScrollBarAsNeeded
        if self._model.has_older():
            policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOn
        if self.verticalScrollBarPolicy() != policy:
            self.setVerticalScrollBarPolicy(policy)

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

    def hold_position(self) -> None:
        """The next reset does not go to the bottom: a jump (search hit, first unread)
        scrolls to its own target after it."""
        self._hold = True

    def reveal(self, index, hint=QAbstractItemView.ScrollHint.PositionAtCenter) -> None:
        """Scroll to a row now (before Qt's fetch-more timer sees the bottom) and once
        more after pending layouts."""
        self.doItemsLayout()
        self.scrollTo(index, hint)
        QTimer.singleShot(0, lambda: index.isValid() and self.scrollTo(index, hint))

    def _after_reset(self) -> None:
        if self._hold:
            self._hold = self._stick = False
            # Off the bottom at once, quietly: at the bottom Qt would page on to the newest rows.
            bar = self.verticalScrollBar()
            bar.blockSignals(True)
            bar.setValue(0)
            bar.blockSignals(False)
            return
        self._stick = True
        QTimer.singleShot(0, self.scrollToBottom)

    def _scrolled(self, value: int) -> None:
        if value < TOP_MARGIN_PX and self._model.has_older() and self._anchor is None:
            QTimer.singleShot(0, self._model.fetch_older)
