"""Every user-visible string in desktop/ui is translated (zh_CN) and compiled.

`tools/update_translations.py --check` re-extracts the strings with lupdate and
fails if the committed .ts/.qm files are stale; unfinished entries fail here.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_translation_files_are_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "update_translations.py"), "--check"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_unfinished_chinese_translation():
    tree = ET.parse(ROOT / "resources" / "translations" / "beacon_zh_CN.ts")
    unfinished = [
        (ctx.findtext("name"), msg.findtext("source"))
        for ctx in tree.getroot().iter("context")
        for msg in ctx.iter("message")
        if msg.find("translation").get("type") == "unfinished"
    ]
    assert unfinished == []
