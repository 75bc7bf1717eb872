"""The "New messages" line: when a channel opens with unread messages, a red line goes
above the first one (right after the last message read) and stays while the channel
is open, even once it is marked read. While that line is above the screen (or not
loaded), a pill at the top says how many are new and jumps there."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPersistentModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QSizePolicy, QToolButton, QWidget

from desktop.ui.models.timeline import Role

LINE = QColor("#e0245e")


class UnreadDivider(QObject):
    """Owns where the line goes; the delegate asks `above(index)` and calls `paint`.

    Signals:
        changed(): the line moved, appeared or went (the pill follows).
    """

    changed = Signal()

    def __init__(self, store, me: str, model, view: QAbstractItemView, delegate, parent=None):
        super().__init__(parent or view)
        self._store, self._me = store, me
        self.model, self.view = model, view
        self.channel: str | None = None
        self.first_unread: int | None = None  # the message the line sits above
        self.count = 0
        delegate.unread = self
        self.pill = JumpPill(self, view)

    def begin(self, channel_id: str | None, marked_upto: int = 0) -> None:
        """A channel opens: find its first unread message (`marked_upto`: read marks
        sent but not yet confirmed by the relay also count as read)."""
        self.channel, self.first_unread, self.count = channel_id, None, 0
        row = self._store.channel(channel_id) if channel_id else None
        if row is not None and row.unread > 0:
            upto = max(row.read_upto, marked_upto)
            after = [m for m in self._store.messages(channel_id, after=upto, limit=200)
                     if not m.deleted and m.author != self._me]
            if after:
                self.first_unread, self.count = after[0].id, row.unread
        self.changed.emit()

    def clear(self) -> None:
        self.first_unread, self.count = None, 0
        self.changed.emit()
        self.view.doItemsLayout()  # the row above loses its band

    def active(self) -> bool:
        return (self.first_unread is not None and self.model.channel == self.channel
                and self.model.thread_root is None)

    def above(self, index) -> bool:
        return self.active() and index.data(Role.MSG_ID) == self.first_unread

    def row(self) -> int:
        return self.model.row_of(self.first_unread) if self.active() else -1

    def label(self) -> str:
        return self.tr("New messages")

    def paint(self, painter: QPainter, rect: QRect, palette: QPalette, font: QFont) -> None:
        painter.save()
        bold = QFont(font)
        bold.setBold(True)
        bold.setPointSizeF(font.pointSizeF() * 0.9)
        painter.setFont(bold)
        text = self.label()
        w = QFontMetrics(bold).horizontalAdvance(text) + 16
        mid = rect.center().y()
        painter.setPen(LINE)
        painter.drawLine(rect.left() + 8, mid, rect.right() - w - 8, mid)
        tag = QRect(rect.right() - w - 4, rect.top() + 3, w, rect.height() - 6)
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(tag, 4, 4)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def jump(self) -> None:
        """Bring the line into view, near the top (loading around it if it is not in the window)."""
        if not self.active():
            return
        row = self.row()
        if row < 0:
            self.view.hold_position()
            row = self.model.load_around(self.channel, self.first_unread)
        if row < 0:
            return
        self.view.reveal(QPersistentModelIndex(self.model.index(row)), QAbstractItemView.ScrollHint.PositionAtTop)
        self.pill.seen = True
        QTimer.singleShot(0, self.pill.refresh)


class JumpPill(QWidget):
    """"↑ 12 new messages" at the top of the timeline while the line is above the screen."""

    def __init__(self, divider: UnreadDivider, view: QAbstractItemView):
        super().__init__(view)  # on the scroll area, not its viewport: it must not scroll along
        self.divider, self.view = divider, view
        self.seen = False  # the line was on screen once: the pill's work is done
        self.button = QToolButton(self)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(divider.jump)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss the new messages notice"))
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for part in (self.button, self.close_button):  # one height: a CJK label is taller than "✕"
            part.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            layout.addWidget(part)
        self.setStyleSheet(
            "QToolButton { background: #e0245e; color: white; border: none; padding: 4px 10px; font-weight: bold; }"
            "QToolButton:hover { background: #c51d51; }"
        )
        self.hide()
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)
        divider.changed.connect(self._new_channel)
        view.verticalScrollBar().valueChanged.connect(self._soon)
        view.verticalScrollBar().rangeChanged.connect(self._soon)
        view.model().modelReset.connect(self._soon)
        view.model().rowsInserted.connect(self._soon)
        view.installEventFilter(self)

    def _new_channel(self) -> None:
        self.seen = False
        self._soon()

    def dismiss(self) -> None:
        self.seen = True
        self.hide()

    def line_visible(self) -> bool:
        row = self.divider.row()
        if row < 0:
            return False
        rect = self.view.visualRect(self.view.model().index(row))
        return rect.isValid() and rect.bottom() >= 0 and rect.top() < self.view.viewport().height()

    def line_above(self) -> bool:
        """The line is above the screen: scrolled past, or older than the loaded window."""
        row = self.divider.row()
        if row < 0:
            return self.divider.active()
        return self.view.visualRect(self.view.model().index(row)).bottom() < 0

    def refresh(self) -> None:
        if not self.divider.active() or self.seen:
            self.hide()
            return
        if self.line_visible():
            self.seen = True
            self.hide()
            return
        if not self.line_above():
            self.hide()
            return
        n = self.divider.count
        self.button.setText("↑  " + (self.tr("1 new message") if n == 1 else self.tr("%n new messages", "", n)))
        self.button.setToolTip(self.tr("Jump to the first unread message"))
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        vp = self.view.viewport().geometry()
        self.move(vp.left() + (vp.width() - self.width()) // 2, vp.top() + 8)

    def _soon(self, *_args) -> None:
        """Refresh once the view settles (not connected straight to start(): valueChanged(int) would be the msec)."""
        self._timer.start(0)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self._soon()
        return False
