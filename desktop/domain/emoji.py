"""Emoji search, shortcode lookup and the recent-emoji list (pure: the data comes in as text).

The data is resources/emoji/emoji.json (built by tools/build_emoji_data.py): per emoji its
group, English and Chinese names, English and Chinese keywords and shortcodes. A query
matches English names and keywords by word prefix, shortcodes by prefix (":thumbs" or
"thumbs"), Chinese names and keywords by substring (Chinese has no spaces between words).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

RECENT_LIMIT = 24


@dataclass(frozen=True)
class Emoji:
    char: str
    group: str
    name: str  # English
    name_zh: str
    tags: tuple[str, ...]
    tags_zh: tuple[str, ...]
    shortcodes: tuple[str, ...]
    order: int

    @property
    def shortcode(self) -> str:
        """The preferred shortcode (first of emojibase's), or "" if it has none."""
        return self.shortcodes[0] if self.shortcodes else ""


def _normalise(query: str) -> str:
    return " ".join(query.strip().strip(":").lower().split())


class EmojiIndex:
    """All bundled emoji, in the picker's order, searchable."""

    def __init__(self, emoji: list[Emoji], groups: list[str]):
        self.emoji = emoji
        self.groups = groups
        self._by_char = {e.char: e for e in emoji}
        self._by_code = {}
        for e in emoji:
            for code in e.shortcodes:
                self._by_code.setdefault(code, e)
        self._codes = sorted(self._by_code)

    @classmethod
    def from_json(cls, text: str) -> EmojiIndex:
        data = json.loads(text)
        groups = list(data["groups"])
        emoji = [
            Emoji(char, groups[group], name, name_zh, tuple(tags.split()), tuple(tags_zh.split()),
                  tuple(codes.split()), order)
            for order, (char, group, name, name_zh, tags, tags_zh, codes) in enumerate(data["emoji"])
        ]
        return cls(emoji, groups)

    def __len__(self) -> int:
        return len(self.emoji)

    def get(self, char: str) -> Emoji | None:
        return self._by_char.get(char) or self._by_char.get(char.replace("\ufe0f", ""))

    def in_group(self, group: str) -> list[Emoji]:
        return [e for e in self.emoji if e.group == group]

    def by_shortcode(self, code: str) -> Emoji | None:
        """`code` with or without the colons: "thumbsup", ":+1:"."""
        return self._by_code.get(code.strip(":").lower())

    def complete_shortcode(self, prefix: str, limit: int = 8) -> list[tuple[str, Emoji]]:
        """Shortcodes starting with `prefix` (no colons): shortest first, one per emoji."""
        prefix = prefix.lower()
        seen: set[str] = set()
        found = []
        for code in sorted((c for c in self._codes if c.startswith(prefix)), key=lambda c: (len(c), c)):
            e = self._by_code[code]
            if e.char not in seen:
                seen.add(e.char)
                found.append((code, e))
                if len(found) == limit:
                    break
        return found

    def search(self, query: str, limit: int | None = None) -> list[Emoji]:
        """Emoji matching every word of `query`, best first (see `_rank`); [] for a blank query."""
        q = _normalise(query)
        if not q:
            return []
        words = q.split()
        ranked = []
        for e in self.emoji:
            rank = _rank(e, q, words)
            if rank is not None:
                ranked.append((rank, e.order, e))
        ranked.sort(key=lambda t: (t[0], t[1]))
        found = [e for _, _, e in ranked]
        return found if limit is None else found[:limit]


def _rank(e: Emoji, q: str, words: list[str]) -> int | None:
    """0 exact name or shortcode, 1 name starts with the query, 2 a shortcode does,
    3 a word of the name does (or it is a Chinese keyword), 4 an English keyword or a
    shortcode does, 5 the Chinese name contains it, 6 a Chinese keyword does; a query of several words needs each word to match."""
    name = e.name.lower()
    if q == name or q in e.shortcodes or q == e.name_zh:
        return 0
    if name.startswith(q) or e.name_zh.startswith(q):
        return 1
    if any(code.startswith(q) for code in e.shortcodes):
        return 2
    name_words = name.replace(":", " ").replace("-", " ").split()
    best = None
    for word in words:
        if any(w.startswith(word) for w in name_words) or word in e.tags_zh:
            rank = 3
        elif any(t.startswith(word) for t in e.tags) or any(c.startswith(word) for c in e.shortcodes):
            rank = 4
        elif word in e.name_zh:
            rank = 5
        elif any(word in t for t in e.tags_zh):
            rank = 6
        else:
            return None
        best = rank if best is None else max(best, rank)
    return best


def remember(recent: list[str], char: str, limit: int = RECENT_LIMIT) -> list[str]:
    """The recent list after using `char`: it moves to the front, the oldest fall off."""
    return [char, *[c for c in recent if c != char]][:limit]
