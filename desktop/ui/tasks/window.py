"""The Tasks window: a channel's board, my tasks and the timeline, in tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.store import tasks as st
from desktop.ui.tasks.board import BoardView
from desktop.ui.tasks.dialog import TaskDialog
from desktop.ui.tasks.lists import MyTasksView, TimelineView
from desktop.ui.window_keys import close_on_escape_and_ctrl_w


class TasksWindow(QWidget):
    """Top-level window; `show_board(channel)`, `show_mine()`, `show_timeline()`."""

    def __init__(self, controller, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        self.setWindowTitle(self.tr("Tasks"))
        self.resize(1100, 640)
        close_on_escape_and_ctrl_w(self)
        self.tabs = QTabWidget(self)
        board_host = QWidget()
        box = QVBoxLayout(board_host)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Channel:"), board_host))
        self.channel_box = QComboBox(board_host)
        row.addWidget(self.channel_box)
        row.addStretch(1)
        box.addLayout(row)
        self.board = BoardView(controller, board_host, today=controller.today)
        self.board.title.hide()  # the channel box above names it
        box.addWidget(self.board, 1)
        self.mine = MyTasksView(controller)
        self.timeline = TimelineView(controller)
        self.tabs.addTab(board_host, self.tr("Board"))
        self.tabs.addTab(self.mine, self.tr("My tasks"))
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.board.open_task.connect(self.open_task)
        self.board.new_task.connect(self.new_task)
        self.mine.open_task.connect(self.open_task)
        self._fill_channels()
        self.channel_box.currentIndexChanged.connect(self._channel_chosen)

    def _fill_channels(self) -> None:
        self.channel_box.blockSignals(True)
        self.channel_box.clear()
        for c in self.controller.store.channels():
            if c.am_member and not c.archived:
                self.channel_box.addItem(("@" + c.title) if c.dm else ("#" + c.name), c.id)
        self.channel_box.blockSignals(False)

    def _channel_chosen(self, index: int) -> None:
        channel = self.channel_box.itemData(index)
        if channel:
            self.board.set_channel(channel, self.channel_box.itemText(index))

    def show_board(self, channel: str) -> None:
        self._fill_channels()
        index = max(0, self.channel_box.findData(channel))
        self.channel_box.setCurrentIndex(index)
        self._channel_chosen(index)
        self.tabs.setCurrentIndex(0)
        self._raise()

    def show_mine(self) -> None:
        self.mine.reload()
        self.tabs.setCurrentIndex(1)
        self._raise()

    def show_timeline(self) -> None:
        self.tabs.setCurrentIndex(2)
        self._raise()

    def _raise(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    def open_task(self, task_id: str) -> TaskDialog | None:
        row = st.task(self.controller.store, task_id)
        if row is None:
            return None
        dialog = TaskDialog(self.controller, row=row, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def new_task(self, channel: str, title: str = "", source_msg: int | None = None) -> TaskDialog:
        dialog = TaskDialog(self.controller, channel=channel, title=title, source_msg=source_msg, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
