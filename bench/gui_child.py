"""Child process for bench/gui_bench.py: one cold start, then switches and scrolling.

Modes: `bare` (a plain QMainWindow with a 50-row QListView: the baseline), `shape`
(a Qt-only window shaped like Beacon's first frame, bench/gui_shape.py),
`app` (Beacon's MainWindow on an encrypted cache) and `beacon` (the whole BeaconApp). Prints `painted` as soon as
the list's viewport has painted once, then JSON results on the last line (with
`cpu_s`, the process's own CPU time up to that paint: it leaves out time spent
waiting for a core, though on a busy machine the process's own work slows too).
"""

from __future__ import annotations

import json
import sys
import time

T_START = time.perf_counter()

from PySide6.QtCore import QEvent, QObject, QStringListModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QListView, QMainWindow  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class PaintWatch(QObject):
    def __init__(self):
        super().__init__()
        self.painted = False

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def wait_paint(app: QApplication, watch: PaintWatch, timeout: float = 10.0) -> None:
    watch.painted = False
    end = time.perf_counter() + timeout
    while not watch.painted and time.perf_counter() < end:
        app.processEvents()


def beacon(app: QApplication, watch: PaintWatch, profile: str, key_hex: str, features: str) -> dict:
    """The app's own start (desktop.ui.application: BeaconApp, tray, sync engine, then
    start()) on the cache, its features installed in BeaconApp() (`eager`) or after the
    first paint (`deferred`, as the app starts). No relay: the engine's connection fails."""
    import asyncio
    import os
    from pathlib import Path

    import qasync

    from desktop.store import Store
    from desktop.store.keys import CacheKey
    from desktop.ui.application import BeaconApp

    asyncio.set_event_loop(qasync.QEventLoop(app))
    store = Store.open(Path(profile) / "cache.db", CacheKey.from_hex(key_hex))
    deferred = {"defer_features": True} if features == "deferred" else {}
    beacon_app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none", **deferred)
    beacon_app.window.view.viewport().installEventFilter(watch)
    beacon_app.start()
    wait_paint(app, watch)
    print("painted", flush=True)
    painted, cpu = time.perf_counter() - T_START, time.process_time()
    end = time.perf_counter() + 10
    while "preferences" not in beacon_app.__dict__ and time.perf_counter() < end:
        app.processEvents()  # the deferred features: installed after the paint
    results = {"startup_s": painted, "cpu_s": cpu, "features_s": time.perf_counter() - T_START, "rss_mb": rss_mb()}
    print(json.dumps(results), flush=True)
    os._exit(0)  # no shutdown: the engine is still retrying its connection


def main() -> int:
    mode = sys.argv[1]
    app = QApplication(sys.argv[:1])
    watch = PaintWatch()
    results: dict[str, object] = {}
    if mode == "bare":
        window = QMainWindow()
        view = QListView()
        view.setModel(QStringListModel([f"message {i}" for i in range(50)]))
        window.setCentralWidget(view)
        window.resize(1180, 760)
        view.viewport().installEventFilter(watch)
        window.show()
        wait_paint(app, watch)
        print("painted", flush=True)
        results["startup_s"], results["cpu_s"] = time.perf_counter() - T_START, time.process_time()
        results["rss_mb"] = rss_mb()
    elif mode == "shape":  # the same first frame in PySide6 alone (bench/gui_shape.py)
        from bench.gui_shape import build

        window, view = build()
        view.viewport().installEventFilter(watch)
        window.show()
        wait_paint(app, watch)
        print("painted", flush=True)
        results["startup_s"], results["cpu_s"] = time.perf_counter() - T_START, time.process_time()
        results["rss_mb"] = rss_mb()
    elif mode == "beacon":
        results.update(beacon(app, watch, *sys.argv[2:5]))
    else:
        profile, key_spec, channel, other = sys.argv[2:6]
        from pathlib import Path

        from desktop.actions import Actions
        from desktop.store import Store
        from desktop.store.keys import CacheKey
        from desktop.ui.views.main_window import MainWindow

        kind, _, value = key_spec.partition(":")
        if kind == "keyring":  # the real lookup: import keyring, ask the backend
            from keyrings.alt.file import PlaintextKeyring

            from desktop.secrets import resolve_key

            backend = PlaintextKeyring()
            backend.file_path = value
            key = resolve_key(Path(profile), backend=backend)
        else:
            key = CacheKey.from_hex(value)
        store = Store.open(Path(profile) / "cache.db", key)
        window = MainWindow(store, Actions(store), "me", initial_channel=channel)
        window.resize(1180, 760)
        window.view.viewport().installEventFilter(watch)
        window.show()
        wait_paint(app, watch)
        print("painted", flush=True)
        results["startup_s"], results["cpu_s"] = time.perf_counter() - T_START, time.process_time()
        end = time.perf_counter() + 5
        while "search" not in window.__dict__ and time.perf_counter() < end:
            app.processEvents()  # the panels the first frame does not show: built right after it
        results["complete_s"] = time.perf_counter() - T_START
        switches = []
        for i in range(40):
            target = other if i % 2 == 0 else channel
            t0 = time.perf_counter()
            window.open_channel(target)
            wait_paint(app, watch)
            switches.append((time.perf_counter() - t0) * 1000)
        results["switch_ms"] = switches
        window.open_channel(channel)
        wait_paint(app, watch)
        results["rss_before_scroll_mb"] = rss_mb()
        scrolled = 0
        bar = window.view.verticalScrollBar()
        while scrolled < 2000 and window.timeline.has_older():
            bar.setValue(0)  # at the top: the view asks for the previous page
            app.processEvents()
            scrolled += window.timeline.fetch_older() or 0
            app.processEvents()
        results["scrolled_rows"] = scrolled
        results["window_rows"] = window.timeline.rowCount()
        results["rss_mb"] = rss_mb()
        store.close()
    print(json.dumps(results), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
