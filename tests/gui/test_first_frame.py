"""The first frame pays only for what it shows (issue 13, cold start): the window's
rows are laid out once before it, the header does not grow after it, and the panels
it does not show (thread, search, the hover bars, "Jump to latest", the empty
conversation's intro) are built right after it, or at once when something uses them."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QEvent, QObject

from desktop.actions import Actions
from desktop.ui.delegates import message as message_delegate
from desktop.ui.views.main_window import MainWindow
from desktop.ui.views.window_panels import DEFERRED
from tests.gui.app_kit import ME, make_store


class Paints(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


@pytest.fixture
def store(tmp_path):
    store, _seeder = make_store(tmp_path, messages=120)  # C1: more than a page, with older history
    yield store
    store.close()


def test_the_first_frame_measures_each_row_once_at_its_final_width(qtbot, store, monkeypatch):
    measured: list[tuple[int, int]] = []  # (row, width) of each size asked for
    layout = message_delegate.MessageDelegate.layout

    def counting(self, option, index, *, need_doc=True):
        if not need_doc:
            measured.append((index.row(), option.rect.width()))
        return layout(self, option, index, need_doc=need_doc)

    monkeypatch.setattr(message_delegate.MessageDelegate, "layout", counting)
    rendered = Counter()
    render = message_delegate.render
    monkeypatch.setattr(message_delegate, "render", lambda text: rendered.update([text]) or render(text))

    win = MainWindow(store, Actions(store), ME, initial_channel="C1")
    qtbot.addWidget(win)
    paints = Paints()
    win.view.viewport().installEventFilter(paints)
    win.resize(1180, 760)
    win.show()
    qtbot.waitUntil(lambda: paints.count > 0)
    rows = win.timeline.rowCount()
    times = Counter(r for r, _w in measured)
    # Rows above the screen: measured by the one layout pass only (the first row is
    # also asked for the scroll step, the painted ones again as they are drawn).
    above = range(1, rows - 25)
    assert {times[r] for r in above} == {1}, f"rows measured more than once before the first frame: {times}"
    assert {w for _r, w in measured} == {win.view.viewport().width()}  # the scroll bar was there from the start
    assert max(rendered.values()) == 1 and len(rendered) <= rows  # no body rendered twice
    header = win.header.height()
    qtbot.wait(50)
    assert win.header.height() == header  # nothing grew after the first frame (which would lay the rows out again)


def test_hidden_panels_are_built_right_after_the_first_paint(qtbot, store):
    win = MainWindow(store, Actions(store), ME, initial_channel="C1")
    qtbot.addWidget(win)
    assert not any(name in win.__dict__ for name in DEFERRED)
    assert "hint" not in win.intro.__dict__  # C1 has messages: no intro label made
    win.show()
    qtbot.waitUntil(lambda: all(name in win.__dict__ for name in DEFERRED))
    assert win.thread in win.side_panels and win.search in win.side_panels
    assert win.thread.isHidden() and win.search.isHidden() and not win.right.isVisible()


def test_a_panel_used_before_the_first_paint_is_built_then(qtbot, store):
    win = MainWindow(store, Actions(store), ME, initial_channel="C1")
    qtbot.addWidget(win)
    root = win.timeline.item(win.timeline.rowCount() - 1)
    win.open_thread(root.id)  # before any paint
    assert win.thread.model.thread_root == root.id and not win.thread.isHidden()
    win.open_search(only_here=True)
    assert not win.search.isHidden() and win.thread.isHidden()
    win.show()
    qtbot.waitUntil(lambda: "latest" in win.__dict__)
    assert win.side_panels.count(win.thread) == 1 and win.side_panels.count(win.search) == 1


def test_the_intro_is_made_when_a_conversation_is_empty(qtbot, store):
    win = MainWindow(store, Actions(store), ME, initial_channel="C1")
    qtbot.addWidget(win)
    win.show()
    assert "hint" not in win.intro.__dict__
    win.open_channel("D1")  # no messages
    hint = win.intro.hint.label
    qtbot.waitUntil(hint.isVisible)
    assert "李伟" in hint.text()
    win.open_channel("C1")
    assert not hint.isVisible()


def test_laying_the_window_out_again_renders_no_message_again(qtbot, tmp_path, monkeypatch):
    """Row heights are kept apart from the rendered bodies: a relayout of the model's
    whole window (up to 600 rows) renders nothing it measured before, and only the
    last DOC_CACHE bodies stay in memory."""
    store, _seeder = make_store(tmp_path, messages=400)
    win = MainWindow(store, Actions(store), ME, initial_channel="C1")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.view.at_bottom())
    while win.timeline.has_older():
        win.timeline.fetch_older()
    win.view.doItemsLayout()
    assert win.timeline.rowCount() > message_delegate.DOC_CACHE
    assert len(win.delegate._docs) <= message_delegate.DOC_CACHE
    rendered = []
    render = message_delegate.render
    monkeypatch.setattr(message_delegate, "render", lambda text: rendered.append(text) or render(text))
    win.view.doItemsLayout()  # every row measured again
    assert rendered == []
    win.resize(win.width() - 200, win.height())  # a new width: measured (and so rendered) anew
    qtbot.waitUntil(lambda: len(rendered) > 0)
    win.close()
    store.close()
