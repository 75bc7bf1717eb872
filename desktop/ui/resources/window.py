"""The resource board window: filters, 4 to 12 weeks, the people × weeks table (drag
a cell onto another person or week to re-plan its demand) and the conflicts below."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHeaderView,
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QLabel, QListWidget, QSpinBox, QSplitter, QTableView, QVBoxLayout,
    QWidget,
)

from desktop.store import projects as sp
from desktop.store import tasks as st
from desktop.ui.resources.model import BoardModel
from desktop.ui.resources.texts import describe


class ResourceBoardWindow(QWidget):
    """Top-level window. `apply(changes)` takes the store's change notices."""

    def __init__(self, store, actions=None, parent=None, *, today=dt.date.today):
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store
        self.setWindowTitle(self.tr("Resource board"))
        self.resize(1100, 680)
        self.model = BoardModel(store, actions, self, today=today)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Weeks:"), self))
        self.weeks = QSpinBox(self)
        self.weeks.setRange(4, 12)
        self.weeks.setValue(self.model.weeks_count)
        bar.addWidget(self.weeks)
        self.by_day = QCheckBox(self.tr("By day"), self)
        bar.addWidget(self.by_day)
        self.filters: dict[str, QComboBox] = {}
        for name, label in (("team", self.tr("Team:")), ("role", self.tr("Role:")), ("skill", self.tr("Skill:")),
                            ("project", self.tr("Project:"))):
            bar.addWidget(QLabel(label, self))
            box = QComboBox(self)
            box.setMinimumContentsLength(8)
            self.filters[name] = box
            bar.addWidget(box)
            box.currentIndexChanged.connect(lambda _i, n=name: self._filter_chosen(n))
        bar.addStretch(1)
        self.legend = QLabel(self.tr("Green: under 80 %  ·  Amber: 80–100 %  ·  Red: over capacity  ·  ⚠ a conflict that week"
                                     "  ·  Drag a cell to another person or week to re-plan"), self)
        self.legend.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setDropIndicatorShown(True)
        self.table.horizontalHeader().setDefaultSectionSize(110)
        self._fit_weeks(True)
        self.conflict_list = QListWidget(self)
        self.conflict_list.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        host = QWidget(split)
        box = QVBoxLayout(host)
        box.setContentsMargins(0, 0, 0, 0)
        self.conflict_title = QLabel(host)
        box.addWidget(self.conflict_title)
        box.addWidget(self.conflict_list)
        split.addWidget(host)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.legend)
        layout.addWidget(split, 1)
        self.weeks.valueChanged.connect(self._weeks_chosen)
        self.by_day.toggled.connect(self._span_chosen)
        self._reload_queued = False
        self._full = False
        self._tasks_changed = False
        self._fill()

    # ---- filling ---------------------------------------------------------------------

    def _fill(self) -> None:
        plan = self.model.plan
        people = [plan.person(u) for u in plan.users()]
        choices = {
            "team": sorted({p.team for p in people if p.team}),
            "role": sorted({p.role for p in people if p.role}),
            "skill": sorted({s for p in people for s in p.skills}),
        }
        for name, values in choices.items():
            self._set_choices(name, [(v, v) for v in values])
        self._set_choices("project", [(r["name"], r.id) for r in sp.records(self.store, "project")])
        self._show_conflicts()

    def _set_choices(self, name: str, items: list[tuple[str, str]]) -> None:
        box = self.filters[name]
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("All"), None)
        for label, value in items:
            box.addItem(label, value)
        box.setCurrentIndex(max(0, box.findData(current)) if current is not None else 0)
        box.blockSignals(False)

    def _show_conflicts(self) -> None:
        found = self.model.conflicts()
        tasks = {t.id: t.title for t in st.tasks(self.store)}
        self.conflict_list.clear()
        for c in found:
            self.conflict_list.addItem(describe(c, self.model.names, tasks, self.model.display))
        self.conflict_title.setText(self.tr("Conflicts (%n)", "", len(found)) if found else self.tr("No conflicts"))

    # ---- events ----------------------------------------------------------------------

    def _filter_chosen(self, name: str) -> None:
        self.model.set_filter(name, self.filters[name].currentData())
        self._show_conflicts()

    def _weeks_chosen(self, value: int) -> None:
        self.model.set_weeks(value)
        self._show_conflicts()

    def _span_chosen(self, days: bool) -> None:
        self.model.set_days(days)
        self.table.horizontalHeader().setDefaultSectionSize(110 if not days else 96)
        self._fit_weeks(not days)
        self._show_conflicts()

    def _fit_weeks(self, weeks: bool) -> None:
        """Weeks fill the window (a handful of columns); days keep their width and scroll."""
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(90)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch if weeks else QHeaderView.ResizeMode.Interactive)

    def apply(self, changes) -> None:
        """Redraw once for a burst of changes to plans, tasks or the outbox."""
        if changes.reset:
            self._full = True
        if changes.outbox or "tasks" in changes.features:
            self._tasks_changed = True  # (a pending task edit is an outbox change)
        if changes.reset or changes.outbox or changes.users or {"projects", "tasks"} & set(changes.features):
            if not self._reload_queued:
                self._reload_queued = True
                QTimer.singleShot(0, self._reload)

    def _reload(self) -> None:
        self._reload_queued = False
        if self._full:
            self._full = False
            self.model.reload()
        else:
            self.model.refresh(tasks=self._tasks_changed)  # only the people whose inputs changed
        self._tasks_changed = False
        self._fill()
