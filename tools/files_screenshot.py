"""Screenshot of shared files (docs/screenshots/files.png): the main window with an
upload in progress, and the Files window of #general beside it.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/files_screenshot.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

import qasync
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.embedded_relay import EmbeddedRelay, prepare_demo  # noqa: E402
from desktop.net.transfer import FileClient  # noqa: E402
from desktop.protocol import frames as fr  # noqa: E402
from desktop.protocol.ids import new_client_id  # noqa: E402
from desktop.ui.application import BeaconApp, unlock  # noqa: E402

FILES = [
    ("alice", "Q3 budget.xlsx", 48_213, "Numbers for Monday's review"),
    ("li.wei", "离线搜索需求 v2.pdf", 1_204_551, "需求文档已更新，请评审"),
    ("bob", "Release 4.2 slides.pptx", 3_481_002, ""),
    ("zhang.min", "login-screen.png", 0, "新的登录页设计"),
    ("alice", "logs-2026-11-20.tar.gz", 9_812_334, "Crash logs from the Shanghai office"),
]


async def shoot(out: Path) -> None:
    base = Path(tempfile.mkdtemp(prefix="beacon-shot-"))
    tokens = prepare_demo(base / "relay")
    relay = EmbeddedRelay(base / "relay")
    url = await asyncio.to_thread(relay.start)
    store = await unlock(base / "profile")
    store.set_account(url, "me", "")
    store.set_token(tokens["me"])
    beacon = BeaconApp(store, url, tokens["me"])
    beacon.window.resize(1000, 760)
    beacon.start()
    for _ in range(100):
        await asyncio.sleep(0.1)
        if beacon.engine.state.link.value == "online":
            break
    general = next(c.id for c in store.channels() if c.name == "general")
    # Others share files (over the real relay).
    keys = {}
    for user, name, size, caption in FILES:
        path = base / name
        if name.endswith(".png"):
            img = QImage(640, 400, QImage.Format.Format_RGB32)
            img.fill(QColor("#3d6fd6"))
            img.save(str(path))
        else:
            path.write_bytes(os.urandom(size))
        client = FileClient(url, tokens[user])
        result = await client.upload(path, general)
        from desktop.net.sync import SyncEngine
        from desktop.store import Store
        from desktop.secrets import CacheKey
        (base / f"p-{user}").mkdir(exist_ok=True)
        other = Store.open(base / f"p-{user}" / "cache.db", keys.setdefault(user, CacheKey.random()))
        other.enqueue(fr.ShareFile(id=new_client_id(), channel=general, sha256=result.sha256, size=result.size,
                                   name=name, caption=caption))
        await SyncEngine(other, url, tokens[user]).sync_once()
        other.close()
    await asyncio.sleep(1.0)
    beacon.window.open_channel(general)
    ui = beacon.files_ui
    rows = ui.controller.files.files(general)
    keep = next(r for r in rows if r.name.endswith(".pdf"))
    ui.controller.files.pin(keep.id)
    ui.controller.fetch(keep)
    await asyncio.sleep(1.0)
    ui.window.resize(760, 330)
    ui.window.show_channel(general)
    # An upload of our own, caught mid-way for the progress strip.
    big = base / "Product demo.mp4"
    with open(big, "wb") as f:
        for _ in range(100):
            f.write(os.urandom(1 << 20))
    shots = []

    def maybe_grab():
        ts = list(ui.controller.transfers.values())
        if not shots and ts and ts[0].total and ts[0].done / ts[0].total > 0.35:
            ui.strip.refresh()
            shots.append(beacon.window.grab().toImage())

    ui.controller.transfers_changed.connect(maybe_grab)
    ui.send([big], general, "Recording of today's demo")
    for _ in range(200):
        await asyncio.sleep(0.02)
        if shots:
            break
    await asyncio.sleep(1.5)
    main = shots[0] if shots else beacon.window.grab().toImage()
    files = ui.window.grab().toImage()
    canvas = QImage(main.width() + 20 + files.width(), max(main.height(), files.height()), QImage.Format.Format_RGB32)
    canvas.fill(QColor("#d8dce3"))
    p = QPainter(canvas)
    p.drawImage(QPoint(0, 0), main)
    p.drawImage(QPoint(main.width() + 20, 0), files)
    p.end()
    canvas.save(str(out))
    print("wrote", out)
    await beacon.shutdown()
    await asyncio.to_thread(relay.stop)


def main() -> int:
    app = QApplication(sys.argv[:1])
    from desktop.ui import i18n, icons, theme
    from desktop.ui.emoji import fonts as emoji_fonts

    i18n.install_translator(app, "en")
    theme.apply_theme(app, "light")
    emoji_fonts.install()  # colour emoji, as the app does at start
    app.setWindowIcon(icons.app_icon())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    out = ROOT / "docs" / "screenshots" / "files.png"
    with loop:
        loop.run_until_complete(shoot(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
