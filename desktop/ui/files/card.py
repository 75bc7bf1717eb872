"""A shared file under its timeline message: an inline preview for images (thumbnail
made locally, kept encrypted), a card with icon, name and size for other files."""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout

from desktop.domain.files import human_size, previewable
from desktop.store.files import FileRow

CARD = QSize(340, 52)
THUMB = QSize(360, 240)
AUTO_FETCH_BYTES = 10 * 1024 * 1024  # images up to this size are fetched for a preview
PREVIEW_LIMIT = 40 * 1024 * 1024
_ICON = {"image": "🖼", "document": "📄", "spreadsheet": "📊", "presentation": "📽", "archive": "🗜",
         "video": "🎞", "audio": "🎵", "other": "📎"}


def make_thumbnail(data: bytes) -> bytes | None:
    """PNG bytes of a scaled-down image (QImage is safe off the UI thread)."""
    image = QImage.fromData(data)
    if image.isNull():
        return None
    return png_bytes(image.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))


def png_bytes(image) -> bytes | None:
    """A QImage encoded as PNG in memory (None if it cannot be encoded)."""
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if image.isNull() or not image.save(buf, "PNG"):
        return None
    return bytes(buf.data())


class FileCards:
    """The delegate's `attachments` hook for shared files."""

    def __init__(self, controller, view_update, open_file):
        self.controller = controller
        self.view_update = view_update
        self.open_file = open_file
        self._rows: dict[int, FileRow | None] = {}
        self._thumbs: OrderedDict[str, QPixmap] = OrderedDict()
        self._making: set[str] = set()

    def invalidate(self) -> None:
        self._rows.clear()
        self.view_update()

    def _row(self, msg: int) -> FileRow | None:
        if msg not in self._rows:
            self._rows[msg] = self.controller.files.file_for_message(msg)
        return self._rows[msg]

    def _thumb(self, row: FileRow) -> QPixmap | None:
        pix = self._thumbs.get(row.sha256)
        if pix is not None:
            self._thumbs.move_to_end(row.sha256)
            return pix
        if row.sha256 in self._making:
            return None
        cache = self.controller.cache
        if not cache.has(row.sha256):
            if row.size <= AUTO_FETCH_BYTES:
                t = self.controller.fetch(row)
                if t is not None and t.task is not None:
                    t.task.add_done_callback(lambda _t: self.invalidate())
            return None
        self._making.add(row.sha256)
        asyncio.ensure_future(self._make(row))
        return None

    async def _make(self, row: FileRow) -> None:
        cache = self.controller.cache

        def work() -> bytes | None:
            data = cache.read_thumb(row.sha256)
            if data is None:
                full = cache.read_all(row.sha256, PREVIEW_LIMIT)
                data = make_thumbnail(full) if full else None
                if data:
                    cache.write_thumb(row.sha256, data)
            return data

        try:
            data = await self.controller.in_thread(work)
        finally:
            self._making.discard(row.sha256)
        if data:
            pix = QPixmap()
            pix.loadFromData(data, "PNG")
            self._thumbs[row.sha256] = pix
            if len(self._thumbs) > 100:
                self._thumbs.popitem(last=False)
            self.view_update()

    # ---- the delegate hook ----

    def size(self, item, width: int) -> QSize | None:
        row = self._row(item.id)
        if row is None:
            return None
        if previewable(row.name):
            pix = self._thumbs.get(row.sha256)
            if pix is not None and not pix.isNull():
                return QSize(min(pix.width(), width), pix.height())
        return QSize(min(CARD.width(), width), CARD.height())

    def paint(self, painter: QPainter, rect: QRect, item, pal: QPalette) -> None:
        row = self._row(item.id)
        if row is None:
            return
        painter.save()
        if previewable(row.name):
            pix = self._thumb(row)
            if pix is not None and not pix.isNull():
                painter.drawPixmap(rect.topLeft(), pix)
                painter.restore()
                return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.setBrush(pal.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        icon = QRect(rect.left() + 8, rect.top() + 8, rect.height() - 16, rect.height() - 16)
        big = QFont(painter.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        painter.setFont(big)
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        painter.drawText(icon, Qt.AlignmentFlag.AlignCenter, _ICON.get(row.kind, "📎"))
        painter.setFont(QFont(painter.font().family()))
        text = QRect(icon.right() + 10, rect.top() + 6, rect.width() - icon.width() - 26, rect.height() - 12)
        fm = QFontMetrics(painter.font())
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(text, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                         QFontMetrics(bold).elidedText(row.name, Qt.TextElideMode.ElideMiddle, text.width()))
        painter.setFont(QFont(painter.font().family()))
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(text, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(self.detail(row), Qt.TextElideMode.ElideRight, text.width()))
        painter.restore()

    def detail(self, row: FileRow) -> str:
        text = human_size(row.size)
        if row.cached:
            text += " · " + QCoreApplication.translate("FileCards", "available offline")
        return text

    def clicked(self, item) -> None:
        row = self._row(item.id)
        if row is None:
            return
        pix = self._thumbs.get(row.sha256)
        if previewable(row.name) and pix is not None:
            asyncio.ensure_future(self._view(row))
        else:
            asyncio.ensure_future(self.open_file(row))

    async def _view(self, row: FileRow) -> None:
        data = await self.controller.in_thread(self.controller.cache.read_all, row.sha256, PREVIEW_LIMIT)
        if data is None:
            await self.open_file(row)
            return
        ImageViewer(row.name, data).show()


class ImageViewer(QDialog):
    """The full image in a scrollable window (Esc closes)."""

    _open: list = []

    def __init__(self, title: str, data: bytes, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        pix = QPixmap()
        pix.loadFromData(data)
        label = QLabel(self)
        label.setPixmap(pix)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        area = QScrollArea(self)
        area.setWidget(label)
        area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(area)
        self.resize(min(pix.width() + 24, 1200), min(pix.height() + 24, 900))
        ImageViewer._open.append(self)
        self.destroyed.connect(lambda *_: ImageViewer._open.remove(self) if self in ImageViewer._open else None)
