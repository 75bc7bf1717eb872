"""The main window's parts that its first frame does not show: the thread and search
panels, the hover action bars and "Jump to latest". Each is made on first use, and
all of them right after the first paint (MainWindow calls `_build_after_paint`), so
a cold start pays for them after the channel is on screen (issue 13)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.ui.delegates.message import MessageDelegate
    from desktop.ui.views.hover_bar import HoverBar
    from desktop.ui.views.jump_latest import JumpToLatest
    from desktop.ui.views.search_panel import SearchPanel
    from desktop.ui.views.thread_panel import ThreadPanel

DEFERRED = ("latest", "hover_bar", "thread", "thread_hover_bar", "search")


class WindowPanels:
    """Mixed into MainWindow (which has store, me, actions, view, timeline, add_side_panel...)."""

    def _build_after_paint(self) -> None:
        if not self._shut:
            for name in DEFERRED:
                getattr(self, name)

    def _built(self, name: str) -> bool:
        return name in self.__dict__  # a cached_property below has been made

    @cached_property
    def latest(self) -> JumpToLatest:
        from desktop.ui.views.jump_latest import JumpToLatest

        button = JumpToLatest(self.view, self.timeline)
        button.refresh()  # made late: the view may already be off its newest message
        return button

    @cached_property
    def hover_bar(self) -> HoverBar:
        from desktop.ui.views.hover_bar import HoverBar

        bar = HoverBar(self, self.view)  # react / reply in thread / more over the hovered message
        if self.isVisible():
            bar.follow_mouse()  # made after the first frame: the mouse may already be over a message
        return bar

    @cached_property
    def thread(self) -> ThreadPanel:
        from desktop.ui.views.thread_panel import ThreadPanel

        panel = ThreadPanel(self.store, self.me, self)
        panel.reply.connect(lambda root, text: self.actions.post(panel.model.channel, text, thread=root))
        self._connect_delegate(panel.delegate)
        self.add_side_panel(panel)
        return panel

    @cached_property
    def thread_hover_bar(self) -> HoverBar:
        from desktop.ui.views.hover_bar import HoverBar

        return HoverBar(self, self.thread.view)  # react / more (a thread has no reply button)

    @cached_property
    def search(self) -> SearchPanel:
        from desktop.ui.views.search_panel import SearchPanel

        panel = SearchPanel(self.store, self)
        panel.jump.connect(self.jump_to)
        self.add_side_panel(panel)
        return panel

    def _connect_delegate(self, d: MessageDelegate) -> None:
        d.link_clicked.connect(self._link)
        d.reaction_clicked.connect(lambda msg, emoji: self.actions.toggle_reaction(msg, emoji, self.me))
        d.thread_clicked.connect(self.open_thread)
        d.retry_clicked.connect(self.actions.retry)
        d.discard_clicked.connect(self.actions.discard)
        d.author_clicked.connect(lambda user: self.profile_opener and self.profile_opener(user))
