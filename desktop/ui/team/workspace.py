"""Workspace settings (owners and admins): People, Invitations and the Audit log, one tab
each. Anyone may open it; what they may not do the relay refuses in plain words."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout

from desktop.ui.team.workspace_audit import AuditPage
from desktop.ui.team.workspace_invites import InvitesPage
from desktop.ui.team.workspace_people import PeoplePage


class WorkspaceSettingsDialog(QDialog):
    def __init__(self, relay, me: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Workspace settings"))
        self.resize(760, 520)
        self.tabs = QTabWidget(self)
        self.people = PeoplePage(relay, me, self)
        self.invites = InvitesPage(relay, self)
        self.audit = AuditPage(relay, self, store=getattr(relay, "store", None))
        self.tabs.addTab(self.people, self.tr("People"))
        self.tabs.addTab(self.invites, self.tr("Invitations"))
        self.tabs.addTab(self.audit, self.tr("Audit log"))
        self.tabs.currentChanged.connect(self._tab)
        self._loaded: set[int] = set()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def refresh(self) -> None:
        self._loaded.clear()
        self._tab(self.tabs.currentIndex())

    def _tab(self, index: int) -> None:
        if index not in self._loaded:  # each page asks the relay the first time it is shown
            self._loaded.add(index)
            self.tabs.widget(index).refresh()

    def done(self, code: int) -> None:  # noqa: A003 - QDialog.done
        self.people.forget()
        super().done(code)
