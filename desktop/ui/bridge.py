"""Core -> Qt: cache change notices (from any thread) become signals on the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class StoreBridge(QObject):
    """Re-emits the cache's Changes as a Qt signal on the UI thread.

    The cache calls listeners on the thread that committed (often a worker); the
    notice crosses to this object's thread through a queued signal (`_posted`)
    and is re-emitted as `changed` there. After close() nothing more is emitted,
    also not a notice a worker queued just before: the cache may be closed by then.

    Signals:
        changed(object): a desktop.store.changes.Changes value.
    """

    changed = Signal(object)
    _posted = Signal(object)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self._closed = False
        self._posted.connect(self._forward)  # direct on the UI thread, queued from a worker
        self._unsubscribe = store.subscribe(self._posted.emit)

    def _forward(self, changes) -> None:
        if not self._closed:
            self.changed.emit(changes)

    def close(self) -> None:
        self._closed = True
        self._unsubscribe()


class LinkBridge(QObject):
    """Re-emits the sync engine's LinkState.

    Signals:
        state(object): a desktop.net.state.LinkState.
    """

    state = Signal(object)

    def __init__(self, engine, parent=None):
        super().__init__(parent)
        engine.subscribe(self.state.emit)
