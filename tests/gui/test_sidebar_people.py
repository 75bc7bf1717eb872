"""Direct messages in the sidebar show the person: avatar, a presence dot (green while
active, hollow while away, none offline), their status emoji and 🔕 in do-not-disturb,
kept current as status events arrive. The real app window over a real cache."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.protocol import events as ev
from desktop.store import attention as att
from desktop.ui.application import BeaconApp
from desktop.ui.models.channels import Role
from desktop.ui.views.sidebar_people import PersonState, person_state
from tests.gui.app_kit import NOW, make_store, shut_down


def test_person_state_hides_what_has_expired():
    assert person_state(att.Status("li", "📅", "meeting", NOW + 1000, None, "online"), NOW) == PersonState("online", "📅", False)
    assert person_state(att.Status("li", "📅", "meeting", NOW - 1, None, "away"), NOW) == PersonState("away", "", False)
    assert person_state(att.Status("li", dnd_until=-1), NOW).dnd  # until turned off
    assert not person_state(att.Status("li", dnd_until=NOW - 1), NOW).dnd
    assert person_state(att.Status("li", dnd_until=NOW + 60_000), NOW).dnd


@pytest.fixture
def rig(qtbot, tmp_path):
    store, seeder = make_store(tmp_path)
    app = BeaconApp(store, "ws://127.0.0.1:1", "token", notifier_backend="none")
    qtbot.addWidget(app.window)
    app.window.resize(1000, 700)
    app.window.show()
    qtbot.waitExposed(app.window)
    app.window.open_channel("C1")
    qtbot.waitUntil(lambda: getattr(app, "sidebar_ui", None) is not None, timeout=5000)
    yield app, seeder
    shut_down(app)


def _dm_row(app):
    model = app.window.channels
    index = model.channel_index("D1")
    assert index.isValid()
    return model, index


def _green_pixels(app, index) -> int:
    """Pixels of the presence green in the DM row's avatar corner, as painted."""
    view = app.window.sidebar
    view.viewport().repaint()
    rect = view.visualRect(index)
    image = view.viewport().grab(rect).toImage()
    green = QColor("#2bac76")
    found = 0
    for x in range(0, min(40, image.width())):
        for y in range(image.height()):
            c = image.pixelColor(x, y)
            if abs(c.red() - green.red()) < 12 and abs(c.green() - green.green()) < 12 and abs(c.blue() - green.blue()) < 12:
                found += 1
    return found


def test_dm_row_follows_the_persons_presence_status_and_dnd(rig):
    app, seeder = rig
    model, index = _dm_row(app)
    assert model.data(index, Role.PERSON) is None  # nothing known of li yet: no dot
    offline_green = _green_pixels(app, index)
    seeder.apply(ev.StatusChanged, actor="li", user="li", presence="online", emoji="🎧", text="专注")
    assert model.data(index, Role.PERSON) == PersonState("online", "🎧", False)
    assert _green_pixels(app, index) > offline_green + 20  # the dot is painted
    seeder.apply(ev.StatusChanged, actor="li", user="li", presence="away", dnd_until=-1)
    assert model.data(index, Role.PERSON) == PersonState("away", "", True)
    assert model.data(index, Qt.ItemDataRole.AccessibleTextRole).startswith("李伟, away, do not disturb")
    assert _green_pixels(app, index) <= offline_green  # hollow: no green
    # Channels are not people: no person on their rows.
    assert model.data(model.channel_index("C1"), Role.PERSON) is None
