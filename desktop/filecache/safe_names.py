"""File names from other people made safe to write on this machine (any OS)."""

from __future__ import annotations

import re
import unicodedata

# Windows refuses these as base names, with any extension ("CON.txt", "lpt1.tar.gz").
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in list("123456789") + ["¹", "²", "³"]
}
# Control characters, path separators, Windows-forbidden punctuation, and the
# bidirectional controls that make "exe.txt" display as "txt.exe".
_BAD = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:*?\"<>|\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_BYTES = 200  # below every common file system's 255-byte limit, room for " (2)"
FALLBACK = "file"


def safe_name(name: str, fallback: str = FALLBACK) -> str:
    """A single path component: no separators, no '..', not absolute, not a drive,
    not a reserved Windows name, no control or bidi characters, no trailing dot/space."""
    name = unicodedata.normalize("NFC", name or "")
    # A path keeps only its last real component ("../../etc/passwd" -> "passwd").
    parts = [p for p in re.split(r"[/\\]", name) if p.strip(" .")]
    name = parts[-1] if parts else ""
    name = _BAD.sub("_", name)
    name = re.sub(r"\.{2,}", ".", name)  # no ".." anywhere
    name = name.strip().strip(".").rstrip(" .")
    name = name.lstrip("-")  # never looks like an option to a command line tool
    if not name or set(name) <= {"_", "."}:
        name = fallback
    stem, dot, ext = name.partition(".")
    if stem.upper().rstrip(" ") in _RESERVED:
        name = "_" + name
    encoded = name.encode("utf-8")
    if len(encoded) > MAX_BYTES:
        base, dot, ext = name.rpartition(".")
        ext = ext if dot and 0 < len(ext.encode()) <= 16 else ""
        keep = MAX_BYTES - (len(ext.encode()) + 1 if ext else 0)
        head = (base if ext else name).encode("utf-8")[:keep].decode("utf-8", "ignore").rstrip(" .")
        name = f"{head}.{ext}" if ext else head
    return name


def numbered(name: str, n: int) -> str:
    """'report.pdf', 2 -> 'report (2).pdf' (for 'keep both')."""
    base, dot, ext = name.rpartition(".")
    if not dot or not base:
        return f"{name} ({n})"
    return f"{base} ({n}).{ext}"
