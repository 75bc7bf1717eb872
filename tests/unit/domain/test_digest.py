"""Digest rules (pure): centrality, engagement, decisions, open questions, sections."""

from __future__ import annotations

from desktop.domain import digest as dg
from desktop.domain import keywords as kw


def _items(*texts, extra=None):
    extra = extra or {}
    return [dg.Item(id=n, author=f"u{n % 3}", ts=n, text=t, **extra.get(n, {})) for n, t in enumerate(texts, 1)]


def test_tokens_split_english_stop_words_and_chinese_bigrams():
    assert kw.tokens("The NPU is fast, we think") == ["npu", "fast", "think"]
    assert kw.tokens("général: active-active node.js c++ +1") == ["général", "active-active", "node.js", "c++"]
    assert kw.tokens("算力评估") == ["算力", "力评", "评估"]


def test_central_message_outranks_off_topic_chatter():
    items = _items(
        "The database failover test failed on the replica",
        "lunch anyone?",
        "Failover of the replica database works after raising the replica timeout",
        "ok",
        "The replica database failover needs the timeout raised on every replica",
    )
    top = [i.id for _s, i in dg.rank(items)[:2]]
    assert 2 not in top and 4 not in top


def test_reactions_and_pins_lift_a_message():
    texts = ["deploy window is friday evening after the review", "deploy window could be friday morning early",
             "deploy window friday evening after review"]
    plain = dg.rank(_items(*texts))
    last = plain[-1][1].id
    assert plain[0][1].id != last
    boosted = dg.rank(_items(*texts, extra={last: {"reactions": 4, "pinned": True}}))
    assert boosted[0][1].id == last


def test_decisions_and_unanswered_questions_in_both_languages():
    items = [
        dg.Item(id=1, author="a", ts=1, text="Which region should host the cluster?"),
        dg.Item(id=2, author="b", ts=2, text="The cluster region: Frankfurt has lower latency"),
        dg.Item(id=3, author="a", ts=3, text="We decided to go with Frankfurt."),
        dg.Item(id=4, author="c", ts=4, text="谁知道报销流程怎么走？"),
        dg.Item(id=5, author="c", ts=5, text="最后决定采用双活方案"),
        dg.Item(id=6, author="b", ts=6, text="Did anyone book the room?", replies=2),
    ]
    d = dg.build(items)
    assert [l.msg for l in d.decisions] == [3, 5]
    assert [l.msg for l in d.questions] == [4]  # 1 was answered by 2, 6 has replies


def test_tasks_files_mentions_sections_link_their_messages():
    items = [
        dg.Item(id=7, author="a", ts=1, text="please fix the login bug", task="Fix login"),
        dg.Item(id=8, author="b", ts=2, text="", file="design.pdf"),
        dg.Item(id=9, author="c", ts=3, text="@alice can you review?", mentions_me=True),
    ]
    d = dg.build(items)
    assert [(l.msg, l.why) for l in d.tasks] == [(7, "task: Fix login")]
    assert [(l.msg, l.text) for l in d.files] == [(8, "design.pdf")]
    assert [l.msg for l in d.mentions] == [9]
    assert dg.build([]).total == 0


def test_jieba_words_and_keywords_are_offline_and_lazy():
    words = kw.words("NPU 算力评估需要考虑功耗")
    assert "npu" in words and "算力" in words and "评估" in words
    assert kw.loaded()
    assert kw.keywords(["双活数据库的切换", "双活数据库 复制延迟"], k=2) == ["数据库", "双活"]
    assert kw.query_terms("active-active database 的方案") == ["active-active", "database", "方案"]


def test_tag_suggestions_prefer_tags_in_use_then_keywords():
    offer = kw.suggest_tags("双活数据库切换：先切读流量 failover drill", {"failover": 4, "数据库": 2, "gpu": 9})
    assert offer[:2] == ["failover", "数据库"] and "gpu" not in offer and "切换" in offer
