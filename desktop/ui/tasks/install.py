"""Wires tasks into a running BeaconApp: the Tasks menu, "Create task from message",
notifications of scheduling conflicts and of overridden edits."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu

from desktop.domain.notify import Notification
from desktop.domain.workload import DEFAULT_CAPACITY
from desktop.store import tasks as st
from desktop.ui.tasks.controller import TaskController
from desktop.ui.tasks.board import BoardView
from desktop.ui.tasks.window import TasksWindow


class TasksUi:
    """Holds the task controller and window of one app."""

    def __init__(self, app):
        self.app = app
        window = app.window
        self.controller = TaskController(app.store, app.actions, window.me, app)
        app.store_bridge.changed.connect(self.controller.apply)
        self.controller.alert.connect(self._alert)
        self.window = TasksWindow(self.controller)
        menu = window.menuBar().addMenu(QCoreApplication.translate("TasksUi", "&Tasks"))
        self.menu = menu
        board = menu.addAction(QCoreApplication.translate("TasksUi", "Board of this channel"), self.show_board)
        board.setShortcut(QKeySequence("Ctrl+Shift+B"))
        mine = menu.addAction(QCoreApplication.translate("TasksUi", "My tasks"), self.window.show_mine)
        mine.setShortcut(QKeySequence("Ctrl+Shift+M"))
        menu.addAction(QCoreApplication.translate("TasksUi", "Timeline"), self.window.show_timeline)
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("TasksUi", "New task…"), self.new_task)
        menu.addAction(QCoreApplication.translate("TasksUi", "My weekly capacity…"), self.ask_capacity)
        window.message_menu_extras.append(self._message_menu)
        window.tab_factories["tasks"] = self._tab_page  # the channel's Tasks tab

    def _tab_page(self, parent):
        board = BoardView(self.controller, parent)
        board.title.hide()  # the channel header above names it
        board.show_channel = lambda channel: channel and board.set_channel(channel, "")
        board.open_task.connect(self.window.open_task)
        board.new_task.connect(self.window.new_task)
        return board

    def show_board(self) -> None:
        if self.app.window.current:
            self.window.show_board(self.app.window.current)

    def new_task(self):
        if self.app.window.current:
            return self.window.new_task(self.app.window.current)
        return None

    def ask_capacity(self) -> None:
        window = self.app.window
        current = st.capacities(self.app.store).get(window.me, DEFAULT_CAPACITY)
        hours, ok = QInputDialog.getDouble(
            window, QCoreApplication.translate("TasksUi", "Weekly capacity"), QCoreApplication.translate("TasksUi", "Hours I can work on tasks in a week:"), current, 0, 168, 1,
        )
        if ok:
            self.controller.set_capacity(hours)

    def create_from_message(self, item):
        """The dialog, prefilled from the message; the task links back to it."""
        title = (item.text or "").strip().splitlines()[0][:200] if (item.text or "").strip() else ""
        return self.window.new_task(item.channel, title=title, source_msg=item.id)

    def _message_menu(self, menu: QMenu, item) -> None:
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("TasksUi", "Create task from message"), lambda: self.create_from_message(item))
        for row in st.for_message(self.app.store, item.id):
            menu.addAction(QCoreApplication.translate("TasksUi", "Open task %1: %2").replace("%1", row.ref).replace("%2", row.title[:40]),
                           lambda r=row: self.window.open_task(r.id))

    def _alert(self, title: str, body: str, channel: str, task_id: str) -> None:
        self.app.window.statusBar().showMessage(f"{title} — {body.splitlines()[0] if body else ''}", 10_000)
        row = st.task(self.app.store, task_id)
        msgs = self.app.store.messages(channel, limit=1) if channel else []
        msg = (row.source_msg if row and row.source_msg else None) or (msgs[-1].id if msgs else 1)
        self.app.notifier.notify(Notification(title=title, body=body, channel=channel, msg=msg, is_mention=False))

    def close(self) -> None:
        self.controller.close()
        self.window.close()


def install(app) -> TasksUi:
    return TasksUi(app)
