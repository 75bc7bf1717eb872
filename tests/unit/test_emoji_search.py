"""Emoji search over the bundled data: English name prefix, Chinese keyword, shortcode."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain.emoji import EmojiIndex, remember

DATA = Path(__file__).resolve().parents[2] / "resources" / "emoji" / "emoji.json"


@pytest.fixture(scope="module")
def index() -> EmojiIndex:
    return EmojiIndex.from_json(DATA.read_text(encoding="utf-8"))


def test_the_bundled_data_covers_every_group_with_names_in_both_languages(index):
    assert len(index) > 1500
    assert index.groups[0] == "smileys-emotion" and "component" not in index.groups
    assert all(index.in_group(g) for g in index.groups)
    assert sum(1 for e in index.emoji if e.name_zh) > 0.95 * len(index)


def test_english_name_prefix_ranks_the_name_match_first(index):
    found = index.search("thumbs")
    assert [e.char for e in found[:2]] == ["👍", "👎"]
    assert index.search("grinning face")[0].char == "😀"
    assert index.search("GRIN")[0].char == "😁"  # :grin: is its shortcode: exact beats prefix
    assert index.search("grinni")[0].name.startswith("grinning")


def test_every_word_of_a_query_must_match(index):
    found = index.search("cat face")
    assert found and all("cat" in (e.name + " ".join(e.tags)) for e in found)
    assert index.search("cat zzzqqq") == []


def test_chinese_names_and_keywords(index):
    assert index.search("拇指向上")[0].char == "👍"
    assert "👍" in [e.char for e in index.search("赞")]  # a keyword of 👍, not its name
    assert "❤️" in [e.char for e in index.search("爱")][:10]
    assert "🇨🇳" in [e.char for e in index.search("中国")]


def test_shortcodes(index):
    assert index.by_shortcode(":+1:").char == "👍"
    assert index.by_shortcode("tada").char == "🎉"
    assert index.by_shortcode("no_such_code") is None
    assert index.search(":joy")[0].char == "😂"
    codes = index.complete_shortcode("thumbs")
    assert [e.char for _, e in codes[:2]] == ["👍", "👎"]
    assert all(code.startswith("thumbs") for code, _ in codes)
    assert len({e.char for _, e in index.complete_shortcode("s", limit=20)}) == 20


def test_reaction_emoji_keep_unicodes_fully_qualified_form(index):
    # The quick reactions (main window) must be the same strings as the picker's.
    for char in ["👍", "❤️", "😂", "🎉", "👀", "✅"]:
        assert index.get(char) is not None and index.get(char).char == char


def test_blank_query_finds_nothing(index):
    assert index.search("   ") == [] and index.search("::") == []


def test_recent_list_moves_the_used_emoji_first_and_is_bounded():
    recent = remember(remember(remember([], "👍"), "🎉"), "👍")
    assert recent == ["👍", "🎉"]
    assert remember([str(i) for i in range(5)], "x", limit=3) == ["x", "0", "1"]


def test_every_bundled_emoji_fits_the_protocols_reaction_field(index):
    assert max(len(e.char) for e in index.emoji) <= 32  # desktop/protocol/types.py Emoji
