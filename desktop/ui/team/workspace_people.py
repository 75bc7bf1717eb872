"""Workspace settings, People page (owners and admins): everyone's role, change it,
deactivate or reactivate an account. Changes go through the outbox; the relay's
refusal ("only owners can make someone an owner…") is shown as it says it."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from desktop.protocol import team as tm
from desktop.protocol.types import ROLES
from desktop.ui.team.people_text import role_label
from desktop.ui.team.picker import matches
from desktop.ui.team.relay import Unavailable

USER = Qt.ItemDataRole.UserRole


class PeoplePage(QWidget):
    def __init__(self, relay, me: str, parent=None):
        super().__init__(parent)
        self.relay, self.me = relay, me
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Find people by name or title"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Name"), self.tr("Title"), self.tr("Role"), self.tr("Account")])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 240)
        self.tree.setColumnWidth(1, 170)
        self.tree.setColumnWidth(2, 130)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        self.people: list[tm.Person] = []
        self.role_boxes: dict[str, QComboBox] = {}
        self.active_buttons: dict[str, QPushButton] = {}
        self.changing: dict[str, str] = {}  # cid -> user
        self.task: asyncio.Task | None = None
        self.confirm = self._confirm  # fn(text) -> bool (replaced in tests)
        relay.done.connect(self._done)
        relay.refused.connect(self._refused)

    def refresh(self) -> None:
        self.task = asyncio.ensure_future(self._load())

    async def _load(self) -> None:
        try:
            found = await self.relay.query(tm.People(id=self.relay.new_id(), query=""))
        except Unavailable as exc:
            self.status.setText(str(exc))
            return
        self.people = found.people
        self.tree.clear()
        self.role_boxes.clear()
        self.active_buttons.clear()
        for p in self.people:
            you = self.tr(" (you)") if p.user == self.me else ""
            item = QTreeWidgetItem([f"{p.display_name}{you}  @{p.user}", p.title, "", ""])
            item.setData(0, USER, p.user)
            self.tree.addTopLevelItem(item)
            box = QComboBox(self.tree)
            for role in ROLES:
                box.addItem(role_label(role), role)
            box.setCurrentIndex(box.findData(p.role))
            box.setAccessibleName(self.tr("Role of %1").replace("%1", p.display_name))
            box.currentIndexChanged.connect(lambda _i, user=p.user, box=box: self.set_role(user, box.currentData()))
            self.tree.setItemWidget(item, 2, box)
            self.role_boxes[p.user] = box
            button = QPushButton(self.tr("Deactivate") if p.active else self.tr("Reactivate"), self.tree)
            button.clicked.connect(lambda _=False, p=p: self._toggle_active(p))
            button.setEnabled(p.user != self.me)
            holder = QWidget(self.tree)  # the button at its own width, not across the column
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(button)
            row.addStretch(1)
            self.tree.setItemWidget(item, 3, holder)
            self.active_buttons[p.user] = button
        self._apply_filter(self.filter.text())
        self.status.setText(self.tr("%n person(s) in the workspace.", "", len(self.people)))
        mine = self.person(self.me)
        if mine is not None and mine.role not in ("owner", "admin"):  # the relay would refuse: say so first
            for widget in [*self.role_boxes.values(), *self.active_buttons.values()]:
                widget.setEnabled(False)
            self.status.setText(self.status.text() + " " + self.tr("Only owners and admins can change roles."))

    def _apply_filter(self, text: str) -> None:
        for i, p in enumerate(self.people):
            self.tree.topLevelItem(i).setHidden(not matches(text, p.user, p.display_name, p.title))

    def person(self, user: str) -> tm.Person | None:
        return next((p for p in self.people if p.user == user), None)

    def set_role(self, user: str, role: str) -> None:
        p = self.person(user)
        if p is None or p.role == role:
            return
        self.changing[self.relay.submit(tm.SetRole(id=self.relay.new_id(), user=user, role=role), quiet=True)] = user
        self.status.setText(self.tr("Changing the role of @%1…").replace("%1", user))

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Deactivate"), text)
        return answer == QMessageBox.StandardButton.Yes

    def _toggle_active(self, p: tm.Person) -> None:
        if p.active and not self.confirm(self.tr(
                "Deactivate %1? They are signed out everywhere and cannot sign in until reactivated."
                " Their messages stay.").replace("%1", p.display_name)):
            return
        self.set_active(p.user, not p.active)

    def set_active(self, user: str, active: bool) -> None:
        cmd = (tm.Reactivate if active else tm.Deactivate)(id=self.relay.new_id(), user=user)
        self.changing[self.relay.submit(cmd, quiet=True)] = user
        button = self.active_buttons.get(user)
        if button is not None:
            button.setEnabled(False)

    def _done(self, cid: str) -> None:
        user = self.changing.pop(cid, None)
        if user is not None:
            self.relay.unquiet(cid)
            self.status.setText(self.tr("Saved for @%1.").replace("%1", user))
            if not self.changing:
                self.refresh()

    def _refused(self, cid: str, _what: str, reason: str) -> None:
        if self.changing.pop(cid, None) is not None:
            self.status.setText(self.tr("The relay refused: %1").replace("%1", reason))
            if not self.changing:
                asyncio.ensure_future(self._reload_keeping_status())

    async def _reload_keeping_status(self) -> None:
        text = self.status.text()
        await self._load()  # puts the refused role back
        self.status.setText(text)

    def forget(self) -> None:
        for cid in self.changing:
            self.relay.unquiet(cid)
