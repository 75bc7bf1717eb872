"""Side windows (Tasks, Files…) close with Esc and Ctrl+W, as a user expects of them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def close_on_escape_and_ctrl_w(window: QWidget) -> list[QShortcut]:
    """Esc and the platform's Close key (Ctrl+W, Cmd+W) close `window`. Esc first lets a
    focused popup (a completer, an open combo box) take it, as Qt delivers it there.
    A widget embedded in another window (the Files tab of the main window) gets none:
    it is not a window to close, and a second Esc there would make the keys ambiguous."""
    shortcuts: list[QShortcut] = []
    if not window.isWindow():
        return shortcuts
    # "Ctrl+W" is Cmd+W on macOS; the platform's Close key (e.g. Ctrl+F4) is added when it differs.
    wanted = [QKeySequence(Qt.Key.Key_Escape), QKeySequence("Ctrl+W")]
    wanted += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Close) if k not in wanted]
    for keys in wanted:
        shortcut = QShortcut(keys, window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(window.close)
        shortcuts.append(shortcut)
    return shortcuts
