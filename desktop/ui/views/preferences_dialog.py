"""Preferences: general, appearance, notifications, files, privacy and the keyboard
shortcuts. The dialog only shows and edits; `desktop.ui.preferences` keeps the values
(ui.ini) and applies them to the running app, so every change takes effect at once
(the language after a restart, as the dialog says)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


def _left(button: QPushButton, parent) -> QWidget:
    """A button at its own width, not stretched across the page."""
    holder = QWidget(parent)
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(button)
    row.addStretch(1)
    return holder


def _note(text: str, parent) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class PreferencesDialog(QDialog):
    """`prefs` is a desktop.ui.preferences.Preferences; `shortcuts` a list of
    (what, QKeySequence) shown on the last page."""

    changed = Signal(str)  # the name of the preference just changed (tests, the app)

    def __init__(self, prefs, shortcuts, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.resize(560, 460)
        self.prefs = prefs
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._general(), self.tr("General"))
        self.tabs.addTab(self._appearance(), self.tr("Appearance"))
        self.tabs.addTab(self._notifications(), self.tr("Notifications"))
        self.tabs.addTab(self._privacy(), self.tr("Files and privacy"))
        self.tabs.addTab(self._shortcuts(shortcuts), self.tr("Keyboard shortcuts"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _set(self, name: str, value) -> None:
        self.prefs.set(name, value)
        self.changed.emit(name)

    # ---- pages ----

    def _general(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.language = QComboBox(page)
        self.language.addItem(self.tr("As the system"), None)
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        self.language.setCurrentIndex(max(self.language.findData(self.prefs.get("language")), 0))
        self.language.currentIndexChanged.connect(lambda: self._set("language", self.language.currentData()))
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", _note(self.tr("The language changes when Beacon starts next time."), page))
        self.autostart = QCheckBox(self.tr("Start Beacon when I log in"), page)
        self.autostart.setChecked(self.prefs.get("autostart"))
        self.autostart.toggled.connect(lambda on: self._set("autostart", on))
        form.addRow(self.autostart)
        self.tray = QCheckBox(self.tr("Keep running in the tray when the window is closed"), page)
        self.tray.setChecked(self.prefs.get("close_to_tray"))
        self.tray.setEnabled(self.prefs.tray_available())
        self.tray.toggled.connect(lambda on: self._set("close_to_tray", on))
        form.addRow(self.tray)
        return page

    def _appearance(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.theme = QComboBox(page)
        self.theme.addItem(self.tr("As the system"), None)
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.setCurrentIndex(max(self.theme.findData(self.prefs.get("theme")), 0))
        self.theme.currentIndexChanged.connect(lambda: self._set("theme", self.theme.currentData()))
        form.addRow(self.tr("Theme"), self.theme)
        self.text_size = QSlider(Qt.Orientation.Horizontal, page)
        self.text_size.setRange(80, 150)
        self.text_size.setSingleStep(5)
        self.text_size.setPageStep(10)
        self.text_size.setTickInterval(10)
        self.text_size.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.text_size.setValue(self.prefs.get("text_scale"))
        self.size_label = QLabel(page)
        self._size_text(self.text_size.value())
        self.text_size.valueChanged.connect(self._size_text)
        self.text_size.valueChanged.connect(lambda v: self._set("text_scale", v))
        form.addRow(self.tr("Text size"), self.text_size)
        form.addRow("", self.size_label)
        self.density = QComboBox(page)
        self.density.addItem(self.tr("Cozy"), False)
        self.density.addItem(self.tr("Compact"), True)
        self.density.setCurrentIndex(1 if self.prefs.get("compact") else 0)
        self.density.currentIndexChanged.connect(lambda: self._set("compact", self.density.currentData()))
        form.addRow(self.tr("Message density"), self.density)
        return page

    def _size_text(self, value: int) -> None:
        self.size_label.setText(self.tr("%1% of the system's text size").replace("%1", str(value)))

    def _notifications(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.preview = QCheckBox(self.tr("Show the message text in notifications"), page)
        self.preview.setChecked(self.prefs.get("notify_preview"))
        self.preview.toggled.connect(lambda on: self._set("notify_preview", on))
        form.addRow(self.preview)
        form.addRow(_note(self.tr("Off: a notification says only who wrote and where, so nobody reads "
                                  "your messages over your shoulder or on a locked screen."), page))
        self.sound = QCheckBox(self.tr("Play a sound"), page)
        self.sound.setChecked(self.prefs.get("notify_sound"))
        self.sound.toggled.connect(lambda on: self._set("notify_sound", on))
        form.addRow(self.sound)
        self.dnd_button = QPushButton(self.tr("Do-not-disturb schedule…"), page)
        self.dnd_button.clicked.connect(self.prefs.open_dnd_schedule)
        self.dnd_button.setEnabled(self.prefs.has("dnd_schedule"))
        form.addRow(_left(self.dnd_button, page))
        return page

    def _privacy(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.budget_button = QPushButton(self.tr("Offline file cache size…"), page)
        self.budget_button.clicked.connect(self.prefs.open_file_budget)
        self.budget_button.setEnabled(self.prefs.has("file_budget"))
        form.addRow(_left(self.budget_button, page))
        self.devices_button = QPushButton(self.tr("Signed-in devices…"), page)
        self.devices_button.clicked.connect(self.prefs.open_devices)
        self.devices_button.setEnabled(self.prefs.has("devices"))
        form.addRow(_left(self.devices_button, page))
        self.passphrase_button = QPushButton(self.tr("Change passphrase…"), page)
        self.passphrase_button.clicked.connect(self.prefs.change_passphrase)
        self.passphrase_button.setVisible(self.prefs.has("passphrase"))
        form.addRow(_left(self.passphrase_button, page))
        form.addRow(_note(self.prefs.key_description(), page))
        return page

    def _shortcuts(self, shortcuts) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.shortcut_table = QTableWidget(len(shortcuts), 2, page)
        self.shortcut_table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.shortcut_table.verticalHeader().hide()
        self.shortcut_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.shortcut_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, (what, keys) in enumerate(shortcuts):
            self.shortcut_table.setItem(row, 0, QTableWidgetItem(what))
            self.shortcut_table.setItem(row, 1, QTableWidgetItem(
                keys.toString(QKeySequence.SequenceFormat.NativeText)))
        layout.addWidget(self.shortcut_table)
        return page
