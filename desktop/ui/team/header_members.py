"""The channel header's member count ("👥 5"): clicking it opens the members panel
(the window's `members_opener`). Shown for channels, not for direct messages."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QToolButton


class MembersButton(QToolButton):
    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window_ = window
        self.placed = False  # in the header (install_in_header)
        self.setAutoRaise(True)
        self.clicked.connect(self._open)
        window.channel_changed.connect(lambda _c: self.refresh())
        self.refresh()

    def _open(self) -> None:
        if self.window_.members_opener is not None and self.window_.current:
            self.window_.members_opener(self.window_.current)

    def refresh(self) -> None:
        window = self.window_
        row = window.store.channel(window.current) if window.current else None
        if row is None or row.dm or not self.placed:
            self.hide()
            return
        count = len(window.store.members(row.id))
        self.setText(f"👥 {count}")
        self.setToolTip(self.tr("%n member(s): show them", "", count))
        self.setAccessibleName(self.tr("Members of this channel: %n", "", count))
        self.show()

    def apply_changes(self, changes) -> None:
        if changes.channel_list or changes.reset:
            self.refresh()


def install_in_header(window, button: MembersButton) -> bool:
    """Put `button` at the right of the channel title (False if the header is not found)."""
    title = window.title
    center = title.parentWidget()
    column = center.layout() if center is not None else None
    header = column.itemAt(0).layout() if column is not None and column.count() else None
    if header is None or header.indexOf(title) < 0:
        return False
    header.removeWidget(title)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(title, 1)
    row.addWidget(button)
    header.insertLayout(0, row)
    button.placed = True
    button.refresh()
    return True
