"""About Beacon: the version, what it runs on, and the licences of what it bundles
(the emoji font and data ship inside Beacon, so their licence texts do too)."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
)

from desktop import __version__
from desktop.ui.icons import RESOURCES


# (part, what it is for, licence, licence file bundled with Beacon or None, PyPI name or None)
PARTS = [
    ("Noto Color Emoji", QT_TRANSLATE_NOOP("AboutDialog", "colour emoji font"), "SIL Open Font License 1.1", "fonts/OFL-NotoColorEmoji.txt", None),
    ("Emojibase data", QT_TRANSLATE_NOOP("AboutDialog", "emoji names and keywords"), "MIT", "emoji/LICENSE-emojibase.txt", None),
    ("Qt / PySide6", QT_TRANSLATE_NOOP("AboutDialog", "the user interface"), "LGPL-3.0", None, "PySide6"),
    ("SQLCipher (sqlcipher3)", QT_TRANSLATE_NOOP("AboutDialog", "the encrypted cache"), "BSD-3-Clause", None, "sqlcipher3"),
    ("websockets", QT_TRANSLATE_NOOP("AboutDialog", "the connection to the relay"), "BSD-3-Clause", None, "websockets"),
    ("msgspec", QT_TRANSLATE_NOOP("AboutDialog", "the wire format"), "BSD-3-Clause", None, "msgspec"),
    ("qasync", QT_TRANSLATE_NOOP("AboutDialog", "asyncio in the Qt event loop"), "BSD-2-Clause", None, "qasync"),
    ("keyring", QT_TRANSLATE_NOOP("AboutDialog", "the OS keychain"), "MIT", None, "keyring"),
    ("jieba", QT_TRANSLATE_NOOP("AboutDialog", "Chinese word segmentation"), "MIT", None, "jieba"),
    ("pypinyin", QT_TRANSLATE_NOOP("AboutDialog", "pinyin matching of names"), "MIT", None, "pypinyin"),
    ("platformdirs", QT_TRANSLATE_NOOP("AboutDialog", "where profiles live"), "MIT", None, "platformdirs"),
]


def _version(dist: str | None) -> str:
    if dist is None:
        return ""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""


def _licence_text(part) -> str:
    name, _what, licence, path, dist = part
    if path is not None:
        try:
            return (RESOURCES / path).read_text(encoding="utf-8")
        except OSError:
            pass
    if dist is not None:
        try:
            files = metadata.files(dist) or []
            for f in files:
                if "LICEN" in f.name.upper() or "COPYING" in f.name.upper():
                    return Path(f.locate()).read_text(encoding="utf-8", errors="replace")
        except (metadata.PackageNotFoundError, OSError):
            pass
    return licence


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Beacon"))
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        head = QLabel(self)
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setText(self.tr("Beacon %1").replace("%1", __version__))
        font = head.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        head.setFont(font)
        layout.addWidget(head)
        self.facts = QLabel(self)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setWordWrap(True)
        self.facts.setText(self.tr(
            "Team chat, files and tasks that work offline, with an encrypted cache on this computer.\n"
            "Qt %1 · PySide6 %2 · Python %3 · %4").replace("%1", qVersion()).replace(
            "%2", PySide6.__version__).replace("%3", platform.python_version()).replace(
            "%4", f"{platform.system()} {platform.machine()}"))
        layout.addWidget(self.facts)
        layout.addWidget(QLabel(self.tr("Beacon is MIT-licensed. It includes:"), self))
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.parts = QListWidget(split)
        for part in PARTS:
            name, what, licence, _path, dist = part
            version = _version(dist)
            what = QCoreApplication.translate("AboutDialog", what)
            item = QListWidgetItem(f"{name}{' ' + version if version else ''} — {what} — {licence}", self.parts)
            item.setData(Qt.ItemDataRole.UserRole, part)
        self.licence = QPlainTextEdit(split)
        self.licence.setReadOnly(True)
        self.parts.currentItemChanged.connect(
            lambda item, _prev: item and self.licence.setPlainText(_licence_text(item.data(Qt.ItemDataRole.UserRole))))
        self.parts.setCurrentRow(0)
        layout.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
