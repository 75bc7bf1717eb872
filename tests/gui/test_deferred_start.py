"""Start-up (#13): the app paints the channel first and installs its features (menus,
panels, dialogs) right after; reading a feature before then installs them all, in
the same order as an app that installs them at once."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMenu

from desktop.ui.application import BeaconApp
from tests.gui.app_kit import make_store


class _Paints(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _menus(app) -> list[str]:
    return [action.text() for action in app.window.menuBar().actions()]


def _shutdown(app, loop) -> None:
    loop.run_until_complete(app.shutdown())


def test_features_are_installed_right_after_the_first_paint(qtbot, tmp_path):
    store, _ = make_store(tmp_path, messages=5)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # start() schedules the engine (it never runs here)
    try:
        app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none", defer_features=True)
        qtbot.addWidget(app.window)
        assert "tasks_ui" not in vars(app) and "preferences" not in vars(app)
        assert app.window.findChild(QMenu, "beacon_menu") is None
        paints = _Paints()
        app.window.view.viewport().installEventFilter(paints)
        painted_at_install = []
        install = app.install_features
        app.install_features = lambda: (painted_at_install.append(paints.count), install())
        engine_at = []
        run = app.engine.run
        app.engine.run = lambda: (engine_at.append(paints.count), run())[1]
        app.start()
        assert engine_at == []  # connecting (websockets, the relay) waits for the first frame too
        qtbot.waitUntil(lambda: "preferences" in vars(app), timeout=5000)
        assert painted_at_install[0] >= 1  # the channel was on screen first
        assert len(engine_at) == 1 and engine_at[0] >= 1
        assert app.window.findChild(QMenu, "beacon_menu") is not None
        assert app.window.timeline.rowCount() > 0
        assert app.cache_check is vars(app)["cache_check"]
        _shutdown(app, loop)
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def test_reading_a_feature_first_installs_them_all_in_order(qtbot, tmp_path):
    (tmp_path / "eager").mkdir()
    (tmp_path / "deferred").mkdir()
    eager_store, _ = make_store(tmp_path / "eager")
    eager = BeaconApp(eager_store, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(eager.window)
    store, _ = make_store(tmp_path / "deferred")
    app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none", defer_features=True)
    qtbot.addWidget(app.window)
    assert "files_ui" not in vars(app)
    files_ui = app.files_ui  # before any paint: installs every feature now
    assert files_ui is vars(app)["files_ui"]
    assert all(name in vars(app) for name in BeaconApp.FEATURE_ATTRS)
    assert _menus(app) == _menus(eager) and len(_menus(app)) > 1
    assert len(app.window.side_panels) == len(eager.window.side_panels)
    try:
        app.no_such_feature
    except AttributeError as exc:
        assert "no_such_feature" in str(exc)
    else:
        raise AssertionError("an unknown attribute must raise AttributeError")
    for beacon in (app, eager):
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(beacon.shutdown())
        finally:
            loop.close()
