"""The emoji data of a running app (loaded on first use) and the user's recent emoji
(kept in the profile's ui.ini through UiSettings when the app has one)."""

from __future__ import annotations

import functools

from PySide6.QtCore import QLocale, QObject, Signal

from desktop.domain.emoji import Emoji, EmojiIndex, remember
from desktop.ui.bundle import RESOURCES

DATA_FILE = RESOURCES / "emoji" / "emoji.json"


@functools.cache
def bundled_index() -> EmojiIndex:
    """~30 ms the first time (parsing 250 KB of JSON); never on the path to the first frame."""
    return EmojiIndex.from_json(DATA_FILE.read_text(encoding="utf-8"))


def display_name(e: Emoji) -> str:
    """The emoji's name in the UI's language (Chinese if the locale is Chinese)."""
    if QLocale().language() == QLocale.Language.Chinese and e.name_zh:
        return e.name_zh
    return e.name


class EmojiLibrary(QObject):
    """Signals: recent_changed()."""

    recent_changed = Signal()

    def __init__(self, settings=None, parent=None):
        super().__init__(parent)
        self._settings = settings  # a UiSettings, or None: recent emoji live in memory only
        self._recent: list[str] = list(settings.recent_emoji) if settings is not None else []

    @property
    def index(self) -> EmojiIndex:
        return bundled_index()

    def recent(self) -> list[str]:
        return list(self._recent)

    def used(self, char: str) -> None:
        self._recent = remember(self._recent, char)
        if self._settings is not None:
            self._settings.recent_emoji = self._recent
        self.recent_changed.emit()


@functools.cache
def shared_library() -> EmojiLibrary:
    """One library for widgets created without an app (tests, tools); the app replaces
    it per profile through `desktop.ui.emoji.install`."""
    return EmojiLibrary()
