"""Take screenshots of the main window (demo workspace) for docs/screenshots/.

Run under a real X server (Xvfb) for faithful fonts: `xvfb-run -a .venv/bin/python tools/screenshots.py`.
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


async def shoot(app: QApplication, out: Path, lang: str, theme: str, channel: str | None, thread: bool,
                search: str | None = None, switcher: str | None = None) -> None:
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
    if channel:
        for c in store.channels():
            if c.name == channel:
                beacon.window.open_channel(c.id)
    if thread:
        rows = store.messages(beacon.window.current, limit=200)
        root = next((m for m in rows if m.reply_count), None)
        if root is not None:
            beacon.window.open_thread(root.id)
    if search:
        beacon.window.open_search(only_here=False)
        beacon.window.search.query.setText(search)
        beacon.window.search.run()
    await asyncio.sleep(0.5)
    if switcher is not None:
        dialog = beacon.window.show_switcher()
        dialog.filter.setText(switcher)
        await asyncio.sleep(0.3)
        dialog.grab().save(str(out))
        dialog.reject()
    else:
        beacon.window.grab().save(str(out))
    print("wrote", out)
    await beacon.shutdown()
    await asyncio.to_thread(relay.stop)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "main-en-light.png")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--channel")
    parser.add_argument("--thread", action="store_true", help="open the channel's first thread")
    parser.add_argument("--search", help="run this search in the search panel")
    parser.add_argument("--switcher", help="shoot the Ctrl+K switcher with this text typed")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    from desktop.ui import i18n, icons, theme
    from desktop.ui.emoji import fonts as emoji_fonts

    i18n.install_translator(app, args.lang)
    theme.apply_theme(app, args.theme)
    emoji_fonts.install()  # colour emoji, as the app does at start
    app.setWindowIcon(icons.app_icon())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(shoot(app, args.out, args.lang, args.theme, args.channel, args.thread,
                                        args.search, args.switcher))
    return 0


if __name__ == "__main__":
    sys.exit(main())
