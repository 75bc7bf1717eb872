"""Screenshot of the Tasks window (board of #engineering, demo workspace) for docs/screenshots/tasks*.png.

Run under Xvfb: `xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshot_tasks.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.embedded_relay import EmbeddedRelay, prepare_demo  # noqa: E402
from desktop.ui.application import BeaconApp, unlock  # noqa: E402


async def shoot(out: Path, tab: str) -> None:
    base = Path(tempfile.mkdtemp(prefix="beacon-shot-"))
    tokens = prepare_demo(base / "relay")
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
    await asyncio.sleep(0.5)
    eng = next(c.id for c in store.channels() if c.name == "engineering")
    beacon.window.open_channel(eng)
    # The demo workspace brings its tasks (server_stub/demo_extras.py), a workload conflict included.
    beacon.tasks_ui.show_board()
    w = beacon.tasks_ui.window
    w.resize(1240, 620)
    if tab == "mine":
        w.show_mine()
    elif tab == "timeline":
        w.show_timeline()
    await asyncio.sleep(0.8)
    w.grab().save(str(out))
    print("wrote", out)
    await beacon.shutdown()
    await asyncio.to_thread(relay.stop)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "tasks.png")
    parser.add_argument("--tab", choices=("board", "mine", "timeline"), default="board")
    parser.add_argument("--theme", default="light")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    from desktop.ui import i18n, icons, theme
    from desktop.ui.emoji import fonts as emoji_fonts

    i18n.install_translator(app, "en")
    theme.apply_theme(app, args.theme)
    emoji_fonts.install()  # colour emoji, as the app does at start
    app.setWindowIcon(icons.app_icon())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(shoot(args.out, args.tab))
    return 0


if __name__ == "__main__":
    sys.exit(main())
