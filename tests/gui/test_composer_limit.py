"""The composer shows the relay's text limit (MAX_TEXT_CHARS) near it and does not send over it
(real app on a real cache; nothing is sent over the network here)."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QLocale, Qt

from desktop.protocol.version import MAX_TEXT_CHARS
from desktop.ui.application import BeaconApp
from tests.gui.app_kit import make_store


def test_counter_near_the_limit_and_no_send_over_it(qtbot, qloop, tmp_path):
    store, _seeder = make_store(tmp_path)
    app = BeaconApp(store, "ws://127.0.0.1:1", "token")
    qtbot.addWidget(app.window)
    app.window.show()
    app.window.open_channel("C1")
    composer, box = app.window.composer, app.window.composer.edit_box
    send_later = app.attention_ui.send_later
    limit = QLocale().toString(MAX_TEXT_CHARS)

    composer.set_text("short")
    assert composer.counter.isHidden() and send_later.isEnabled()

    composer.set_text("x" * (MAX_TEXT_CHARS + 1))
    assert composer.counter.isVisible()
    assert "too long" in composer.counter.text() and limit in composer.counter.text()
    assert not send_later.isEnabled()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    app.attention_ui._send_urgent()  # the "send later ▾ / urgent" paths refuse it too
    assert store.outbox(("pending",)) == [] and len(composer.text()) == MAX_TEXT_CHARS + 1

    # One character less: at the limit, it is shown but sendable.
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    assert composer.counter.isVisible() and "too long" not in composer.counter.text()
    assert QLocale().toString(MAX_TEXT_CHARS) in composer.counter.text() and send_later.isEnabled()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    [item] = store.outbox(("pending",))
    assert len(item.text) == MAX_TEXT_CHARS and composer.text() == "" and composer.counter.isHidden()

    with qloop:
        qloop.run_until_complete(asyncio.wait_for(app.shutdown(), 30))
