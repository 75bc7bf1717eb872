"""Esc and Ctrl+W close the Tasks and Files windows."""

from __future__ import annotations

import asyncio

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
def windows(qtbot, tmp_path):
    store, _seeder = make_store(tmp_path)
    tasks_controller = TaskController(store, Actions(store), ME)
    files_controller = FilesController(store, "ws://127.0.0.1:1", "unused")  # nothing is transferred
    windows = [TasksWindow(tasks_controller), FilesWindow(files_controller, store)]
    yield windows
    # Close everything that could still touch the cache before the cache closes.
    for window in windows:
        window.close()
        window.deleteLater()
    tasks_controller.close()
    asyncio.run(files_controller.close())
    QApplication.processEvents()
    store.close()


@pytest.mark.parametrize("key, modifier", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                                           (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)])
def test_side_windows_close_with_esc_and_ctrl_w(qtbot, windows, key, modifier):
    for window in windows:
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        qtbot.keyClick(window, key, modifier)
        assert not window.isVisible(), type(window).__name__
