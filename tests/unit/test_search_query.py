"""The search box's filters, in English and Chinese; anything else stays a search word."""

from __future__ import annotations

import datetime as dt

from desktop.domain.search_query import parse

TODAY = dt.date(2026, 12, 2)


def test_words_and_filters():
    q = parse("部署 失败 from:@li in:#general has:file after:2026-11-01 before:12-01", TODAY)
    assert q.text == "部署 失败"
    assert q.authors == ("li",) and q.channels == ("general",) and q.has == {"file"}
    assert q.after == dt.date(2026, 11, 1) and q.before == dt.date(2026, 12, 1)
    assert q.filtered and not q.empty and not q.problems


def test_chinese_filter_names_and_full_width_colon():
    q = parse("来自：李伟 在:产品讨论 有:文件 之后:昨天", TODAY)
    assert q.authors == ("李伟",) and q.channels == ("产品讨论",) and q.has == {"file"}
    assert q.after == dt.date(2026, 12, 1) and q.text == ""


def test_unknown_prefixes_urls_and_times_are_words():
    q = parse("https://example.com/a 10:30 foo:bar", TODAY)
    assert q.text == "https://example.com/a 10:30 foo:bar" and not q.filtered


def test_unreadable_filters_are_reported_not_dropped_silently():
    q = parse("deploy has:cat before:someday", TODAY)
    assert q.problems == ("has:cat", "before:someday") and q.text == "deploy"
    assert parse("   ", TODAY).empty
