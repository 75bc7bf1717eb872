"""StoreBridge: cache notices reach the UI thread, and none after close()."""

from __future__ import annotations

import threading

from desktop.ui.bridge import StoreBridge


class _Listeners:
    """Just the cache's subscribe() contract: the bridge is what is tested here."""

    def __init__(self):
        self.listeners = []

    def subscribe(self, fn):
        self.listeners.append(fn)
        return lambda: self.listeners.remove(fn)

    def notify(self, value):
        for fn in list(self.listeners):
            fn(value)


def _from_worker(source, value):
    t = threading.Thread(target=source.notify, args=(value,))
    t.start()
    t.join()


def test_worker_notice_arrives_on_the_ui_thread(qtbot):
    source = _Listeners()
    bridge = StoreBridge(source)
    seen = []
    bridge.changed.connect(lambda v: seen.append((v, threading.current_thread() is threading.main_thread())))
    _from_worker(source, "a")
    qtbot.waitUntil(lambda: seen == [("a", True)])
    source.notify("b")  # on the UI thread: delivered at once
    assert seen[-1] == ("b", True)


def test_notice_queued_before_close_is_not_delivered_after_it(qtbot):
    source = _Listeners()
    bridge = StoreBridge(source)
    seen = []
    bridge.changed.connect(seen.append)
    _from_worker(source, "late")  # queued, not yet delivered
    bridge.close()
    qtbot.wait(50)  # let the event loop deliver anything queued
    assert seen == []
    assert source.listeners == []
