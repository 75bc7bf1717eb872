"""Messages / Files / Tasks / Pins as tabs under the channel header, where Slack and
Lark put them (issue 13). The separate Files and Tasks windows stay.

The Messages tab is the timeline and composer as they were: switching tabs only hides
them, so the timeline is never reloaded and keeps its scroll position. The other pages
are made on first use: Files and Tasks by the features that own them (they put a
factory in `window.tab_factories`: fn(parent) -> widget with show_channel(channel)),
Pins here, from the cache. A page follows the channel that is open.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QStackedWidget, QTabBar, QVBoxLayout, QWidget

from desktop.ui.views import pending_dm

MESSAGES, FILES, TASKS, PINS = range(4)
_MSG = Qt.ItemDataRole.UserRole


class PinsPage(QWidget):
    """The channel's pinned messages, newest pin first; Enter or a double-click opens one."""

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window_ = window
        self.channel: str | None = None
        layout = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._open)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)

    def show_channel(self, channel: str | None) -> None:
        self.channel = channel
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        rows = self.window_.store.pinned_messages(self.channel) if self.channel else []
        for m in rows:
            text = " ".join((m.text or "").split())
            item = QListWidgetItem(f"📌 {m.author_name}: {text[:300]}", self.list)
            item.setData(_MSG, m.id)
        self.list.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.empty.setText(self.tr("Nothing is pinned here yet. Pin a message from its menu (Pin) to keep it "
                                   "at hand for everyone in the channel."))

    def _open(self, item: QListWidgetItem) -> None:
        if self.channel and item.data(_MSG):
            self.window_.tabs.select(MESSAGES)
            self.window_.jump_to(self.channel, item.data(_MSG))


class ChannelTabs(QObject):
    def __init__(self, window, column: QVBoxLayout):
        super().__init__(window)
        self.window = window
        self.bar = QTabBar(window)
        self.bar.setDrawBase(False)
        self.bar.setExpanding(False)
        for label in (self.tr("Messages"), self.tr("Files"), self.tr("Tasks"), self.tr("Pins")):
            self.bar.addTab(label)
        self.stack = QStackedWidget(window)
        messages = QWidget(self.stack)
        page = QVBoxLayout(messages)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        for widget in (window.view, window.composer):  # moved as they are: nothing reloads
            column.removeWidget(widget)
        page.addWidget(window.view, 1)
        page.addWidget(window.composer)
        self.stack.addWidget(messages)
        self.pages: dict[int, QWidget] = {}
        at = column.indexOf(window.header) + 1
        column.insertWidget(at, self.bar)
        column.insertWidget(at + 1, self.stack, 1)
        self.bar.currentChanged.connect(self._switched)
        window.channel_changed.connect(self._channel_changed)

    def select(self, index: int) -> None:
        self.bar.setCurrentIndex(index)

    def current(self) -> int:
        return self.bar.currentIndex()

    def _page(self, index: int) -> QWidget | None:
        if index in self.pages:
            return self.pages[index]
        if index == PINS:
            page = PinsPage(self.window, self.stack)
        else:
            factory = self.window.tab_factories.get("files" if index == FILES else "tasks")
            if factory is None:
                return None
            page = factory(self.stack)
        self.pages[index] = page
        self.stack.addWidget(page)
        return page

    def _switched(self, index: int) -> None:
        if index == MESSAGES:
            self.stack.setCurrentIndex(0)
            return
        page = self._page(index)
        if page is None:  # the feature is not installed (yet): stay on the messages
            self.bar.setCurrentIndex(MESSAGES)
            return
        page.show_channel(self._channel())
        self.stack.setCurrentWidget(page)

    def _channel(self) -> str | None:
        current = self.window.current
        return None if pending_dm.user_of(current) is not None else current

    def _channel_changed(self, _channel: str) -> None:
        index = self.current()
        if index != MESSAGES and index in self.pages:
            self.pages[index].show_channel(self._channel())

    def apply_changes(self, changes) -> None:
        pins = self.pages.get(PINS)
        if pins is not None and self.current() == PINS and changes.channels.get(pins.channel) is not None:
            pins.reload()
