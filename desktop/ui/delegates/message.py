"""Paints timeline rows: day separators, author grouping, markdown body, reactions,
thread counts, edited/pinned markers and the pending/failed state of outbox posts."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QLocale, QModelIndex, QPointF, QRect, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.store.rows import MessageRow, OutboxItem
from desktop.ui import theme
from desktop.ui.avatar import avatar_color
from desktop.ui.markdown import SafeDocument, render
from desktop.ui.models.timeline import Role

MARGIN = 8
AVATAR = 32
GUTTER = MARGIN + AVATAR + 10
DAY_H = 30
CHIP_H = 22
LINE_GAP = 3
# Rendered bodies kept (the painted rows and a margin: a QTextDocument is ~20 KB).
# Row heights are kept apart, for many more rows, so laying out the model's whole
# window (up to 600 rows, desktop.ui.models.timeline) needs no document for a row
# measured before.
DOC_CACHE = 150
HEIGHT_CACHE = 4000
UNREAD_H = 22


@dataclass
class Layout:
    """Where each part of one row goes (relative to the row's top-left)."""

    height: int = 0
    day: QRect | None = None
    header: QRect | None = None
    body: QRect = field(default_factory=QRect)
    chips: list[tuple[QRect, str]] = field(default_factory=list)  # (rect, emoji)
    thread: QRect | None = None
    status: QRect | None = None
    retry: QRect | None = None
    discard: QRect | None = None
    attachment: QRect | None = None  # a feature's card under the body (e.g. a shared file)
    unread: QRect | None = None  # the "New messages" line above this row


class MessageDelegate(QStyledItemDelegate):
    """Measures and paints timeline rows.

    Signals:
        link_clicked(QUrl): a link in a message body was clicked (not yet opened).
        reaction_clicked(int msg, str emoji): toggle my reaction.
        thread_clicked(int msg): open the thread panel on this root.
        retry_clicked(str cid) / discard_clicked(str cid): failed outbox post actions.
    """

    link_clicked = Signal(QUrl)
    reaction_clicked = Signal("qlonglong", str)  # message ids are 64-bit
    thread_clicked = Signal("qlonglong")
    retry_clicked = Signal(str)
    discard_clicked = Signal(str)
    author_clicked = Signal(str)  # a message's avatar or author name (the profile card)

    def __init__(self, me: str = "", parent=None):
        super().__init__(parent)
        self.me = me
        self._docs: OrderedDict[tuple, SafeDocument] = OrderedDict()
        self._heights: OrderedDict[tuple, int] = OrderedDict()  # (doc key, width, font key) -> body height
        self.in_thread = False
        self.compact = False  # Preferences: tighter rows (compact) instead of cozy
        # Optional: size(item, width) -> QSize | None, paint(painter, rect, item, palette),
        # clicked(item). Features (files) draw a card under a message's text.
        self.attachments = None
        # Optional: above(index) -> bool, paint(painter, rect, palette, font): the
        # "New messages" line (desktop/ui/views/unread_divider.py).
        self.unread = None

    # ---- text documents ------------------------------------------------------

    @staticmethod
    def _doc_key(item) -> tuple:
        if isinstance(item, OutboxItem):
            return ("p", item.cid, item.text)
        return ("m", item.id, item.text, item.deleted)

    def _body_height(self, item, width: int, font: QFont) -> int:
        key = (self._doc_key(item), width, font.key())
        height = self._heights.get(key)
        if height is None:
            height = int(self._doc(item, width, font).size().height() + 0.999)
            self._heights[key] = height
            if len(self._heights) > HEIGHT_CACHE:
                self._heights.popitem(last=False)
        return height

    def _doc(self, item, width: int, font: QFont) -> SafeDocument:
        key = self._doc_key(item)
        if isinstance(item, OutboxItem):
            text = item.text or ""
        else:
            text = self.tr("*This message was deleted.*") if item.deleted else item.text
        doc = self._docs.get(key)
        if doc is None:
            doc = render(text)
            doc.setDocumentMargin(0)
            self._docs[key] = doc
            if len(self._docs) > DOC_CACHE:
                self._docs.popitem(last=False)
        else:
            self._docs.move_to_end(key)
        if doc.defaultFont() != font:
            doc.setDefaultFont(font)
        if doc.textWidth() != width:
            doc.setTextWidth(width)
        return doc

    # ---- layout ------------------------------------------------------------------

    def layout(
        self, option: QStyleOptionViewItem, index: QModelIndex, *, need_doc: bool = True
    ) -> tuple[Layout, SafeDocument | None]:
        """The row's layout and its rendered body (None with need_doc=False: measuring only)."""
        item = index.data(Role.ITEM)
        fm = QFontMetrics(option.font)
        width = max(120, option.rect.width())
        lay = Layout()
        y = 0
        if index.data(Role.DAY):
            lay.day = QRect(0, y, width, DAY_H)
            y += DAY_H
        if self.unread is not None and self.unread.above(index):
            lay.unread = QRect(0, y, width, UNREAD_H)
            y += UNREAD_H
        grouped = bool(index.data(Role.GROUPED)) and lay.unread is None
        y += (1 if grouped else 3) if self.compact else (2 if grouped else 6)
        if not grouped:
            lay.header = QRect(GUTTER, y, width - GUTTER - MARGIN, fm.height())
            y += fm.height() + LINE_GAP
        body_w = width - GUTTER - MARGIN
        doc = self._doc(item, body_w, option.font) if need_doc else None
        body_h = self._body_height(item, body_w, option.font)
        lay.body = QRect(GUTTER, y, body_w, body_h)
        y += body_h
        if self.attachments is not None and isinstance(item, MessageRow) and not item.deleted:
            card = self.attachments.size(item, body_w)
            if card is not None:
                y += LINE_GAP
                lay.attachment = QRect(GUTTER, y, card.width(), card.height())
                y += card.height()
        if isinstance(item, MessageRow) and item.reactions and not item.deleted:
            y += LINE_GAP
            x = GUTTER
            for emoji, users in item.reactions.items():
                w = fm.horizontalAdvance(f"{emoji} {len(users)}") + 16
                if x + w > width - MARGIN and x > GUTTER:
                    x = GUTTER
                    y += CHIP_H + LINE_GAP
                lay.chips.append((QRect(x, y, w, CHIP_H), emoji))
                x += w + 6
            y += CHIP_H
        if isinstance(item, MessageRow) and item.reply_count and not self.in_thread:
            y += LINE_GAP
            lay.thread = QRect(GUTTER, y, fm.horizontalAdvance(self._replies_text(item)) + 4, fm.height())
            y += fm.height()
        if isinstance(item, OutboxItem):
            y += LINE_GAP
            lay.status = QRect(GUTTER, y, body_w, fm.height())
            if item.state == "failed":
                status_w = fm.horizontalAdvance(self._status_text(item)) + 12
                retry_w = fm.horizontalAdvance(self.tr("Retry")) + 8
                lay.retry = QRect(GUTTER + status_w, y, retry_w, fm.height())
                lay.discard = QRect(lay.retry.right() + 8, y, fm.horizontalAdvance(self.tr("Discard")) + 8, fm.height())
            y += fm.height()
        lay.height = y + (2 if self.compact else 4)
        return lay, doc

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        # No initStyleOption(): a size needs the view's font and width only (the model
        # gives no FontRole), and it asks the model for a dozen roles per row.
        opt = QStyleOptionViewItem(option)
        if opt.widget is not None:
            opt.rect.setWidth(opt.widget.viewport().width())
        lay, _ = self.layout(opt, index, need_doc=False)
        return QSize(opt.rect.width(), lay.height)

    # ---- text pieces -------------------------------------------------------------

    def _replies_text(self, item: MessageRow) -> str:
        if item.reply_count == 1:
            return self.tr("1 reply")
        return self.tr("%n replies", "", item.reply_count)

    def _status_text(self, item: OutboxItem) -> str:
        if item.state == "failed":
            return self.tr("Not sent: %1").replace("%1", item.error or self.tr("refused by the relay"))
        if item.state == "acked":
            return self.tr("Sent")
        return self.tr("Waiting to send…")

    @staticmethod
    def _time(ms: int) -> str:
        return QLocale().toString(dt.datetime.fromtimestamp(ms / 1000).time(), QLocale.FormatType.ShortFormat)

    @staticmethod
    def _day_label(iso: str) -> str:
        day = dt.date.fromisoformat(iso)
        return QLocale().toString(day, QLocale.FormatType.LongFormat)

    # ---- painting -----------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        item = index.data(Role.ITEM)
        lay, doc = self.layout(opt, index)
        pal = opt.palette
        painter.save()
        painter.translate(opt.rect.topLeft())
        row_rect = QRect(0, 0, opt.rect.width(), lay.height)
        if opt.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(row_rect.adjusted(0, lay.day.height() if lay.day else 0, 0, 0),
                             pal.color(QPalette.ColorRole.Highlight).lighter(170) if not _dark(pal) else pal.color(QPalette.ColorRole.Highlight).darker(160))
        elif isinstance(item, MessageRow) and item.mentions_me and not item.deleted:
            top = lay.day.height() if lay.day else 0
            painter.fillRect(row_rect.adjusted(0, top, 0, 0), theme.colors().mention_highlight)
            painter.fillRect(QRect(0, top, 3, lay.height - top), theme.colors().pending)
        elif opt.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(row_rect, pal.color(QPalette.ColorRole.AlternateBase))
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        if lay.day:
            painter.setPen(muted)
            mid = lay.day.center().y()
            label = self._day_label(index.data(Role.DAY))
            fm = QFontMetrics(opt.font)
            lw = fm.horizontalAdvance(label) + 24
            painter.drawLine(MARGIN, mid, (lay.day.width() - lw) // 2, mid)
            painter.drawLine((lay.day.width() + lw) // 2, mid, lay.day.width() - MARGIN, mid)
            painter.drawText(lay.day, Qt.AlignmentFlag.AlignCenter, label)
        if lay.unread is not None:
            self.unread.paint(painter, lay.unread, pal, opt.font)
        if lay.header is not None:
            self._paint_header(painter, opt, item, lay)
        painter.save()
        painter.translate(lay.body.topLeft())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        color = pal.color(QPalette.ColorRole.Text)
        if isinstance(item, OutboxItem) or (isinstance(item, MessageRow) and item.deleted):
            color = muted
        ctx.palette.setColor(QPalette.ColorRole.Text, color)
        ctx.palette.setColor(QPalette.ColorRole.Link, pal.color(QPalette.ColorRole.Link))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
        if lay.attachment is not None:
            self.attachments.paint(painter, lay.attachment, item, pal)
        fm = QFontMetrics(opt.font)
        for rect, emoji in lay.chips:
            users = item.reactions.get(emoji, ())
            mine = self.me in users
            painter.setPen(pal.color(QPalette.ColorRole.Highlight) if mine else muted)
            painter.setBrush(pal.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)
            painter.setPen(pal.color(QPalette.ColorRole.Text))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{emoji} {len(users)}")
        if lay.thread is not None:
            painter.setPen(pal.color(QPalette.ColorRole.Link))
            painter.drawText(lay.thread, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._replies_text(item))
        if lay.status is not None:
            failed = item.state == "failed"
            painter.setPen(theme.colors().failed if failed else muted)
            painter.drawText(lay.status, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._status_text(item))
            if failed:
                painter.setPen(pal.color(QPalette.ColorRole.Link))
                painter.drawText(lay.retry, Qt.AlignmentFlag.AlignCenter, self.tr("Retry"))
                painter.drawText(lay.discard, Qt.AlignmentFlag.AlignCenter, self.tr("Discard"))
        painter.restore()

    def _paint_header(self, painter: QPainter, opt: QStyleOptionViewItem, item, lay: Layout) -> None:
        pal = opt.palette
        if isinstance(item, OutboxItem):
            author, name, ts, marks = self.me, self.tr("You"), item.created_ts, ""
        else:
            author, name, ts = item.author, item.author_name, item.ts
            marks = "".join([
                "  " + self.tr("(edited)") if item.edited_ts and not item.deleted else "",
                "  📌 " + self.tr("pinned") if item.pinned else "",
            ])
        avatar = QRectF(MARGIN, lay.header.top(), AVATAR, AVATAR)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(avatar_color(author))
        painter.drawEllipse(avatar)
        painter.setPen(QColor("white"))
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(avatar, Qt.AlignmentFlag.AlignCenter, (name[:1] or "?").upper())
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        fm_bold = QFontMetrics(bold)
        painter.drawText(lay.header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(opt.font)
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        rest = QRect(lay.header)
        rest.setLeft(lay.header.left() + fm_bold.horizontalAdvance(name) + 8)
        painter.drawText(rest, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._time(ts) + marks)

    # ---- clicks ---------------------------------------------------------------------

    def editorEvent(self, event, model, option, index) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.MouseButtonRelease or event.button() != Qt.MouseButton.LeftButton:
            return False
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        lay, doc = self.layout(opt, index)
        pos = event.position().toPoint() - opt.rect.topLeft()
        item = index.data(Role.ITEM)
        if lay.header is not None and isinstance(item, MessageRow):
            bold = QFont(opt.font)
            bold.setBold(True)
            name = QRect(lay.header.left(), lay.header.top(), QFontMetrics(bold).horizontalAdvance(item.author_name),
                         lay.header.height())
            if name.contains(pos) or QRect(MARGIN, lay.header.top(), AVATAR, AVATAR).contains(pos):
                self.author_clicked.emit(item.author)
                return True
        for rect, emoji in lay.chips:
            if rect.contains(pos):
                self.reaction_clicked.emit(item.id, emoji)
                return True
        if lay.attachment is not None and lay.attachment.contains(pos):
            self.attachments.clicked(item)
            return True
        if lay.thread is not None and lay.thread.contains(pos):
            self.thread_clicked.emit(item.id)
            return True
        if lay.retry is not None and lay.retry.contains(pos):
            self.retry_clicked.emit(item.cid)
            return True
        if lay.discard is not None and lay.discard.contains(pos):
            self.discard_clicked.emit(item.cid)
            return True
        if lay.body.contains(pos):
            anchor = doc.documentLayout().anchorAt(QPointF(pos - lay.body.topLeft()))
            if anchor:
                self.link_clicked.emit(QUrl(anchor))
                return True
        return False


def _dark(pal: QPalette) -> bool:
    return pal.color(QPalette.ColorRole.Window).lightness() < 128
