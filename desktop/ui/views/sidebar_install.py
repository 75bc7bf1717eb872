"""Wires the sidebar's top (you, your status, DND), the starred section, people's
presence and status on DM rows and the unread-only filter into a running BeaconApp (one call from the composition root,
after the team feature put its footer under the sidebar)."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from desktop.ui.views.sidebar_filter import UnreadFilter
from desktop.ui.views.sidebar_people import SidebarPeople
from desktop.ui.views.sidebar_stars import Stars
from desktop.ui.views.sidebar_top import SidebarTop


class SidebarUi:
    def __init__(self, app):
        window = app.window
        self.top = SidebarTop(app.attention, app.attention_ui.status_menu, window.me, window)
        install_above_sidebar(window, self.top)
        self.stars = Stars(window, app.settings)
        self.filter = UnreadFilter(window, app.settings, self.top.filter_button)
        app.store_bridge.changed.connect(self.top.apply_changes)
        self.people = SidebarPeople(app.attention, window)  # presence and status on DM rows
        app.store_bridge.changed.connect(self.people.apply_changes)


def install_above_sidebar(window, widget: QWidget) -> None:
    """Put `widget` above the sidebar's list, in the list's column: the column another
    feature made (desktop.ui.team.sidebar_footer), else a new one in the splitter."""
    parent = window.sidebar.parentWidget()
    if isinstance(parent, QSplitter):
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        parent.replaceWidget(parent.indexOf(window.sidebar), box)
        layout.addWidget(window.sidebar, 1)
        window.sidebar.show()
        widget.box = box  # keep the wrapper alive (PySide does not hand it to the splitter)
    layout = window.sidebar.parentWidget().layout()
    layout.insertWidget(layout.indexOf(window.sidebar), widget)


def install(app) -> SidebarUi:
    return SidebarUi(app)
