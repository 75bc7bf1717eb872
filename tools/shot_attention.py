"""Screenshot of attention in the app (docs/screenshots/attention.png): the DM with Li
Wei, who is in a meeting and in do-not-disturb; a scheduled message; the Status menu open.

Run: xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/shot_attention.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

import qasync
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.embedded_relay import EmbeddedRelay, prepare_demo  # noqa: E402
from desktop.protocol import frames as fr  # noqa: E402
from desktop.protocol.attention import DndSettings  # noqa: E402
from desktop.protocol.ids import new_client_id  # noqa: E402
from desktop.ui.application import BeaconApp, unlock  # noqa: E402
from server_stub import attention  # noqa: E402
from server_stub.writer import run_admin  # noqa: E402


async def shoot(out: Path) -> None:
    base = Path(tempfile.mkdtemp(prefix="beacon-shot-"))
    tokens = prepare_demo(base / "relay")
    now = int(time.time() * 1000)
    li = "li.wei"
    run_admin(base / "relay", lambda app: attention.set_dnd(app, li, fr.SetDnd(
        id=new_client_id(), settings=DndSettings(manual_until=now + 95 * 60_000))))
    run_admin(base / "relay", lambda app: attention.set_status(app, li, fr.SetStatus(
        id=new_client_id(), emoji="📅", text="开会中 In a meeting", until=now + 60 * 60_000)))
    run_admin(base / "relay", lambda app: attention.set_presence(app, li, fr.SetPresence(id=new_client_id())))
    relay = EmbeddedRelay(base / "relay")
    url = await asyncio.to_thread(relay.start)
    store = await unlock(base / "profile")
    store.set_account(url, "me", "")
    store.set_token(tokens["me"])
    beacon = BeaconApp(store, url, tokens["me"])
    beacon.window.resize(1280, 800)
    beacon.start()
    for _ in range(100):
        await asyncio.sleep(0.1)
        if beacon.engine.state.link.value == "online":
            break
    await asyncio.sleep(0.8)
    dm = next(c for c in store.channels() if c.dm)
    general = next(c for c in store.channels() if not c.dm)
    beacon.attention.schedule(general.id, "Reminder: demo rehearsal at 10:00", now + 18 * 3_600_000)
    beacon.attention.set_channel_mode(general.id, "mentions")
    beacon.attention.dnd_for(45)  # my own DND too: the tray and Status menu show it
    beacon.window.open_channel(dm.id)
    await asyncio.sleep(1.5)
    window = beacon.window
    menu = beacon.attention_ui.status_menu
    shot = QPixmap(window.size())
    window.render(shot)
    done = asyncio.get_running_loop().create_future()

    def grab_menu():
        painter = QPainter(shot)
        bar = window.menuBar()
        action = menu.menuAction()
        x = bar.actionGeometry(action).x()
        painter.drawPixmap(QPoint(x, bar.height()), menu.grab())
        painter.end()
        menu.hide()
        done.set_result(None)

    menu.popup(window.mapToGlobal(QPoint(0, window.menuBar().height())))
    QTimer.singleShot(400, grab_menu)
    await done
    shot.save(str(out))
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
    with loop:
        loop.run_until_complete(shoot(ROOT / "docs" / "screenshots" / "attention.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
