"""A bounded window of one channel's timeline (or one thread), fed by the cache.

The cache is the source of truth; this model only keeps the rows currently in
the window and re-reads from the cache when change notices arrive. Pending
outbox posts sit at the bottom until the relay confirms them.
"""

from __future__ import annotations

import datetime as dt
import enum

from PySide6.QtCore import (
    QAbstractListModel, QCoreApplication, QDateTime, QLocale, QModelIndex, QPersistentModelIndex, Qt, Signal,
)

from desktop.store.rows import MessageRow, OutboxItem

PAGE = 50
# Most rows held at once. Paging past it drops rows at the far end, so memory
# stays flat however far the user scrolls.
WINDOW_MAX = 600
GROUP_GAP_MS = 5 * 60 * 1000


class Role(enum.IntEnum):
    ITEM = Qt.ItemDataRole.UserRole + 1  # MessageRow or OutboxItem
    GROUPED = Qt.ItemDataRole.UserRole + 2  # same author as the row above, close in time
    DAY = Qt.ItemDataRole.UserRole + 3  # date string if a day separator goes above, else ""
    PENDING = Qt.ItemDataRole.UserRole + 4  # "" | "pending" | "sending" | "acked" | "failed"
    MSG_ID = Qt.ItemDataRole.UserRole + 5  # message id, or 0 for a pending post


def exact_time(row: MessageRow) -> str:
    """The tooltip over a message: its full date and time (and when it was edited)."""
    locale = QLocale()
    text = locale.toString(QDateTime.fromMSecsSinceEpoch(row.ts), QLocale.FormatType.LongFormat)
    if row.edited_ts and not row.deleted:
        edited = locale.toString(QDateTime.fromMSecsSinceEpoch(row.edited_ts), QLocale.FormatType.LongFormat)
        text += "\n" + QCoreApplication.translate("TimelineModel", "Edited %1").replace("%1", edited)
    return text


def _local_day(ms: int) -> dt.date:
    return dt.datetime.fromtimestamp(ms / 1000).date()


class TimelineModel(QAbstractListModel):
    """Rows of one channel (top-level messages) or one thread (root + replies).

    Signals:
        loaded(): the window was replaced (channel switch, jump, reset).
        older_loaded(int): rows were inserted at the top (count), for scroll anchoring.
    """

    loaded = Signal()
    older_loaded = Signal(int)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self._store = store
        self.channel: str | None = None
        self.thread_root: int | None = None
        self._rows: list[MessageRow] = []
        self._pending: list[OutboxItem] = []
        self._has_older = False
        self._has_newer = False  # rows newer than the window exist (window trimmed or jumped)

    # ---- loading ---------------------------------------------------------

    def load_channel(self, channel: str | None) -> None:
        self.beginResetModel()
        self.channel, self.thread_root = channel, None
        if channel is None:
            self._rows, self._pending = [], []
            self._has_older = False
        else:
            rows = self._store.messages(channel, limit=PAGE + 1)
            self._has_older = len(rows) > PAGE
            self._rows = rows[-PAGE:]
            self._pending = self._store.pending_posts(channel)
        self._has_newer = False
        self.endResetModel()
        self.loaded.emit()

    def load_thread(self, root: int) -> None:
        self.beginResetModel()
        rows = self._store.thread(root)
        self.channel = rows[0].channel if rows else None
        self.thread_root = root
        self._rows = rows
        self._pending = [p for p in self._store.pending_posts(self.channel) if p.thread == root] if rows else []
        self._has_older = self._has_newer = False
        self.endResetModel()
        self.loaded.emit()

    def load_around(self, channel: str, msg_id: int) -> int:
        """Window centred on one message (search jump); returns its row or -1."""
        self.beginResetModel()
        self.channel, self.thread_root = channel, None
        older = self._store.messages(channel, before=msg_id + 1, limit=PAGE // 2 + 1)
        newer = self._store.messages(channel, after=msg_id, limit=PAGE // 2 + 1)
        self._has_older = len(older) > PAGE // 2
        self._has_newer = len(newer) > PAGE // 2
        self._rows = older[-(PAGE // 2):] + newer[: PAGE // 2]
        self._pending = [] if self._has_newer else self._store.pending_posts(channel)
        self.endResetModel()
        self.loaded.emit()
        return self.row_of(msg_id)

    def has_older(self) -> bool:
        return self._has_older

    def fetch_older(self) -> int:
        """Prepend the previous page (called when the view nears the top)."""
        if not self._has_older or not self._rows or self.thread_root is not None:
            return 0
        rows = self._store.messages(self.channel, before=self._rows[0].id, limit=PAGE + 1)
        self._has_older = len(rows) > PAGE
        rows = rows[-PAGE:]
        if not rows:
            return 0
        self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
        self._rows[:0] = rows
        self.endInsertRows()
        self._trim(keep="top")
        self.older_loaded.emit(len(rows))
        return len(rows)

    # Qt's views call these when scrolled to the bottom: that is the newer end.
    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self._has_newer

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if parent.isValid() or not self._has_newer or not self._rows:
            return
        rows = self._store.messages(self.channel, after=self._rows[-1].id, limit=PAGE + 1)
        self._has_newer = len(rows) > PAGE
        rows = rows[:PAGE]
        if rows:
            end = len(self._rows)
            self.beginInsertRows(QModelIndex(), end, end + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        if not self._has_newer:
            self._reload_pending()
        self._trim(keep="bottom")

    def _trim(self, keep: str) -> None:
        excess = len(self._rows) - WINDOW_MAX
        if excess <= 0:
            return
        if keep == "top":  # drop the newest rows (and the pending ones below them)
            first = WINDOW_MAX
            last = len(self._rows) + len(self._pending) - 1
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[WINDOW_MAX:]
            self._pending = []
            self.endRemoveRows()
            self._has_newer = True
        else:
            self.beginRemoveRows(QModelIndex(), 0, excess - 1)
            del self._rows[:excess]
            self.endRemoveRows()
            self._has_older = True

    # ---- change notices from the cache -------------------------------------

    def apply(self, changes) -> None:
        """Bring the window up to date with one Changes value from the cache."""
        if self.channel is None:
            return
        if changes.reset:
            self.reload()
            return
        delta = changes.channels.get(self.channel)
        if delta is not None:
            if self.thread_root is not None:
                if self.thread_root in delta.replies or self.thread_root in delta.updated:
                    self.reload()
                    return
            else:
                if delta.inserted and self._rows and delta.inserted[0] > self._rows[0].id:
                    self.reload()  # backfill landed inside the window
                    return
                if delta.appended and not self._has_newer:
                    self._append_new()
                if delta.updated:
                    self._refresh(delta.updated)
        if self.channel in changes.pending and not self._has_newer:
            self._reload_pending()

    def reload(self) -> None:
        if self.thread_root is not None:
            self.load_thread(self.thread_root)
        else:
            self.load_channel(self.channel)

    def _append_new(self) -> None:
        after = self._rows[-1].id if self._rows else 0
        rows = self._store.messages(self.channel, after=after, limit=PAGE * 4)
        if not rows:
            return
        end = len(self._rows)
        self.beginInsertRows(QModelIndex(), end, end + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()
        self._trim(keep="bottom")
        if end:  # the old last row may now be grouped with the first new one
            self._emit_changed(end - 1, end - 1)

    def _refresh(self, ids) -> None:
        positions = {row.id: i for i, row in enumerate(self._rows)}
        for msg_id in ids:
            i = positions.get(msg_id)
            if i is None:
                continue
            fresh = self._store.message(msg_id)
            if fresh is not None:
                self._rows[i] = fresh
                self._emit_changed(i, i)

    def _reload_pending(self) -> None:
        fresh = self._store.pending_posts(self.channel)
        if self.thread_root is not None:
            fresh = [p for p in fresh if p.thread == self.thread_root]
        else:
            fresh = [p for p in fresh if p.thread is None]
        base = len(self._rows)
        if self._pending:
            self.beginRemoveRows(QModelIndex(), base, base + len(self._pending) - 1)
            self._pending = []
            self.endRemoveRows()
        if fresh:
            self.beginInsertRows(QModelIndex(), base, base + len(fresh) - 1)
            self._pending = fresh
            self.endInsertRows()

    def _emit_changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first), self.index(last))

    # ---- lookups ------------------------------------------------------------

    def row_of(self, msg_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.id == msg_id:
                return i
        return -1

    def item(self, row: int):
        if 0 <= row < len(self._rows):
            return self._rows[row]
        if 0 <= row - len(self._rows) < len(self._pending):
            return self._pending[row - len(self._rows)]
        return None

    def last_own_message(self, me: str) -> MessageRow | None:
        for row in reversed(self._rows):
            if row.author == me and not row.deleted and row.id != self.thread_root:
                return row
        return None

    def newest_id(self) -> int:
        return self._rows[-1].id if self._rows else 0

    # ---- Qt model API ---------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows) + len(self._pending)

    def roleNames(self):  # noqa: N802
        names = super().roleNames()
        names.update({r.value: r.name.lower().encode() for r in Role})
        return names

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.column() != 0:
            return None
        row = index.row()
        item = self.item(row)
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return item.text if isinstance(item, OutboxItem) else ("" if item.deleted else item.text)
        if role == Qt.ItemDataRole.ToolTipRole:
            if isinstance(item, OutboxItem):
                return (item.error or "") if item.state == "failed" else None
            return exact_time(item)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if isinstance(item, OutboxItem):
                return f"{item.text} ({item.state})"
            return f"{item.author_name}: {'' if item.deleted else item.text}"
        if role == Role.ITEM:
            return item
        if role == Role.PENDING:
            return item.state if isinstance(item, OutboxItem) else ""
        if role == Role.MSG_ID:
            return 0 if isinstance(item, OutboxItem) else item.id
        if role == Role.GROUPED:
            return self._grouped(row)
        if role == Role.DAY:
            return self._day(row)
        return None

    def _ts(self, row: int) -> int:
        item = self.item(row)
        return item.created_ts if isinstance(item, OutboxItem) else item.ts

    def _grouped(self, row: int) -> bool:
        if row == 0 or self._day(row):
            return False
        item, above = self.item(row), self.item(row - 1)
        if isinstance(item, OutboxItem):
            return isinstance(above, OutboxItem)
        if isinstance(above, OutboxItem) or self.thread_root == above.id:
            return False
        return above.author == item.author and item.ts - above.ts < GROUP_GAP_MS

    def _day(self, row: int) -> str:
        day = _local_day(self._ts(row))
        if row > 0 and _local_day(self._ts(row - 1)) == day:
            return ""
        return day.isoformat()
