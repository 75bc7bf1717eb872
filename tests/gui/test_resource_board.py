"""Resource board window: people × weeks coloured by load, conflicts marked and listed,
filters, and dragging a cell onto another person and week re-plans its demand
(pending at once through the outbox)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.actions import Actions
from desktop.protocol import events as ev
from desktop.store import projects as sp
from desktop.ui.resources.model import BoardModel
from desktop.ui.resources.window import ResourceBoardWindow
from tests.gui.app_kit import ME, make_store

TODAY = dt.date(2030, 6, 5)  # a Wednesday; the board starts on Monday 2030-06-03
MON = dt.date(2030, 6, 3)
D = dt.timedelta


def seed(seeder, kind, record, actor=ME, **values):
    changes = [ev.PlanChange(field=k, value=v) for k, v in values.items()]
    seeder.apply(ev.PlanChanged, actor=actor, record_kind=kind, record=record, changes=changes, created=True)


@pytest.fixture
def board(qtbot, tmp_path):
    store, seeder = make_store(tmp_path)
    seed(seeder, "project", "p1-0000000000000001", name="Apollo", owner=ME, channels=["C1"], removed=False)
    seed(seeder, "project", "p2-0000000000000002", actor="li", name="Borealis", owner="li", channels=["C2"], removed=False)
    seed(seeder, "demand", "d1-0000000000000001", project="p1-0000000000000001", person="bob", hours=30.0,
         start=(MON + D(7)).isoformat(), end=(MON + D(11)).isoformat(), removed=False)
    seed(seeder, "demand", "d2-0000000000000002", actor="li", project="p2-0000000000000002", person="bob", hours=20.0,
         start=(MON + D(7)).isoformat(), end=(MON + D(11)).isoformat(), removed=False)
    seed(seeder, "person", "li", actor="li", team="design", skills=["ux"], tz="Asia/Shanghai")
    window = ResourceBoardWindow(store, Actions(store), today=lambda: TODAY)
    unsubscribe = store.subscribe(lambda changes: window.apply(changes))
    qtbot.addWidget(window)
    window.show()
    yield window, store
    unsubscribe()
    store.close()


def _cell(window, user, week):
    model = window.model
    return model.index(model.users.index(user), week)


def test_board_colours_by_load_and_marks_and_lists_conflicts(board):
    window, _store = board
    model = window.model
    assert model.columnCount() == 4 and set(model.users) == {ME, "bob", "li"}
    assert model.weeks[0] == MON
    over = _cell(window, "bob", 1)
    assert model.data(over) == "⚠ 50 / 40 h"
    assert model.data(over, BoardModel.LevelRole) == "over"
    assert model.data(over, Qt.ItemDataRole.BackgroundRole) == QColor("#EF9A9A")
    assert model.data(_cell(window, "bob", 0)) == "0 / 40 h" and model.data(_cell(window, "bob", 0), BoardModel.ConflictRole) is False
    assert "Apollo: 30 h" in model.data(over, Qt.ItemDataRole.ToolTipRole)
    texts = [window.conflict_list.item(i).text() for i in range(window.conflict_list.count())]
    assert any("Bob is double-booked by Apollo, Borealis" in t for t in texts)  # display names
    assert window.conflict_title.text() == "Conflicts (2)"


def test_filters_by_team_skill_and_project_and_the_span_of_weeks(board, qtbot):
    window, _store = board
    team = window.filters["team"]
    team.setCurrentIndex(team.findData("design"))
    assert window.model.users == ["li"] and window.conflict_title.text() == "No conflicts"
    team.setCurrentIndex(0)
    project = window.filters["project"]
    project.setCurrentIndex(project.findData("p2-0000000000000002"))
    assert window.model.users == ["bob"]
    window.weeks.setValue(12)
    assert window.model.columnCount() == 12
    window.by_day.setChecked(True)  # people × days
    assert window.model.columnCount() == 84
    project.setCurrentIndex(0)
    monday = window.model.index(window.model.users.index("bob"), 7)  # Monday of the second week
    assert window.model.data(monday) == "⚠ 10 / 8 h"  # 6 h Apollo + 4 h Borealis on an 8-hour day
    assert window.model.data(window.model.index(window.model.users.index("bob"), 12)) == "0 / 0 h"  # Saturday


def test_dragging_a_cell_to_another_person_and_week_replans_the_demand(board, qtbot):
    window, store = board
    model, view = window.model, window.table
    source, target = _cell(window, "bob", 1), _cell(window, "li", 2)
    mime = model.mimeData([source])
    assert mime is not None
    pos = view.visualRect(target).center()
    args = (Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    for event in (QDragEnterEvent(pos, *args), QDragMoveEvent(pos, *args)):  # what a real drag sends first
        QApplication.sendEvent(view.viewport(), event)
        assert event.isAccepted()
    drop = QDropEvent(QPointF(pos), *args)
    QApplication.sendEvent(view.viewport(), drop)
    # The largest demand of the cell (Apollo's 30 h) moves to li, one week later, pending.
    record = sp.record(store, "demand", "d1-0000000000000001")
    assert (record["person"], record["start"], record["end"]) == ("li", (MON + D(14)).isoformat(), (MON + D(18)).isoformat())
    assert {"person", "start", "end"} <= record.pending
    qtbot.waitUntil(lambda: model.data(_cell(window, "li", 2)).endswith("30 / 40 h"), timeout=3000)
    assert model.data(_cell(window, "bob", 1)) == "20 / 40 h"  # bob is no longer over
    # A cell with nothing planned has nothing to drag.
    assert model.mimeData([_cell(window, ME, 0)]) is None
    # By day, a drop shifts by days: li's Monday 17th moves on two days.
    window.by_day.setChecked(True)
    assert model.move(model.users.index("li"), 14, model.users.index("li"), 16)
    record = sp.record(store, "demand", "d1-0000000000000001")
    assert (record["start"], record["end"]) == ((MON + D(16)).isoformat(), (MON + D(20)).isoformat())


def test_a_task_card_warns_when_its_estimate_cannot_fit_across_a_weekend(qtbot, tmp_path):
    from desktop.domain.conflicts import NoFit
    from desktop.ui.tasks.controller import TaskController, describe

    store, seeder = make_store(tmp_path)
    try:
        seeder.apply(ev.TaskCreated, actor="bob", channel="C1", task="0192f0c2-aaaa-7bbb-8ccc-000000000001", number=7,
                     changes=[ev.TaskChange(field="title", value="Migrate"), ev.TaskChange(field="status", value="todo"),
                              ev.TaskChange(field="assignees", value=["bob"]), ev.TaskChange(field="start", value="2030-06-06"),
                              ev.TaskChange(field="due", value="2030-06-11"), ev.TaskChange(field="estimate", value=40.0)])
        controller = TaskController(store, Actions(store), ME, today=lambda: TODAY)
        [warning] = controller.warnings_for("0192f0c2-aaaa-7bbb-8ccc-000000000001")  # Thu..Tue: 32 h of working time
        assert isinstance(warning, NoFit)
        assert describe(warning, controller.titles()) == (
            "“Migrate” cannot fit: 40 h each from 2030-06-06 to 2030-06-11, more than the working time of bob (32 h)")
    finally:
        store.close()
