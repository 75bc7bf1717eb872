"""Search: grouped by channel, matches highlighted, locale dates, filters, keyboard."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale, Qt

from desktop.protocol import events as ev
from desktop.ui.views.search_panel import HEADER_ROLE, HTML_ROLE, SearchPanel
from tests.gui.app_kit import make_store


@pytest.fixture
def panel(qtbot, tmp_path):
    store, seeder = make_store(tmp_path)
    seeder.post("C1", "the deploy failed on staging", author="bob")
    seeder.post("C2", "部署 deploy 完成了", author="li")
    seeder.post("C1", "deploy again <img src=file:///etc/passwd> please", author="li")
    seeder.post("C1", "unrelated words", author="bob")
    widget = SearchPanel(store)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    store.close()


def _rows(panel):
    return [panel.results.item(i) for i in range(panel.results.count())]


def test_grouped_by_channel_with_highlight_and_escaped_text(panel):
    panel.query.setText("deploy")
    panel.run()
    rows = _rows(panel)
    headers = [r.text() for r in rows if r.data(HEADER_ROLE)]
    assert headers == ["#general · 2 result(s)", "#产品讨论 · 1 result(s)"]
    bodies = [r.data(HTML_ROLE) for r in rows if not r.data(HEADER_ROLE)]
    assert all("deploy</b>" in b for b in bodies), bodies
    assert "&lt;img src=file:///etc/passwd&gt;" in bodies[0] and "<img" not in bodies[0]
    assert not rows[0].flags() & Qt.ItemFlag.ItemIsSelectable  # a header cannot be chosen


def test_dates_follow_the_locale(panel):
    QLocale.setDefault(QLocale("en_US"))
    try:
        when = panel._when(int(dt.datetime(dt.date.today().year, 12, 1, 14, 5).timestamp() * 1000))
        assert when.startswith("Dec 1 ") and "2:05" in when and "PM" in when, when
        assert panel._when(int(dt.datetime(2020, 12, 1, 14, 5).timestamp() * 1000)) == "Dec 1, 2020"
    finally:
        QLocale.setDefault(QLocale.system())


def test_filters_narrow_the_results(panel):
    panel.query.setText("deploy from:li")
    panel.run()
    authors = {r.data(Qt.ItemDataRole.UserRole) for r in _rows(panel) if not r.data(HEADER_ROLE)}
    assert len(authors) == 2 and "李伟" in panel.results.item(1).text()
    panel.query.setText("from:bob in:general")  # filters only, no words
    panel.run()
    texts = [r.text() for r in _rows(panel) if not r.data(HEADER_ROLE)]
    assert texts == ["Bob: unrelated words", "Bob: the deploy failed on staging"]
    panel.query.setText("deploy has:nothing")
    panel.run()
    assert "Not understood: has:nothing" in panel.summary.text()


def test_keyboard_walks_results_and_enter_jumps(qtbot, panel):
    jumps = []
    panel.jump.connect(lambda c, m: jumps.append((c, m)))
    qtbot.keyClicks(panel.query, "deploy")
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)  # search
    first = panel.results.currentItem().data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(panel.query, Qt.Key.Key_Down)
    qtbot.keyClick(panel.query, Qt.Key.Key_Down)  # skips the second group's header
    third = panel.results.currentItem().data(Qt.ItemDataRole.UserRole)
    assert third[0] == "C2" and third != first
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)  # same query: open the selection
    assert jumps == [third]


def test_empty_box_says_what_to_do(panel):
    panel.query.setText("")
    panel.run()
    assert "from:" in panel.summary.text() and panel.results.count() == 0


def test_has_file_pin_and_dates(tmp_path):
    from desktop.domain.search_query import parse

    store, seeder = make_store(tmp_path)
    try:
        plain = seeder.post("C1", "report draft", author="bob")
        shared = seeder.post("C1", "report attached", author="bob")
        seeder.apply(ev.FileShared, actor="bob", channel="C1", file=shared + 1, msg=shared,
                     sha256="a" * 64, size=3, name="report.pdf")
        seeder.apply(ev.MessagePinned, actor="bob", channel="C1", msg=plain)
        today = dt.date.today()
        ids = lambda q: [h.message.id for h in store.search_query(parse(q, today))]  # noqa: E731
        assert ids("report has:file") == [shared]
        assert ids("has:file") == [shared]
        assert ids("report has:pin") == [plain]
        assert ids("report") == [shared, plain]
        # Seeded messages are ten days old.
        assert ids("report before:today") == [shared, plain] and ids("report after:today") == []
        assert ids("report from:nobody") == [] and ids("report in:nowhere") == []
    finally:
        store.close()


def test_search_during_a_catch_up_backlog_says_it_is_still_indexing(qtbot, tmp_path, monkeypatch):
    from desktop.store import indexer

    monkeypatch.setattr(indexer, "SETTLE_S", 600.0)  # the background indexer waits: a backlog stays
    store, seeder = make_store(tmp_path)
    try:
        seeder.post("C1", "deploy one", author="bob")
        events = []
        for i in range(indexer.DEFER_MIN):
            seq = next(seeder.seq)
            events.append(ev.MessagePosted(seq=seq, ts=seeder.ts, actor="li", channel="C1", msg=seq, text=f"deploy {i}"))
        store.apply_events(events, defer_index=True)
        widget = SearchPanel(store)
        qtbot.addWidget(widget)
        widget.query.setText("deploy")
        widget.run()
        assert "1 result(s)" in widget.summary.text()
        assert f"Still indexing {indexer.DEFER_MIN} message" in widget.summary.text()
        widget.show()
        seen = []
        unsubscribe = store.subscribe(seen.append)
        store.index_pending()  # the index catches up: the open search runs again by itself
        unsubscribe()
        assert any("search_index" in c.features for c in seen)
        for changes in seen:
            widget.apply_changes(changes)
        qtbot.waitUntil(lambda: "50 result(s)" in widget.summary.text(), timeout=5000)  # the limit
        assert "indexing" not in widget.summary.text() and not widget.incomplete
    finally:
        store.close()
