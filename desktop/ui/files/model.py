"""Table model of shared files (from the cache; works offline)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from desktop.domain.files import human_size
from desktop.store.files import FileRow, FileStore

COLUMNS = ("name", "type", "size", "sender", "date", "offline")


class FilesModel(QAbstractTableModel):
    def __init__(self, files: FileStore, names, parent=None):
        super().__init__(parent)
        self.files = files
        self.names = names  # user -> display name, channel -> name
        self.rows: list[FileRow] = []
        self.channel: str | None = None
        self.kind: str | None = None
        self.query = ""

    def set_filter(self, *, channel: str | None = None, kind: str | None = None, query: str = "") -> None:
        self.channel, self.kind, self.query = channel, kind, query
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.files.files(self.channel, kind=self.kind, query=self.query)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        labels = (self.tr("Name"), self.tr("Type"), self.tr("Size"), self.tr("Sender"), self.tr("Date"),
                  self.tr("Offline"))
        return labels[section] if 0 <= section < len(labels) else None

    def kind_label(self, kind: str) -> str:
        return {
            "image": self.tr("Image"), "document": self.tr("Document"), "spreadsheet": self.tr("Spreadsheet"),
            "presentation": self.tr("Presentation"), "archive": self.tr("Archive"), "video": self.tr("Video"),
            "audio": self.tr("Audio"), "other": self.tr("Other"),
        }[kind]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "name":
                return row.name
            if col == "type":
                return self.kind_label(row.kind)
            if col == "size":
                return human_size(row.size)
            if col == "sender":
                return self.names(row.sender or "")
            if col == "date":
                return dt.datetime.fromtimestamp(row.ts / 1000).strftime("%Y-%m-%d %H:%M")
            if col == "offline":
                if row.pinned:
                    return self.tr("Kept offline") if row.cached else self.tr("Kept offline (downloading)")
                return self.tr("Available") if row.cached else ""
        if role == Qt.ItemDataRole.ToolTipRole and col == "name":
            return row.caption or row.name
        if role == Qt.ItemDataRole.TextAlignmentRole and col == "size":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None
