"""Ctrl+K: pinyin and initials find Chinese names, recent first, avatars and unread counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.protocol import events as ev
from desktop.ui.views import switcher as sw
from tests.gui.app_kit import ME, make_store


@pytest.fixture
def store(tmp_path):
    store, seeder = make_store(tmp_path)
    seeder.apply(ev.UserCreated, user="wang", display_name="王丽")
    seeder.apply(ev.UserCreated, user="lily", display_name="Lily Chen")
    seeder.post("C2", "older message", author="li")
    seeder.post("C1", "newest message", author="bob")
    yield store
    store.close()


def _labels(dialog) -> list[str]:
    return [dialog.list.item(i).text() for i in range(dialog.list.count())]


def test_pinyin_and_initials_find_chinese_names(qtbot, store):
    dialog = sw.QuickSwitcher(store, ME)
    qtbot.addWidget(dialog)
    for query in ("liwei", "lw", "李"):
        dialog.filter.setText(query)
        assert any("李伟" in label for label in _labels(dialog)), (query, _labels(dialog))
    dialog.filter.setText("wangli")
    assert _labels(dialog)[0].startswith("@ 王丽 (wang)")
    dialog.filter.setText("chanpin")  # the channel 产品讨论
    assert _labels(dialog)[0].startswith("# 产品讨论")
    dialog.filter.setText("li")  # a Latin prefix ranks above a pinyin one
    labels = _labels(dialog)
    assert labels.index("@ Lily Chen (lily)") < next(i for i, l in enumerate(labels) if "李伟" in l)


def test_recent_first_with_unread_counts_and_avatars(qtbot, store):
    dialog = sw.QuickSwitcher(store, ME)
    qtbot.addWidget(dialog)
    labels = _labels(dialog)
    assert labels[0].startswith("# general") and labels[1].startswith("# 产品讨论"), labels
    assert "1 new" in labels[0]
    assert all(not dialog.list.item(i).icon().isNull() for i in range(dialog.list.count()))
    assert dialog.list.item(0).font().bold()


def test_no_match_says_what_to_try(qtbot, store):
    dialog = sw.QuickSwitcher(store, ME)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.filter.setText("zzzz")
    assert dialog.list.count() == 0 and dialog.empty.isVisible()
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)  # nothing to choose: no crash, stays open
    assert dialog.isVisible()


def test_warm_loads_pinyin_in_the_background():
    sw.warm().join(10)
    assert sw.romanizer() is not None and sw.romanizer()("李") == ["li"]
