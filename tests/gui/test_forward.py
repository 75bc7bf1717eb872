"""Forward a message (the message menu's "Forward…") and follow beacon://message links
inside Beacon. Main window over a real cache, no relay: the forward is a queued post."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialogButtonBox

from desktop.actions import Actions
from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.ui.views import message_links
from desktop.ui.views.main_window import MainWindow
from tests.gui.app_kit import ME, make_store


@pytest.fixture
def win(qtbot, tmp_path):
    store, seeder = make_store(tmp_path, messages=30)
    seeder.apply(ev.MessagePosted, actor="li", channel="D1", msg=next(seeder.seq), text="私下说：预算 **还没** 批")
    window = MainWindow(store, Actions(store), ME, initial_channel="C1")
    store.subscribe(window.apply_changes)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, store
    window.close()
    store.close()


def _posts(store) -> list[fr.Post]:
    return [o.frame for o in store.outbox() if isinstance(o.frame, fr.Post)]


def _labels(dialog) -> list[str]:
    return [dialog.list.item(i).text() for i in range(dialog.list.count())]


def test_forward_quotes_the_message_into_the_chosen_conversation(qtbot, win):
    window, store = win
    message = store.messages("C1", limit=1)[0]
    menu = window.message_menu(message)
    assert "Forward…" in [a.text() for a in menu.actions()]
    dialog = window.forward(message)
    assert dialog.list.count() == 3 and _labels(dialog)[-1] == "# general"  # the source last
    dialog.filter.setText("cp")  # pinyin initials of 产品讨论
    assert _labels(dialog) == ["# 产品讨论"]
    assert dialog.warning.isHidden()  # #general is public
    dialog.comment.setPlainText("看一下")
    dialog.send.click()
    (post,) = _posts(store)
    assert post.channel == "C2"
    assert post.text.startswith("看一下\n\n> **Bob** in \\#general:\\\n> message 29\n")
    assert post.text.endswith(f"[View original](beacon://message/C1/{message.id})")
    assert "#产品讨论" in window.statusBar().currentMessage()


def test_forwarding_out_of_a_private_conversation_warns_and_cancel_sends_nothing(qtbot, win):
    window, store = win
    secret = store.messages("D1", limit=1)[0]
    dialog = window.forward(secret)
    dialog.filter.setText("general")
    assert _labels(dialog) == ["# general"]
    assert dialog.warning.isVisible() and "#general" in dialog.warning.text()
    dialog.filter.setText("zzz nothing")
    assert dialog.list.count() == 0 and dialog.empty.isVisible() and not dialog.send.isEnabled()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()
    assert _posts(store) == [] and dialog.forwarded is None


def test_message_links_open_inside_beacon_only_for_messages_you_can_see(qtbot, win, monkeypatch):
    window, store = win
    told = []
    monkeypatch.setattr(message_links.QMessageBox, "information", lambda *a: told.append(("info", a[1])))
    monkeypatch.setattr(message_links.QMessageBox, "warning", lambda *a: told.append(("warning", a[1])))
    target = store.messages("C1", limit=30)[3]
    window.open_channel("C2")
    window._link(QUrl(f"beacon://message/C1/{target.id}"))
    assert window.current == "C1"
    qtbot.waitUntil(lambda: window.view.currentIndex().isValid())
    assert window.timeline.row_of(target.id) == window.view.currentIndex().row()
    assert told == []
    window._link(QUrl("beacon://message/C2/%d" % target.id))  # the id is not in that channel
    window._link(QUrl("beacon://message/C1/999999"))  # not in the cache
    window._link(QUrl("beacon://join/example.org/secret"))  # not a message link
    assert [kind for kind, _ in told] == ["info", "info", "warning"]
    assert window.current == "C1"
