"""Knowledge in the app window: catch-up digest, save to library (with suggested tags,
computed off the GUI thread), the library search, "who knows"; rows open their message."""

from __future__ import annotations

import asyncio

import pytest
from desktop.protocol import events as ev
from desktop.protocol import library as lib
from desktop.ui.application import BeaconApp
from desktop.ui.models.timeline import Role
from tests.gui.app_kit import make_store, shut_down


@pytest.fixture
def rig(qtbot, tmp_path):
    store, seeder = make_store(tmp_path)
    app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(app.window)
    app.window.open_channel("C1")
    yield app, store, seeder
    shut_down(app)


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


def _saved(seeder, entry, title, *, author="me", channel="C1", **fields):
    return seeder.apply(ev.LibrarySaved, actor=author, channel=channel, cid=entry, entry=entry, title=title,
                        author=author, **fields)


def test_library_window_browses_edits_publishes_and_saves_files(rig, qtbot, monkeypatch):
    app, store, seeder = rig
    first = seeder.post("C1", "Raise the replica failover timeout to 30 s", author="bob")
    plan = seeder.post("C2", "产品路线图模板：季度目标、里程碑、负责人", author="li")
    library = app.knowledge_ui.show_library()
    # An empty library says what to do next.
    assert "Save to library" in _texts(library.list)[0] and not library.edit_button.isEnabled()
    _saved(seeder, "E" * 26, "Replica failover timeout", author="bob", msg=first, tags=["database", "failover"])
    _saved(seeder, "F" * 26, "路线图模板", author="me", channel="C2", msg=plan, tags=["产品"], category="template")
    qtbot.waitUntil(lambda: library.list.count() == 2)  # the window follows the cache
    # Filters: kind, tag, author; sort by most reused.
    library.kind.setCurrentIndex(library.kind.findData("template"))
    assert [t.split("\n")[0] for t in _texts(library.list)] == ["路线图模板"]
    library.kind.setCurrentIndex(0)
    library.tag.setCurrentIndex(library.tag.findData("failover"))
    assert [t.split("\n")[0] for t in _texts(library.list)] == ["Replica failover timeout"]
    library.tag.setCurrentIndex(0)
    library.author.setCurrentIndex(library.author.findData("me"))
    assert [t.split("\n")[0] for t in _texts(library.list)] == ["路线图模板"]
    library.author.setCurrentIndex(0)
    seeder.apply(ev.LibraryReused, actor="li", channel="C1", entry="E" * 26, how="opened", count=4)
    library.sort.setCurrentIndex(library.sort.findData("reused"))
    assert _texts(library.list)[0].startswith("Replica failover timeout")
    # Bob's entry: a member may not change it or publish; the detail shows the source.
    library.list.setCurrentRow(0)
    assert "Raise the replica failover timeout" in library.origin.text()
    assert not library.edit_button.isEnabled() and not library.remove_button.isEnabled()
    assert library.publish_button.isHidden()
    # My own entry: edit sends only what changed.
    library.list.setCurrentRow(1)
    assert library.edit_button.isEnabled()
    edit = app.knowledge_ui.edit(library.current())
    assert edit.title.text() == "路线图模板" and edit.tags.text() == "产品"
    edit.title.setText("产品路线图模板")
    edit.accept()
    [cmd] = [i.frame for i in store.outbox(("pending",)) if isinstance(i.frame, lib.LibraryEdit)]
    assert cmd.entry == "F" * 26 and cmd.title == "产品路线图模板" and cmd.tags is None and cmd.summary is None
    # As an admin: publish bob's entry to the workspace; removing asks first.
    seeder.apply(ev.RoleChanged, actor=None, user="me", role="admin")
    library.refresh()
    library.list.setCurrentRow(0)
    assert not library.publish_button.isHidden() and library.publish_button.isEnabled()
    library.publish_button.click()
    [pub] = [i.frame for i in store.outbox(("pending",)) if isinstance(i.frame, lib.LibraryPublish)]
    assert pub.entry == "E" * 26 and pub.published
    monkeypatch.setattr("desktop.ui.knowledge.library_view.QMessageBox.question",
                        lambda *a, **k: __import__("PySide6.QtWidgets").QtWidgets.QMessageBox.StandardButton.No)
    library.remove_button.click()
    assert not [i for i in store.outbox(("pending",)) if isinstance(i.frame, lib.LibraryRemove)]
    # A shared file, from the Files window.
    seeder.apply(ev.FileShared, actor="bob", channel="C1", file=900, msg=900, sha256="a" * 64, size=10,
                 name="故障切换手册.pdf", mime="application/pdf")
    files = app.files_ui.window
    files.show_channel("C1")
    files.reload()
    files.table.selectRow(0)
    assert not files.library_button.isHidden() and files.library_button.isEnabled()
    save = files._save_to_library()
    assert save.title.text() == "故障切换手册.pdf"
    save.accept()
    [sv] = [i.frame for i in store.outbox(("pending",)) if isinstance(i.frame, lib.LibrarySave) and i.frame.file]
    assert sv.file == 900 and sv.channel == "C1" and sv.msg is None
