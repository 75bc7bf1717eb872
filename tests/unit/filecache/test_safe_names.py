"""Hostile file names become one harmless path component on every OS."""

from __future__ import annotations

import pytest

from desktop.filecache.safe_names import MAX_BYTES, numbered, safe_name

HOSTILE = [
    "../../etc/passwd", "..\\..\\Windows\\system32\\x.dll", "/etc/shadow", "C:\\boot.ini", "C:evil.txt",
    "\\\\server\\share\\x", "..", ".", "...", "", " ", "CON", "con.txt", "NUL.tar.gz", "Com1", "LPT9.log",
    "COM¹.txt", "a\u202egpj.exe", "invoice\u2066.pdf\u2069.exe", "tab\tname", "new\nline", "nul\x00byte",
    "bell\x07", "\x7fdel", "trailing dot.", "trailing space ", "-rf", "x" * 400 + ".pdf",
    "名" * 200 + ".docx", "a:b*c?d\"e<f>g|h", "..hidden..", "\ufeffbom.txt",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_safe(name):
    out = safe_name(name)
    assert out and "/" not in out and "\\" not in out and ".." not in out
    assert not out.startswith((".", "-", " ")) and not out.endswith((".", " "))
    assert ":" not in out  # no drive letters or alternate data streams
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in out)
    assert not any(c in out for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\ufeff")
    base = out.split(".")[0].upper().rstrip()
    assert base not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT9", "COM¹"}
    assert len(out.encode()) <= MAX_BYTES


def test_ordinary_names_are_kept():
    for name in ("Quarterly report.pdf", "产品需求 v2.docx", "photo (1).JPG", "résumé.odt", "a.tar.gz"):
        assert safe_name(name) == name


def test_long_names_keep_their_extension():
    assert safe_name("x" * 400 + ".pdf").endswith(".pdf")
    out = safe_name("名" * 200 + ".docx")
    assert out.endswith(".docx") and out.encode().decode() == out  # not cut inside a character


def test_numbered():
    assert numbered("report.pdf", 2) == "report (2).pdf"
    assert numbered("README", 3) == "README (3)"
