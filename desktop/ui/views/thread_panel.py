"""The thread panel beside the timeline: the root message, its replies, a composer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from desktop.ui.delegates.message import MessageDelegate
from desktop.ui.models.timeline import TimelineModel
from desktop.ui.views.composer import Composer
from desktop.ui.views.timeline_view import TimelineView


class ThreadPanel(QWidget):
    """Signals: reply(int root, str text), closed()."""

    reply = Signal("qlonglong", str)
    closed = Signal()

    def __init__(self, store, me: str, parent=None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Thread"))
        self.model = TimelineModel(store, self)
        self.delegate = MessageDelegate(me, self)
        self.delegate.in_thread = True
        title = QLabel(self.tr("Thread"), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip(self.tr("Close thread (Esc)"))
        close.setAccessibleName(self.tr("Close thread"))
        close.clicked.connect(self.close_panel)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(close)
        self.view = TimelineView(self.model, self.delegate, self)
        self.composer = Composer(self)
        self.composer.set_placeholder(self.tr("Reply in thread…"))
        self.composer.post.connect(lambda text: self.reply.emit(self.model.thread_root, text))
        self.composer.draft_changed.connect(self._save_draft)
        self._store = store
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.composer)

    @staticmethod
    def draft_key(root: int) -> str:
        """Thread drafts live beside channel drafts under their own key."""
        return f"thread:{root}"

    def _save_draft(self, text: str) -> None:
        if self.model.thread_root is not None:
            self._store.set_draft(self.draft_key(self.model.thread_root), text)

    def open_thread(self, root: int) -> None:
        self.composer.flush_draft()
        self.model.load_thread(root)
        self.composer.set_text(self._store.draft(self.draft_key(root)))
        self.show()
        self.composer.edit_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_panel(self) -> None:
        self.hide()
        self.closed.emit()
