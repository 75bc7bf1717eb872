"""Window-level preferences kept per profile (not secret: no message content)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


class UiSettings:
    """`ui.ini` in the profile directory: last channel, geometry, close-to-tray, recent emoji."""

    def __init__(self, profile_dir: Path):
        self._s = QSettings(str(profile_dir / "ui.ini"), QSettings.Format.IniFormat)

    @property
    def last_channel(self) -> str | None:
        value = self._s.value("last_channel")
        return str(value) if value else None

    @last_channel.setter
    def last_channel(self, channel_id: str) -> None:
        self._s.setValue("last_channel", channel_id)

    @property
    def close_to_tray(self) -> bool:
        return str(self._s.value("close_to_tray", "true")).lower() == "true"

    @close_to_tray.setter
    def close_to_tray(self, value: bool) -> None:
        self._s.setValue("close_to_tray", "true" if value else "false")

    @property
    def geometry(self) -> QByteArray | None:
        value = self._s.value("geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("geometry", value)

    @property
    def muted(self) -> set[str]:
        value = self._s.value("muted_channels", [])
        if isinstance(value, str):
            value = [value]
        return {str(v) for v in value or []}

    def set_muted(self, channel_id: str, muted: bool) -> None:
        channels = self.muted
        (channels.add if muted else channels.discard)(channel_id)
        self._s.setValue("muted_channels", sorted(channels))

    @property
    def recent_emoji(self) -> list[str]:
        value = self._s.value("recent_emoji", [])
        return [str(v) for v in ([value] if isinstance(value, str) else value or []) if v]

    @recent_emoji.setter
    def recent_emoji(self, chars: list[str]) -> None:
        self._s.setValue("recent_emoji", list(chars))

    def sync(self) -> None:
        self._s.sync()
