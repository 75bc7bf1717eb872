"""Interface language: --lang / system locale, Beacon's and Qt's translations, the committed .qm files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from desktop.ui import i18n
from desktop.ui.tray import Tray

ROOT = Path(__file__).resolve().parents[2]
TS_ZH = ROOT / "resources" / "translations" / "beacon_zh_CN.ts"
OUR_CONTEXTS = ("Tray", "Notifier")  # the contexts of tray.py and notifications.py

pytestmark = pytest.mark.qt_log_level_fail("WARNING")


@pytest.fixture
def app(qapp):
    """Leave the application untranslated and the default locale as it was."""
    locale = QLocale()
    yield qapp
    i18n.remove_translators(qapp)
    QLocale.setDefault(locale)


def tray_texts(tray: Tray) -> list[str]:
    return [a.text() for a in tray.menu().actions() if not a.isSeparator()] + [
        a.text() for a in tray.dnd_menu().actions() if not a.isSeparator()
    ]


def test_chinese_tray_menu(app):
    assert i18n.install_translator(app, "zh_CN") == "zh_CN"
    tray = Tray()
    assert tray_texts(tray) == ["打开 Beacon", "勿扰模式", "退出 Beacon", "30 分钟", "1 小时", "2 小时", "直到明天 09:00", "关闭勿扰"]
    tray.set_unread(7)
    assert tray.system_tray_icon().toolTip() == "Beacon — 7 条未读消息"


def test_english_tray_menu_with_plurals(app):
    assert i18n.install_translator(app, "en") == "en"
    tray = Tray()
    assert tray_texts(tray) == ["Open Beacon", "Do not disturb", "Quit Beacon", "For 30 minutes", "For 1 hour", "For 2 hours", "Until tomorrow 09:00", "Turn off"]
    tray.set_unread(1)
    assert tray.system_tray_icon().toolTip() == "Beacon — 1 unread message"
    tray.set_unread(2)
    assert tray.system_tray_icon().toolTip() == "Beacon — 2 unread messages"


def test_switching_language_retranslates_a_live_tray(app, qtbot):
    i18n.install_translator(app, "en")
    tray = Tray()
    i18n.install_translator(app, "zh_CN")
    qtbot.waitUntil(lambda: tray_texts(tray)[0] == "打开 Beacon", timeout=2000)
    i18n.install_translator(app, "en")
    qtbot.waitUntil(lambda: tray_texts(tray)[0] == "Open Beacon", timeout=2000)


def test_qt_own_strings_are_translated_too(app):
    i18n.install_translator(app, "zh_CN")
    # A string from qtbase (QPlatformTheme's standard buttons).
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_explicit_language_sets_the_default_locale(app):
    i18n.install_translator(app, "zh_CN")
    assert QLocale().name() == "zh_CN"
    i18n.install_translator(app, "en")
    assert QLocale().language() == QLocale.Language.English


def test_installing_twice_replaces(app):
    i18n.install_translator(app, "zh_CN")
    i18n.install_translator(app, "zh_CN")
    assert len(i18n._installed) == 2  # ours + qtbase, not four
    i18n.remove_translators(app)
    assert QCoreApplication.translate("Tray", "Open Beacon") == "Open Beacon"


def test_system_language_when_none_given(app):
    chosen = i18n.install_translator(app, None)
    assert chosen == i18n.resolve_language(None, QLocale.system().uiLanguages())


@pytest.mark.parametrize(
    "lang, expected",
    [("zh_CN", "zh_CN"), ("zh-CN", "zh_CN"), ("ZH_cn", "zh_CN"), ("zh", "zh_CN"), ("zh_Hans", "zh_CN"), ("zh-Hans-SG", "zh_CN"),
     ("en", "en"), ("en_GB", "en"), ("en-US", "en"), ("C", "en")],
)
def test_explicit_language_aliases(lang, expected):
    assert i18n.resolve_language(lang) == expected


@pytest.mark.parametrize("lang", ["fr", "zh_TW", "zh-Hant", "", "klingon"])
def test_unsupported_explicit_language_is_an_error(lang):
    with pytest.raises(ValueError, match="en, zh_CN"):
        i18n.resolve_language(lang)


@pytest.mark.parametrize(
    "ui_languages, expected",
    [
        (["zh-Hans-CN", "zh-CN", "zh"], "zh_CN"),
        (["zh-CN"], "zh_CN"),
        (["zh-Hans-SG"], "zh_CN"),
        (["de-DE", "zh-CN"], "zh_CN"),  # first one Beacon has
        (["en-US", "zh-CN"], "en"),
        (["zh-Hant-TW", "en-US"], "en"),  # Traditional is not Simplified
        (["zh-TW", "zh-CN"], "zh_CN"),
        (["fr-FR"], "en"),
        ([], "en"),
        (["C"], "en"),
    ],
)
def test_system_language(ui_languages, expected):
    assert i18n.resolve_language(None, ui_languages) == expected


# --- the committed translation files ---------------------------------------------------------


def messages(ts: Path, contexts=None):
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        if contexts is None or name in contexts:
            for message in context.iter("message"):
                yield name, message


def test_every_string_of_tray_and_notifications_has_real_chinese():
    found = list(messages(TS_ZH, OUR_CONTEXTS))
    assert len(found) >= 10
    for context, message in found:
        translation = message.find("translation")
        assert translation.get("type") is None, (context, message.findtext("source"))
        texts = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        for text in texts:
            source = message.findtext("source")
            assert text.strip(), (context, source)
            if source != "Beacon":  # the product name stays as it is
                assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (context, source, text)
            assert text.count("%n") == source.count("%n")


def test_committed_qm_files_are_compiled_from_the_ts_files(tmp_path):
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    if not lrelease.exists() and shutil.which("pyside6-lrelease") is None:
        pytest.skip("pyside6-lrelease is not installed")
    tool = str(lrelease) if lrelease.exists() else shutil.which("pyside6-lrelease")
    for lang in ("zh_CN", "en"):
        ts = ROOT / "resources" / "translations" / f"beacon_{lang}.ts"
        fresh = tmp_path / f"beacon_{lang}.qm"
        subprocess.run([tool, "-silent", str(ts), "-qm", str(fresh)], check=True)
        committed = ts.with_suffix(".qm")
        assert committed.read_bytes() == fresh.read_bytes(), f"{committed.name} is stale: run tools/update_translations.py"


def test_default_task_columns_are_translated_but_renamed_ones_are_not(app):
    from desktop.ui.tasks.column_names import label

    i18n.install_translator(app, "zh_CN")
    try:
        assert [label(k, n) for k, n in (("todo", "To do"), ("doing", "In progress"), ("done", "Done"))] == [
            "待办", "进行中", "已完成"]
        assert label("todo", "Backlog") == "Backlog" and label("review", "Done") == "Done"
    finally:
        i18n.install_translator(app, "en")
