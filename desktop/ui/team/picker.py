"""A searchable people picker: a filter box over a checkable list of people.

The filter matches the user name or display name as a substring, case-insensitively,
in any script (`李` finds 李伟, `li` finds li.wei), and Chinese names by pinyin and
initials as Ctrl+K does (`liwei`, `lw`: desktop.domain.name_match). Checked people
stay checked while the filter hides them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.domain import name_match
from desktop.store import team as st
from desktop.ui.avatar import avatar_icon
from desktop.ui.views.switcher import romanizer

USER = Qt.ItemDataRole.UserRole


def matches(needle: str, *texts: str) -> bool:
    folded = needle.strip().casefold()
    if not folded or any(folded in t.casefold() for t in texts if t):
        return True
    han = [t for t in texts if t and name_match.has_han(t)]
    if not han or not folded.isascii():
        return False
    romanize = romanizer()
    return any(name_match.score(folded, name_match.keys(t, romanize)) is not None for t in han)


def candidates(store, me: str, exclude=()) -> list[tuple[str, str]]:
    """(user, display name) of the active people in the cache, me and `exclude` left out."""
    skip = set(exclude) | {me}
    return [(u.name, u.display_name) for u in store.users()
            if u.name not in skip and st.person(store, u.name).active]


class PeoplePicker(QWidget):
    """Signals: changed(): the set of chosen people changed."""

    changed = Signal()

    def __init__(self, people: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Find people by name"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Find people"))
        self.filter.textChanged.connect(self._apply_filter)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("People"))
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        self.empty = QLabel(self.tr("Nobody matches."), self)
        self.empty.setEnabled(False)
        self.empty.hide()
        for user, name in people:
            item = QListWidgetItem(avatar_icon(user, name), f"{name}  (@{user})", self.list)
            item.setData(USER, user)
            item.setData(USER + 1, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.list.itemActivated.connect(self._toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)

    def _toggle(self, item: QListWidgetItem) -> None:
        on = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if on else Qt.CheckState.Checked)

    def _apply_filter(self, text: str) -> None:
        shown = 0
        for i in range(self.list.count()):
            item = self.list.item(i)
            hide = not matches(text, item.data(USER), item.data(USER + 1))
            item.setHidden(hide)
            shown += not hide
        self.empty.setVisible(shown == 0)

    def visible_users(self) -> list[str]:
        return [self.list.item(i).data(USER) for i in range(self.list.count()) if not self.list.item(i).isHidden()]

    def set_checked(self, user: str, on: bool = True) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(USER) == user:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(USER) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]
