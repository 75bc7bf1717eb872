"""Matching what someone types against channel and people names, Chinese included.

"li", "liwei", "lw" and "李" all find 李伟, the way Lark's and WeCom's pickers do:
a name's Han characters are also matched by their pinyin (toneless), by the
pinyin's initials and by any run of syllable prefixes ("liw", "lwei"). Latin names
match by prefix of the whole name or of a word, then by substring.

Romanisation is injected (`romanize(text) -> syllables`), so this module stays pure;
`pinyin_romanizer()` gives the pypinyin one, imported on first use (it costs about
a quarter of a second, so callers warm it off the start-up path).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Romanize = Callable[[str], Sequence[str]]

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[\w']+")

# Higher is better; None is no match.
EXACT, PREFIX, WORD_PREFIX, PINYIN_PREFIX, INITIALS, SYLLABLES, SUBSTRING, PINYIN_SUBSTRING = (
    100, 90, 80, 70, 65, 60, 40, 30,
)


@dataclass(frozen=True, slots=True)
class NameKeys:
    text: str                       # the label, case-folded
    words: tuple[str, ...]          # its words, case-folded
    syllables: tuple[str, ...]      # pinyin of the Han characters (others kept as words), lower case
    pinyin: str                     # the syllables joined
    initials: str                   # first letter of each syllable


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def keys(label: str, romanize: Romanize | None = None, *extra: str) -> NameKeys:
    """Precompute what `score` needs for one label (and extra words such as a login name)."""
    text = " ".join([label, *extra]).casefold()
    words = tuple(_WORD.findall(text))
    syllables: tuple[str, ...] = ()
    if romanize is not None and has_han(label):
        parts = []
        for piece in romanize(label):
            parts.extend(w for w in _WORD.findall(piece.casefold()))
        syllables = tuple(parts)
    return NameKeys(text, words, syllables, "".join(syllables), "".join(s[0] for s in syllables if s))


def _syllable_prefixes(query: str, syllables: Sequence[str], start: int = 0) -> bool:
    """True if `query` is a concatenation of non-empty prefixes of consecutive syllables
    starting at `start` (e.g. "lwei" or "liw" for li-wei)."""
    if not query:
        return True
    if start >= len(syllables):
        return False
    syl = syllables[start]
    for n in range(min(len(syl), len(query)), 0, -1):
        if query[:n] == syl[:n] and _syllable_prefixes(query[n:], syllables, start + 1):
            return True
    return False


def score(query: str, k: NameKeys) -> int | None:
    """How well `query` (as typed) matches; None if it does not."""
    q = "".join(query.casefold().split()).lstrip("#@")
    if not q:
        return SUBSTRING  # an empty query lists everything, in the caller's order
    label = k.text.split(" ")[0] if k.text else ""
    if k.text == q or label == q:
        return EXACT
    if k.text.startswith(q):
        return PREFIX
    if any(w.startswith(q) for w in k.words):
        return WORD_PREFIX
    if k.syllables:
        if k.pinyin.startswith(q):
            return PINYIN_PREFIX
        if len(q) > 1 and k.initials.startswith(q):
            return INITIALS
        if any(_syllable_prefixes(q, k.syllables, i) for i in range(len(k.syllables))):
            return SYLLABLES
    if q in k.text.replace(" ", ""):
        return SUBSTRING
    if k.pinyin and q in k.pinyin:
        return PINYIN_SUBSTRING
    return None


def pinyin_romanizer() -> Romanize:
    """Toneless pinyin syllables for Han characters (pypinyin); other text passes through."""
    from pypinyin import Style, lazy_pinyin

    def romanize(text: str) -> list[str]:
        return lazy_pinyin(text, style=Style.NORMAL, errors="default")

    return romanize
