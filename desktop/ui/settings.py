"""Window-level preferences kept per profile (not secret: no message content)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


class UiSettings:
    """`ui.ini` in the profile directory: last channel, geometry, close-to-tray, recent
    emoji, and the Preferences (theme, language, text size, density, notifications)."""

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
    def starred(self) -> set[str]:
        """Starred channels and DMs: kept on this device only (not synced to other devices)."""
        value = self._s.value("starred_channels", [])
        if isinstance(value, str):
            value = [value]
        return {str(v) for v in value or []}

    def set_starred(self, channel_id: str, starred: bool) -> None:
        channels = self.starred
        (channels.add if starred else channels.discard)(channel_id)
        self._s.setValue("starred_channels", sorted(channels))

    @property
    def unread_only(self) -> bool:
        """The sidebar's unread-only filter (this device)."""
        return str(self._s.value("unread_only", "false")).lower() == "true"

    @unread_only.setter
    def unread_only(self, value: bool) -> None:
        self._s.setValue("unread_only", "true" if value else "false")

    @property
    def recent_emoji(self) -> list[str]:
        value = self._s.value("recent_emoji", [])
        return [str(v) for v in ([value] if isinstance(value, str) else value or []) if v]

    @recent_emoji.setter
    def recent_emoji(self, chars: list[str]) -> None:
        self._s.setValue("recent_emoji", list(chars))

    # ---- preferences (desktop.ui.preferences applies them) ----

    def _flag(self, key: str, default: bool) -> bool:
        return str(self._s.value(key, "true" if default else "false")).lower() == "true"

    def _set_flag(self, key: str, value: bool) -> None:
        self._s.setValue(key, "true" if value else "false")

    def _choice(self, key: str, allowed: tuple[str, ...]) -> str | None:
        value = str(self._s.value(key, "") or "")
        return value if value in allowed else None  # None: follow the system

    @property
    def theme(self) -> str | None:
        return self._choice("theme", ("light", "dark"))

    @theme.setter
    def theme(self, value: str | None) -> None:
        self._s.setValue("theme", value or "")

    @property
    def language(self) -> str | None:
        return self._choice("language", ("en", "zh_CN"))

    @language.setter
    def language(self, value: str | None) -> None:
        self._s.setValue("language", value or "")

    @property
    def text_scale(self) -> int:
        """Text size in percent of the system's (80-150)."""
        try:
            value = int(self._s.value("text_scale", 100))
        except (TypeError, ValueError):
            return 100
        return min(150, max(80, value))

    @text_scale.setter
    def text_scale(self, value: int) -> None:
        self._s.setValue("text_scale", int(min(150, max(80, value))))

    @property
    def compact(self) -> bool:
        return self._flag("compact", False)

    @compact.setter
    def compact(self, value: bool) -> None:
        self._set_flag("compact", value)

    @property
    def notify_preview(self) -> bool:
        """Show the message text in notifications (off: only who and where)."""
        return self._flag("notify_preview", True)

    @notify_preview.setter
    def notify_preview(self, value: bool) -> None:
        self._set_flag("notify_preview", value)

    @property
    def notify_sound(self) -> bool:
        return self._flag("notify_sound", True)

    @notify_sound.setter
    def notify_sound(self, value: bool) -> None:
        self._set_flag("notify_sound", value)

    def sync(self) -> None:
        self._s.sync()
