"""Layering rules hold: Qt only in desktop.ui, the protocol does no I/O.

import-linter (contracts in pyproject.toml) checks the import graph; this test
runs it so a broken contract fails the suite, and adds a source scan that also
catches imports hidden inside functions.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_ALLOWED = re.compile(r"^desktop/(ui/.*|__main__\.py|gui\.py)$")
QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|qasync)\b", re.M)
IO_IMPORT = re.compile(r"^\s*(from|import)\s+(asyncio|socket|websockets|sqlite3|sqlcipher3|keyring|ssl|subprocess)\b", re.M)


def _sources(*packages: str):
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_import_linter_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


def test_no_qt_outside_ui():
    offenders = [rel for rel, text in _sources("desktop", "server_stub") if QT_IMPORT.search(text) and not QT_ALLOWED.match(rel)]
    assert offenders == []


def test_protocol_does_no_io():
    offenders = [rel for rel, text in _sources("desktop/protocol") if IO_IMPORT.search(text)]
    assert offenders == []


def test_scan_would_catch_an_offender():
    # The checks above are only worth something if the pattern matches real imports.
    assert QT_IMPORT.search("    from PySide6.QtCore import QObject\n")
    assert IO_IMPORT.search("import asyncio\n")
    assert not QT_ALLOWED.match("desktop/store/cache.py")
