"""The sidebar's top, as in Slack and Lark: your avatar, name, work status and a
do-not-disturb mark; one click opens the Status menu (status presets, a custom
status, do-not-disturb). Beside it, the unread-only filter's toggle."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from desktop.domain import dnd
from desktop.protocol import frames as fr
from desktop.store import attention as att
from desktop.ui.attention.controller import local_time
from desktop.ui.avatar import avatar_icon

AVATAR = 32
QUEUED = ("pending", "sending", "acked")


def my_status(controller, me: str) -> att.Status:
    """My status as the relay last told it, with a change I queued (not yet confirmed)
    on top — the top shows a new status at once, also offline. An expired one is none."""
    mine = controller.status(me)
    queued = [i.frame for i in controller.store.outbox(QUEUED) if isinstance(i.frame, fr.SetStatus)]
    if queued:
        f = queued[-1]
        mine = att.Status(me, f.emoji, f.text, f.until, mine.dnd_until, mine.presence)
    if mine.until is not None and mine.until <= controller.relay_now():
        mine = att.Status(me, "", "", None, mine.dnd_until, mine.presence)
    return mine


def display_name(store, me: str) -> str:
    user = next((u for u in store.users() if u.name == me), None)
    return (user.display_name if user else "") or store.account().display_name or me


class MeButton(QToolButton):
    """Avatar, display name, "emoji status" (or a quiet "Set a status") and 🔕 in DND.
    The labels let clicks through: the whole button opens `menu`."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAutoRaise(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(self.tr("Set your status and do-not-disturb"))
        self._shown: tuple | None = None
        self.status_text = ""
        self.avatar = QLabel(self)
        self.avatar.setFixedSize(AVATAR, AVATAR)
        self.name = QLabel(self)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.dnd = QLabel("🔕", self)
        self.dnd.setAccessibleName(self.tr("Do not disturb"))
        self.dnd.hide()
        for label in (self.avatar, self.name, self.status, self.dnd):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        first = QHBoxLayout()  # "Name 🔕"
        first.setSpacing(4)
        first.addWidget(self.name)
        first.addWidget(self.dnd)
        first.addStretch(1)
        lines = QVBoxLayout()
        lines.setSpacing(0)
        lines.addLayout(first)
        lines.addWidget(self.status)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.setSpacing(8)
        row.addWidget(self.avatar)
        row.addLayout(lines, 1)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = self.layout().minimumSize()
        return QSize(AVATAR + 24, hint.height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._shown is not None:
            self.show_me(*self._shown)  # re-elide the name and status to the new width

    def show_me(self, key: str, name: str, status: str, dnd_text: str | None) -> None:
        self._shown = (key, name, status, dnd_text)
        self.avatar.setPixmap(avatar_icon(key, name, AVATAR).pixmap(AVATAR, AVATAR))
        width = max(40, self.width() - AVATAR - 40)
        name_width = width - (self.dnd.sizeHint().width() + 4 if dnd_text is not None else 0)
        self.name.setText(self.name.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, name_width))
        self.name.setToolTip(name)
        quiet = not status
        shown = status or self.tr("Set a status")
        self.status.setText(self.status.fontMetrics().elidedText(shown, Qt.TextElideMode.ElideRight, width))
        self.status.setStyleSheet("color: palette(placeholder-text);" if quiet else "")
        self.status_text = status
        self.dnd.setVisible(dnd_text is not None)
        self.dnd.setToolTip(dnd_text or "")
        parts = [name, status, dnd_text or ""]
        self.setAccessibleName(", ".join(p for p in parts if p))
        self.setAccessibleDescription(self.tr("Opens the status menu"))


class SidebarTop(QWidget):
    """Above the sidebar's list. `menu` is the attention feature's Status menu; the
    controller's changed and dnd_changed signals (and refresh()) keep it current."""

    def __init__(self, controller, menu: QMenu, me: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller, self.menu, self.me = controller, menu, me
        self._name: str | None = None
        self.me_button = MeButton(self)
        self.me_button.clicked.connect(self.open_menu)
        self.filter_button = QToolButton(self)
        self.filter_button.setCheckable(True)
        self.filter_button.setAutoRaise(True)
        self.filter_button.setText(self.tr("Unreads"))
        self.filter_button.setToolTip(self.tr("Show only conversations with unread messages (Ctrl+Shift+A)"))
        self.filter_button.setAccessibleName(self.tr("Unread only"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 4, 4, 2)
        layout.setSpacing(2)
        layout.addWidget(self.me_button, 1)
        layout.addWidget(self.filter_button, 0, Qt.AlignmentFlag.AlignVCenter)
        controller.changed.connect(self.refresh)
        controller.dnd_changed.connect(lambda _on: self.refresh())
        self.refresh()

    def open_menu(self) -> None:
        self.menu.popup(self.me_button.mapToGlobal(QPoint(0, self.me_button.height())))

    def dnd_text(self) -> str | None:
        """"Do not disturb until 14:30" while mine is on, else None."""
        c = self.controller
        if not c.dnd:
            return None
        state = c.state()
        if state.until is None or state.until == dnd.FOREVER:
            return self.tr("Do not disturb is on")
        return self.tr("Do not disturb until %1").replace("%1", local_time(state.until))

    def refresh(self, *, users: bool = False) -> None:
        c = self.controller
        if getattr(c.store._db, "_closed", False):
            return  # shut down: the cache is closed
        if users or self._name is None:
            self._name = display_name(c.store, self.me)  # reads every user: only when they changed
        mine = my_status(c, self.me)
        status = " ".join(p for p in (mine.emoji, mine.text) if p)
        if status and mine.until:
            status = self.tr("%1 (until %2)").replace("%1", status).replace("%2", local_time(mine.until))
        self.me_button.show_me(self.me, self._name, status, self.dnd_text())

    def apply_changes(self, changes) -> None:
        if changes.users or changes.reset:
            self.refresh(users=True)
        elif changes.outbox or "attention" in changes.features:
            self.refresh()
