"""Under the sidebar: a "+" button (create or browse channels) and the channels you
created while offline, shown as pending until the relay makes them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from desktop.protocol import frames as fr

WAITING = ("pending", "sending", "acked")


def pending_channels(store) -> list[str]:
    """Names of the channels created on this computer that the relay has not made yet."""
    return [i.frame.name for i in store.outbox(WAITING) if isinstance(i.frame, fr.CreateChannel)]


class SidebarFooter(QWidget):
    """Signals: create_requested(), browse_requested()."""

    create_requested = Signal()
    browse_requested = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.add = QToolButton(self)
        self.add.setText(self.tr("+ Add channels"))
        self.add.setToolTip(self.tr("Create a channel or browse the public ones"))
        self.add.setAccessibleName(self.tr("Add channels"))
        self.add.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add.setAutoRaise(True)
        menu = QMenu(self.add)
        menu.addAction(self.tr("Create channel…"), self.create_requested)
        menu.addAction(self.tr("Browse channels…"), self.browse_requested)
        self.add.setMenu(menu)
        self.pending = QLabel(self)
        self.pending.setTextFormat(Qt.TextFormat.PlainText)
        self.pending.setWordWrap(True)
        self.pending.setEnabled(False)  # greyed: not real yet
        self.pending.setAccessibleName(self.tr("Channels waiting to be created"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.pending)
        layout.addWidget(self.add, 0, Qt.AlignmentFlag.AlignLeft)
        self.refresh()

    def names(self) -> list[str]:
        return pending_channels(self.store)

    def refresh(self) -> None:
        names = self.names()
        self.pending.setText("\n".join(self.tr("# %1 — waiting to be created").replace("%1", n) for n in names))
        self.pending.setVisible(bool(names))

    def apply_changes(self, changes) -> None:
        if changes.outbox or changes.reset:
            self.refresh()


def install_under_sidebar(window, footer: SidebarFooter) -> None:
    """Put `footer` under the window's sidebar (the splitter's first widget) without
    changing the window's own layout code."""
    splitter = window.centralWidget()
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    splitter.replaceWidget(splitter.indexOf(window.sidebar), box)
    layout.addWidget(window.sidebar, 1)
    layout.addWidget(footer)
    window.sidebar.show()
    footer.box = box  # PySide does not hand `box` to the splitter: keep the wrapper alive
