"""What the composer gets from the emoji feature: an emoji button (inside the text box, bottom right,
unless the composer docks it in its own tool row, as views/composer.py does)
that opens the picker, and `:shortcode:` completion."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QPlainTextEdit, QToolButton

from typing import TYPE_CHECKING

from desktop.ui.emoji.library import EmojiLibrary, shared_library
from desktop.ui.emoji.shortcodes import ShortcodeCompleter

if TYPE_CHECKING:  # the picker is imported on the first click, off the start-up path
    from desktop.ui.emoji.picker import EmojiPicker

BUTTON = 24


class ComposerEmoji(QObject):
    def __init__(self, edit: QPlainTextEdit, library: EmojiLibrary | None = None):
        super().__init__(edit)
        self.edit = edit
        self.library = library
        self.shortcodes = ShortcodeCompleter(edit, library)
        self.button = QToolButton(edit)
        self.button.setText("😀")
        self.button.setAutoRaise(True)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.setToolTip(self.tr("Emoji"))
        self.button.setAccessibleName(self.tr("Insert emoji"))
        font = self.button.font()
        font.setPixelSize(15)
        self.button.setFont(font)
        self.button.setFixedSize(BUTTON, BUTTON)
        self.button.clicked.connect(self.open_picker)
        edit.setViewportMargins(0, 0, BUTTON + 2, 0)
        edit.installEventFilter(self)
        self.picker: EmojiPicker | None = None

    def set_library(self, library: EmojiLibrary) -> None:
        self.library = self.shortcodes.library = library

    def open_picker(self) -> EmojiPicker:
        """The picker above the button; the chosen emoji goes in at the cursor."""
        corner = self.button.mapToGlobal(QPoint(self.button.width(), 0))
        from desktop.ui.emoji.picker import open_picker

        self.picker = open_picker(self.edit, corner, self.insert, self.library or shared_library())
        self.picker.move(corner.x() - self.picker.width(), corner.y() - self.picker.height() - 4)
        return self.picker

    def insert(self, char: str) -> None:
        self.edit.insertPlainText(char)
        self.edit.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.edit and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            rect = self.edit.contentsRect()
            self.button.move(rect.right() - BUTTON, rect.bottom() - BUTTON + 1)
        return False
