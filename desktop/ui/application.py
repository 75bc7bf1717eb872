"""Composition root of the GUI: unlock the cache, sign in, build the window, run, shut down."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

import platformdirs
import qasync
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop import __version__, gui_args, secrets
from desktop.actions import Actions
from desktop.errors import CacheRepairedError, KnownError, WrongKeyError
from desktop.net.sync import SyncEngine
from desktop.profile import CACHE_FILE, delete_local_cache, open_store, resolve_profile_dir
from desktop.ui import i18n, icons, theme
from desktop.ui.alerts import Alerts
from desktop.ui.attention.controller import AttentionController
from desktop.ui.emoji import fonts as emoji_fonts
from desktop.ui.bridge import LinkBridge, StoreBridge
from desktop.ui.cache_notices import CacheCheck, repaired_box
from desktop.ui.first_paint import after_first_paint
from desktop.ui.notifications import Notifier
from desktop.ui.settings import UiSettings
from desktop.ui.single_instance import SingleInstance
from desktop.ui.tray import Tray
from desktop.linkscheme import JoinLink, MessageLink
from desktop.ui.views.main_window import MainWindow
from desktop.ui.views.passphrase import PassphraseDialog

logger = logging.getLogger(__name__)


async def ask(dialog: QDialog) -> int:
    """Show a dialog without a nested event loop and wait for its answer."""
    done = asyncio.get_running_loop().create_future()
    dialog.finished.connect(lambda code: done.done() or done.set_result(code))
    dialog.open()
    return await done


def _needs_passphrase(profile_dir: Path) -> tuple[bool, bool]:
    """(a passphrase must be asked for, the profile is new)."""
    if os.environ.get("BEACON_PASSPHRASE"):
        return False, False
    is_new = not (profile_dir / CACHE_FILE).exists()
    if is_new:
        return not secrets.keyring_usable(), True
    profile = secrets.load_profile(profile_dir)
    return profile is not None and profile.key_mode == "passphrase", False


async def unlock(profile_dir: Path):
    """Open the encrypted cache, asking for the passphrase as often as needed."""
    profile_dir.mkdir(parents=True, exist_ok=True)
    error = ""
    while True:
        ask_for_it, is_new = _needs_passphrase(profile_dir)
        passphrase = None
        if ask_for_it:
            dialog = PassphraseDialog(is_new=is_new, error=error)
            if await ask(dialog) != QDialog.DialogCode.Accepted:
                return None
            passphrase = dialog.passphrase()
        try:
            return await asyncio.to_thread(
                open_store, profile_dir, passphrase_provider=lambda _reason, _new: passphrase
            )
        except WrongKeyError:
            error = QApplication.translate("Unlock", "That passphrase does not unlock the cache. Nothing was changed; try again.")
            if not ask_for_it:
                raise
        except CacheRepairedError as exc:
            # Reported once: the damaged files are set aside and the next open works.
            await ask(repaired_box(None, exc))


class BeaconApp(QObject):
    """Owns the store, the sync engine and the window; shuts them down in order."""

    def __init__(
        self, store, url: str, token: str, parent=None, *, notifier_backend: str | None = None,
        defer_features: bool = False,
    ):
        super().__init__(parent)
        self.store = store
        self.engine = SyncEngine(store, url, token, client_name=f"beacon/{__version__}")
        self.actions = Actions(store, wake=self.engine.outbox_changed)
        me = store.account().user or ""
        self.settings = UiSettings(store.path.parent)
        self.attention = AttentionController(store, self.actions, self.engine, self)
        self.window = MainWindow(
            store, self.actions, me, initial_channel=self.settings.last_channel,
            is_muted=self.attention.is_muted, set_muted=self.attention.set_muted,
        )
        if self.settings.geometry is not None:
            self.window.restoreGeometry(self.settings.geometry)
        self.window.channel_changed.connect(self._remember_channel)
        self.store_bridge = StoreBridge(store, self)
        self.store_bridge.changed.connect(self.window.apply_changes)
        self.link_bridge = LinkBridge(self.engine, self)
        self.link_bridge.state.connect(self.window.set_link_state)
        self.tray = Tray(self)
        self.tray.show_requested.connect(self.raise_window)
        self.tray.quit_requested.connect(self.quit_requested)
        self.notifier = Notifier(self.tray.system_tray_icon(), self, backend=notifier_backend)
        self.notifier.activated.connect(self._open_message)
        self.alerts = Alerts(store, self.window, self.notifier, self.tray, lambda: self.engine.state, self)
        self.store_bridge.changed.connect(self.alerts.apply)
        self.window.close_requested.connect(self._window_closed)
        self._task: asyncio.Task | None = None
        self._quit: asyncio.Future | None = None
        self._features_installed = False
        self._shutting_down = False
        if not defer_features:
            self.install_features()

    # Made by install_features(): reading one before then installs them all (__getattr__).
    FEATURE_ATTRS = frozenset({
        "tasks_ui", "attention_ui", "files_ui", "emoji_ui", "cache_check", "account_ui",
        "knowledge_ui", "resources_ui", "team_ui", "sidebar_ui", "preferences",
    })

    def __getattr__(self, name: str):
        if name in BeaconApp.FEATURE_ATTRS and not self.__dict__.get("_features_installed", True):
            self.install_features()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def install_features(self) -> None:
        """The features' menus, panels and dialogs, and the Beacon menu: in __init__, or
        (defer_features, the app's start) right after the first channel has painted."""
        if self._features_installed:
            return
        self._features_installed = True
        from desktop.ui.account import install as install_account
        from desktop.ui.attention.install import install as install_attention
        from desktop.ui.emoji.install import install as install_emoji
        from desktop.ui.files.install import install as install_files
        from desktop.ui.knowledge.install import install as install_knowledge
        from desktop.ui.preferences import install as install_preferences
        from desktop.ui.resources.install import install as install_resources
        from desktop.ui.tasks.install import install as install_tasks
        from desktop.ui.team.install import install as install_team
        from desktop.ui.views.sidebar_install import install as install_sidebar

        store = self.store
        self.tasks_ui = install_tasks(self)
        self.attention_ui = install_attention(self)
        self.files_ui = install_files(self)
        self.emoji_ui = install_emoji(self)
        self.cache_check = CacheCheck(store, self.window, self)
        self.account_ui = install_account(self)
        self.knowledge_ui = install_knowledge(self)
        self.resources_ui = install_resources(self)
        self.team_ui = install_team(self)
        self.sidebar_ui = install_sidebar(self)  # after team: its footer is under the sidebar
        self._build_menu()
        self.preferences = install_preferences(self)

    quit_requested = Signal()

    def _build_menu(self) -> None:
        menu = self.window.menuBar().addMenu(self.tr("&Beacon"))
        menu.setObjectName("beacon_menu")  # Preferences and About go first (desktop.ui.preferences)
        quit_action = menu.addAction(self.tr("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.quit_requested)

    def raise_window(self) -> None:
        self.window.show()
        self.window.setWindowState(self.window.windowState() & ~Qt.WindowState.WindowMinimized)
        self.window.raise_()
        self.window.activateWindow()

    def _open_message(self, channel: str, msg: int) -> None:
        self.raise_window()
        self.window.jump_to(channel, msg)

    def _window_closed(self) -> None:
        """Closing the window keeps Beacon in the tray (a setting), else quits."""
        if not (self.settings.close_to_tray and self.tray.available()):
            self.quit_requested.emit()

    def _remember_channel(self, channel_id: str) -> None:
        self.settings.last_channel = channel_id

    def start(self) -> None:
        self.tray.show()
        unread, _ = self.window.channels.total_unread()
        self.tray.set_unread(unread)
        self.window.show()
        if self._features_installed:
            self._start_engine()
            self.cache_check.start()
        else:  # the first frame shows the cache: connecting (websockets, the relay) and the features wait for it
            after_first_paint(self.window.view.viewport(), self._finish_start)

    def _start_engine(self) -> None:
        if self._task is None and not self._shutting_down:
            self._task = asyncio.ensure_future(self.engine.run())

    def _finish_start(self) -> None:
        self._start_engine()
        self.install_features()
        self.cache_check.start()

    async def shutdown(self) -> None:
        self._shutting_down = True  # a late first paint starts no engine
        self.install_features()  # quit before the first paint: every feature closes as usual
        await self.cache_check.stop()
        self.tasks_ui.close()
        self.preferences.close()
        self.knowledge_ui.close()
        self.resources_ui.close()
        self.team_ui.close()
        self.window.shutdown()
        self.attention.shutdown()
        await self.files_ui.close()  # after the window's timers stopped: this awaits
        self.settings.geometry = self.window.saveGeometry()
        self.settings.sync()
        await self.engine.stop()
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass
        self.tray.hide()
        self.store_bridge.close()
        self.store.close()


async def _main(app: QApplication, args: argparse.Namespace) -> int:
    embedded = None
    if args.demo:
        from desktop.embedded_relay import EmbeddedRelay, prepare_demo

        base = args.demo_data or Path(platformdirs.user_data_dir("Beacon", appauthor=False)) / "demo"
        tokens = prepare_demo(base / "relay")
        embedded = EmbeddedRelay(base / "relay")
        url = await asyncio.to_thread(embedded.start)
        profile_dir = Path(args.profile) if args.profile else base / "profile-me"
    else:
        profile_dir = resolve_profile_dir(args.profile)
    saved = UiSettings(profile_dir)  # Preferences: language and theme, unless the command line chose
    if args.lang is None and saved.language:
        i18n.install_translator(app, saved.language)
    if args.theme is None and saved.theme:
        theme.apply_theme(app, saved.theme)
    instance = SingleInstance(profile_dir)
    if not instance.claim():
        logger.info("Beacon is already running for %s; asked it to show its window", profile_dir)
        if embedded is not None:
            await asyncio.to_thread(embedded.stop)
        return 0
    try:
        try:
            store = await unlock(profile_dir)
        except KnownError as exc:
            QMessageBox.critical(None, app.translate("Startup", "Beacon cannot open its cache"), str(exc))
            return 1
        if store is None:
            return 1
        token, url_in_store = store.token(), store.account().relay_url
        if args.demo:
            if token is None or url_in_store != url:
                store.set_account(url, "me", "")
                store.set_token(tokens["me"])
            token = tokens["me"]
        elif token is None or not url_in_store:
            from desktop.ui.views.first_run import FirstRunDialog  # a new profile only: not on every start
            from desktop.ui.views.first_run import keep as keep_sign_in

            dialog = FirstRunDialog(link=args.link if isinstance(args.link, JoinLink) else None)
            if await ask(dialog) != QDialog.DialogCode.Accepted:
                store.close()
                return 1
            if dialog.choice == "demo":
                store.close()
                args.demo = True
                return await _main(app, args)
            if dialog.choice == "joined":  # by invitation or password: no token was shown
                await keep_sign_in(store, dialog.signed_in, UiSettings(profile_dir))
                token, url = dialog.signed_in.token, dialog.signed_in.relay_url
            else:
                store.set_account(dialog.relay_url, None, None)
                store.set_token(dialog.token_text)
                token, url = dialog.token_text, dialog.relay_url
        else:
            url = url_in_store
            if isinstance(args.link, JoinLink):
                QMessageBox.information(None, app.translate("Startup", "Already signed in"), app.translate(
                    "Startup", "This Beacon profile is already signed in as %1. To join another workspace,"
                    " start Beacon with another profile (--profile).").replace("%1", store.account().user or ""))
        beacon = BeaconApp(store, url, token, defer_features=True)
        quit_requested = asyncio.get_running_loop().create_future()
        done = lambda: quit_requested.done() or quit_requested.set_result(None)  # noqa: E731
        app.aboutToQuit.connect(done)
        beacon.quit_requested.connect(done)
        instance.activated.connect(beacon.raise_window)
        beacon.start()
        if isinstance(args.link, MessageLink):  # validated by desktop.linkscheme before Qt started
            beacon._open_message(args.link.channel, args.link.message)
        await quit_requested
        await beacon.shutdown()
        if beacon.account_ui.delete_cache:  # signed out and asked to delete this computer's copy
            delete_local_cache(profile_dir)
        return 0
    finally:
        if embedded is not None:
            await asyncio.to_thread(embedded.stop)


def run(argv: list[str] | None = None, link=None) -> int:
    args = gui_args.parse(sys.argv[1:] if argv is None else argv)
    args.link = link
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Beacon")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(icons.app_icon())
    i18n.install_translator(app, args.lang)
    theme.apply_theme(app, args.theme)
    emoji_fonts.install()  # colour emoji whatever the system's fonts (<1 ms: docs/perf/emoji.md)
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        return loop.run_until_complete(_main(app, args))
