#!/usr/bin/env python3
"""Render the app icon from its one source, resources/icons/beacon.svg, for every platform.

    python tools/make_icons.py           # write the files below
    python tools/make_icons.py --check   # exit 1 if a committed file differs from a fresh render
    python tools/make_icons.py --sheet out.png   # also draw a contact sheet to look at

Writes (all committed, so packaging needs neither this script nor Pillow):
    resources/icons/hicolor/<N>x<N>/apps/io.beacon.Beacon.png   N = 16 .. 512 (Linux, freedesktop theme layout)
    resources/icons/hicolor/scalable/apps/io.beacon.Beacon.svg  (a copy of the source)
    resources/icons/beacon.ico                                   (Windows: 16..256 in one file)
    resources/icons/beacon.icns                                  (macOS: 16..1024, @2x included)

The pixels come from desktop.ui.icons.render_app_icon, the same QSvgRenderer path the
running app uses, so the installed icon and the window icon cannot drift apart.
Pillow (PyPI) only packs the rendered images into .ico and .icns.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

APP_ID = "io.beacon.Beacon"
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "beacon.svg"
HICOLOR = ICONS / "hicolor"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
ICO = ICONS / "beacon.ico"
ICNS = ICONS / "beacon.icns"


def hicolor_png(size: int) -> Path:
    return HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def hicolor_svg() -> Path:
    return HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([sys.argv[0]])


def render_png(size: int) -> bytes:
    """The icon at `size` px as PNG bytes (straight alpha, 8 bits a channel)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    from desktop.ui.icons import render_app_icon

    image = render_app_icon(size).convertToFormat(QImage.Format.Format_ARGB32)
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, "PNG"):
        raise RuntimeError(f"Qt could not encode the {size}px icon as PNG")
    buf.close()
    return bytes(data.data())


def _pillow(png: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGBA")


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """One .ico holding each size rendered on its own (not downscaled from 256)."""
    images = [_pillow(pngs[s]) for s in ICO_SIZES]
    out = io.BytesIO()
    images[-1].save(out, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])
    return out.getvalue()


def build_icns(pngs: dict[int, bytes]) -> bytes:
    images = [_pillow(pngs[s]) for s in ICNS_SIZES]
    out = io.BytesIO()
    images[-1].save(out, format="ICNS", append_images=images[:-1])
    return out.getvalue()


def outputs() -> dict[Path, bytes]:
    """Every generated file and its content."""
    _app()
    sizes = sorted(set(HICOLOR_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))
    pngs = {s: render_png(s) for s in sizes}
    files: dict[Path, bytes] = {hicolor_png(s): pngs[s] for s in HICOLOR_SIZES}
    files[hicolor_svg()] = SOURCE.read_bytes()
    files[ICO] = build_ico(pngs)
    files[ICNS] = build_icns(pngs)
    return files


def _same_pixels(a: bytes, b: bytes, tolerance: int = 2) -> bool:
    """PNG encoders may differ byte for byte; compare what is drawn."""
    from PIL import Image, ImageChops

    ia, ib = (Image.open(io.BytesIO(x)).convert("RGBA") for x in (a, b))
    if ia.size != ib.size:
        return False
    return max(hi for _lo, hi in ImageChops.difference(ia, ib).getextrema()) <= tolerance


def _same(path: Path, new: bytes) -> bool:
    if not path.exists():
        return False
    old = path.read_bytes()
    if old == new:
        return True
    if path.suffix == ".png":
        return _same_pixels(old, new)
    if path.suffix in (".ico", ".icns"):
        from PIL import Image

        # Compare every embedded size, not the container bytes.
        def frames(data: bytes) -> dict[int, bytes]:
            im = Image.open(io.BytesIO(data))
            got = {}
            for size in ICO_SIZES if path.suffix == ".ico" else ICNS_SIZES:
                try:
                    if path.suffix == ".ico":
                        im.size = (size, size)
                    else:
                        im.size = (size, size) if size <= 512 else (512, 512)
                        im.best_size = (size, size, 1) if size <= 512 else (512, 512, 2)
                    im.load()
                except (KeyError, ValueError):
                    return {}
                buf = io.BytesIO()
                im.convert("RGBA").save(buf, "PNG")
                got[size] = buf.getvalue()
            return got

        fa, fb = frames(old), frames(new)
        return bool(fa) and fa.keys() == fb.keys() and all(_same_pixels(fa[k], fb[k]) for k in fa)
    return False


def contact_sheet(path: Path, files: dict[Path, bytes]) -> None:
    """Every hicolor size at 1:1 on light and dark backgrounds, for a person to look at."""
    from PIL import Image, ImageDraw

    sizes = HICOLOR_SIZES
    pad = 16
    width = sum(sizes) + pad * (len(sizes) + 1)
    row = max(sizes) + pad * 2
    sheet = Image.new("RGBA", (width, row * 2), "white")
    draw = ImageDraw.Draw(sheet)
    draw.rectangle((0, row, width, row * 2), fill="#202124")
    for y0 in (0, row):
        x = pad
        for s in sizes:
            icon = Image.open(io.BytesIO(files[hicolor_png(s)])).convert("RGBA")
            sheet.alpha_composite(icon, (x, y0 + pad + (max(sizes) - s)))
            x += s + pad
    sheet.save(path)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    p.add_argument("--sheet", type=Path, help="also write a contact sheet PNG here")
    args = p.parse_args(argv)
    files = outputs()
    if args.sheet:
        contact_sheet(args.sheet, files)
    if args.check:
        stale = [path for path, data in files.items() if not _same(path, data)]
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
        if stale:
            print("run: python tools/make_icons.py", file=sys.stderr)
        return 1 if stale else 0
    if HICOLOR.exists():
        shutil.rmtree(HICOLOR)
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
