"""In the dark theme an unticked check box and radio button are visible: their
outline stands out from the window (Fusion alone draws it darker than a dark window)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QStyle, QStyleOptionButton

from desktop.ui import theme


@pytest.fixture
def dark(qapp):
    theme.apply_theme(qapp, "dark")
    yield qapp
    theme.apply_theme(qapp, None)


@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_an_unticked_indicator_shows_in_the_dark_theme(dark, qtbot, kind):
    box = kind("Private")
    qtbot.addWidget(box)
    box.resize(160, 30)
    box.show()
    image = box.grab().toImage()
    element = QStyle.SubElement.SE_CheckBoxIndicator if kind is QCheckBox else QStyle.SubElement.SE_RadioButtonIndicator
    option = QStyleOptionButton()
    option.initFrom(box)
    rect = QApplication.style().subElementRect(element, option, box)
    ratio = image.devicePixelRatio()
    window = box.palette().window().color().lightness()
    brightest = max(image.pixelColor(int(x * ratio), int(y * ratio)).lightness()
                    for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1))
    assert brightest - window > 60, (brightest, window)
