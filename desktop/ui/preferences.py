"""Preferences of a running BeaconApp: kept in the profile's ui.ini (UiSettings) and
applied at once — theme, text size, message density, notification preview and sound,
start at login, close to tray; the language at the next start. Also the About box.

The Beacon menu gets "Preferences…" (Ctrl+, ; the application menu on macOS) and
"About Beacon".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from desktop import autostart, secrets
from desktop.ui import theme

_BASE_POINT_SIZE: float | None = None  # the system's text size, before any scaling


def apply_text_scale(percent: int) -> None:
    global _BASE_POINT_SIZE
    app = QApplication.instance()
    font = app.font()
    if _BASE_POINT_SIZE is None:
        _BASE_POINT_SIZE = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(_BASE_POINT_SIZE * percent / 100)
    app.setFont(font)


class Preferences:
    """What the Preferences dialog reads and changes."""

    def __init__(self, app):
        self.app = app
        self.settings = app.settings
        self._autostart = autostart.for_this_platform()
        self.dialog = None
        self.about = None
        self.last_outcome = ""  # what the last passphrase change said
        self.apply_all()
        self._install_menu()

    # ---- values ----

    def get(self, name: str):
        if name == "autostart":
            return self._autostart.is_enabled()
        return getattr(self.settings, name)

    def set(self, name: str, value) -> None:
        if name == "autostart":
            self._autostart.enable() if value else self._autostart.disable()
            return
        setattr(self.settings, name, value)
        self.settings.sync()
        if name == "theme":
            theme.apply_theme(QApplication.instance(), value)
        elif name == "text_scale":
            apply_text_scale(value)
            self._relayout()
        elif name == "compact":
            self._apply_density(value)
        elif name in ("notify_preview", "notify_sound"):
            self._apply_notifier()

    def apply_all(self) -> None:
        if self.settings.text_scale != 100:
            apply_text_scale(self.settings.text_scale)
        self._apply_density(self.settings.compact)
        self._apply_notifier()

    def _apply_notifier(self) -> None:
        self.app.notifier.preview = self.settings.notify_preview
        self.app.notifier.sound = self.settings.notify_sound

    def _apply_density(self, compact: bool) -> None:
        window = self.app.window
        for delegate in (window.delegate, window.thread.delegate):
            delegate.compact = bool(compact)
        self._relayout()

    def _relayout(self) -> None:
        window = self.app.window
        for view in (window.view, window.thread.view):
            view.doItemsLayout()

    # ---- what the dialog may open ----

    def has(self, what: str) -> bool:
        if what == "passphrase":
            return self._key_mode() == "passphrase"
        return {"dnd_schedule": hasattr(self.app, "attention_ui"), "file_budget": hasattr(self.app, "files_ui"),
                "devices": hasattr(self.app, "account_ui")}.get(what, False)

    def _key_mode(self) -> str | None:
        try:
            profile = secrets.load_profile(self.app.store.path.parent)
        except Exception:  # noqa: BLE001 - only decides what to offer
            return None
        return profile.key_mode if profile is not None else None

    def change_passphrase(self, *, ask=None) -> bool:
        """Ask for the current passphrase and a new one (twice), then re-encrypt the cache.
        `ask(title, label) -> str | None` replaces the dialogs in tests."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

        from desktop.errors import KnownError

        parent = self.dialog or self.app.window

        def dialog_ask(title: str, label: str) -> str | None:
            text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
            return text if ok else None

        ask = ask or dialog_ask
        title = QCoreApplication.translate("Preferences", "Change passphrase")
        current = ask(title, QCoreApplication.translate("Preferences", "Current passphrase:"))
        new = current is not None and ask(title, QCoreApplication.translate("Preferences", "New passphrase:"))
        again = new and ask(title, QCoreApplication.translate("Preferences", "New passphrase again:"))
        if not new or again is None:
            return False
        changed = False
        if again != new:
            self.last_outcome = QCoreApplication.translate("Preferences", "The two new passphrases differ; nothing was changed.")
        else:
            try:
                self.app.store.change_passphrase(current, new)
                changed = True
                self.last_outcome = QCoreApplication.translate("Preferences", "The cache is now encrypted under the new passphrase. Beacon asks for it from the next start.")  # noqa: E501
            except KnownError as exc:
                self.last_outcome = str(exc)
        if ask is dialog_ask:
            QMessageBox.information(parent, title, self.last_outcome)
        return changed

    def tray_available(self) -> bool:
        return self.app.tray.available()

    def open_dnd_schedule(self) -> None:
        from desktop.ui.attention.widgets import _hours

        _hours(self.app.attention, self.dialog or self.app.window)

    def open_file_budget(self) -> None:
        self.app.files_ui.ask_budget()

    def open_devices(self) -> None:
        self.app.account_ui.show_devices()

    def key_description(self) -> str:
        if self._key_mode() == "passphrase":
            return QCoreApplication.translate("Preferences", "This computer's copy of your workspace is encrypted with your passphrase. Nobody can read it without the passphrase — keep it safe: it cannot be recovered.")  # noqa: E501
        return QCoreApplication.translate("Preferences", "This computer's copy of your workspace is encrypted; its key is kept in the system keychain, so it opens only for you on this computer.")  # noqa: E501

    def shortcuts(self) -> list[tuple[str, QKeySequence]]:
        """Every action of the main window that has keys, by name (menus included)."""
        seen, out = set(), []
        for action in self.app.window.findChildren(QAction):
            keys = action.shortcut()
            name = action.text().replace("&", "").rstrip("…").strip()
            if keys.isEmpty() or not name or (name, keys.toString()) in seen:
                continue
            seen.add((name, keys.toString()))
            out.append((name, keys))
        out.append((QCoreApplication.translate("Preferences", "Close a panel, or the Tasks or Files window"),
                    QKeySequence("Escape")))
        return sorted(out, key=lambda p: p[0].lower())

    # ---- windows ----

    def _install_menu(self) -> None:
        beacon = next(a.menu() for a in self.app.window.menuBar().actions()
                      if a.menu() is not None and a.menu().objectName() == "beacon_menu")
        first = beacon.actions()[0] if beacon.actions() else None
        prefs = QAction(QCoreApplication.translate("Preferences", "Preferences…"), beacon)
        prefs.setShortcut(QKeySequence("Ctrl+,"))
        prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
        prefs.triggered.connect(self.show)
        about = QAction(QCoreApplication.translate("Preferences", "About Beacon"), beacon)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        beacon.insertActions(first, [prefs, about])
        beacon.insertSeparator(first)
        self.menu_actions = (prefs, about)

    def show(self):
        from desktop.ui.views.preferences_dialog import PreferencesDialog

        if self.dialog is None:
            self.dialog = PreferencesDialog(self, self.shortcuts(), self.app.window)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def show_about(self):
        from desktop.ui.views.about import AboutDialog

        if self.about is None:
            self.about = AboutDialog(self.app.window)
        self.about.show()
        self.about.raise_()
        return self.about

    def close(self) -> None:
        for dialog in (self.dialog, self.about):
            if dialog is not None:
                dialog.close()


def install(app) -> Preferences:
    return Preferences(app)
