#!/usr/bin/env python3
"""Refresh the translation sources from the UI code and compile them.

    python tools/update_translations.py          # lupdate desktop/ui/**/*.py -> .ts, lrelease .ts -> .qm
    python tools/update_translations.py --check  # exit 1 if a .ts or .qm is out of date (CI)

The .ts files are edited by people (Qt Linguist or a text editor); the .qm files
are committed too, so a fresh checkout runs translated without this script.
Locations are not stored in the .ts files: line numbers would change them on
every unrelated edit.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "desktop" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "en")  # en: plural forms only (the source language is English)


def tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install PySide6 (it ships {name}) in this environment")
    return found


def sources() -> list[str]:
    return [str(p) for p in sorted(SOURCES.rglob("*.py"))]


def lupdate(ts: Path, lang: str) -> None:
    args = [tool("pyside6-lupdate"), *sources(), "-ts", str(ts), "-no-obsolete", "-locations", "none", "-silent"]
    args += ["-source-language", "en", "-target-language", lang]
    if lang == "en":
        args.append("-pluralonly")
    subprocess.run(args, check=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def update() -> None:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        ts = TRANSLATIONS / f"beacon_{lang}.ts"
        lupdate(ts, lang)
        lrelease(ts, TRANSLATIONS / f"beacon_{lang}.qm")
        print(f"{ts.relative_to(ROOT)}: {unfinished(ts)} unfinished")


def unfinished(ts: Path) -> int:
    return ts.read_text(encoding="utf-8").count('type="unfinished"')


def check() -> int:
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in LANGUAGES:
            ts = TRANSLATIONS / f"beacon_{lang}.ts"
            qm = TRANSLATIONS / f"beacon_{lang}.qm"
            if not ts.exists() or not qm.exists():
                stale.append(f"{ts.name} or {qm.name} is missing")
                continue
            fresh_ts = Path(tmp) / ts.name
            shutil.copy(ts, fresh_ts)
            lupdate(fresh_ts, lang)
            if fresh_ts.read_bytes() != ts.read_bytes():
                stale.append(f"{ts.name} does not match the sources")
            fresh_qm = Path(tmp) / qm.name
            lrelease(ts, fresh_qm)
            if fresh_qm.read_bytes() != qm.read_bytes():
                stale.append(f"{qm.name} was not compiled from {ts.name}")
    for line in stale:
        print(line, file=sys.stderr)
    if stale:
        print("run: python tools/update_translations.py", file=sys.stderr)
    return 1 if stale else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only verify that .ts and .qm files are up to date")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
