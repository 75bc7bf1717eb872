"""Task actions and warnings for the views: enqueue commands, tell the assigner about
conflicts, tell the loser of a concurrent edit what happened."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from desktop.domain import workload
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.store import tasks as st
from desktop.store.resources import unfit_tasks

def field_label(name: str) -> str:
    return {
        "title": QCoreApplication.translate("TaskController", "title"),
        "description": QCoreApplication.translate("TaskController", "description"),
        "status": QCoreApplication.translate("TaskController", "status"),
        "assignees": QCoreApplication.translate("TaskController", "assignees"),
        "start": QCoreApplication.translate("TaskController", "start date"),
        "due": QCoreApplication.translate("TaskController", "due date"),
        "estimate": QCoreApplication.translate("TaskController", "estimate"),
        "priority": QCoreApplication.translate("TaskController", "priority"),
        "labels": QCoreApplication.translate("TaskController", "labels"),
        "rank": QCoreApplication.translate("TaskController", "position"),
    }.get(name, name)


def show_value(value) -> str:
    if value is None or value == "" or value == [] or value == ():
        return QCoreApplication.translate("TaskController", "(none)")
    if isinstance(value, (list, tuple)):
        return ", ".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe(warning, titles: dict[str, str]) -> str:
    if isinstance(warning, workload.Overload):
        return QCoreApplication.translate(
            "TaskController", "%1 has %2 h of work in the week of %3 (capacity %4 h)"
        ).replace("%1", warning.user).replace("%2", show_value(warning.hours)).replace(
            "%3", warning.week.isoformat()).replace("%4", show_value(warning.capacity))
    if not isinstance(warning, workload.Absent):  # conflicts.NoFit: the estimate cannot fit start..due
        return QCoreApplication.translate(
            "TaskController", "“%1” cannot fit: %2 h each from %3 to %4, more than the working time of %5"
        ).replace("%1", titles.get(warning.task, warning.title)).replace("%2", show_value(warning.share)).replace(
            "%3", warning.window[0].isoformat()).replace("%4", warning.window[1].isoformat()).replace(
            "%5", ", ".join(f"{u} ({show_value(h)} h)" for u, h in warning.short))
    return QCoreApplication.translate("TaskController", "%1 is away for all of “%2” (%3 – %4)").replace(
        "%1", warning.user).replace("%2", titles.get(warning.task, warning.task)).replace(
        "%3", warning.window[0].isoformat()).replace("%4", warning.window[1].isoformat())


class TaskController(QObject):
    """Signals:
        changed(): tasks, columns, capacities or pending task commands changed.
        alert(str, str, str, str): (title, body, channel, task id) to show as a notification.
    """

    changed = Signal()
    alert = Signal(str, str, str, str)

    def __init__(self, store, actions, me: str, parent=None, *, today=dt.date.today):
        super().__init__(parent)
        self.store, self.actions, self.me = store, actions, me
        self.today = today
        self._warnings: list | None = None
        self._by_task: dict[str, list] = {}
        self._emit_queued = False
        self.closed = False

    # ---- reads ---------------------------------------------------------------------

    def warnings(self) -> list:
        """Workload and absence warnings for the next 14 days (cached until a change)."""
        if self._warnings is None:
            rows = st.tasks(self.store)
            self._warnings = workload.warnings(
                [st.work(r) for r in rows], today=self.today(), capacity=st.capacities(self.store),
                absences=st.absences(self.store),
            ) + unfit_tasks(self.store, today=self.today())
            self._by_task = {}
            for w in self._warnings:
                for task in ((w.task,) if hasattr(w, "task") else w.tasks):
                    self._by_task.setdefault(task, []).append(w)
        return self._warnings

    def warnings_for(self, task_id: str) -> list:
        self.warnings()
        return self._by_task.get(task_id, [])

    def titles(self) -> dict[str, str]:
        return {r.id: r.title for r in st.tasks(self.store)}

    # ---- writes --------------------------------------------------------------------

    def _enqueue(self, cmd):
        if self.closed:
            return None
        item = self.store.enqueue(cmd)
        self.actions.wake()
        return item

    def create(self, channel: str, title: str, *, source_msg: int | None = None, **values) -> str:
        cmd = st.create_command(channel, title, source_msg=source_msg, **values)
        self._enqueue(cmd)
        self._check(cmd.id, assigned=bool(values.get("assignees")) or "start" in values or "due" in values)
        return cmd.id

    def edit(self, task_id: str, **values) -> bool:
        row = st.task(self.store, task_id)
        if row is None:
            return False
        cmd = st.edit_command(row, **values)
        if cmd is None:
            return False
        self._enqueue(cmd)
        self._check(task_id, assigned=bool({"assignees", "start", "due", "estimate"} & set(values)))
        return True

    def move(self, task_id: str, status: str, rank: float | None) -> bool:
        values = {"status": status}
        if rank is not None:
            values["rank"] = rank
        return self.edit(task_id, **values)

    def comment(self, task_id: str, text: str) -> None:
        if text.strip():
            self._enqueue(fr.TaskComment(id=new_client_id(), task=task_id, text=text))

    def retry(self, cids) -> None:
        for cid in cids:
            self.actions.retry(cid)

    def discard(self, cids) -> None:
        for cid in cids:
            self.actions.discard(cid)

    def set_capacity(self, hours: float) -> None:
        self._enqueue(fr.TaskSetCapacity(id=new_client_id(), hours=hours))

    def set_columns(self, channel: str, columns: list[tuple[str, str]]) -> None:
        self._enqueue(fr.TaskSetColumns(
            id=new_client_id(), channel=channel,
            columns=[fr.TaskColumn(key=k, name=n) for k, n in columns],
        ))

    def _emit_changed(self) -> None:
        self._emit_queued = False
        if not self.closed:
            self.changed.emit()

    def close(self) -> None:
        """The cache is about to close: no redraws or writes from queued timers."""
        self.closed = True

    def _check(self, task_id: str, *, assigned: bool) -> None:
        """At assignment time and when dates change, warn the assigner at once."""
        self._warnings = None
        if not assigned:
            return
        found = self.warnings_for(task_id)
        row = st.task(self.store, task_id)
        if found and row is not None:
            titles = self.titles()
            self.alert.emit(
                self.tr("Scheduling conflict: %1").replace("%1", row.title),
                "\n".join(describe(w, titles) for w in found), row.channel, task_id,
            )

    # ---- change notices ------------------------------------------------------------

    def apply(self, changes) -> None:
        if self.closed:
            return
        if changes.reset or "tasks" in changes.features or changes.outbox:
            self._warnings = None
            if not self._emit_queued:  # one redraw for a burst of changes (a catch-up)
                self._emit_queued = True
                QTimer.singleShot(0, self._emit_changed)
        if "task_notices" in changes.features:
            notices = st.notices(self.store)
            if notices:
                st.mark_notices_seen(self.store)
            for n in notices:
                row = st.task(self.store, n.task)
                title = row.title if row else n.task
                self.alert.emit(
                    self.tr("Your change to “%1” was replaced").replace("%1", title),
                    self.tr("%1 changed the %2 to %3 at the same time as you set %4. Your value is kept in the task's history.")
                    .replace("%1", n.winner or "?").replace("%2", field_label(n.field))
                    .replace("%3", show_value(n.theirs)).replace("%4", show_value(n.mine)),
                    row.channel if row else "", n.task,
                )
