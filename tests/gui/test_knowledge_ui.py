"""Knowledge in the app window: catch-up digest, save to library (with suggested tags,
computed off the GUI thread), the library search, "who knows"; rows open their message."""

from __future__ import annotations

import asyncio

import pytest
from desktop.protocol import events as ev
from desktop.protocol import library as lib
from desktop.ui.application import BeaconApp
from desktop.ui.models.timeline import Role
from tests.gui.app_kit import make_store


@pytest.fixture
def rig(qtbot, tmp_path):
    store, seeder = make_store(tmp_path)
    app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(app.window)
    app.window.open_channel("C1")
    yield app, store, seeder
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(app.shutdown())
    finally:
        loop.close()


def _texts(widget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def _activate(widget, contains: str) -> None:
    item = next(widget.item(i) for i in range(widget.count()) if contains in widget.item(i).text())
    widget.itemActivated.emit(item)


def test_digest_save_library_and_experts(rig, qtbot):
    app, store, seeder = rig
    root = seeder.post("C1", "Which replica failover timeout do we need for the database cluster?", author="li")
    answer = seeder.post("C1", "Raise the replica failover timeout to 30 s on every database replica", author="bob", thread=root)
    seeder.post("C1", "thanks, that worked!", author="li", thread=root)
    seeder.apply(ev.ReactionAdded, actor="li", channel="C1", msg=answer, emoji="👍")
    decision = seeder.post("C1", "We decided to go with the 30 s replica failover timeout everywhere")
    seeder.post("C1", "lunch?", author="li")
    dialog = app.knowledge_ui.digest_channel()
    texts = _texts(dialog.list)
    assert "Key messages" in texts and "Decisions" in texts
    assert any(t.endswith("We decided to go with the 30 s replica failover timeout everywhere") for t in texts)
    _activate(dialog.list, "We decided")
    assert app.window.view.currentIndex().data(Role.ITEM).id == decision  # the row opened its message
    thread = app.knowledge_ui.digest_channel(thread=root)
    assert any("Raise the replica failover timeout" in t for t in _texts(thread.list))

    # Save the answer: the dialog suggests tags (worker thread) and queues library.save.
    menu = app.window.message_menu(store.message(answer))
    assert any(a.text() == "Save to library…" for a in menu.actions())
    save = app.knowledge_ui.save_message(store.message(answer))
    qtbot.waitUntil(lambda: save.suggested.text() != "", timeout=15_000)
    assert "replica" in save.suggested.text() or "failover" in save.suggested.text()
    save.title.setText("Replica failover timeout")
    save.accept()
    [cmd] = [i.frame for i in store.outbox(("pending",)) if isinstance(i.frame, lib.LibrarySave)]
    assert cmd.msg == answer and cmd.channel == "C1" and cmd.title == "Replica failover timeout" and cmd.tags
    # The relay's event arrives: the library lists and finds it; opening counts a reuse.
    seeder.apply(ev.LibrarySaved, actor="me", channel="C1", cid=cmd.id, entry=cmd.id, title=cmd.title,
                 msg=answer, tags=cmd.tags, author="me")
    library = app.knowledge_ui.show_library()
    assert any("Replica failover timeout" in t for t in _texts(library.list))
    library.search.setText("failover")
    assert any("Replica failover timeout" in t for t in _texts(library.list))
    library.search.setText("算力")
    assert _texts(library.list) == ["No entries match."]
    library.search.setText("replica")
    library.list.itemActivated.emit(library.list.item(0))
    assert [i.frame.entry for i in store.outbox(("pending",)) if isinstance(i.frame, lib.LibraryReuse)] == [cmd.id]

    experts = app.knowledge_ui.show_experts()
    experts.query.setText("replica failover timeout")
    experts.run()
    qtbot.waitUntil(lambda: experts.list.count() and experts.list.item(0).text() != "Looking…", timeout=15_000)
    assert experts.list.item(0).text() == "1. Bob"
