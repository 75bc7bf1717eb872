"""What the bundled colour emoji font costs at start (docs/perf/emoji.md).

    .venv/bin/python bench/emoji_bench.py [--runs 9]

Each run is a fresh process on the offscreen platform (`child` mode below). It times
`desktop.ui.emoji.fonts.install()` (register the 11 MB font, make it the emoji font and
the app font's fallback), then the first and the second paint of a line with emoji,
and, as a baseline in the same process, the first paint of a line without emoji.
A second set of processes paints a window with emoji without the font, from process
start, against the same window with the font installed: the end-to-end difference
(both import the font module, whose imports the app makes anyway).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

T_START = time.perf_counter()

from common import ROOT, machine, write_section  # noqa: E402

OUT = ROOT / "docs" / "perf" / "emoji.md"
LINE = "👍 3  🎉 2  📌 pinned  🔕 do not disturb  😂 ❤️ 👀 ✅"


def _paint(app, text: str) -> float:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(600, 40, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    t = time.perf_counter()
    painter = QPainter(image)
    painter.setFont(app.font())
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignLeft, text)
    painter.end()
    return (time.perf_counter() - t) * 1000


def child(mode: str) -> None:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    result = {"plain_first_ms": _paint(app, "plain text, the same length as the emoji line"),
              "plain_other_ms": _paint(app, "OTHER GLYPHS: 0123456789 QWXYZ, ;[]{} &%$#@!")}
    if mode == "parts":
        from desktop.ui.emoji import fonts

        t = time.perf_counter()
        fonts.install()
        result["install_ms"] = (time.perf_counter() - t) * 1000
        result["emoji_first_ms"] = _paint(app, LINE)
        result["emoji_second_ms"] = _paint(app, LINE)
    else:  # "window-with" / "window-without": process start to the first paint of emoji
        from desktop.ui.emoji import fonts  # both: the app imports desktop.ui.icons (QtSvg) anyway

        if mode == "window-with":
            fonts.install()

        class Watch(QObject):
            painted = False

            def eventFilter(self, obj, event):  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    self.painted = True
                return False

        label = QLabel(LINE)
        watch = Watch()
        label.installEventFilter(watch)
        label.show()
        while not watch.painted:
            app.processEvents()
        app.processEvents()
        result["first_paint_s"] = time.perf_counter() - T_START
    print(json.dumps(result))


def run_child(mode: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, __file__, "--child", mode], env=env, capture_output=True, text=True,
                         check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    parts = [run_child("parts") for _ in range(args.runs)]
    without, with_font = [], []
    for _ in range(args.runs):  # interleaved: both see the same machine load
        without.append(run_child("window-without")["first_paint_s"])
        with_font.append(run_child("window-with")["first_paint_s"])
    med = lambda key: statistics.median(p[key] for p in parts)  # noqa: E731
    m = machine()
    delta_ms = (statistics.median(with_font) - statistics.median(without)) * 1000
    q = statistics.quantiles(without, n=4)
    spread_ms = (q[2] - q[0]) * 1000
    noise = (f"within the run-to-run spread (interquartile range {spread_ms:.0f} ms without the font) on this shared machine"
             if abs(delta_ms) <= spread_ms else f"larger than the interquartile range of the runs ({spread_ms:.0f} ms)")
    section = f"""## Colour emoji font: cost at start

- cpu: {m.get('cpu', '?')}
- cores: {m.get('cores', '?')}
- date: {m.get('date', '?')}

Fresh processes on the offscreen platform (`bench/emoji_bench.py`, {args.runs} runs each).
`fonts.install()` registers `resources/fonts/NotoColorEmoji.ttf` (11 MB, CBDT bitmaps),
makes it Qt's emoji font and the app font's fallback family. Qt reads the file lazily, so
the cost lands on the first paint that draws an emoji; it is measured here on a line
with eight emoji, against a line of plain text painted first in the same process.

| | median | runs |
|---|---|---|
| `fonts.install()` | {med('install_ms'):.2f} ms | {", ".join(f"{p['install_ms']:.2f}" for p in parts)} |
| first paint of plain text (the font database initialises) | {med('plain_first_ms'):.2f} ms | |
| then a paint of plain text with other glyphs (baseline) | {med('plain_other_ms'):.2f} ms | |
| first paint of the emoji line (font opened, glyphs decoded) | {med('emoji_first_ms'):.2f} ms | {", ".join(f"{p['emoji_first_ms']:.1f}" for p in parts)} |
| second paint of the emoji line (glyphs cached) | {med('emoji_second_ms'):.2f} ms | |
| process start to a painted window with emoji, without the font | {statistics.median(without) * 1000:.0f} ms | {", ".join(f"{x * 1000:.0f}" for x in without)} |
| the same with the font installed | {statistics.median(with_font) * 1000:.0f} ms | {", ".join(f"{x * 1000:.0f}" for x in with_font)} |
| difference | {delta_ms:+.0f} ms | {noise} |

Extra work the font puts on the first frame: registering it plus the first emoji paint
minus a plain paint of new glyphs, {med('install_ms') + med('emoji_first_ms') - med('plain_other_ms'):.1f} ms (medians).
The font therefore loads before the first window (`desktop/ui/application.py: run`):
registering it costs far less than the ~20 ms that would justify loading it after the
first paint, and a first frame that shows emoji (reactions, the pinned mark) needs it anyway.
"""
    write_section(OUT, "emoji", section)  # notes written by hand after the block stay
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
