"""The emoji picker: a popup with a search box (English names, Chinese keywords,
shortcodes), category buttons, the recent emoji and the name of the emoji in focus.

Keys: typing searches; arrows move in the grid (also from the search box); Enter picks;
Tab moves between the search box, categories and grid; Esc closes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QApplication, QButtonGroup, QFrame, QHBoxLayout, QLabel, QLineEdit, QListView, QListWidget, QListWidgetItem,
    QToolButton, QVBoxLayout, QWidget,
)

from desktop.domain.emoji import Emoji
from desktop.ui.emoji.library import EmojiLibrary, display_name, shared_library

RECENT = "recent"
CELL = 36
COLUMNS = 9
SEARCH_LIMIT = 180
CHAR_ROLE = Qt.ItemDataRole.UserRole
_NAV_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def categories() -> list[tuple[str, str, str]]:
    """(key, icon emoji, translated name) in the picker's order; keys are the data's groups."""
    return [
        (RECENT, "🕘", QCoreApplication.translate("EmojiPicker", "Recent")),
        ("smileys-emotion", "😀", QCoreApplication.translate("EmojiPicker", "Smileys & emotion")),
        ("people-body", "👋", QCoreApplication.translate("EmojiPicker", "People & body")),
        ("animals-nature", "🐱", QCoreApplication.translate("EmojiPicker", "Animals & nature")),
        ("food-drink", "🍔", QCoreApplication.translate("EmojiPicker", "Food & drink")),
        ("travel-places", "✈️", QCoreApplication.translate("EmojiPicker", "Travel & places")),
        ("activities", "⚽", QCoreApplication.translate("EmojiPicker", "Activities")),
        ("objects", "💡", QCoreApplication.translate("EmojiPicker", "Objects")),
        ("symbols", "❤️", QCoreApplication.translate("EmojiPicker", "Symbols")),
        ("flags", "🏁", QCoreApplication.translate("EmojiPicker", "Flags")),
    ]


class EmojiPicker(QFrame):
    """Signals: picked(str) — the chosen emoji (also remembered as recent); the popup then closes."""

    picked = Signal(str)

    def __init__(self, library: EmojiLibrary | None = None, parent=None, *, popup: bool = True):
        super().__init__(parent)
        if popup:
            self.setWindowFlags(Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Emoji picker"))
        self.library = library or shared_library()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search emoji — English or 中文"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search emoji"))
        self.search.textChanged.connect(self._refresh)
        self.search.installEventFilter(self)

        bar = QHBoxLayout()
        bar.setSpacing(0)
        self.group_buttons = QButtonGroup(self)
        self.group_buttons.setExclusive(True)
        self._buttons: dict[str, QToolButton] = {}
        for key, icon, name in categories():
            button = QToolButton(self)
            button.setText(icon)
            button.setToolTip(name)
            button.setAccessibleName(name)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setFont(_sized(button.font(), 16))
            button.clicked.connect(lambda _=False, k=key: self.show_group(k))
            self.group_buttons.addButton(button)
            self._buttons[key] = button
            bar.addWidget(button)

        self.grid = QListWidget(self)
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setUniformItemSizes(True)
        self.grid.setGridSize(QSize(CELL, CELL))
        self.grid.setWrapping(True)
        self.grid.setFont(_sized(self.grid.font(), 22))
        self.grid.setAccessibleName(self.tr("Emoji"))
        self.grid.setMouseTracking(True)
        self.grid.itemActivated.connect(self._activated)
        self.grid.itemClicked.connect(self._activated)
        self.grid.currentItemChanged.connect(lambda item, _prev: self._preview(item))
        self.grid.itemEntered.connect(self._preview)
        self.grid.setFixedWidth(COLUMNS * CELL + self.grid.verticalScrollBar().sizeHint().width() + 6)
        self.grid.setMinimumHeight(6 * CELL)

        self.name = QLabel(self)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_text = self.tr("No emoji match “%1”.")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addLayout(bar)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.name)
        self.group = ""
        self._chosen = False
        self.show_group(RECENT if self.library.recent() else "smileys-emotion")

    # ---- contents -------------------------------------------------------------------

    def show_group(self, key: str) -> None:
        """Show one category (the search box is cleared)."""
        self.group = key
        self._buttons[key].setChecked(True)
        if self.search.text():
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
        self._fill(self._group_emoji(key))

    def _group_emoji(self, key: str) -> list[Emoji]:
        index = self.library.index
        if key == RECENT:
            return [e for e in map(index.get, self.library.recent()) if e is not None]
        return index.in_group(key)

    def _refresh(self, text: str) -> None:
        if not text.strip():
            self.show_group(self.group or "smileys-emotion")
            return
        checked = self.group_buttons.checkedButton()
        if checked is not None:  # a search spans every category
            self.group_buttons.setExclusive(False)
            checked.setChecked(False)
            self.group_buttons.setExclusive(True)
        self._fill(self.library.index.search(text, limit=SEARCH_LIMIT))
        if self.grid.count() == 0:
            self.name.setText(self.empty_text.replace("%1", text.strip()))

    def _fill(self, emoji: list[Emoji]) -> None:
        self.grid.clear()
        for e in emoji:
            item = QListWidgetItem(e.char)
            item.setData(CHAR_ROLE, e.char)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setSizeHint(QSize(CELL, CELL))
            item.setToolTip(display_name(e))
            self.grid.addItem(item)
        if self.grid.count():
            self.grid.setCurrentRow(0)
        else:
            self.name.setText(self.tr("Emoji you use show up here.") if self.group == RECENT else "")

    def shown(self) -> list[str]:
        """The emoji in the grid, in order."""
        return [self.grid.item(i).data(CHAR_ROLE) for i in range(self.grid.count())]

    def _preview(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        e = self.library.index.get(item.data(CHAR_ROLE))
        if e is not None:
            code = f"  :{e.shortcode}:" if e.shortcode else ""
            self.name.setText(f"{e.char}  {display_name(e)}{code}")

    # ---- choosing ------------------------------------------------------------------

    def _activated(self, item: QListWidgetItem) -> None:
        self.choose(item.data(CHAR_ROLE))

    def choose(self, char: str) -> None:
        if self._chosen:  # a click may report both clicked and activated
            return
        self._chosen = True
        self.library.used(char)
        self.picked.emit(char)
        self.close()

    def popup_at(self, pos: QPoint) -> None:
        """Show as a popup near `pos` (global), kept on the screen, with the search box focused."""
        self.adjustSize()
        screen = (QApplication.screenAt(pos) or QApplication.primaryScreen()).availableGeometry()
        x = min(max(pos.x(), screen.left()), screen.right() - self.width())
        y = pos.y() if pos.y() + self.height() <= screen.bottom() else pos.y() - self.height()
        self.move(x, max(y, screen.top()))
        self.show()
        self.search.setFocus()

    # ---- keys -----------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        """In the search box, arrows move in the grid and Enter picks."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.grid.currentItem()
                if item is not None:
                    self._activated(item)
                return True
            if key in _NAV_KEYS or (key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not self.search.text()):
                QApplication.sendEvent(self.grid, QKeyEvent(event.type(), key, event.modifiers()))
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


def _sized(font: QFont, pixels: int) -> QFont:
    copy = QFont(font)
    copy.setPixelSize(pixels)
    return copy


def open_picker(anchor: QWidget, pos: QPoint, on_pick, library: EmojiLibrary | None = None) -> EmojiPicker:
    """A picker popup at `pos` (global) that calls `on_pick(char)`; deleted when closed."""
    picker = EmojiPicker(library, anchor)
    picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    picker.picked.connect(on_pick)
    picker.popup_at(pos)
    return picker
