"""Starred channels and DMs: "Star" / "Unstar" in the channel menu, listed in the
sidebar's Starred section (shown only while something is starred).

Stars are local to this device: they live in the profile's ui.ini (UiSettings), are
not sent to the relay and do not follow you to your other devices.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


class Stars(QObject):
    def __init__(self, window, settings, parent: QObject | None = None):
        super().__init__(parent or window)
        self.window, self.settings = window, settings
        self._starred = settings.starred
        window.channels.is_starred = self.is_starred
        window.channels.refresh()
        window.channel_menu_extras.insert(0, self._channel_menu)  # next to Mute, before the features' entries

    def is_starred(self, channel_id: str) -> bool:
        return channel_id in self._starred

    def set_starred(self, channel_id: str, starred: bool) -> None:
        (self._starred.add if starred else self._starred.discard)(channel_id)
        self.settings.set_starred(channel_id, starred)
        self.settings.sync()
        self.window.channels.refresh()

    def _channel_menu(self, menu, channel_id: str) -> None:
        starred = self.is_starred(channel_id)
        menu.addAction(self.tr("Unstar") if starred else self.tr("Star"),
                       lambda: self.set_starred(channel_id, not starred))
