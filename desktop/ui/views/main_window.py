"""The workspace window: sidebar, timeline, composer, thread and search panels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QMainWindow, QMenu, QMessageBox, QSplitter, QTreeView, QVBoxLayout, QWidget,
)

from desktop.net.state import Link, LinkState
from desktop.store.rows import MessageRow, OutboxItem
from desktop.ui.delegates.channel import ChannelDelegate
from desktop.ui.delegates.message import MessageDelegate
from desktop.ui.models.channels import ChannelListModel
from desktop.ui.models.channels import Role as ChannelRole
from desktop.ui.models.timeline import Role, TimelineModel
from desktop.ui.views import status
from desktop.ui.views.composer import Composer
from desktop.ui.views import message_links
from desktop.ui.views.links import open_link
from desktop.ui.views import pending_dm
from desktop.ui.first_paint import after_first_paint
from desktop.ui.views.channel_header import ChannelHeader
from desktop.ui.views.channel_tabs import ChannelTabs
from desktop.ui.views.conversation_intro import ConversationIntro
from desktop.ui.views.unread_divider import UnreadDivider
from desktop.ui.views.timeline_view import TimelineView
from desktop.ui.views.window_panels import WindowPanels

if TYPE_CHECKING:
    from desktop.ui.views.switcher import QuickSwitcher


def _warm_switcher() -> None:
    from desktop.ui.views.switcher import warm  # imported with its dialog, after the first frame

    warm()


REACTIONS = ["👍", "❤️", "😂", "🎉", "👀", "✅"]


class MainWindow(WindowPanels, QMainWindow):
    """Signals:
        channel_changed(str): the channel in view changed (for notification rules).
        close_requested(): the window was closed (the app decides: tray or quit).
    """

    channel_changed = Signal(str)
    close_requested = Signal()

    def __init__(
        self, store, actions, me: str, parent=None, *, initial_channel: str | None = None,
        is_muted=lambda channel_id: False, set_muted=None,
    ):
        super().__init__(parent)
        self.store, self.actions, self.me = store, actions, me
        self.current: str | None = None
        self.link_state = LinkState(Link.OFFLINE)
        self._marked: dict[str, int] = {}
        self._kept_unread: str | None = None  # "Mark unread" here: not read again until left
        self.setWindowTitle(self.tr("Beacon"))
        self.resize(1180, 760)

        self.is_muted = is_muted
        self._set_muted = set_muted
        self.message_menu_extras: list = []  # fn(menu, message row): features add entries
        self.channel_menu_extras: list = []  # fn(menu, channel_id): features add entries
        self.quick_reactions = lambda: REACTIONS  # the React submenu's emoji (the emoji feature puts recent first)
        self.pick_reaction = None  # fn(message row): the emoji feature's picker ("More emoji…")
        self.members_opener = None  # fn(channel_id): the team feature's members panel (the header's member count)
        self.profile_opener = None  # fn(user_id): the team feature's profile card (a name or avatar clicked)
        self.channels = ChannelListModel(store, is_muted=is_muted, parent=self)
        self.sidebar = QTreeView(self)
        self.sidebar.setModel(self.channels)
        self.sidebar.setItemDelegate(ChannelDelegate(self.sidebar))
        self.sidebar.setHeaderHidden(True)
        self.sidebar.setRootIsDecorated(True)
        self.sidebar.setIndentation(10)
        self.sidebar.setMouseTracking(True)
        self.sidebar.setAccessibleName(self.tr("Channels and direct messages"))
        self.sidebar.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sidebar.expandAll()
        self.sidebar.selectionModel().currentChanged.connect(self._sidebar_current)
        self.sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.sidebar.customContextMenuRequested.connect(self._sidebar_menu)
        self.channels.modelReset.connect(self._sidebar_reset)

        self.header = ChannelHeader(self, store)  # name, topic, member and pin counts
        self.title, self.topic = self.header.title, self.header.topic

        self.timeline = TimelineModel(store, self)
        self.delegate = MessageDelegate(me, self)
        self.view = TimelineView(self.timeline, self.delegate, self)
        self.intro = ConversationIntro(self.view, store, self)  # an empty conversation says whose it is
        self.unread = UnreadDivider(store, me, self.timeline, self.view, self.delegate, self)  # "New messages"
        self.view.setAccessibleName(self.tr("Messages"))
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.composer = Composer(self)
        self.composer.post.connect(self._post)
        self.composer.edit.connect(self.actions.edit)
        self.composer.draft_changed.connect(self._save_draft)
        self.composer.edit_last_requested.connect(self._edit_last)

        self._connect_delegate(self.delegate)

        center = QWidget(self)
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.view, 1)
        column.addWidget(self.composer)
        self.tab_factories: dict = {}  # "files" / "tasks": fn(parent) -> page (the features add theirs)
        self.tabs = ChannelTabs(self, column)  # Messages / Files / Tasks / Pins
        right = self.right = QWidget(self)
        right.hide()
        right_layout = QHBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.right_layout = right_layout
        self.side_panels: list = []  # right-hand panels, one shown at a time (features add theirs)
        splitter = QSplitter(self)
        splitter.addWidget(self.sidebar)
        splitter.addWidget(center)
        splitter.addWidget(right)
        splitter.setSizes([240, 640, 300])
        splitter.setCollapsible(1, False)
        # Space comes and goes from the conversation: opening a panel keeps the sidebar's width.
        for index, stretch in enumerate((0, 1, 0)):
            splitter.setStretchFactor(index, stretch)
        self.setCentralWidget(splitter)
        self.status_label = QLabel(self)
        self.status_label.setAccessibleName(self.tr("Connection status"))
        self.statusBar().addWidget(self.status_label, 1)
        self._install_shortcuts()
        self._shut = False  # shutdown() ran
        self.pending_dm = pending_dm.PendingDm(self)
        self._read_timer = QTimer(self, singleShot=True, interval=300)
        self._read_timer.timeout.connect(self._maybe_mark_read)
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._read_timer.start())
        self.refresh_status()
        QTimer.singleShot(1500, self, _warm_switcher)  # pinyin for Ctrl+K, off the start-up path
        self._initial_channel = initial_channel
        self._open_default()
        # What the first frame does not show is built right after it, or when first used
        # (desktop.ui.views.window_panels).
        after_first_paint(self.view.viewport(), self._build_after_paint)

    # ---- keyboard -----------------------------------------------------------

    def _install_shortcuts(self) -> None:
        def bind(keys, slot, name):
            action = QAction(name, self)
            action.setShortcuts(keys if isinstance(keys, list) else [keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        bind(QKeySequence("Ctrl+K"), self.show_switcher, self.tr("Jump to channel or person"))
        bind(QKeySequence("Ctrl+F"), lambda: self.open_search(only_here=True), self.tr("Search in channel"))
        bind(QKeySequence("Ctrl+Shift+F"), lambda: self.open_search(only_here=False), self.tr("Search everywhere"))
        bind(QKeySequence("Alt+Up"), lambda: self.step_channel(-1), self.tr("Previous channel"))
        bind(QKeySequence("Alt+Down"), lambda: self.step_channel(1), self.tr("Next channel"))
        bind(QKeySequence("Ctrl+L"), lambda: self.composer.edit_box.setFocus(), self.tr("Go to the composer"))
        escape = QShortcut(QKeySequence("Escape"), self)
        escape.setContext(Qt.ShortcutContext.WindowShortcut)
        escape.activated.connect(self.close_panels)

    def add_side_panel(self, panel) -> None:
        """A right-hand panel (a QWidget with close_panel() and a `closed` signal); shown by show_side_panel."""
        panel.hide()
        self.right_layout.addWidget(panel)
        self.side_panels.append(panel)
        panel.closed.connect(self._panels_changed)

    def show_side_panel(self, panel) -> None:
        for other in self.side_panels:
            if other is not panel:
                other.hide()
        panel.show()
        self._panels_changed()

    def open_thread(self, root: int) -> None:
        self.show_side_panel(self.thread)
        self.thread.open_thread(root)
        self._panels_changed()

    def open_search(self, *, only_here: bool) -> None:
        self.show_side_panel(self.search)
        self.search.open_search(self.current, only_here=only_here)
        self._panels_changed()

    def _panels_changed(self) -> None:
        # isHidden(): the panels' own flags (isVisible() is False while `right` is hidden).
        self.right.setVisible(any(not p.isHidden() for p in self.side_panels))

    def close_panels(self) -> None:
        if self.composer.editing is not None:
            self.composer.cancel_edit()
        else:
            for panel in self.side_panels:
                if not panel.isHidden():
                    panel.close_panel()
                    break
        # Esc also lets go of a selected message (its highlight stayed otherwise).
        self.view.selectionModel().clearSelection()
        self.view.setCurrentIndex(QModelIndex())
        self.composer.edit_box.setFocus()

    def show_switcher(self) -> QuickSwitcher:
        from desktop.ui.views.switcher import QuickSwitcher

        dialog = QuickSwitcher(self.store, self.me, self)
        dialog.channel_chosen.connect(self.open_channel)
        dialog.person_chosen.connect(self._person_chosen)
        dialog.open()
        return dialog

    def _person_chosen(self, user: str) -> None:
        self.pending_dm.open(user)  # at once, even offline (desktop.ui.views.pending_dm)

    def step_channel(self, step: int) -> None:
        ids = self.channels.ordered_ids()
        if not ids:
            return
        i = ids.index(self.current) if self.current in ids else -1
        self.open_channel(ids[(i + step) % len(ids)])

    # ---- channels -------------------------------------------------------------

    def open_channel(self, channel_id: str) -> None:
        if channel_id == self.current and self.timeline.thread_root is None:
            return
        self.composer.cancel_edit()
        self.composer.flush_draft()
        if channel_id != self._kept_unread:
            self._kept_unread = None
        self.current = channel_id
        row = self.channels.channel(channel_id)
        self.header.show_channel(row)
        self.unread.begin(channel_id, self._marked.get(channel_id, 0))
        self.timeline.load_channel(channel_id)
        self.intro.show_for(row)
        self.composer.set_text(self.store.draft(channel_id))
        self.composer.set_placeholder(
            self.tr("Message %1").replace("%1", (row.title if row.dm else "#" + row.name) if row else "")
        )
        self.composer.edit_box.set_members([m.name for m in self.store.members(channel_id) if m.name != self.me])
        index = self.channels.channel_index(channel_id)
        if index.isValid() and self.sidebar.currentIndex() != index:
            self.sidebar.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.channel_changed.emit(channel_id)
        self._read_timer.start()

    def _open_default(self) -> None:
        """Open the remembered channel, else the first one (e.g. once the first sync lands)."""
        ids = self.channels.ordered_ids()
        if ids:
            self.open_channel(self._initial_channel if self._initial_channel in ids else ids[0])

    def _sidebar_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        channel_id = current.data(ChannelRole.CHANNEL_ID)
        if channel_id and channel_id != self.current:
            self.open_channel(channel_id)

    def _sidebar_menu(self, pos) -> None:
        index = self.sidebar.indexAt(pos)
        if not index.isValid():
            index = self.sidebar.currentIndex()
        channel_id = index.data(ChannelRole.CHANNEL_ID) if index.isValid() else None
        menu = self.channel_menu(channel_id)
        if menu is not None:
            menu.exec(self.sidebar.viewport().mapToGlobal(pos))

    def channel_menu(self, channel_id: str | None) -> QMenu | None:
        if not channel_id or self._set_muted is None:
            return None
        menu = QMenu(self)
        muted = self.is_muted(channel_id)
        menu.addAction(self.tr("Unmute") if muted else self.tr("Mute"), lambda: self.set_muted(channel_id, not muted))
        for extend in self.channel_menu_extras:
            extend(menu, channel_id)
        return menu

    def set_muted(self, channel_id: str, muted: bool) -> None:
        """Muted channels still count unread messages but are greyed and never notify."""
        if self._set_muted is not None:
            self._set_muted(channel_id, muted)
            self.channels.muted_changed()

    def _sidebar_reset(self) -> None:
        self.sidebar.expandAll()
        if self.current:
            index = self.channels.channel_index(self.current)
            if index.isValid():
                self.sidebar.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def jump_to(self, channel: str, msg: int) -> None:
        if channel != self.current:
            self.open_channel(channel)
        self.view.hold_position()  # stay on the hit, not the bottom (which would page on to the newest)
        row = self.timeline.load_around(channel, msg)
        if row >= 0:
            index = self.timeline.index(row)
            self.view.setCurrentIndex(index)
            QTimer.singleShot(0, lambda: self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter))

    # ---- composing ------------------------------------------------------------

    def _post(self, text: str) -> None:
        if pending_dm.user_of(self.current) is not None:
            self.pending_dm.refuse_post(text)
        elif self.current:
            self.actions.post(self.current, text)
            if self.unread.active():
                self.unread.clear()  # you have answered: the "New messages" line has done its job
            self.view.scrollToBottom()

    def _save_draft(self, text: str) -> None:
        if self.current:
            self.store.set_draft(self.current, text)

    def _edit_last(self) -> None:
        row = self.timeline.last_own_message(self.me)
        if row is not None:
            self.composer.begin_edit(row.id, row.text)

    # ---- messages ------------------------------------------------------------------

    def _context_menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid() or (self.view.currentIndex().isValid() and not self.view.underMouse()):
            # Opened from the keyboard (Menu key, Shift+F10): act on the selected message.
            index = self.view.currentIndex()
            pos = self.view.visualRect(index).center()
        item = index.data(Role.ITEM) if index.isValid() else None
        menu = self.message_menu(item)
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(pos))

    def message_menu(self, item) -> QMenu | None:
        if isinstance(item, OutboxItem):
            menu = QMenu(self)
            if item.state == "failed":
                menu.addAction(self.tr("Retry"), lambda: self.actions.retry(item.cid))
                menu.addAction(self.tr("Discard"), lambda: self.actions.discard(item.cid))
            menu.addAction(self.tr("Copy text"), lambda: QGuiApplication.clipboard().setText(item.text or ""))
            return menu
        if not isinstance(item, MessageRow) or item.deleted:
            return None
        menu = QMenu(self)
        if item.thread is None:
            menu.addAction(self.tr("Reply in thread"), lambda: self.open_thread(item.id))
        react = menu.addMenu(self.tr("React"))
        for emoji in self.quick_reactions():
            react.addAction(emoji, lambda e=emoji: self.actions.toggle_reaction(item.id, e, self.me))
        if self.pick_reaction is not None:
            react.addSeparator()
            react.addAction(self.tr("More emoji…"), lambda: self.pick_reaction(item))
        if item.author == self.me:
            menu.addAction(self.tr("Edit"), lambda: self.composer.begin_edit(item.id, item.text))
            menu.addAction(self.tr("Delete…"), lambda: self._confirm_delete(item))
        menu.addAction(self.tr("Unpin") if item.pinned else self.tr("Pin"), lambda: self.actions.toggle_pin(item.id))
        menu.addAction(self.tr("Forward…"), lambda: self.forward(item))
        if item.thread is None:
            menu.addAction(self.tr("Mark unread"), lambda: self.mark_unread(item))
        menu.addSeparator()
        menu.addAction(self.tr("Copy text"), lambda: QGuiApplication.clipboard().setText(item.text))
        menu.addAction(
            self.tr("Copy link"),
            lambda: QGuiApplication.clipboard().setText(f"beacon://message/{item.channel}/{item.id}"),
        )
        for extend in self.message_menu_extras:
            extend(menu, item)
        return menu

    def forward(self, item: MessageRow):
        return message_links.forward(self, item)

    def mark_unread(self, item: MessageRow) -> None:
        """Unread from this message on, as Slack's and Lark's "Mark unread": the "New
        messages" line moves to it, and the channel stays unread while it is open (it is
        read again once you leave it and come back)."""
        self._marked.pop(item.channel, None)
        self._kept_unread = item.channel
        self.actions.mark_unread(item.id)
        if item.channel == self.current:
            self.unread.begin(item.channel)
            self.view.doItemsLayout()  # the row the line now sits above gets its band

    def _confirm_delete(self, item: MessageRow) -> None:
        answer = QMessageBox.question(self, self.tr("Delete message?"), self.tr("Delete this message for everyone?"))
        if answer == QMessageBox.StandardButton.Yes:
            self.actions.delete(item.id)

    def _link(self, url: QUrl) -> None:
        if url.scheme().lower() == "beacon":  # a message link (Copy link, a forward): shown here
            message_links.open_message_link(self, url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
            return
        open_link(self, url)

    # ---- change notices and state -------------------------------------------------

    def apply_changes(self, changes) -> None:
        if self._built("search"):
            self.search.apply_changes(changes)
        self.tabs.apply_changes(changes)
        if changes.channel_list or changes.counts or changes.reset or changes.users:
            self.channels.refresh()
            self.pending_dm.check()  # a DM opened offline has arrived: switch to it
            if pending_dm.user_of(self.current) is not None:
                pass  # still waiting for the relay to make it: keep showing it
            elif self.current is not None and self.channels.channel(self.current) is None:
                self.current = None  # left, removed, or wiped by a resync
                self.timeline.load_channel(None)
            if self.current is None:
                self._open_default()
        self.timeline.apply(changes)
        self.header.apply(changes)
        if self._built("thread") and not self.thread.isHidden():
            self.thread.model.apply(changes)
        if changes.outbox or changes.pending:
            self.refresh_status()
        if changes.channels.get(self.current) is not None:
            self._read_timer.start()

    def set_link_state(self, state: LinkState) -> None:
        self.link_state = state
        self.refresh_status()

    def refresh_status(self) -> None:
        self.status_label.setText(status.describe(self.link_state, self.store.pending_count()))

    def _maybe_mark_read(self) -> None:
        """Mark the channel read when its newest message is on screen in an active window."""
        if self._shut:
            return  # the cache is closed: a late scroll (re-layout) must not touch it
        if not self.current or self.timeline.thread_root is not None or not self.view.at_bottom():
            return
        if self.current == self._kept_unread:
            return
        if not self.isActiveWindow() and QGuiApplication.platformName() != "offscreen":
            return
        newest = self.timeline.newest_id()
        row = self.channels.channel(self.current)
        if row is None or newest <= max(row.read_upto, self._marked.get(self.current, 0)):
            return
        self._marked[self.current] = newest
        self.actions.mark_read(self.current, newest)

    def shutdown(self) -> None:
        """Before the cache closes: save the draft, stop every timer that touches the cache."""
        self._shut = True
        self._read_timer.stop()
        self.composer.flush_draft()
        if self._built("thread"):
            self.thread.composer.flush_draft()
        self.hide()

    def closeEvent(self, event) -> None:  # noqa: N802
        self._read_timer.stop()
        self.composer.flush_draft()
        self.close_requested.emit()
        super().closeEvent(event)
