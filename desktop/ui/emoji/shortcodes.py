"""`:shortcode:` completion in a text box: after a space (or at the start) typing
":thu" lists matching emoji under the cursor; Up/Down choose, Enter or Tab insert,
Esc dismisses; typing a whole known code with its closing colon (":tada:") turns into
the emoji at once."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QPlainTextEdit

from desktop.ui.emoji.library import EmojiLibrary, display_name, shared_library

OPEN = re.compile(r"(?:^|\s):([a-z0-9_+\-]{2,})$")
CLOSED = re.compile(r"(?:^|\s):([a-z0-9_+\-]+):$")
LIMIT = 8
CHAR_ROLE = Qt.ItemDataRole.UserRole


class ShortcodeCompleter(QObject):
    def __init__(self, edit: QPlainTextEdit, library: EmojiLibrary | None = None):
        super().__init__(edit)
        self.edit = edit
        self.library = library
        self.popup = QListWidget()
        self.popup.setWindowFlags(Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.popup.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.popup.itemClicked.connect(self._insert)
        self.edit.destroyed.connect(self.popup.deleteLater)
        edit.textChanged.connect(self._update)
        edit.installEventFilter(self)
        self._busy = False

    def _library(self) -> EmojiLibrary:
        return self.library or shared_library()

    def _before_cursor(self) -> str:
        cursor = self.edit.textCursor()
        return cursor.block().text()[: cursor.positionInBlock()]

    def _update(self) -> None:
        if self._busy:
            return
        text = self._before_cursor()
        closed = CLOSED.search(text)
        if closed:
            e = self._library().index.by_shortcode(closed.group(1))
            if e is not None:
                self._replace(len(closed.group(1)) + 2, e.char, trailing="")
                return
        typed = OPEN.search(text)
        if not typed:
            self.popup.hide()
            return
        found = self._library().index.complete_shortcode(typed.group(1), LIMIT)
        if not found:
            self.popup.hide()
            return
        self.popup.clear()
        row_h = self.popup.fontMetrics().height() + 8  # room for the emoji's taller glyph
        for code, e in found:
            item = QListWidgetItem(f"{e.char}  :{code}:  {display_name(e)}")
            item.setData(CHAR_ROLE, (len(typed.group(1)) + 1, e.char))
            item.setSizeHint(QSize(0, row_h))
            self.popup.addItem(item)
        self.popup.setCurrentRow(0)
        rect = self.edit.cursorRect()
        height = row_h * len(found) + 2 * self.popup.frameWidth()
        self.popup.resize(max(260, self.popup.sizeHintForColumn(0) + 24), height)
        top_left = self.edit.viewport().mapToGlobal(QPoint(rect.left(), rect.top() - height - 4))
        self.popup.move(top_left)  # above the line: the composer sits at the window's bottom
        self.popup.show()

    def _insert(self, item: QListWidgetItem) -> None:
        typed, char = item.data(CHAR_ROLE)
        self._replace(typed, char, trailing=" ")

    def _replace(self, typed: int, char: str, *, trailing: str) -> None:
        """Replace the `typed` characters before the cursor with the emoji."""
        self.popup.hide()
        self._busy = True
        try:
            cursor = self.edit.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, typed)
            cursor.insertText(char + trailing)
            self.edit.setTextCursor(cursor)
        finally:
            self._busy = False
        self._library().used(char)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.popup.hide()
        if watched is not self.edit or not self.popup.isVisible():
            return False
        keys = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Escape)
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in keys:
            event.accept()  # ours while the list is open, not the window's Esc shortcut
            return True
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            self.popup.setCurrentRow((self.popup.currentRow() + step) % self.popup.count())
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            self._insert(self.popup.currentItem())
            return True
        if key == Qt.Key.Key_Escape:
            self.popup.hide()
            return True
        return False
