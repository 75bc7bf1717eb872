"""Generated icons (tools/make_icons.py) are present, the right sizes, and still match beacon.svg."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from desktop.ui.icons import render_app_icon

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
APP_ID = "io.beacon.Beacon"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
STALE = "out of date: run `python tools/make_icons.py` (needs Pillow) and commit the result"


def _max_difference(a: QImage, b: QImage) -> int:
    a = a.convertToFormat(QImage.Format.Format_ARGB32)
    b = b.convertToFormat(QImage.Format.Format_ARGB32)
    worst = 0
    for y in range(0, a.height(), max(1, a.height() // 64)):
        for x in range(0, a.width(), max(1, a.width() // 64)):
            ca, cb = QColor.fromRgba(a.pixel(x, y)), QColor.fromRgba(b.pixel(x, y))
            worst = max(worst, abs(ca.alpha() - cb.alpha()),
                        *(abs(p - q) for p, q in zip(ca.getRgb()[:3], cb.getRgb()[:3]) if ca.alpha() > 16))
    return worst


@pytest.mark.parametrize("size", HICOLOR_SIZES)
def test_hicolor_png_matches_a_fresh_render(qapp, size):
    path = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    image = QImage(str(path))
    assert not image.isNull(), f"{path} missing or unreadable; {STALE}"
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    assert _max_difference(image, render_app_icon(size)) <= 3, STALE


def test_ico_holds_each_size_as_its_own_image():
    data = (ICONS / "beacon.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        w, h = struct.unpack_from("<BB", data, 6 + 16 * i)
        sizes.add((w or 256, h or 256))
    assert {(s, s) for s in (16, 24, 32, 48, 256)} <= sizes, sizes


def test_icns_has_retina_and_large_sizes():
    data = (ICONS / "beacon.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    types, offset = set(), 8
    while offset < len(data):
        kind, length = data[offset:offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        types.add(kind.decode("ascii"))
        offset += length
    # ic07..ic10 = 128, 256, 512, 1024 (512@2x); ic11..ic14 = the @2x of 16, 32, 128, 256.
    assert {"ic07", "ic08", "ic09", "ic10", "ic11", "ic12", "ic13", "ic14"} <= types, types
