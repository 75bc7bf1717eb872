"""The sidebar: channels and direct messages in two collapsible sections."""

from __future__ import annotations

import enum

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from desktop.store.rows import ChannelRow
from desktop.ui.models.sidebar_sections import CHANNELS, DMS, STARRED, build_sections

_NO_PARENT = 0xFFFFFFFF


class Role(enum.IntEnum):
    CHANNEL_ID = Qt.ItemDataRole.UserRole + 1
    UNREAD = Qt.ItemDataRole.UserRole + 2
    MENTIONS = Qt.ItemDataRole.UserRole + 3
    MUTED = Qt.ItemDataRole.UserRole + 4
    IS_SECTION = Qt.ItemDataRole.UserRole + 5
    ROW = Qt.ItemDataRole.UserRole + 6
    PERSON = Qt.ItemDataRole.UserRole + 7  # a DM's other member: presence, status emoji, DND (or None)



class ChannelListModel(QAbstractItemModel):
    """Top-level section rows (desktop.ui.models.sidebar_sections: Starred when something
    is starred, Channels, Direct messages), each with its channels as children.

    Rows are sorted by name so counts changing never moves a row; only a
    channel being added, removed, renamed, starred or filtered out resets the model.
    """

    def __init__(self, store, is_muted=lambda channel_id: False, parent=None):
        super().__init__(parent)
        self._store = store
        self._is_muted = is_muted
        self.is_starred = lambda channel_id: False  # the sidebar feature sets these
        self.person_state = lambda user: None  # -> views.sidebar_people.PersonState | None
        self.unread_only = False
        self.keep: str | None = None  # shown under the unread-only filter (the one in view)
        self._all: dict[str, ChannelRow] = {}
        self._kinds: list[str] = [CHANNELS, DMS]
        self._sections: list[list[ChannelRow]] = [[], []]
        self.refresh()

    # ---- updates ------------------------------------------------------------

    def refresh(self) -> None:
        rows = [c for c in self._store.channels() if c.am_member]
        self._all = {c.id: c for c in rows}
        built = build_sections(rows, is_starred=self.is_starred, unread_only=self.unread_only, keep=self.keep)
        kinds, fresh = [k for k, _ in built], [r for _, r in built]
        same_shape = kinds == self._kinds and all(
            [c.id for c in f] == [c.id for c in old] for f, old in zip(fresh, self._sections)
        )
        if not same_shape:
            self.beginResetModel()
            self._kinds, self._sections = kinds, fresh
            self.endResetModel()
            return
        for s in range(len(self._sections)):
            for i, (old, new) in enumerate(zip(self._sections[s], fresh[s])):
                if old != new:
                    self._sections[s][i] = new
                    index = self.index(i, 0, self.index(s, 0))
                    self.dataChanged.emit(index, index)

    def has_unread(self) -> bool:
        """Any conversation with unread messages (shown or filtered out)."""
        return any(c.unread for c in self._all.values())

    def muted_changed(self) -> None:
        for s in range(len(self._sections)):
            if self._sections[s]:
                parent = self.index(s, 0)
                self.dataChanged.emit(self.index(0, 0, parent), self.index(len(self._sections[s]) - 1, 0, parent))

    # ---- lookups -------------------------------------------------------------

    def channel_index(self, channel_id: str) -> QModelIndex:
        for s in range(len(self._sections)):
            for i, c in enumerate(self._sections[s]):
                if c.id == channel_id:
                    return self.index(i, 0, self.index(s, 0))
        return QModelIndex()

    def ordered_ids(self) -> list[str]:
        return [c.id for s in self._sections for c in s]

    def channel(self, channel_id: str) -> ChannelRow | None:
        """Any conversation I am in, also one the unread-only filter hides."""
        return self._all.get(channel_id)

    def total_unread(self) -> tuple[int, int]:
        rows = [c for c in self._all.values() if not self._is_muted(c.id)]
        return sum(c.unread for c in rows), sum(c.mentions for c in rows)

    # ---- Qt model API ------------------------------------------------------------

    def index(self, row: int, column: int = 0, parent=QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _NO_PARENT) if row < len(self._sections) else QModelIndex()
        if parent.internalId() != _NO_PARENT:
            return QModelIndex()
        section = parent.row()
        if row >= len(self._sections[section]):
            return QModelIndex()
        return self.createIndex(row, 0, section)

    def parent(self, index=QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(index.internalId(), 0, _NO_PARENT)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._sections)
        if parent.internalId() == _NO_PARENT and parent.column() == 0 and parent.row() < len(self._sections):
            return len(self._sections[parent.row()])
        return 0

    @staticmethod
    def _title(kind: str) -> str:
        if kind == STARRED:
            return QCoreApplication.translate("ChannelListModel", "Starred")
        if kind == CHANNELS:
            return QCoreApplication.translate("ChannelListModel", "Channels")
        return QCoreApplication.translate("ChannelListModel", "Direct messages")

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 1

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _NO_PARENT:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == _NO_PARENT:
            title = self._title(self._kinds[index.row()])
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return title
            if role == Role.IS_SECTION:
                return True
            return None
        channel = self._sections[index.internalId()][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return channel.title if channel.dm else f"# {channel.name}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            label = channel.title if channel.dm else channel.name
            person = self.person_state(channel.dm_user) if channel.dm else None
            if person is not None:  # what the dot and the marks say, in words
                words = {"online": QCoreApplication.translate("ChannelListModel", "active"),
                         "away": QCoreApplication.translate("ChannelListModel", "away")}.get(person.presence)
                extra = [w for w in (words, person.emoji,
                                     QCoreApplication.translate("ChannelListModel", "do not disturb") if person.dnd else "") if w]
                label = ", ".join([label, *extra])
            if channel.unread:
                return QCoreApplication.translate("ChannelListModel", "%1, %2 unread").replace("%1", label).replace("%2", str(channel.unread))
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            return channel.topic or None
        if role == Role.CHANNEL_ID:
            return channel.id
        if role == Role.UNREAD:
            return channel.unread
        if role == Role.MENTIONS:
            return channel.mentions
        if role == Role.MUTED:
            return self._is_muted(channel.id)
        if role == Role.IS_SECTION:
            return False
        if role == Role.ROW:
            return channel
        if role == Role.PERSON:
            return self.person_state(channel.dm_user) if channel.dm else None
        return None
