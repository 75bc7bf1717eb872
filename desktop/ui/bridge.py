"""Core -> Qt: cache change notices (from any thread) become signals on the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class StoreBridge(QObject):
    """Re-emits the cache's Changes as a Qt signal.

    The cache calls listeners on the thread that committed (often a worker);
    emitting from there is safe: Qt queues the call to this object's thread.

    Signals:
        changed(object): a desktop.store.changes.Changes value.
    """

    changed = Signal(object)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self._unsubscribe = store.subscribe(self.changed.emit)

    def close(self) -> None:
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
