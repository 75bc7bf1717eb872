"""Wires emoji into a running BeaconApp: recent emoji kept in the profile's settings,
the picker behind "React → More emoji…", recent emoji first among the quick reactions,
the composers' emoji button and `:shortcode:` completion on the same library."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor, QFont

from desktop.ui.emoji.library import EmojiLibrary
from desktop.ui.emoji.picker import EmojiPicker, open_picker

QUICK = 6


class EmojiUi:
    def __init__(self, app):
        self.app = app
        window = app.window
        self.library = EmojiLibrary(app.settings, window)
        for composer in (window.composer, window.thread.composer):
            composer.emoji.set_library(self.library)
        defaults = list(window.quick_reactions())
        window.quick_reactions = lambda: _merge(self.library.recent(), defaults)[:QUICK]
        window.pick_reaction = self.pick_reaction
        window.message_menu_extras.append(self._larger_quick_reactions)

    def _larger_quick_reactions(self, menu, _item) -> None:
        """The React submenu's emoji at a size one can tell apart (its text stays as is)."""
        quick = set(self.app.window.quick_reactions())
        for action in menu.actions():
            sub = action.menu()
            for entry in sub.actions() if sub is not None else ():
                if entry.text() in quick:
                    font = QFont(sub.font())
                    font.setPixelSize(20)
                    entry.setFont(font)

    def pick_reaction(self, item) -> EmojiPicker:
        """The picker at the message (or the mouse); the choice toggles my reaction."""
        view = self.app.window.view
        rect = view.visualRect(view.currentIndex())
        pos = view.viewport().mapToGlobal(QPoint(rect.left() + 50, rect.bottom())) if rect.isValid() else QCursor.pos()
        me = self.app.window.me
        return open_picker(self.app.window, pos, lambda char: self.app.actions.toggle_reaction(item.id, char, me),
                           self.library)


def _merge(first: list[str], then: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *then]))


def install(app) -> EmojiUi:
    return EmojiUi(app)
