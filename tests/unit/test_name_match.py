"""Typing Latin letters finds Chinese names by pinyin and initials, as in Lark and WeCom."""

from __future__ import annotations

import pytest

from desktop.domain import name_match as nm

ROMANIZE = nm.pinyin_romanizer()


def _best(query: str, labels: list[str]) -> list[str]:
    scored = [(nm.score(query, nm.keys(label, ROMANIZE)), label) for label in labels]
    return [label for s, label in sorted((s, l) for s, l in scored if s is not None)[::-1]]


@pytest.mark.parametrize("query", ["li", "liwei", "lw", "liw", "lwei", "wei", "李", "李伟", "LiWei", "li wei"])
def test_li_wei_is_found_by_pinyin_initials_and_characters(query):
    assert nm.score(query, nm.keys("李伟", ROMANIZE)) is not None


@pytest.mark.parametrize("query", ["lx", "wl", "liweix", "zhang", "李明"])
def test_non_matches(query):
    assert nm.score(query, nm.keys("李伟", ROMANIZE)) is None


def test_ranking_prefers_exact_then_prefix_then_pinyin_then_substring():
    labels = ["李伟", "Lily", "王丽", "general", "alias"]
    assert _best("li", labels)[:2] == ["Lily", "李伟"]  # a Latin prefix beats a pinyin prefix
    assert "王丽" in _best("li", labels)  # second syllable
    assert _best("li", labels)[-1] == "alias"  # substring only
    assert _best("gen", labels) == ["general"]


def test_polyphonic_and_mixed_names():
    assert nm.score("chongqing", nm.keys("重庆团队", ROMANIZE)) is not None
    assert nm.score("cqtd", nm.keys("重庆团队", ROMANIZE)) is not None
    bob = nm.keys("Bob 王", ROMANIZE, "bob")
    assert nm.score("wang", bob) is not None and nm.score("bob", bob) is not None


def test_login_name_as_extra_word_and_no_romanizer():
    k = nm.keys("李伟", None, "liwei88")
    assert nm.score("liwei", k) == nm.WORD_PREFIX
    assert nm.score("lw", k) is None  # without pinyin, initials cannot match
    assert nm.score("", k) is not None and nm.score("#", k) is not None
