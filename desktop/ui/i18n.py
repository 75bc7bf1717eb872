"""Interface language: Beacon's translations and Qt's own, from ``--lang`` or the system locale.

Beacon ships ``resources/translations/beacon_<lang>.qm`` (compiled from the .ts
files by ``tools/update_translations.py``) for the languages in `SUPPORTED`.
English is the source language; ``beacon_en.qm`` only carries plural forms.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.ui.bundle import RESOURCES

logger = logging.getLogger(__name__)

SUPPORTED = ("en", "zh_CN")
DEFAULT = "en"
TRANSLATIONS = RESOURCES / "translations"
_TRADITIONAL = ("hant", "tw", "hk", "mo")

_installed: list[QTranslator] = []


def resolve_language(lang: str | None, ui_languages: Iterable[str] | None = None) -> str:
    """The supported language to use: one of `SUPPORTED`.

    `lang` is an explicit choice ("zh_CN", "zh-CN", "zh", "zh_Hans", "en", "en_GB",
    any case); an unsupported one raises ValueError. With None, the first of the
    system's UI languages (`ui_languages`, default ``QLocale.system().uiLanguages()``)
    that Beacon has, else English. Traditional Chinese (zh-Hant, zh-TW/HK/MO) is not
    Simplified: it falls through to the next preference.
    """
    if lang is not None:
        found = _match(lang)
        if found is None:
            raise ValueError(f"unsupported language {lang!r}: use one of {', '.join(SUPPORTED)}")
        return found
    if ui_languages is None:
        ui_languages = QLocale.system().uiLanguages()
    for tag in ui_languages:
        found = _match(tag)
        if found is not None:
            return found
    return DEFAULT


def _match(tag: str) -> str | None:
    parts = [p.lower() for p in tag.replace("-", "_").split(".")[0].split("_") if p]
    if not parts:
        return None
    if parts[0] == "zh":
        return None if any(p in _TRADITIONAL for p in parts[1:]) else "zh_CN"
    if parts[0] in ("en", "c", "posix"):
        return "en"
    return None


def install_translator(app: QCoreApplication, lang: str | None = None) -> str:
    """Install the translators for `lang` (None: the system's language) and return
    the language used. Calling again replaces them (widgets get a LanguageChange).

    An explicit `lang` also becomes the default QLocale, so dates and numbers are
    written the way the chosen language writes them.
    """
    chosen = resolve_language(lang)
    remove_translators(app)

    ours = QTranslator(app)
    if ours.load(f"beacon_{chosen}", str(TRANSLATIONS)):
        _install(app, ours)
    else:
        logger.warning("no translations for %s in %s", chosen, TRANSLATIONS)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{chosen}", qt_dir):
        _install(app, qt)  # Qt's own strings: standard buttons, dialogs, shortcuts
    else:
        logger.info("no Qt translations for %s in %s", chosen, qt_dir)
    if lang is not None:
        QLocale.setDefault(QLocale(chosen))
    return chosen


def remove_translators(app: QCoreApplication) -> None:
    """Take out what `install_translator` put in: the source (English) strings again."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()


def _install(app: QCoreApplication, translator: QTranslator) -> None:
    app.installTranslator(translator)
    _installed.append(translator)
