"""Esc and Ctrl+W close the Tasks and Files windows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.actions import Actions
from desktop.ui.files.controller import FilesController
from desktop.ui.files.window import FilesWindow
from desktop.ui.tasks.controller import TaskController
from desktop.ui.tasks.window import TasksWindow
from tests.gui.app_kit import ME, make_store


@pytest.fixture
def store(tmp_path):
    store, _seeder = make_store(tmp_path)
    yield store
    store.close()


def _windows(store, tmp_path):
    tasks = TasksWindow(TaskController(store, Actions(store), ME))
    controller = FilesController(store, "ws://127.0.0.1:1", "unused")  # nothing is transferred
    return tasks, FilesWindow(controller, store)


@pytest.mark.parametrize("key, modifier", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                                           (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)])
def test_side_windows_close_with_esc_and_ctrl_w(qtbot, store, tmp_path, key, modifier):
    for window in _windows(store, tmp_path):
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        qtbot.keyClick(window, key, modifier)
        assert not window.isVisible(), type(window).__name__
