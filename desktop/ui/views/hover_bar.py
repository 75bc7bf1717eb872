"""The action bar over the message under the mouse (top right, like Slack's and Lark's):
React (the quick reactions, "More emoji…"), Reply in thread, and More (the window's
message menu, the same one a right click opens).

From the keyboard: with a message selected in the list (Tab to it, arrow keys), the
bar shows on it and R opens React, T replies in its thread, and . (period) opens More
(the Menu key and Shift+F10 open the same message menu at the message)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QToolButton

from desktop.store.rows import MessageRow
from desktop.ui.delegates.message import DAY_H, UNREAD_H
from desktop.ui.models.timeline import Role


class HoverBar(QFrame):
    def __init__(self, window, view):
        super().__init__(view.viewport())  # scrolls along with the row it belongs to
        self.window_, self.view = window, view
        self.index = QPersistentModelIndex()
        self.menu: QMenu | None = None  # the last menu opened (kept alive while it shows)
        self.setObjectName("hoverBar")
        self.setStyleSheet(
            "QFrame#hoverBar { background: palette(base); border: 1px solid palette(mid); border-radius: 6px; }"
        )
        self.react = self._button("😀", self.tr("Add reaction"), self.tr("Add reaction (R)"))
        self.reply = self._button("💬", self.tr("Reply in thread"), self.tr("Reply in thread (T)"))
        self.more = self._button("⋯", self.tr("More actions"), self.tr("More actions (.)"))
        self.react.clicked.connect(self.open_react)
        self.reply.clicked.connect(self.open_reply)
        self.more.clicked.connect(self.open_more)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(0)
        for b in (self.react, self.reply, self.more):
            layout.addWidget(b)
        self.hide()
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)  # keys on the selected message
        view.selectionModel().currentChanged.connect(self._current_changed)
        view.verticalScrollBar().valueChanged.connect(lambda _v: self.follow_mouse())
        model = view.model()
        model.modelReset.connect(self.hide)
        model.rowsRemoved.connect(lambda *_: self.hide())

    def _button(self, text: str, name: str, tip: str) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(name)
        b.setAutoRaise(True)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setCursor(Qt.CursorShape.PointingHandCursor)
        b.setFixedSize(28, 24)
        return b

    def item(self) -> MessageRow | None:
        item = self.index.data(Role.ITEM) if self.index.isValid() else None
        return item if isinstance(item, MessageRow) and not item.deleted else None

    # ---- where it shows -------------------------------------------------------------

    def show_for(self, index: QModelIndex) -> None:
        item = index.data(Role.ITEM) if index.isValid() else None
        if not isinstance(item, MessageRow) or item.deleted:  # pending posts and deleted ones: nothing to act on
            self.hide()
            return
        self.index = QPersistentModelIndex(index)
        self.reply.setVisible(item.thread is None and self.view.model().thread_root is None)
        self.adjustSize()
        rect = self.view.visualRect(index)
        top = rect.top() + (DAY_H if index.data(Role.DAY) else 0)
        delegate = self.view.itemDelegate()
        if getattr(delegate, "unread", None) is not None and delegate.unread.above(index):
            top += UNREAD_H
        self.move(rect.right() - self.width() - 12, max(0, top - self.height() // 2 + 4))
        self.show()
        self.raise_()

    def follow_mouse(self) -> None:
        pos = self.view.viewport().mapFromGlobal(QCursor.pos())
        if self.menu is not None and self.menu.isVisible():
            return  # stays on its message while its menu is open
        if not self.view.viewport().rect().contains(pos):
            current = self.view.currentIndex()
            if self.view.hasFocus() and current.isValid():
                self.show_for(current)  # scrolled by the keyboard: stays on the selected message
            else:
                self.hide()
        elif not self.geometry().contains(pos):
            self.show_for(self.view.indexAt(pos))

    # ---- from the keyboard ------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.view.hasFocus() and current.isValid() and (self.menu is None or not self.menu.isVisible()):
            self.show_for(current)  # arrow keys: the bar goes with the selected message

    def key_action(self, key: int):
        """R / T / . on the selected message: what it opens (None: not a key of the bar)."""
        index = self.view.currentIndex()
        item = index.data(Role.ITEM) if index.isValid() else None
        if not isinstance(item, MessageRow) or item.deleted:
            return None
        if key == Qt.Key.Key_R:
            action = self.open_react
        elif key == Qt.Key.Key_T and item.thread is None and self.view.model().thread_root is None:
            action = self.open_reply
        elif key == Qt.Key.Key_Period:
            action = self.open_more
        else:
            return None
        self.show_for(index)  # the menus open under the bar's buttons, on this message
        return action

    def _key(self, event) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Ctrl+R, Shift+T… are not the bar's
        action = self.key_action(event.key())
        if action is None:
            return False
        action()
        return True

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.view:
            if event.type() == QEvent.Type.KeyPress:
                return self._key(event)
            return False
        if watched is self.view.viewport():
            kind = event.type()
            if kind == QEvent.Type.MouseMove:
                if self.menu is None or not self.menu.isVisible():
                    self.show_for(self.view.indexAt(event.position().toPoint()))
            elif kind == QEvent.Type.Enter:
                self.follow_mouse()
            elif kind == QEvent.Type.Leave and not self.underMouse():
                if self.menu is None or not self.menu.isVisible():
                    self.hide()
        return False

    # ---- actions ----------------------------------------------------------------------

    def _popup(self, menu: QMenu, button: QToolButton) -> QMenu:
        self.menu = menu
        menu.aboutToHide.connect(lambda: self.follow_mouse())
        menu.popup(button.mapToGlobal(QPoint(0, button.height())))
        return menu

    def open_react(self) -> QMenu | None:
        item = self.item()
        if item is None:
            return None
        win = self.window_
        menu = QMenu(self)
        for emoji in win.quick_reactions():
            menu.addAction(emoji, lambda e=emoji: win.actions.toggle_reaction(item.id, e, win.me))
        if win.pick_reaction is not None:
            menu.addSeparator()
            menu.addAction(self.tr("More emoji…"), lambda: win.pick_reaction(item))
        return self._popup(menu, self.react)

    def open_reply(self) -> None:
        item = self.item()
        if item is not None:
            self.window_.open_thread(item.id)

    def open_more(self) -> QMenu | None:
        item = self.item()
        menu = self.window_.message_menu(item) if item is not None else None
        return self._popup(menu, self.more) if menu is not None else None
