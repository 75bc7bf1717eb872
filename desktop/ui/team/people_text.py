"""Words for a person's role, presence and work status (shared by the team screens)."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication

from desktop.store import attention as sa


def role_label(role: str | None) -> str:
    labels = {
        "owner": QCoreApplication.translate("TeamText", "Owner"),
        "admin": QCoreApplication.translate("TeamText", "Admin"),
        "member": QCoreApplication.translate("TeamText", "Member"),
        "guest": QCoreApplication.translate("TeamText", "Guest"),
    }
    return labels.get(role or "", role or "")


def presence_label(status: sa.Status) -> str:
    labels = {
        "online": QCoreApplication.translate("TeamText", "Online"),
        "away": QCoreApplication.translate("TeamText", "Away"),
        "offline": QCoreApplication.translate("TeamText", "Offline"),
    }
    return labels.get(status.presence, status.presence)


def status_line(status: sa.Status, now_ms: int | None = None) -> str:
    """"Online · 🌴 On holiday · Do not disturb" (an expired status is left out)."""
    now = int(time.time() * 1000) if now_ms is None else now_ms
    parts = [presence_label(status)]
    if (status.emoji or status.text) and (status.until is None or status.until > now):
        parts.append(f"{status.emoji} {status.text}".strip())
    if status.dnd_until is not None and (status.dnd_until == -1 or status.dnd_until > now):
        parts.append(QCoreApplication.translate("TeamText", "Do not disturb"))
    return " · ".join(parts)
