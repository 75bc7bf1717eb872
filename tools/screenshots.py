"""Screenshots for docs/screenshots/, from a list of scenes over the demo workspace.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshots.py
    ... tools/screenshots.py --scene search switcher --lang zh_CN --theme dark

Every scene runs in the same app (one demo relay, one signed-in profile); each
(language, theme) pair runs in a process of its own, because Qt's language and
colour scheme are set once per application. Output: <scene>-<lang>-<theme>.png.
Popups (menus, the emoji picker) are taken from the screen, so use a real X server
(Xvfb), not the offscreen platform.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BEACON_PASSPHRASE", "screenshot")  # no keychain, no passphrase dialog
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

SEARCH = {"en": "release", "zh_CN": "会议"}
SWITCHER = {"en": "li", "zh_CN": "lw"}
EMOJI_SEARCH = {"en": "party", "zh_CN": "庆祝"}
EXPERTS = {"en": "release", "zh_CN": "离线搜索"}


class Shot:
    """What a scene works with: the running app, its store, where to save."""

    def __init__(self, beacon, store, out_dir: Path, lang: str, theme: str):
        self.beacon, self.store, self.window = beacon, store, beacon.window
        self.out_dir, self.lang, self.theme = out_dir, lang, theme

    def path(self, scene: str) -> Path:
        return self.out_dir / f"{scene}-{self.lang}-{self.theme}.png"

    def save(self, image, scene: str) -> None:
        out = self.path(scene)
        image.save(str(out))
        print("wrote", out)

    def screen(self, widget, scene: str) -> None:
        """From the screen: includes popups drawn over `widget`'s window."""
        from PySide6.QtGui import QGuiApplication

        geo = widget.frameGeometry()
        self.save(QGuiApplication.primaryScreen().grabWindow(0, geo.x(), geo.y(), geo.width(), geo.height()), scene)

    def channel(self, name: str):
        return next(c for c in self.store.channels() if c.name == name)


# ---- scenes -------------------------------------------------------------------


async def main_scene(s: Shot) -> None:
    """#general; in the dark theme with a thread open (the README's table)."""
    s.window.open_channel(s.channel("general").id)
    if s.theme == "dark":
        root = next((m for m in s.store.messages(s.window.current, limit=200) if m.reply_count), None)
        if root is not None:
            s.window.open_thread(root.id)
    await asyncio.sleep(0.5)
    s.save(s.window.grab(), "main")
    s.window.close_panels()


async def search_scene(s: Shot) -> None:
    s.window.open_channel(s.channel("general").id)
    s.window.open_search(only_here=False)
    s.window.search.query.setText(SEARCH[s.lang])
    s.window.search.run()
    await asyncio.sleep(0.5)
    s.save(s.window.grab(), "search")
    s.window.search.close_panel()


async def switcher_scene(s: Shot) -> None:
    dialog = s.window.show_switcher()
    dialog.filter.setText(SWITCHER[s.lang])
    await asyncio.sleep(0.4)
    s.save(dialog.grab(), "switcher")
    dialog.reject()


async def _tasks(s: Shot, tab: str, scene: str) -> None:
    s.window.open_channel(s.channel("engineering").id)
    s.beacon.tasks_ui.show_board()
    w = s.beacon.tasks_ui.window
    w.resize(1240, 620)
    {"board": lambda: None, "mine": w.show_mine, "timeline": w.show_timeline}[tab]()
    await asyncio.sleep(0.8)
    s.save(w.grab(), scene)
    w.close()


async def tasks_scene(s: Shot) -> None:
    await _tasks(s, "board", "tasks")


async def tasks_mine_scene(s: Shot) -> None:
    await _tasks(s, "mine", "tasks-mine")


async def tasks_timeline_scene(s: Shot) -> None:
    await _tasks(s, "timeline", "tasks-timeline")


async def files_scene(s: Shot) -> None:
    """The main window with an upload in progress, the Files window beside it."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QImage, QPainter

    channel = s.channel("engineering").id
    s.window.open_channel(channel)
    ui = s.beacon.files_ui
    for row in ui.controller.files.files(None)[:2]:
        ui.controller.fetch(row)  # previews and "offline" marks
    await asyncio.sleep(1.0)
    ui.window.resize(760, 330)
    ui.window.show_channel(None)
    big = Path(tempfile.mkdtemp(prefix="beacon-shot-file-")) / "Product demo.mp4"
    with open(big, "wb") as f:
        for _ in range(100):
            f.write(os.urandom(1 << 20))
    shots = []

    def maybe_grab():
        ts = list(ui.controller.transfers.values())
        if not shots and ts and ts[0].total and ts[0].done / ts[0].total > 0.35:
            ui.strip.refresh()
            shots.append(s.window.grab().toImage())

    ui.controller.transfers_changed.connect(maybe_grab)
    ui.send([big], channel, "Recording of today's demo")
    for _ in range(200):
        await asyncio.sleep(0.02)
        if shots:
            break
    await asyncio.sleep(1.5)
    main = shots[0] if shots else s.window.grab().toImage()
    files = ui.window.grab().toImage()
    canvas = QImage(main.width() + 20 + files.width(), max(main.height(), files.height()), QImage.Format.Format_RGB32)
    canvas.fill(QColor("#d8dce3" if s.theme == "light" else "#2a2d33"))
    p = QPainter(canvas)
    p.drawImage(QPoint(0, 0), main)
    p.drawImage(QPoint(main.width() + 20, 0), files)
    p.end()
    s.save(canvas, "files")
    ui.window.close()


async def attention_scene(s: Shot) -> None:
    """The DM with 李伟 (in do-not-disturb in the demo), my own DND, the Status menu open."""
    import time

    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QPainter, QPixmap

    now = int(time.time() * 1000)
    dm = next(c for c in s.store.channels() if c.dm)
    s.beacon.attention.dnd_for(45)
    s.beacon.attention.schedule(s.channel("general").id, "Reminder: demo rehearsal at 10:00", now + 18 * 3_600_000)
    s.window.open_channel(dm.id)
    await asyncio.sleep(1.5)
    menu = s.beacon.attention_ui.status_menu
    shot = QPixmap(s.window.size())
    s.window.render(shot)
    done = asyncio.get_running_loop().create_future()

    def grab_menu():
        painter = QPainter(shot)
        bar = s.window.menuBar()
        painter.drawPixmap(QPoint(bar.actionGeometry(menu.menuAction()).x(), bar.height()), menu.grab())
        painter.end()
        menu.hide()
        done.set_result(None)

    menu.popup(s.window.mapToGlobal(QPoint(0, s.window.menuBar().height())))
    QTimer.singleShot(400, grab_menu)
    await done
    s.save(shot, "attention")
    s.beacon.attention.dnd_until(None)


async def emoji_scene(s: Shot) -> None:
    """Reactions in the timeline, the React menu, :shortcode: completion, the picker."""
    from PySide6.QtTest import QTest

    window = s.window
    best = max(s.store.channels(), key=lambda c: sum(bool(m.reactions) for m in s.store.messages(c.id, limit=200)))
    window.open_channel(best.id)
    await asyncio.sleep(0.5)
    reacted = [m for m in s.store.messages(best.id, limit=200) if m.reactions]
    if reacted:
        window.jump_to(best.id, reacted[-1].id)
    window.raise_()
    window.activateWindow()
    await asyncio.sleep(0.8)
    s.screen(window, "emoji-timeline")
    if reacted:
        menu = window.message_menu(reacted[-1])
        react = next(a.menu() for a in menu.actions() if a.menu() is not None)
        rect = window.view.visualRect(window.view.currentIndex())
        react.popup(window.view.viewport().mapToGlobal(rect.center()))
        await asyncio.sleep(0.5)
        s.screen(window, "emoji-react-menu")
        react.close()
    composer = window.composer
    composer.edit_box.setFocus()
    QTest.keyClicks(composer.edit_box, "LGTM :thu")
    await asyncio.sleep(0.5)
    s.screen(window, "emoji-shortcode")
    composer.set_text("")
    picker = composer.emoji.open_picker()
    await asyncio.sleep(0.3)
    picker.search.setText(EMOJI_SEARCH[s.lang])
    picker.grid.setCurrentRow(0)
    await asyncio.sleep(0.5)
    s.screen(window, "emoji-picker")
    picker.close()


async def library_scene(s: Shot) -> None:
    """The solution library: filters, the most reused entry (published) and its source."""
    library = s.beacon.knowledge_ui.show_library()
    library.resize(980, 560)
    library.move(60, 80)
    library.sort.setCurrentIndex(library.sort.findData("reused"))
    library.list.setCurrentRow(0)
    library.raise_()
    library.activateWindow()
    await asyncio.sleep(0.8)
    s.screen(library, "library")
    library.close()


async def preferences_scene(s: Shot) -> None:
    """Preferences (the Appearance page) and the About box."""
    dialog = s.beacon.preferences.show()
    dialog.move(80, 80)
    dialog.tabs.setCurrentIndex(1)
    dialog.raise_()
    dialog.activateWindow()
    await asyncio.sleep(0.6)
    s.screen(dialog, "preferences")
    dialog.tabs.setCurrentIndex(2)
    await asyncio.sleep(0.3)
    s.screen(dialog, "preferences-notifications")
    dialog.close()
    about = s.beacon.preferences.show_about()
    about.move(80, 80)
    about.raise_()
    about.activateWindow()
    await asyncio.sleep(0.6)
    s.screen(about, "about")
    about.close()


async def team_scene(s: Shot) -> None:
    """#general with the members panel and a profile card; create channel; browse
    channels; workspace settings (people, audit)."""
    team, window = s.beacon.team_ui, s.window
    window.open_channel(s.channel("general").id)
    team.show_members(window.current)
    await asyncio.sleep(1.5)
    card = team.show_profile("li.wei")
    await asyncio.sleep(1.0)
    s.screen(window, "team-members")
    card.close()
    for name, dialog in (("team-create", team.show_create()), ("team-browse", team.show_browse())):
        dialog.move(120, 100)
        dialog.raise_()
        await asyncio.sleep(1.2)
        s.screen(dialog, name)
        dialog.close()
    settings = team.show_workspace()
    settings.move(100, 80)
    settings.resize(900, 560)
    await asyncio.sleep(1.5)
    s.screen(settings, "team-people")
    settings.tabs.setCurrentIndex(2)
    await asyncio.sleep(1.5)
    s.screen(settings, "team-audit")
    settings.close()
    window.close_panels()


async def thread_scene(s: Shot) -> None:
    """#general with the thread panel open on the message that has replies."""
    s.window.open_channel(s.channel("general").id)
    root = next((m for m in s.store.messages(s.window.current, limit=200) if m.reply_count), None)
    if root is not None:
        s.window.open_thread(root.id)
    await asyncio.sleep(0.8)
    s.save(s.window.grab(), "thread")
    s.window.close_panels()


async def pins_scene(s: Shot) -> None:
    """The header's pin count: the search panel on has:pin in this channel."""
    s.window.open_channel(s.channel("engineering").id)
    s.window.header.open_pins()
    await asyncio.sleep(0.8)
    s.save(s.window.grab(), "pins")
    s.window.search.close_panel()


async def resources_scene(s: Shot) -> None:
    """The resource board over the demo workspace (tools/screenshot_resources.py has a seeded plan)."""
    board = s.beacon.resources_ui.show_board()
    board.resize(1200, 600)
    board.move(40, 60)
    await asyncio.sleep(1.0)
    s.screen(board, "resources-demo")
    board.close()


async def digest_scene(s: Shot) -> None:
    """Knowledge > Catch up on this channel, in #engineering."""
    s.window.open_channel(s.channel("engineering").id)
    await asyncio.sleep(0.5)
    dialog = s.beacon.knowledge_ui.digest_channel()
    if dialog is None:
        print("digest: no dialog")
        return
    dialog.move(100, 80)
    dialog.raise_()
    await asyncio.sleep(1.0)
    s.screen(dialog, "digest")
    dialog.close()


async def experts_scene(s: Shot) -> None:
    """Knowledge > Who knows…, with a query answered."""
    dialog = s.beacon.knowledge_ui.show_experts()
    dialog.move(100, 80)
    dialog.query.setText(EXPERTS[s.lang])
    looking = dialog.tr("Looking…")
    dialog.run()
    for _ in range(100):  # the answer is computed off the GUI thread
        await asyncio.sleep(0.1)
        if dialog.list.count() and dialog.list.item(0).text() != looking:
            break
    await asyncio.sleep(0.3)
    dialog.raise_()
    s.screen(dialog, "experts")
    dialog.close()


async def intro_scene(s: Shot) -> None:
    """A new, empty direct message (with Bob, who has none in the demo): the conversation intro."""
    def bob_dm():
        return next((c for c in s.store.channels() if c.dm and c.dm_user == "bob"), None)

    if bob_dm() is None:
        s.beacon.actions.open_dm("bob")
    for _ in range(50):
        await asyncio.sleep(0.1)
        if bob_dm() is not None:
            break
    dm = bob_dm()
    if dm is None:
        print("intro: the DM did not open")
        return
    s.window.open_channel(dm.id)
    await asyncio.sleep(0.8)
    s.save(s.window.grab(), "intro")


async def first_run_scene(s: Shot) -> None:
    """The first-run dialog (join / sign in / token), as a new install shows it."""
    from desktop.ui.views.first_run import FirstRunDialog

    dialog = FirstRunDialog()
    dialog.move(120, 100)
    dialog.show()
    dialog.raise_()
    await asyncio.sleep(0.6)
    s.screen(dialog, "first-run")
    dialog.tabs.setCurrentIndex(1)
    await asyncio.sleep(0.3)
    s.screen(dialog, "first-run-signin")
    dialog.done(0)


async def tabs_scene(s: Shot) -> None:
    """The channel tabs: Files, Tasks and Pins of #engineering in the main window."""
    window = s.window
    window.open_channel(s.channel("engineering").id)
    for index, name in ((1, "tab-files"), (2, "tab-tasks"), (3, "tab-pins")):
        window.tabs.select(index)
        await asyncio.sleep(0.8)
        s.screen(window, name)
    window.tabs.select(0)


async def mark_unread_scene(s: Shot) -> None:
    """#general: the message menu on a message a few from the bottom, then "Mark unread"
    chosen (the "New messages" line above it, the sidebar's count back)."""
    window = s.window
    general = s.channel("general").id
    window.open_channel(general)
    window.raise_()
    window.activateWindow()
    await asyncio.sleep(0.6)
    top_level = [m for m in s.store.messages(general, limit=50) if m.thread is None and not m.deleted]
    target = top_level[-4] if len(top_level) >= 4 else top_level[0]
    window.jump_to(general, target.id)
    await asyncio.sleep(0.6)
    menu = window.message_menu(target)
    rect = window.view.visualRect(window.view.currentIndex())
    menu.popup(window.view.viewport().mapToGlobal(rect.center()))
    await asyncio.sleep(0.5)
    s.screen(window, "message-menu")
    menu.close()
    window.mark_unread(target)
    await asyncio.sleep(0.6)
    s.save(window.grab(), "mark-unread")
    other = next(c.id for c in s.store.channels() if c.id != general)
    window.open_channel(other)  # leaving reads #general again when it is next opened
    await asyncio.sleep(0.3)


FORWARD_NOTE = {"en": "For the release checklist", "zh_CN": "发布清单里要用"}


async def forward_scene(s: Shot) -> None:
    """The forward dialog over #general (a target typed, a comment), then the forwarded
    message as it shows in the target conversation."""
    window = s.window
    general = s.channel("general").id
    window.open_channel(general)
    window.raise_()
    window.activateWindow()
    await asyncio.sleep(0.5)
    message = next(m for m in reversed(s.store.messages(general, limit=50)) if "link" in m.text.lower() or "http" in m.text)
    dialog = window.forward(message)
    dialog.filter.setText("eng")
    dialog.comment.setPlainText(FORWARD_NOTE[s.lang])
    await asyncio.sleep(0.6)
    s.screen(window, "forward-dialog")
    target = dialog.target()
    dialog.send.click()
    await asyncio.sleep(1.0)
    if target is not None:
        window.open_channel(target.id)
        await asyncio.sleep(0.8)
        window.view.scrollToBottom()
        await asyncio.sleep(0.4)
        s.save(window.grab(), "forward-posted")


SCENES = {
    "main": main_scene, "search": search_scene, "switcher": switcher_scene,
    "tasks": tasks_scene, "tasks-mine": tasks_mine_scene, "tasks-timeline": tasks_timeline_scene,
    "files": files_scene, "attention": attention_scene, "emoji": emoji_scene, "library": library_scene,
    "preferences": preferences_scene, "team": team_scene, "tabs": tabs_scene,
    "thread": thread_scene, "resources": resources_scene, "digest": digest_scene, "experts": experts_scene,
    "intro": intro_scene, "first-run": first_run_scene, "pins": pins_scene, "mark-unread": mark_unread_scene,
    "forward": forward_scene,
}


# ---- running ------------------------------------------------------------------


async def shoot(scenes: list[str], out_dir: Path, lang: str, theme: str) -> None:
    from desktop.embedded_relay import EmbeddedRelay, prepare_demo
    from desktop.ui.application import BeaconApp, unlock

    base = Path(tempfile.mkdtemp(prefix="beacon-shot-"))
    tokens = prepare_demo(base / "relay")
    relay = EmbeddedRelay(base / "relay")
    url = await asyncio.to_thread(relay.start)
    store = await unlock(base / "profile")
    store.set_account(url, "me", "")
    store.set_token(tokens["me"])
    beacon = BeaconApp(store, url, tokens["me"])
    beacon.window.move(20, 20)
    beacon.window.resize(1280, 800)
    beacon.start()
    try:
        for _ in range(100):
            await asyncio.sleep(0.1)
            if beacon.engine.state.link.value == "online":
                break
        await asyncio.sleep(0.8)
        shot = Shot(beacon, store, out_dir, lang, theme)
        for name in scenes:
            await SCENES[name](shot)
    finally:
        await beacon.shutdown()
        await asyncio.to_thread(relay.stop)


def run_one(scenes: list[str], out_dir: Path, lang: str, theme: str) -> int:
    import qasync
    from PySide6.QtWidgets import QApplication

    from desktop.ui import i18n, icons
    from desktop.ui import theme as themes
    from desktop.ui.emoji import fonts

    app = QApplication(sys.argv[:1])
    i18n.install_translator(app, lang)
    themes.apply_theme(app, theme)
    fonts.install()  # colour emoji, as the app does at start
    app.setWindowIcon(icons.app_icon())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(shoot(scenes, out_dir, lang, theme))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scene", nargs="+", choices=sorted(SCENES), default=list(SCENES))
    parser.add_argument("--lang", nargs="+", choices=["en", "zh_CN"], default=["en", "zh_CN"])
    parser.add_argument("--theme", nargs="+", choices=["light", "dark"], default=["light", "dark"])
    parser.add_argument("--out-dir", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    pairs = [(lang, theme) for lang in args.lang for theme in args.theme]
    if len(pairs) == 1:
        return run_one(args.scene, args.out_dir, *pairs[0])
    failed = 0
    for lang, theme in pairs:  # one process each: Qt sets language and scheme once
        cmd = [sys.executable, __file__, "--scene", *args.scene, "--lang", lang, "--theme", theme,
               "--out-dir", str(args.out_dir)]
        failed += subprocess.run(cmd).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
