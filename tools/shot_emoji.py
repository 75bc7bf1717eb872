"""Screenshots of colour emoji in the demo workspace for docs/screenshots/: a timeline with
reactions and pins, its React menu, `:shortcode:` completion in the composer, and the
emoji picker opened from the composer with a search typed.

    Xvfb :77 -screen 0 1600x1000x24 &
    DISPLAY=:77 .venv/bin/python tools/shot_emoji.py --lang zh_CN --theme dark

Needs a real X server (the picker is a popup window: the shot is taken from the screen).
"""

from __future__ import annotations

import argparse
import os
import asyncio
import sys
import tempfile
from pathlib import Path

import qasync
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.embedded_relay import EmbeddedRelay, prepare_demo  # noqa: E402
from desktop.ui.application import BeaconApp, unlock  # noqa: E402

os.environ.setdefault("BEACON_PASSPHRASE", "screenshot")  # no keyring and no passphrase dialog to answer

SEARCH = {"en": "party", "zh_CN": "庆祝"}


def _screen_shot(window, out: Path) -> None:
    geo = window.frameGeometry()
    QGuiApplication.primaryScreen().grabWindow(0, geo.x(), geo.y(), geo.width(), geo.height()).save(str(out))
    print("wrote", out)


async def shoot(out_dir: Path, lang: str, theme: str) -> None:
    base = Path(tempfile.mkdtemp(prefix="beacon-emoji-shot-"))
    tokens = prepare_demo(base / "relay")
    relay = EmbeddedRelay(base / "relay")
    url = await asyncio.to_thread(relay.start)
    store = await unlock(base / "profile")
    store.set_account(url, "me", "")
    store.set_token(tokens["me"])
    beacon = BeaconApp(store, url, tokens["me"])
    window = beacon.window
    window.move(20, 20)
    window.resize(1280, 800)
    beacon.start()
    for _ in range(100):
        await asyncio.sleep(0.1)
        if beacon.engine.state.link.value == "online":
            break
    await asyncio.sleep(0.8)
    # The channel with the most reactions, scrolled to its last reacted message.
    best = max(store.channels(), key=lambda c: sum(bool(m.reactions) for m in store.messages(c.id, limit=200)))
    window.open_channel(best.id)
    await asyncio.sleep(0.5)
    reacted = [m for m in store.messages(best.id, limit=200) if m.reactions]
    if reacted:
        window.jump_to(best.id, reacted[-1].id)
    window.raise_()
    window.activateWindow()
    await asyncio.sleep(0.8)
    _screen_shot(window, out_dir / f"emoji-timeline-{lang}-{theme}.png")
    if reacted:  # the React submenu (quick reactions, then "More emoji…") beside that message
        menu = window.message_menu(reacted[-1])
        react = next(a.menu() for a in menu.actions() if a.menu() is not None)
        rect = window.view.visualRect(window.view.currentIndex())
        react.popup(window.view.viewport().mapToGlobal(rect.center()))
        await asyncio.sleep(0.5)
        _screen_shot(window, out_dir / f"emoji-react-menu-{lang}-{theme}.png")
        react.close()
    composer = window.composer
    composer.edit_box.setFocus()
    QTest.keyClicks(composer.edit_box, "LGTM :thu")  # :shortcode: completion
    await asyncio.sleep(0.5)
    _screen_shot(window, out_dir / f"emoji-shortcode-{lang}-{theme}.png")
    composer.set_text("")
    picker = composer.emoji.open_picker()
    await asyncio.sleep(0.3)
    picker.search.setText(SEARCH.get(lang, "party"))
    picker.grid.setCurrentRow(0)
    await asyncio.sleep(0.5)
    _screen_shot(window, out_dir / f"emoji-picker-{lang}-{theme}.png")
    picker.close()
    await beacon.shutdown()
    await asyncio.to_thread(relay.stop)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--theme", default="light")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    from desktop.ui import i18n, icons, theme
    from desktop.ui.emoji import fonts

    i18n.install_translator(app, args.lang)
    theme.apply_theme(app, args.theme)
    fonts.install()
    app.setWindowIcon(icons.app_icon())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(shoot(args.out_dir, args.lang, args.theme))
    return 0


if __name__ == "__main__":
    sys.exit(main())
