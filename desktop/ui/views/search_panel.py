"""Search over the offline cache; activating a result jumps to the message.

Results are grouped by channel, the matches highlighted, dates in the user's
language ("12月1日 14:05" / "Dec 1, 14:05"). Filters: from: in: has: before: after:
(desktop.domain.search_query). Up/Down from the query box walk the results,
Enter opens one.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDateTime, QLocale, QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QStyle,
    QStyledItemDelegate, QToolButton, QVBoxLayout, QWidget,
)

from desktop.domain.search_query import parse
from desktop.ui.markdown import SafeDocument, neutralize

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
HEADER_ROLE = Qt.ItemDataRole.UserRole + 2


def highlighted_html(text: str, ranges, mark: str) -> str:
    """Escaped `text` with each (start, end) range in bold on `mark`; nothing in it is markup."""
    out, pos = [], 0
    for start, end in ranges:
        if start < pos or end > len(text):
            continue
        out.append(html.escape(neutralize(text[pos:start])))
        out.append(f'<b style="background-color:{mark}">{html.escape(neutralize(text[start:end]))}</b>')
        pos = end
    out.append(html.escape(neutralize(text[pos:])))
    return "".join(out).replace("\n", " ")


class _ResultDelegate(QStyledItemDelegate):
    """Paints a result's escaped HTML (a SafeDocument: nothing is ever loaded)."""

    def _doc(self, option, index) -> SafeDocument:
        doc = SafeDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(80, option.rect.width() - 12))
        return doc

    def sizeHint(self, option, index: QModelIndex) -> QSize:  # noqa: N802
        if index.data(HTML_ROLE) is None:
            return super().sizeHint(option, index)
        doc = self._doc(option, index)
        return QSize(int(doc.idealWidth()) + 12, int(doc.size().height()) + 8)

    def paint(self, painter, option, index: QModelIndex) -> None:
        if index.data(HTML_ROLE) is None:
            return super().paint(painter, option, index)
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            # A light wash, not the full highlight: the text keeps its colours and stays legible.
            wash = option.palette.color(QPalette.ColorRole.Highlight)
            wash.setAlpha(60)
            painter.fillRect(option.rect, wash)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            wash = option.palette.color(QPalette.ColorRole.Highlight)
            wash.setAlpha(25)
            painter.fillRect(option.rect, wash)
        doc = self._doc(option, index)
        painter.translate(option.rect.left() + 6, option.rect.top() + 4)
        doc.drawContents(painter, QRectF(0, 0, option.rect.width() - 12, option.rect.height() - 8))
        painter.restore()


class SearchPanel(QWidget):
    """Signals: jump(str channel, int msg), closed()."""

    jump = Signal(str, "qlonglong")
    closed = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self._store = store
        self.channel: str | None = None
        self.incomplete = False  # the last results were searched before the index caught up
        self._rerun = QTimer(self, singleShot=True, interval=500)  # at most twice a second while indexing
        self._rerun.timeout.connect(self._run_again)
        self.setAccessibleName(self.tr("Search"))
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("Search messages (works offline)"))
        self.query.setAccessibleName(self.tr("Search query"))
        self.query.setToolTip(self.tr(
            "Filters: from:li  in:general  has:file  has:link  has:pin  before:2026-12-01  after:12-01"
        ))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self._enter)
        self.query.installEventFilter(self)
        self.only_here = QCheckBox(self.tr("This channel only"), self)
        self.only_here.toggled.connect(self.run)
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName(self.tr("Close search"))
        close.clicked.connect(self.close_panel)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setText(self.tr("Type words to search every cached message, even offline."
                                     " Narrow it with from:, in:, has:file, before: or after:."))
        self.results = QListWidget(self)
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setWordWrap(True)
        self.results.setItemDelegate(_ResultDelegate(self.results))
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)
        self._searched = ""
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.only_here)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)

    def open_search(self, channel: str | None, *, only_here: bool) -> None:
        self.channel = channel
        self.only_here.setChecked(only_here and channel is not None)
        self.show()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    # ---- searching ----------------------------------------------------------------

    def _when(self, ts_ms: int) -> str:
        moment = QDateTime.fromMSecsSinceEpoch(ts_ms)
        same_year = moment.date().year() == QDateTime.currentDateTime().date().year()
        # Translatable Qt date formats (zh_CN: "M月d日"); the time as the locale writes it.
        locale = QLocale()
        if not same_year:
            return locale.toString(moment.date(), self.tr("MMM d, yyyy"))
        day = locale.toString(moment.date(), self.tr("MMM d"))
        return f"{day} {locale.toString(moment.time(), QLocale.FormatType.ShortFormat)}"

    def run(self) -> None:
        raw = self.query.text().strip()
        self._searched = raw
        self.results.clear()
        query = parse(raw, dt.date.today())
        if query.empty:
            self.summary.setText(self.tr("Type words to search every cached message, even offline."
                                         " Narrow it with from:, in:, has:file, before: or after:."))
            return
        channel = self.channel if self.only_here.isChecked() else None
        hits = self._store.search_query(query, channel=channel, limit=50)
        names = {c.id: (c.title if c.dm else "#" + c.name) for c in self._store.channels()}
        mark = self.palette().color(QPalette.ColorRole.Highlight)
        mark.setAlpha(90)
        groups: dict[str, list] = {}
        for hit in hits:
            groups.setdefault(hit.message.channel, []).append(hit)
        for channel_id, group in groups.items():  # channels in the order of their newest hit
            header = QListWidgetItem(self.tr("%1 · %n result(s)", "", len(group)).replace(
                "%1", neutralize(names.get(channel_id, channel_id))))
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown normally, never selected
            header.setData(HEADER_ROLE, True)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            self.results.addItem(header)
            for hit in group:
                m = hit.message
                meta = f"{html.escape(neutralize(m.author_name))} · {html.escape(self._when(m.ts))}"
                body = highlighted_html(hit.snippet, hit.highlights, mark.name(mark.NameFormat.HexArgb))
                item = QListWidgetItem(f"{m.author_name}: {hit.snippet}")  # plain text for accessibility
                item.setData(HTML_ROLE, f'<span style="color:gray">{meta}</span><br>{body}')
                item.setData(Qt.ItemDataRole.UserRole, (m.channel, m.id))
                self.results.addItem(item)
        if hits:
            self.summary.setText(self.tr("%n result(s)", "", len(hits)))
            self._select(1)
        else:
            self.summary.setText(self.tr("No matches in the cache. Check the spelling, or remove a filter."))
        if query.problems:
            self.summary.setText(self.summary.text() + " " + self.tr("Not understood: %1").replace(
                "%1", " ".join(query.problems)))
        self.incomplete = bool(getattr(hits, "incomplete", False))
        if self.incomplete:  # a catch-up not indexed yet (desktop.store.indexer)
            self.summary.setText(self.summary.text() + " " + self.tr(
                "Still indexing %n message(s): newer matches may be missing.", "", hits.unindexed))

    def apply_changes(self, changes) -> None:
        """The background index moved on: search again while the last results were incomplete."""
        if self.incomplete and "search_index" in changes.features and not self.isHidden():
            self._rerun.start()

    def _run_again(self) -> None:
        if self.query.text().strip() == self._searched and not self.isHidden():
            row = self.results.currentRow()
            self.run()
            if 0 <= row < self.results.count():
                self.results.setCurrentRow(row)

    # ---- keyboard -------------------------------------------------------------------

    def _result_rows(self) -> list[int]:
        return [i for i in range(self.results.count()) if not self.results.item(i).data(HEADER_ROLE)]

    def _select(self, step: int) -> None:
        rows = self._result_rows()
        if not rows:
            return
        current = self.results.currentRow()
        if current not in rows:
            target = rows[0] if step > 0 else rows[-1]
        else:
            target = rows[(rows.index(current) + step) % len(rows)]
        self.results.setCurrentRow(target)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.query and event.type() == event.Type.KeyPress and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._select(1 if event.key() == Qt.Key.Key_Down else -1)
            return True
        return super().eventFilter(obj, event)

    def _enter(self) -> None:
        """Enter searches; Enter again on an unchanged query opens the selected result."""
        item = self.results.currentItem()
        if self.query.text().strip() == self._searched and item is not None and not item.data(HEADER_ROLE):
            self._activated(item)
        else:
            self.run()

    def _activated(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data is None:
            return
        channel, msg = data
        self.jump.emit(channel, msg)

    def close_panel(self) -> None:
        self.hide()
        self.closed.emit()
