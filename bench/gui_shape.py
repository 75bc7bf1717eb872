"""A Qt-only window shaped like Beacon's first frame, for bench/gui_child.py's `shape` mode.

No Beacon code: a sidebar tree of 18 rows with a painting delegate, a header of three
labels, a tab bar, a 50-row timeline whose delegate lays out rich text (QTextDocument,
mixed Chinese and Latin), a multi-line composer between two tool buttons, a splitter and
a status bar. What the same first frame costs in PySide6 alone: the cold-start row it
makes says how much of Beacon's time is its own Python (protocol, store, models, markdown)
rather than the widgets it shows.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, QStringListModel, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QPalette, QStandardItem, QStandardItemModel, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QListView, QMainWindow, QPlainTextEdit, QSplitter, QStyle,
    QStyledItemDelegate, QTabBar, QToolButton, QTreeView, QVBoxLayout, QWidget,
)

WORDS = ["会议", "评审", "离线", "同步", "release", "build", "sync", "offline"]


class _SidebarDelegate(QStyledItemDelegate):
    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        return QSize(option.rect.width(), 28)

    def paint(self, painter, option, index) -> None:
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.color(QPalette.ColorRole.Highlight))
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(option.rect.adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, index.data())


class _MessageDelegate(QStyledItemDelegate):
    def __init__(self, parent):
        super().__init__(parent)
        self.docs: dict[int, QTextDocument] = {}

    def _doc(self, index, width: int) -> QTextDocument:
        doc = self.docs.get(index.row())
        if doc is None:
            doc = QTextDocument()
            doc.setHtml(f"<b>Bob</b> <span style='color:#888'>10:{index.row():02d}</span><br>"
                        f"{index.data()} <b>#{index.row()}</b>")
            self.docs[index.row()] = doc
        doc.setTextWidth(width)
        return doc

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        return QSize(option.rect.width(), int(self._doc(index, max(option.rect.width(), 600)).size().height()) + 8)

    def paint(self, painter, option, index) -> None:
        doc = self._doc(index, option.rect.width())
        painter.save()
        painter.translate(option.rect.topLeft())
        doc.documentLayout().draw(painter, QAbstractTextDocumentLayout.PaintContext())
        painter.restore()


def build() -> tuple[QMainWindow, QListView]:
    """The window and its timeline (whose viewport's first paint stops the clock)."""
    window = QMainWindow()
    window.setWindowTitle("shape")
    window.resize(1180, 760)
    channels = QStandardItemModel(window)
    for section in ("Starred", "Channels", "Direct messages"):
        head = QStandardItem(section)
        channels.appendRow(head)
        for k in range(5):
            head.appendRow(QStandardItem(f"{section.lower()}-{k} 会议"))
    sidebar = QTreeView()
    sidebar.setModel(channels)
    sidebar.setItemDelegate(_SidebarDelegate(sidebar))
    sidebar.setHeaderHidden(True)
    sidebar.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    sidebar.expandAll()
    header = QWidget()
    row = QHBoxLayout(header)
    for text in ("<b># general</b>", "Topic: 发布计划"):
        row.addWidget(QLabel(text))
    row.addStretch(1)
    row.addWidget(QLabel("3 members"))
    tabs = QTabBar()
    for name in ("Messages", "Files", "Tasks", "Pins"):
        tabs.addTab(name)
    timeline = QListView()
    timeline.setModel(QStringListModel([" ".join(WORDS[(i * 7 + k) % 8] for k in range(8)) for i in range(50)], timeline))
    timeline.setItemDelegate(_MessageDelegate(timeline))
    timeline.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    composer = QWidget()
    line = QHBoxLayout(composer)
    line.addWidget(QToolButton(text="+"))
    editor = QPlainTextEdit()
    editor.setPlaceholderText("Message #general")
    editor.setMaximumHeight(80)
    line.addWidget(editor, 1)
    line.addWidget(QToolButton(text=":)"))
    center = QWidget()
    column = QVBoxLayout(center)
    column.setContentsMargins(0, 0, 0, 0)
    for widget, stretch in ((header, 0), (tabs, 0), (timeline, 1), (composer, 0)):
        column.addWidget(widget, stretch)
    splitter = QSplitter()
    splitter.addWidget(sidebar)
    splitter.addWidget(center)
    splitter.setSizes([240, 940])
    window.setCentralWidget(splitter)
    window.statusBar().addWidget(QLabel("Offline · last synced 10:00"))
    return window, timeline
