"""Task board: cards per column, drag and drop between and within columns (pending at
once), my tasks, the task dialog, conflicts on cards; two real apps sync a drop."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from desktop.actions import Actions
from desktop.embedded_relay import EmbeddedRelay
from desktop.net.retry import Backoff
from desktop.net.state import Link
from desktop.protocol import events as ev
from desktop.store import tasks as st
from desktop.ui.application import BeaconApp
from desktop.ui.tasks.board import BoardView, rank_between
from desktop.ui.tasks.controller import TaskController
from desktop.ui.tasks.dialog import TaskDialog
from desktop.ui.tasks.lists import MyTasksView, TimelineView
from server_stub import admin
from tests.gui.app_kit import until
from tests.client_kit import free_port, open_profile
from tests.gui.app_kit import ME, make_store

TODAY = dt.date(2030, 6, 5)  # a Wednesday
ID = "0192f0c2-aaaa-7bbb-8ccc-00000000000{}"


def seed_task(seeder, n: int, title: str, **values) -> str:
    task = ID.format(n)
    changes = [ev.TaskChange(field="title", value=title), ev.TaskChange(field="status", value=values.pop("status", "todo"))]
    changes += [ev.TaskChange(field=k, value=v) for k, v in values.items()]
    seeder.apply(ev.TaskCreated, actor="bob", channel="C1", task=task, number=0, changes=changes)
    return task


@pytest.fixture
def board(qtbot, tmp_path):
    store, seeder = make_store(tmp_path)
    ids = [
        seed_task(seeder, 1, "Draft the agenda", assignees=[ME], due="2030-06-04", estimate=30.0),  # late
        seed_task(seeder, 2, "Book the room", assignees=["bob"], priority="urgent"),
        seed_task(seeder, 3, "Send invites", status="doing", assignees=[ME], start="2030-06-05", due="2030-06-07", estimate=16.0),
    ]
    controller = TaskController(store, Actions(store), ME, today=lambda: TODAY)
    unsubscribe = store.subscribe(controller.apply)
    view = BoardView(controller, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.set_channel("C1", "#general")
    view.show()
    yield view, store, ids
    unsubscribe()
    store.close()


def titles(view, status):
    return [r.title for r in view.lists[status].rows()]


def drop(source, row: int, target, y: float) -> None:
    """The events a drag delivers to the target: enter, move, drop, carrying the
    source's own mime data (QDrag.exec itself needs a real pointer)."""
    mime = source.mimeData([source.item(row)])
    at, args = QPoint(20, int(y)), (Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(at, *args)
    QApplication.sendEvent(target.viewport(), enter)
    assert enter.isAccepted()
    QApplication.sendEvent(target.viewport(), QDragMoveEvent(at, *args))
    QApplication.sendEvent(target.viewport(), QDropEvent(QPointF(at), *args))


def test_columns_and_cards(board):
    view, store, ids = board
    assert [view.headers[k].text() for k in view.lists] == ["To do  ·  2", "In progress  ·  1", "Done  ·  0"]
    assert titles(view, "todo") == ["Draft the agenda", "Book the room"]
    assert titles(view, "doing") == ["Send invites"]


def test_drag_to_another_column_changes_status_at_once_as_pending(board, qtbot):
    view, store, ids = board
    todo, done = view.lists["todo"], view.lists["done"]
    drop(todo, 1, done, 5)
    qtbot.waitUntil(lambda: titles(view, "done") == ["Book the room"])
    assert titles(view, "todo") == ["Draft the agenda"]
    row = st.task(store, ids[1])
    assert row.status == "done" and "status" in row.pending
    [item] = store.outbox(("pending",))
    assert item.kind == "task_edit" and {c.field for c in item.frame.changes} >= {"status"}
    assert [c.base for c in item.frame.changes if c.field == "status"] == [row.versions["status"][0]]


def test_drag_within_a_column_reorders(board, qtbot):
    view, store, ids = board
    todo = view.lists["todo"]
    drop(todo, 1, todo, 2)  # "Book the room" above "Draft the agenda"
    qtbot.waitUntil(lambda: titles(view, "todo") == ["Book the room", "Draft the agenda"])
    assert st.task(store, ids[1]).status == "todo"
    drop(todo, 0, todo, todo.visualItemRect(todo.item(1)).bottom() - 2)  # and back to the end
    qtbot.waitUntil(lambda: titles(view, "todo") == ["Draft the agenda", "Book the room"])


def test_drop_of_foreign_data_is_ignored(board):
    view, store, _ids = board
    from PySide6.QtCore import QMimeData

    mime = QMimeData()
    mime.setText("not a task")
    args = (Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(5, 5), *args)
    QApplication.sendEvent(view.lists["done"].viewport(), enter)
    assert not enter.isAccepted()
    QApplication.sendEvent(view.lists["done"].viewport(), QDropEvent(QPointF(5, 5), *args))
    assert store.outbox(("pending",)) == []


def test_rank_between():
    assert rank_between(None, None) == 1024.0
    assert rank_between(None, 10.0) < 10.0 < rank_between(10.0, None)
    assert 1.0 < rank_between(1.0, 2.0) < 2.0


def test_card_conflict_and_my_tasks(board, qtbot):
    view, store, ids = board
    # 30 h (Jun 4, alone) + 16 h over Jun 5-7: 30 + 16 = 46 h in the week of Jun 3 > 40 h.
    found = view.controller.warnings_for(ids[0])
    assert found and found[0].user == ME and found[0].hours == 46.0
    mine = MyTasksView(view.controller)
    qtbot.addWidget(mine)
    groups = [mine.topLevelItem(i).text(0) for i in range(mine.topLevelItemCount())]
    assert groups == ["Overdue (1)", "This week (1)"]
    assert mine.topLevelItem(0).child(0).text(0) == "⚠ Draft the agenda"
    timeline = TimelineView(view.controller)
    qtbot.addWidget(timeline)
    timeline.resize(900, 300)
    timeline.grab()  # paints without warnings


def test_dialog_creates_and_edits_with_clear_errors(board, qtbot):
    view, store, ids = board
    dialog = TaskDialog(view.controller, channel="C1")
    qtbot.addWidget(dialog)
    dialog.title.setText("   ")
    dialog.save()
    assert "title" in dialog.error.text() and dialog.result() == 0  # kept open, nothing queued
    dialog.title.setText("Order snacks")
    dialog.description.setPlainText("**Crisps** and <b>fruit</b> ![x](http://example.com/x.png)")
    dialog.render_preview()
    shown = dialog.preview.toPlainText()
    assert "Crisps" in shown and "**" not in shown and "[image: " in shown  # markdown, no fetching
    dialog.estimate.setValue(3)
    dialog.assignees.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.save()
    row = st.task(store, dialog.task_id)
    assert (row.title, row.estimate, row.pending) == ("Order snacks", 3.0, frozenset({"create"}))
    qtbot.waitUntil(lambda: "Order snacks" in titles(view, "todo"))
    edit = TaskDialog(view.controller, row=st.task(store, ids[2]))
    qtbot.addWidget(edit)
    edit.start.set_value("2030-06-09")  # after the due date
    edit.save()
    assert "after due" in edit.error.text()
    edit.start.set_value("2030-06-06")
    edit.save()
    assert st.task(store, ids[2]).start == "2030-06-06"


# ---- two real apps and a real relay -------------------------------------------------



def test_board_drop_and_task_from_message_sync_between_apps(qtbot, qloop, tmp_path):
    data = tmp_path / "relay"
    tokens = {u: admin.add_user(data, u, u.title()) for u in ("alice", "bob")}
    general = admin.add_channel(data, "general", members=["alice", "bob"])
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    def make(user: str) -> BeaconApp:
        store = open_profile(tmp_path / user)
        store.set_account(url, user, user.title())
        store.set_token(tokens[user])
        app = BeaconApp(store, url, tokens[user])
        app.engine.backoff = Backoff(base=0.05, cap=0.3)
        qtbot.addWidget(app.window)
        qtbot.addWidget(app.tasks_ui.window)
        return app

    async def scenario():
        alice, bob = make("alice"), make("bob")
        alice.start()
        bob.start()
        await until(lambda: alice.engine.state.link is Link.ONLINE and bob.engine.state.link is Link.ONLINE, what="online")
        for app in (alice, bob):
            app.window.open_channel(general)
        alice.window.composer.edit_box.submitted.emit("Can someone update the pricing page?\nBy Friday please")
        await until(lambda: bob.store.messages(general, limit=1) and "pricing" in bob.store.messages(general, limit=1)[-1].text, what="message")
        msg = bob.store.messages(general, limit=1)[-1]
        menu = bob.window.message_menu(msg)
        [create] = [a for a in menu.actions() if a.text() == "Create task from message"]
        create.trigger()
        dialog = bob.tasks_ui.window.findChild(TaskDialog)
        assert dialog.title.text() == "Can someone update the pricing page?" and dialog.source_msg == msg.id
        dialog.save()
        await until(lambda: st.tasks(alice.store, general) and st.tasks(alice.store, general)[0].number, what="task arrives")
        [task] = st.tasks(alice.store, general)
        assert task.source_msg == msg.id
        menu = alice.window.message_menu(alice.store.message(msg.id))
        assert any(a.text().startswith(f"Open task {task.ref}") for a in menu.actions())  # the link back

        alice.tasks_ui.show_board()
        board = alice.tasks_ui.window.board
        await until(lambda: [r.title for r in board.lists["todo"].rows()] == [task.title], what="card")
        drop(board.lists["todo"], 0, board.lists["doing"], 5)
        await until(lambda: st.task(bob.store, task.id).status == "doing", what="bob sees the move")
        await until(lambda: not st.task(alice.store, task.id).pending, what="confirmed")
        bob.tasks_ui.show_board()
        await until(lambda: [r.title for r in bob.tasks_ui.window.board.lists["doing"].rows()] == [task.title], what="bob's board")
        await alice.shutdown()
        await bob.shutdown()

    try:
        with qloop:
            qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    finally:
        relay.stop()


def test_assigner_is_warned_at_assignment_and_loser_is_told(board, qtbot):
    view, store, ids = board
    alerts = []
    view.controller.alert.connect(lambda *a: alerts.append(a))
    view.controller.create("C1", "Quiet task", assignees=["li"], due="2030-06-06", estimate=2)
    assert alerts == []  # within capacity: no noise
    view.controller.create("C1", "One more thing", assignees=[ME], start="2030-06-05", due="2030-06-06", estimate=6)
    [(title, body, channel, task)] = alerts
    assert title == "Scheduling conflict: One more thing" and channel == "C1"
    assert f"{ME} has 52 h of work in the week of 2030-06-03 (capacity 40 h)" in body
    alerts.clear()
    view.controller.edit(ids[1], due="2030-06-20")  # not an assignment or date change that conflicts
    assert alerts == []
    # A concurrent edit replaced mine: I am told who won and what my value was.
    store.apply_events([ev.TaskUpdated(seq=store.cursor() + 1, ts=1, actor="bob", channel="C1", task=ids[0], changes=[
        ev.TaskChange(field="due", value="2030-06-12", lost=ev.TaskLost(actor=ME, value="2030-06-10", seq=3))])])
    [(title, body, channel, task)] = alerts
    assert title == "Your change to “Draft the agenda” was replaced" and task == ids[0]
    assert "bob changed the due date to 2030-06-12 at the same time as you set 2030-06-10" in body
    assert st.notices(store) == []  # shown once


def test_refused_change_is_marked_and_can_be_retried_or_discarded(board, qtbot):
    view, store, ids = board
    view.controller.move(ids[1], "done", None)
    [item] = store.outbox(("pending",))
    store.mark_failed(item.cid, "invalid", "no column 'done' on this board")
    view.reload()
    [row] = view.lists["todo"].rows()[1:]
    assert row.failed and row.status == "todo"  # back where the relay has it, marked refused
    menu = view.card_menu(row)
    texts = [a.text() for a in menu.actions()]
    assert "Retry the refused change" in texts and "Discard the refused change" in texts
    [retry] = [a for a in menu.actions() if a.text() == "Retry the refused change"]
    retry.trigger()
    assert [i.state for i in store.outbox(("pending", "failed"))] == ["pending"]
    store.mark_failed(item.cid, "invalid", "still no")
    [discard] = [a for a in view.card_menu(st.task(store, ids[1])).actions() if a.text() == "Discard the refused change"]
    discard.trigger()
    assert store.outbox(("pending", "failed")) == [] and st.task(store, ids[1]).failed is None


def test_keyboard_moves_between_and_within_columns(board, qtbot):
    view, store, ids = board
    todo = view.lists["todo"]
    todo.setCurrentRow(0)  # "Draft the agenda"
    qtbot.keyClick(todo, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: titles(view, "todo") == ["Book the room", "Draft the agenda"])
    qtbot.keyClick(todo, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: titles(view, "doing") == ["Send invites", "Draft the agenda"])
    assert st.task(store, ids[0]).status == "doing"
    qtbot.waitUntil(lambda: view.lists["doing"].currentItem() is not None)
    assert view.lists["doing"].currentItem().data(Qt.ItemDataRole.UserRole + 1).id == ids[0]  # focus follows the card


def test_columns_can_be_added_and_renamed(board, qtbot, monkeypatch):
    view, store, ids = board
    from desktop.ui.tasks import board as board_module

    # The modal name prompt is answered by the test (a nested event loop cannot be driven here).
    answers = iter([("Review", True), ("Backlog", True)])
    monkeypatch.setattr(board_module.QInputDialog, "getText", lambda *a, **k: next(answers))
    view.add_column()
    qtbot.waitUntil(lambda: list(view.lists) == ["todo", "doing", "done", "review"])
    view.rename_column("todo")
    qtbot.waitUntil(lambda: view.headers["todo"].text().startswith("Backlog"))
    [first, second] = [i.frame for i in store.outbox(("pending",))]
    assert [c.name for c in second.columns] == ["Backlog", "In progress", "Done", "Review"]
    assert titles(view, "todo") == ["Draft the agenda", "Book the room"]  # the cards stay
