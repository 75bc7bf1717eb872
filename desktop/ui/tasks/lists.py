"""My tasks (grouped by due date) and the timeline (per person, bars over the next weeks)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from desktop.domain import workload
from desktop.store import tasks as st
from desktop.ui.tasks import column_names
from desktop.ui import theme
from desktop.ui.empty_state import EmptyHint


class MyTasksView(QTreeWidget):
    """Everything assigned to me across channels: Overdue, Today, This week, Later.

    Signals:
        open_task(str task_id)
    """

    open_task = Signal(str)

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.setHeaderLabels([self.tr("Task"), self.tr("Channel"), self.tr("Status"), self.tr("Due")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.itemActivated.connect(lambda item, _col: item.data(0, Qt.ItemDataRole.UserRole) and self.open_task.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        self._stale = False
        self.empty_hint = EmptyHint(self, self.tr(
            "Nothing assigned to you. Tasks given to you in any channel show here, by due date."
            " Make one on a channel's Board (New task…) or right-click a message → Create task from message."
        ))
        controller.changed.connect(self._changed)
        self.reload()

    def _changed(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def reload(self) -> None:
        store = self.controller.store
        rows = [r for r in st.tasks(store, assignee=self.controller.me) if r.status != "done"]
        today = self.controller.today()
        groups = workload.due_groups([(r, dt.date.fromisoformat(r.due) if r.due else None) for r in rows], today=today)
        names = {c.id: c.name for c in store.channels()}
        labels = {"overdue": self.tr("Overdue"), "today": self.tr("Today"), "week": self.tr("This week"),
                  "later": self.tr("Later"), "none": self.tr("No due date")}
        self.clear()
        colors = theme.colors()
        for key, members in groups.items():
            if not members:
                continue
            head = QTreeWidgetItem(self, [f"{labels[key]} ({len(members)})"])
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setFirstColumnSpanned(True)
            for r in members:
                cols = dict(column_names.columns(store, r.channel))
                mark = "⚠ " if self.controller.warnings_for(r.id) else ""
                item = QTreeWidgetItem(head, [mark + r.title, "#" + names.get(r.channel, "?"), cols.get(r.status, r.status), r.due or ""])
                item.setData(0, Qt.ItemDataRole.UserRole, r.id)
                if key == "overdue":
                    item.setForeground(3, colors.failed)
                if r.pending:
                    item.setForeground(0, colors.pending)
            head.setExpanded(True)
        self.resizeColumnToContents(0)


class TimelineView(QWidget):
    """Per person, tasks as bars from start to due over the next weeks, with each week's
    load against capacity (red when over)."""

    WEEKS = 6
    NAME_W, HEAD_H, LANE_H, BAR_H = 130, 40, 22, 16

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.setMinimumHeight(200)
        controller.changed.connect(self.update)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(900, 400)

    def _people(self):
        """Assignee -> their open tasks whose window reaches into the weeks shown."""
        first = workload.monday(self.controller.today())
        last = first + dt.timedelta(days=7 * self.WEEKS - 1)
        rows = []
        for r in st.tasks(self.controller.store):
            span = workload.window(st.work(r))
            if r.status != "done" and span is not None and span[1] >= first and span[0] <= last:
                rows.append(r)
        people: dict[str, list] = {}
        for r in rows:
            for user in r.assignees:
                people.setdefault(user, []).append(r)
        return dict(sorted(people.items()))

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal, colors = self.palette(), theme.colors()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        today = self.controller.today()
        first = workload.monday(today)
        days = self.WEEKS * 7
        width = max(1, self.width() - self.NAME_W - 10)
        day_w = width / days
        x0 = self.NAME_W

        def x_of(day: dt.date) -> float:
            return x0 + (day - first).days * day_w

        load = workload.weekly_load(st.work(r) for r in st.tasks(self.controller.store))
        caps = st.capacities(self.controller.store)
        fm = p.fontMetrics()
        p.setPen(pal.color(QPalette.ColorRole.Text))
        for w in range(self.WEEKS):
            monday = first + dt.timedelta(days=7 * w)
            p.setPen(QPen(pal.color(QPalette.ColorRole.Mid)))
            p.drawLine(int(x_of(monday)), 0, int(x_of(monday)), self.height())
            p.setPen(pal.color(QPalette.ColorRole.Text))
            # A translatable Qt date format: "30 Nov" / "11月30日".
            week = QLocale().toString(QDate(monday.year, monday.month, monday.day), self.tr("d MMM"))
            p.drawText(int(x_of(monday)) + 4, fm.ascent() + 4, week)
        p.setPen(QPen(colors.accent, 2))
        p.drawLine(int(x_of(today)), self.HEAD_H - 8, int(x_of(today)), self.height())
        y = self.HEAD_H
        people = self._people()
        if not people:
            p.setPen(colors.muted_text)
            p.drawText(QRectF(0, y, self.width(), 40), Qt.AlignmentFlag.AlignCenter,
                       self.tr("No scheduled tasks: give tasks a start or due date and an assignee."))
        for user, rows in people.items():
            lanes = len(rows)
            block = QRectF(0, y, self.width(), self.LANE_H * lanes + fm.height() + 8)
            p.setPen(pal.color(QPalette.ColorRole.Text))
            p.drawText(QRectF(6, y, self.NAME_W - 8, fm.height() + 4), Qt.AlignmentFlag.AlignVCenter, "@" + user)
            cap = caps.get(user, workload.DEFAULT_CAPACITY)
            for w in range(self.WEEKS):
                monday = first + dt.timedelta(days=7 * w)
                hours, _ids = load.get(user, {}).get(monday, (0.0, ()))
                if hours:
                    over = hours > cap + 1e-9
                    p.setPen(colors.failed if over else colors.muted_text)
                    p.drawText(int(x_of(monday)) + 4, int(y + fm.ascent() + 2),
                               self.tr("%1/%2 h").replace("%1", f"{hours:.0f}").replace("%2", f"{cap:g}"))
            lane_y = y + fm.height() + 6
            for r in rows:
                span = workload.window(st.work(r))
                if span is None:
                    continue
                left = max(x0, x_of(span[0]))
                right = min(x0 + width, x_of(span[1] + dt.timedelta(days=1)))
                if right > left:
                    bar = QRectF(left, lane_y + 2, right - left, self.BAR_H)
                    warn = bool(self.controller.warnings_for(r.id))
                    fill = QColor(colors.failed if warn else colors.accent)
                    fill.setAlpha(60 if r.pending else 200)
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(fill)
                    p.drawRoundedRect(bar, 4, 4)
                    if fm.horizontalAdvance(r.title) + 8 <= bar.width():
                        p.setPen(colors.accent_text)
                        p.drawText(bar.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, r.title)
                    else:  # too short for its title: write it beside the bar
                        p.setPen(pal.color(QPalette.ColorRole.Text))
                        beside = QRectF(bar.right() + 4, bar.top(), max(0.0, x0 + width - bar.right() - 4), bar.height())
                        text = fm.elidedText(r.title, Qt.TextElideMode.ElideRight, int(beside.width()))
                        p.drawText(beside, Qt.AlignmentFlag.AlignVCenter, text)
                lane_y += self.LANE_H
            y = block.bottom()
            p.setPen(QPen(pal.color(QPalette.ColorRole.Mid)))
            p.drawLine(0, int(y), self.width(), int(y))
        p.end()
