"""Paints sidebar rows: section headers, bold unread channels, badges, muted grey."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.ui.models.channels import Role

ROW_H = 28
BADGE = QColor("#d13438")


class ChannelDelegate(QStyledItemDelegate):
    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        return QSize(option.rect.width(), ROW_H)

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        pal = opt.palette
        painter.save()
        rect = opt.rect
        if opt.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, pal.color(QPalette.ColorRole.Highlight))
            text_color = pal.color(QPalette.ColorRole.HighlightedText)
        else:
            if opt.state & QStyle.StateFlag.State_MouseOver:
                painter.fillRect(rect, pal.color(QPalette.ColorRole.AlternateBase))
            text_color = pal.color(QPalette.ColorRole.Text)
        font = QFont(opt.font)
        if index.data(Role.IS_SECTION):
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 0.9)
            painter.setFont(font)
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, index.data().upper())
            painter.restore()
            return
        unread = index.data(Role.UNREAD) or 0
        mentions = index.data(Role.MENTIONS) or 0
        muted = bool(index.data(Role.MUTED))
        if muted:
            text_color = pal.color(QPalette.ColorRole.PlaceholderText)
        font.setBold(bool(unread) and not muted)
        painter.setFont(font)
        painter.setPen(text_color)
        # A red badge counts mentions; a quiet grey one counts other unread messages.
        count = mentions or unread
        badge_text = (str(count) if count < 100 else "99+") if count else ""
        fm = QFontMetrics(font)
        badge_w = fm.horizontalAdvance(badge_text) + 12 if badge_text else 0
        text_rect = rect.adjusted(8, 0, -(badge_w + 10), 0)
        label = fm.elidedText(index.data() or "", Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, label)
        if badge_text:
            painter.setRenderHint(painter.RenderHint.Antialiasing)
            badge = QRectF(rect.right() - badge_w - 8, rect.center().y() - 9, badge_w, 18)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BADGE if mentions and not muted else pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawRoundedRect(badge, 9, 9)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)
        painter.restore()
