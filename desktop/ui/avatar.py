"""Avatars: a coloured disc with the name's first letter, the same colour everywhere."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap


def avatar_color(name: str) -> QColor:
    digest = hashlib.blake2s(name.encode(), digest_size=2).digest()
    return QColor.fromHsl(int.from_bytes(digest, "big") % 360, 140, 120)


def avatar_icon(key: str, label: str, size: int = 24, *, square: bool = False) -> QIcon:
    """`key` picks the colour (a login name, a channel id), `label` the letter."""
    pixmap = QPixmap(size * 2, size * 2)  # drawn at 2x: sharp on HiDPI screens
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(avatar_color(key))
    rect = QRectF(0, 0, size, size)
    if square:
        painter.drawRoundedRect(rect, size / 4, size / 4)
    else:
        painter.drawEllipse(rect)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.5))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, (label.strip()[:1] or "?").upper())
    painter.end()
    return QIcon(pixmap)
