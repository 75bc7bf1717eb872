"""The resource board's table model: people × weeks (or days), planned hours against capacity,
coloured by load, conflicts marked; dragging a cell onto another re-plans the demand
that fills it (another person and/or week), pending at once through the outbox."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QByteArray, QCoreApplication, QLocale, QMimeData, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor

from desktop.domain import board
from desktop.domain.allocation import Demand
from desktop.domain.plan import Plan
from desktop.store import projects as sp
from desktop.store import resources
from desktop.ui import theme

MIME = "application/x-beacon-allocation"
WEEK_DAYS = 7
_FILLS = {
    "light": {"ok": "#C8E6C9", "full": "#FFE082", "over": "#EF9A9A"},
    "dark": {"ok": "#1F5130", "full": "#6B5300", "over": "#7F1D1D"},
}



def hours(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


class BoardModel(QAbstractTableModel):
    """Rows: people matching the filters; columns: weeks (span 7) or days (span 1) from this week's Monday."""

    ConflictRole = Qt.ItemDataRole.UserRole + 1
    LevelRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, store, actions=None, parent=None, *, today=dt.date.today):
        super().__init__(parent)
        self.store, self.actions, self.today = store, actions, today
        self.weeks_count = 4
        self.filters: dict[str, str | None] = {"team": None, "role": None, "skill": None, "project": None}
        self.plan: Plan | None = None
        self.weeks: list[dt.date] = []
        self.span = WEEK_DAYS
        self.columns: list[dt.date] = []  # the first day of each column
        self.users: list[str] = []
        self.rows: list[board.Row] = []
        self.names: dict[str, str] = {}
        self.display: dict[str, str] = {}
        self.reload()

    # ---- building -------------------------------------------------------------------

    def reload(self) -> None:
        """Rebuild from the cache (a change notice, new filters or another span)."""
        self.weeks = board.week_starts(self.today(), self.weeks_count)
        last = self.weeks[-1] + dt.timedelta(days=WEEK_DAYS - 1)
        self.columns = self.weeks if self.span == WEEK_DAYS else [
            self.weeks[0] + dt.timedelta(days=n) for n in range((last - self.weeks[0]).days + 1)]
        self.plan = resources.plan(self.store, self.weeks[0], self.weeks[-1] + dt.timedelta(days=WEEK_DAYS - 1))
        self.names = {p.id: p["name"] for p in sp.records(self.store, "project")}
        self.display = {u.name: u.display_name for u in self.store.users()}
        self._refresh_rows()

    def refresh(self, *, tasks: bool = True) -> None:
        """After a change notice: apply only what changed in the cache to the plan
        (`tasks=False`: no task changed, do not read them again)."""
        self.plan = resources.refresh(self.store, self.plan, tasks=tasks)
        self.names = {p.id: p["name"] for p in sp.records(self.store, "project")}
        self.display = {u.name: u.display_name for u in self.store.users()}
        self._refresh_rows()

    def _refresh_rows(self) -> None:
        self.beginResetModel()
        self.users = board.visible_users(self.plan, **self.filters)
        self.rows = board.rows(self.plan, self.columns, self.users, self.span)
        self.endResetModel()

    def set_weeks(self, count: int) -> None:
        self.weeks_count = max(4, min(12, count))
        self.reload()

    def set_days(self, days: bool) -> None:
        """Columns are days (True) or weeks (False)."""
        self.span = 1 if days else WEEK_DAYS
        self.reload()

    def set_filter(self, name: str, value: str | None) -> None:
        self.filters[name] = value or None
        self._refresh_rows()

    def conflicts(self) -> list:
        shown = set(self.users)
        return [c for c in self.plan.conflicts() if shown & set(board.conflict_days(c))]

    # ---- Qt model -------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                day, locale = self.columns[section], QLocale()
                # A translatable Qt format ("Nov 30" / "11月30日"), not the locale's short
                # date ("11/30/26" in English), and the year only off this year.
                same_year = day.year == dt.date.today().year
                text = locale.toString(day, QCoreApplication.translate("ResourceBoard", "MMM d") if same_year
                                       else QCoreApplication.translate("ResourceBoard", "MMM d, yyyy"))
                return text if self.span == WEEK_DAYS else f"{locale.toString(day, 'ddd')} {text}"
            return None
        if 0 <= section < len(self.rows):
            user = self.rows[section].user
            return self.display.get(user, user)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) or not (0 <= index.column() < len(self.columns)):
            return None
        cell = self.rows[index.row()].cells[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = QCoreApplication.translate("ResourceBoard", "%1 / %2 h").replace("%1", hours(cell.hours)).replace("%2", hours(cell.capacity))
            return ("⚠ " + text) if cell.conflict else text
        if role == Qt.ItemDataRole.BackgroundRole:
            fill = _FILLS[theme.current_scheme()].get(cell.level)
            return QColor(fill) if fill else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == self.ConflictRole:
            return cell.conflict
        if role == self.LevelRole:
            return cell.level
        return None

    def _tooltip(self, row: int, column: int) -> str:
        user, lines = self.rows[row].user, []
        for demand, planned in self.demands_in(row, column):
            lines.append(QCoreApplication.translate("ResourceBoard", "%1: %2 h").replace("%1", self.names.get(demand.project, demand.project))
                         .replace("%2", hours(round(planned, 1))))
        load = self.plan.loads.get(user)
        if load is not None:
            week = self._indices(load, column)
            task_hours = sum(sum(h[i] for i in week) for h in load.by_task.values())
            if task_hours > 0:
                lines.append(QCoreApplication.translate("ResourceBoard", "Tasks: %1 h").replace("%1", hours(round(task_hours, 1))))
        return "\n".join(lines) or QCoreApplication.translate("ResourceBoard", "Nothing planned")

    def _indices(self, load, column: int) -> list[int]:
        start = load.index(self.columns[column])
        return [i for i in range(start, start + self.span) if 0 <= i < len(load.total)]

    def demands_in(self, row: int, column: int) -> list:
        """(demand, hours that week) of the named demands filling a cell, largest first."""
        user = self.rows[row].user
        load = self.plan.loads.get(user)
        if load is None:
            return []
        week = self._indices(load, column)
        found = [(self.plan.demands[d], sum(h[i] for i in week)) for d, h in load.by_demand.items()]
        return sorted((f for f in found if f[1] > 0), key=lambda f: -f[1])

    # ---- drag and drop: re-plan -------------------------------------------------------

    def flags(self, index):
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled

    def mimeTypes(self):  # noqa: N802
        return [MIME]

    def supportedDropActions(self):  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self):  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeData(self, indexes):  # noqa: N802
        index = indexes[0] if indexes else QModelIndex()
        if not index.isValid() or not self.demands_in(index.row(), index.column()):
            return None
        mime = QMimeData()
        mime.setData(MIME, QByteArray(f"{index.row()},{index.column()}".encode()))
        return mime

    def canDropMimeData(self, data, action, row, column, parent):  # noqa: N802
        return data.hasFormat(MIME) and parent.isValid()

    def dropMimeData(self, data, action, row, column, parent):  # noqa: N802
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        src_row, src_col = (int(x) for x in bytes(data.data(MIME)).decode().split(","))
        return self.move(src_row, src_col, parent.row(), parent.column())

    def move(self, src_row: int, src_col: int, dst_row: int, dst_col: int) -> bool:
        """Give the largest demand of the source cell to the target person, shifted by
        the number of weeks (or days) between the cells. False when nothing moves."""
        if (src_row, src_col) == (dst_row, dst_col) or not (0 <= src_row < len(self.rows)):
            return False
        found = self.demands_in(src_row, src_col)
        if not found:
            return False
        demand = found[0][0]
        shift = dt.timedelta(days=(dst_col - src_col) * self.span)
        record = sp.record(self.store, "demand", demand.id)
        if record is None:
            return False
        cmd = sp.set_command("demand", demand.id, current=record, person=self.rows[dst_row].user,
                             start=(demand.start + shift).isoformat(), end=(demand.end + shift).isoformat())
        if cmd is None:
            return False
        self.store.enqueue(cmd)
        if self.actions is not None:
            self.actions.wake()
        # Shown at once: the plan takes the moved demand (the outbox's notice confirms it later).
        self.plan.put_demand(Demand(
            demand.id, demand.project, demand.start + shift, demand.end + shift, person=self.rows[dst_row].user,
            role=demand.role, skill=demand.skill, hours=demand.hours, percent=demand.percent,
        ))
        QTimer.singleShot(0, self._refresh_rows)  # not inside the view's drop handler
        return True
