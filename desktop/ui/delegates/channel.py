"""Paints sidebar rows: section headers, bold unread channels, badges, muted grey; a
direct message's row has the person's avatar, presence dot, status emoji and DND mark."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.ui.avatar import avatar_icon
from desktop.ui.models.channels import Role

ROW_H = 28
BADGE = QColor("#d13438")
AVATAR = 18  # a DM row's avatar; its presence dot sits on the lower right
ACTIVE = QColor("#2bac76")


class ChannelDelegate(QStyledItemDelegate):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._icons: dict = {}  # avatar per person

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
        row = index.data(Role.ROW)
        text = index.data() or ""
        if row is not None and row.dm:
            person = index.data(Role.PERSON)
            self._avatar(painter, rect, row, person, pal.color(QPalette.ColorRole.Base), opt)
            text_rect.setLeft(text_rect.left() + AVATAR + 6)
            painter.setPen(text_color)
            if person is not None:  # Slack's order: name, status emoji, then the DND mark
                text += "".join(f"  {mark}" for mark in (person.emoji, "🔕" if person.dnd else "") if mark)
        label = fm.elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width())
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

    def _avatar(self, painter, rect: QRect, row, person, base: QColor, opt) -> None:
        """The person's avatar; a green dot while active, a hollow one while away."""
        key = (row.dm_user or row.id, row.title)
        icon = self._icons.get(key)
        if icon is None:
            icon = self._icons[key] = avatar_icon(key[0], row.title, AVATAR)
        top = rect.center().y() - AVATAR // 2
        icon.paint(painter, QRect(rect.left() + 8, top, AVATAR, AVATAR))
        if person is None or person.presence not in ("online", "away"):
            return
        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        ring = base if not opt.state & QStyle.StateFlag.State_Selected else opt.palette.color(QPalette.ColorRole.Highlight)
        dot = QRectF(rect.left() + 8 + AVATAR - 7, top + AVATAR - 7, 9, 9)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ring)
        painter.drawEllipse(dot.adjusted(-1.5, -1.5, 1.5, 1.5))
        if person.presence == "online":
            painter.setBrush(ACTIVE)
            painter.drawEllipse(dot)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            pen = painter.pen()
            pen.setStyle(Qt.PenStyle.SolidLine)
            pen.setColor(opt.palette.color(QPalette.ColorRole.PlaceholderText))
            pen.setWidthF(1.6)
            painter.setPen(pen)
            painter.drawEllipse(dot.adjusted(1, 1, -1, -1))
        painter.restore()
