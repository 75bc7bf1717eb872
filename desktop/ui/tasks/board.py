"""A channel's task board: columns of cards; drag a card to another column or place."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QByteArray, QMimeData, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHBoxLayout, QInputDialog, QLabel, QListWidget, QListWidgetItem, QMenu,
    QPushButton, QScrollArea, QStyle, QStyledItemDelegate, QVBoxLayout, QWidget,
)

from desktop.store import tasks as st
from desktop.ui.tasks import column_names
from desktop.ui import theme

MIME = "application/x-beacon-task"
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
WARN_ROLE = Qt.ItemDataRole.UserRole + 2
CARD_HEIGHT = 68
PRIORITY_COLORS = {"low": "#6B7280", "high": "#D97706", "urgent": "#DC2626"}


def rank_between(before: float | None, after: float | None) -> float:
    """A rank that sorts between two neighbours (None: no neighbour on that side)."""
    if before is None and after is None:
        return 1024.0
    if before is None:
        return after - 1024.0
    if after is None:
        return before + 1024.0
    return (before + after) / 2


class CardDelegate(QStyledItemDelegate):
    """Paints a task as a card: title; ref, assignees, due (red when late), priority,
    pending/refused state and a warning mark."""

    def __init__(self, parent=None, *, today=dt.date.today):
        super().__init__(parent)
        self.today = today

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        return QSize(220, CARD_HEIGHT)

    def paint(self, painter: QPainter, option, index) -> None:
        row: st.TaskRow = index.data(ROW_ROLE)
        if row is None:
            return
        warnings = index.data(WARN_ROLE) or []
        colors = theme.colors()
        pal = option.palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = option.rect.adjusted(4, 3, -4, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QPen(colors.accent if selected else pal.color(QPalette.ColorRole.Mid), 1.5 if selected else 1))
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(card, 6, 6)
        if row.priority in PRIORITY_COLORS:
            painter.fillRect(QRect(card.left() + 1, card.top() + 6, 3, card.height() - 12), QColor(PRIORITY_COLORS[row.priority]))
        inner = card.adjusted(10, 6, -8, -6)
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        mark = "⚠ " if warnings else ""
        title = painter.fontMetrics().elidedText(mark + row.title, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(inner.left(), inner.top() + painter.fontMetrics().ascent(), title)
        painter.setFont(option.font)
        fm = painter.fontMetrics()
        y = inner.top() + fm.height() + 4 + fm.ascent()
        x = inner.left()

        def part(text: str, color: QColor) -> None:
            nonlocal x
            if not text or x > inner.right():
                return
            text = fm.elidedText(text, Qt.TextElideMode.ElideRight, max(0, inner.right() - x))
            painter.setPen(color)
            painter.drawText(x, y, text)
            x += fm.horizontalAdvance(text) + 10

        muted = colors.muted_text
        part(row.ref, muted)
        if row.assignees:
            part(" ".join("@" + a for a in row.assignees), pal.color(QPalette.ColorRole.Text))
        if row.due:
            late = row.status != "done" and dt.date.fromisoformat(row.due) < self.today()
            part(self.tr("due %1").replace("%1", row.due), colors.failed if late else muted)
        if row.estimate is not None:
            part(self.tr("%1 h").replace("%1", f"{row.estimate:g}"), muted)
        y, x = y + fm.height(), inner.left()  # third line: priority, state, warnings, labels
        if row.priority != "normal":
            part({"low": self.tr("low"), "high": self.tr("high"), "urgent": self.tr("urgent")}[row.priority],
                 QColor(PRIORITY_COLORS[row.priority]))
        if row.failed:
            part(self.tr("refused: %1").replace("%1", row.failed), colors.failed)
        elif row.pending:
            part(self.tr("pending"), colors.pending)
        if warnings:
            part(self.tr("conflict"), colors.failed)
        if row.labels:
            part(" ".join("#" + x_ for x_ in row.labels), muted)
        painter.restore()


class ColumnList(QListWidget):
    """One column's cards. Drops are turned into a move request; the list itself is
    rebuilt from the cache (the pending change shows at once).

    Signals:
        dropped(str task_id, str status, object rank)
        open_task(str task_id)
    """

    dropped = Signal(str, str, object)
    open_task = Signal(str)
    key_move = Signal(str, int, int)  # task id, columns right, places down (keyboard moves)

    def __init__(self, status: str, parent=None, *, today=dt.date.today):
        super().__init__(parent)
        self.status = status
        self.setItemDelegate(CardDelegate(self, today=today))
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setUniformItemSizes(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(230)
        self.itemActivated.connect(lambda item: self.open_task.emit(item.data(ROW_ROLE).id))

    def set_rows(self, rows: list[st.TaskRow], warnings: dict[str, list]) -> None:
        current = self.currentItem().data(ROW_ROLE).id if self.currentItem() else None
        self.clear()
        for row in rows:
            item = QListWidgetItem()
            item.setData(ROW_ROLE, row)
            item.setData(WARN_ROLE, warnings.get(row.id, []))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{row.ref} {row.title}")
            item.setToolTip(row.title)
            self.addItem(item)
            if row.id == current:
                self.setCurrentItem(item)

    def rows(self) -> list[st.TaskRow]:
        return [self.item(i).data(ROW_ROLE) for i in range(self.count())]

    # ---- drag and drop -------------------------------------------------------------

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, items) -> QMimeData:  # noqa: N802
        data = QMimeData()
        if items:
            data.setData(MIME, QByteArray(items[0].data(ROW_ROLE).id.encode()))
        return data

    def supportedDropActions(self):  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(MIME):
            super().dragMoveEvent(event)
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop_row(self, y: int) -> int:
        """The row a drop at height `y` (viewport coordinates) lands before."""
        for i in range(self.count()):
            rect = self.visualItemRect(self.item(i))
            if y < rect.center().y():
                return i
        return self.count()

    def dropEvent(self, event) -> None:  # noqa: N802
        if not event.mimeData().hasFormat(MIME):
            event.ignore()
            return
        task_id = bytes(event.mimeData().data(MIME)).decode()
        rows = [r for r in self.rows() if r.id != task_id]
        at = self.drop_row(event.position().toPoint().y())
        # Count only rows above the drop point that are not the dragged card itself.
        above = [r for r in self.rows()[:at] if r.id != task_id]
        before = above[-1].order[0] if above else None
        after = rows[len(above)].order[0] if len(above) < len(rows) else None
        rank = rank_between(before, after)
        # Copy, not move: Qt must not delete the source item; the cache redraws both lists.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        # After the drag has returned: the lists are rebuilt from the cache.
        QTimer.singleShot(0, lambda: self.dropped.emit(task_id, self.status, rank))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Ctrl+Left/Right: to the neighbouring column; Ctrl+Up/Down: one place up or down."""
        steps = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        item = self.currentItem()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in steps and item is not None:
            self.key_move.emit(item.data(ROW_ROLE).id, *steps[event.key()])
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        item = self.itemAt(event.pos())
        if item is not None:
            self.parent_board().card_menu(item.data(ROW_ROLE)).exec(event.globalPos())

    def parent_board(self) -> "BoardView":
        w = self.parent()
        while w is not None and not isinstance(w, BoardView):
            w = w.parent()
        return w


class BoardView(QWidget):
    """Columns (To do / In progress / Done by default, renameable, addable) of one channel.

    Signals:
        open_task(str task_id), new_task(str channel)
    """

    open_task = Signal(str)
    new_task = Signal(str)

    def __init__(self, controller, parent=None, *, today=dt.date.today):
        super().__init__(parent)
        self.controller = controller
        self.today = today
        self.channel: str | None = None
        self.lists: dict[str, ColumnList] = {}
        self.headers: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        bar.addWidget(self.title, 1)
        bar.addStretch(1)  # keeps the buttons right-aligned when the title is hidden
        self.new_button = QPushButton(self.tr("New task…"), self)
        self.new_button.clicked.connect(lambda: self.channel and self.new_task.emit(self.channel))
        self.add_column_button = QPushButton(self.tr("Add column…"), self)
        self.add_column_button.clicked.connect(self.add_column)
        bar.addWidget(self.new_button)
        bar.addWidget(self.add_column_button)
        layout.addLayout(bar)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.columns_host = QWidget()
        self.columns_layout = QHBoxLayout(self.columns_host)
        self.columns_layout.setContentsMargins(0, 0, 0, 0)
        self.area.setWidget(self.columns_host)
        layout.addWidget(self.area, 1)
        self._stale = False
        controller.changed.connect(self._changed)

    def _changed(self) -> None:
        # A hidden board redraws when it is shown, not on every change.
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def set_channel(self, channel: str, title: str) -> None:
        self.channel = channel
        self.title.setText(title)
        self._rebuild_columns()
        self.reload()

    def _rebuild_columns(self) -> None:
        while self.columns_layout.count():
            w = self.columns_layout.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.lists.clear()
        self.headers.clear()
        self._columns = column_names.columns(self.controller.store, self.channel)
        for key, name in self._columns:
            frame = QFrame(self.columns_host)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            box = QVBoxLayout(frame)
            box.setContentsMargins(6, 6, 6, 6)
            header = QLabel(name, frame)
            header.setToolTip(self.tr("Double-click to rename"))
            header.mouseDoubleClickEvent = lambda _e, k=key: self.rename_column(k)
            f = header.font()
            f.setBold(True)
            header.setFont(f)
            box.addWidget(header)
            cards = ColumnList(key, frame, today=self.today)
            cards.setAccessibleName(name)
            cards.dropped.connect(self._dropped)
            cards.key_move.connect(self._key_move)
            cards.open_task.connect(self.open_task)
            box.addWidget(cards, 1)
            self.columns_layout.addWidget(frame, 1)
            self.lists[key] = cards
            self.headers[key] = header

    def reload(self) -> None:
        if self.channel is None:
            return
        if column_names.columns(self.controller.store, self.channel) != self._columns:
            self._rebuild_columns()
        rows = st.tasks(self.controller.store, self.channel)
        warnings = {r.id: self.controller.warnings_for(r.id) for r in rows}
        keys = [k for k, _ in self._columns]
        for key, cards in self.lists.items():
            mine = [r for r in rows if r.status == key or (key == keys[0] and r.status not in keys)]
            cards.set_rows(mine, warnings)
            self.headers[key].setText(f"{dict(self._columns)[key]}  ·  {len(mine)}")

    def _dropped(self, task_id: str, status: str, rank: float) -> None:
        self.controller.move(task_id, status, rank)

    def _key_move(self, task_id: str, dx: int, dy: int) -> None:
        keys = [k for k, _ in self._columns]
        row = st.task(self.controller.store, task_id)
        if row is None or row.status not in keys:
            return
        if dx:
            target = keys[max(0, min(len(keys) - 1, keys.index(row.status) + dx))]
            if target != row.status:
                cards = self.lists[target]
                last = cards.rows()[-1].order[0] if cards.count() else None
                self.controller.move(task_id, target, rank_between(last, None))
                cards.setFocus()
                QTimer.singleShot(0, lambda: self._select(target, task_id))
            return
        rows = self.lists[row.status].rows()
        at = next(i for i, r in enumerate(rows) if r.id == task_id)
        others = [r for r in rows if r.id != task_id]
        new = max(0, min(len(others), at + dy))
        if new == at:
            return
        before = others[new - 1].order[0] if new > 0 else None
        after = others[new].order[0] if new < len(others) else None
        self.controller.move(task_id, row.status, rank_between(before, after))
        QTimer.singleShot(0, lambda: self._select(row.status, task_id))

    def _select(self, status: str, task_id: str) -> None:
        cards = self.lists.get(status)
        if cards is None:
            return
        for i in range(cards.count()):
            if cards.item(i).data(ROW_ROLE).id == task_id:
                cards.setCurrentRow(i)

    def card_menu(self, row: st.TaskRow) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.tr("Open…"), lambda: self.open_task.emit(row.id))
        if row.failed_cids:
            menu.addAction(self.tr("Retry the refused change"), lambda: self.controller.retry(row.failed_cids))
            menu.addAction(self.tr("Discard the refused change"), lambda: self.controller.discard(row.failed_cids))
        move = menu.addMenu(self.tr("Move to"))
        for key, name in self._columns:
            action = move.addAction(name, lambda k=key: self.controller.move(row.id, k, None))
            action.setEnabled(key != row.status)
        return menu

    def add_column(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add column"), self.tr("Column name:"))
        name = name.strip()[:40]
        if not ok or not name or self.channel is None:
            return
        keys = {k for k, _ in self._columns}
        base = "".join(c for c in name.lower().replace(" ", "-") if c.isascii() and (c.isalnum() or c in "-_"))[:20] or "col"
        key, n = base, 2
        while key in keys:
            key, n = f"{base}-{n}", n + 1
        self.controller.set_columns(self.channel, [*self._columns, (key, name)])

    def rename_column(self, key: str) -> None:
        current = dict(self._columns)[key]
        name, ok = QInputDialog.getText(self, self.tr("Rename column"), self.tr("Column name:"), text=current)
        name = name.strip()[:40]
        if ok and name and name != current and self.channel is not None:
            self.controller.set_columns(self.channel, [(k, name if k == key else n) for k, n in self._columns])
