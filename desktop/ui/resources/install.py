"""Wires the resource board into a running BeaconApp: the Resources menu, the board
window, and the owner's conflict digests (this client posts them for the projects
its user owns; see desktop.store.plan_notices)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QKeySequence

from desktop.domain.notify import Notification
from desktop.store import plan_notices
from desktop.store import projects as sp
from desktop.ui.resources.window import ResourceBoardWindow


def changed_title(projects: int) -> str:
    return QCoreApplication.translate("ResourcesUi", "Resource conflicts changed in %n project(s)", None, projects)


class ResourcesUi:
    def __init__(self, app, *, today=dt.date.today):
        self.app, self.today = app, today
        self.window: ResourceBoardWindow | None = None
        menu = app.window.menuBar().addMenu(QCoreApplication.translate("ResourcesUi", "&Resources"))
        self.menu = menu
        board = menu.addAction(QCoreApplication.translate("ResourcesUi", "Resource board"), self.show_board)
        board.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self._check_queued = False
        self._closed = False
        app.store_bridge.changed.connect(self._changed)

    def show_board(self) -> ResourceBoardWindow:
        if self.window is None:
            self.window = ResourceBoardWindow(self.app.store, self.app.actions, today=self.today)
            self.app.store_bridge.changed.connect(self.window.apply)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window

    def _changed(self, changes) -> None:
        if self._closed or self._check_queued:
            return
        if "projects" in changes.features or "tasks" in changes.features:
            self._check_queued = True
            QTimer.singleShot(0, self._post_digests)

    def _post_digests(self) -> None:
        """Tell me (status bar, notification) and the project's channel (one digest) when
        the conflicts of a project I own changed."""
        self._check_queued = False
        if self._closed:
            return
        posted = plan_notices.post(self.app.store, today=self.today())
        if not posted:
            return
        self.app.actions.wake()
        title = changed_title(len(posted))
        self.app.window.statusBar().showMessage(title, 10_000)
        lines = [line for d in posted for line in d.lines][:5]
        project = sp.record(self.app.store, "project", posted[0].project)
        channel = project["channels"][0] if project and project["channels"] else ""
        recent = self.app.store.messages(channel, limit=1) if channel else []
        self.app.notifier.notify(Notification(title=title, body="\n".join(lines), channel=channel,
                                              msg=recent[-1].id if recent else 1, is_mention=False))

    def close(self) -> None:
        self._closed = True
        if self.window is not None:
            self.window.close()


def install(app) -> ResourcesUi:
    return ResourcesUi(app)
