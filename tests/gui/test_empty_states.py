"""Empty views say what to do next; the hint goes away once there is content."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QApplication

from desktop.actions import Actions
from desktop.protocol import events as ev
from desktop.ui.files.controller import FilesController
from desktop.ui.files.window import FilesWindow
from desktop.ui.tasks.controller import TaskController
from desktop.ui.tasks.lists import MyTasksView
from tests.gui.app_kit import ME, make_store


def test_my_tasks_hint_then_content(qtbot, tmp_path):
    store, seeder = make_store(tmp_path)
    controller = TaskController(store, Actions(store), ME)
    view = MyTasksView(controller)
    try:
        view.show()
        assert view.empty_hint.label.isVisible() and "Create task from message" in view.empty_hint.label.text()
        changes = [ev.TaskChange(field="title", value="Write notes"), ev.TaskChange(field="assignees", value=[ME])]
        seeder.apply(ev.TaskCreated, actor="bob", channel="C1", task="0192f0c2-aaaa-7bbb-8ccc-000000000001",
                     number=0, changes=changes)
        view.reload()
        assert not view.empty_hint.label.isVisible()
    finally:
        view.close()
        view.deleteLater()
        controller.close()
        QApplication.processEvents()
        store.close()


def test_files_hint_and_no_match_hint(qtbot, tmp_path):
    store, seeder = make_store(tmp_path)
    controller = FilesController(store, "ws://127.0.0.1:1", "unused")
    window = FilesWindow(controller, store)
    try:
        window.show()
        window.reload()
        hint = window.empty_hint.label
        assert hint.isVisible() and "Attach" in hint.text()
        msg = seeder.post("C1", "report attached")
        seeder.apply(ev.FileShared, actor="bob", channel="C1", file=msg + 1, msg=msg, sha256="b" * 64,
                     size=10, name="report.pdf")
        window.reload()
        assert not hint.isVisible()
        window.search.setText("nothing-like-this")
        assert hint.isVisible() and "Clear the search" in hint.text()
    finally:
        window.close()
        window.deleteLater()
        asyncio.run(controller.close())
        QApplication.processEvents()
        store.close()
