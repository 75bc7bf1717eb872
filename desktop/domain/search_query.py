"""The search box's little language: words plus `from:` `in:` `has:` `before:` `after:`.

    部署 from:li in:general has:file after:2026-11-01

Filters in Chinese work too (`来自:` `在:` `有:文件` `之前:` `之后:`), with either
colon (`:` or `：`). An unknown `word:thing` stays a search word, so URLs and times
("10:30") are searched as typed. Pure: dates come out as `datetime.date`; turning
them into timestamps (the user's time zone) is the caller's business.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

_ALIASES = {
    "from": "from", "来自": "from", "发送者": "from",
    "in": "in", "在": "in", "频道": "in",
    "has": "has", "有": "has", "包含": "has",
    "before": "before", "之前": "before", "早于": "before",
    "after": "after", "之后": "after", "晚于": "after",
}
HAS = {"file": "file", "文件": "file", "link": "link", "链接": "link", "pin": "pin", "置顶": "pin",
       "thread": "thread", "话题": "thread"}
_FILTER = re.compile(r"^(?P<key>[^\s:：]+)[:：](?P<value>\S+)$")


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""                          # the words, as typed, for the full-text index
    authors: tuple[str, ...] = ()           # from: (login or display name, without @)
    channels: tuple[str, ...] = ()          # in: (name or id, without #)
    has: frozenset[str] = field(default_factory=frozenset)  # file, link, pin, thread
    before: dt.date | None = None           # messages sent before this day (local)
    after: dt.date | None = None            # ... on or after this day
    problems: tuple[str, ...] = ()          # filters that could not be read, for the user

    @property
    def filtered(self) -> bool:
        return bool(self.authors or self.channels or self.has or self.before or self.after)

    @property
    def empty(self) -> bool:
        return not self.text.strip() and not self.filtered


def _date(value: str, today: dt.date) -> dt.date | None:
    lowered = value.lower()
    if lowered in ("today", "今天"):
        return today
    if lowered in ("yesterday", "昨天"):
        return today - dt.timedelta(days=1)
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    for fmt in ("%m-%d", "%m/%d", "%m月%d日"):
        try:
            day = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        return day.replace(year=today.year)
    return None


def parse(raw: str, today: dt.date) -> SearchQuery:
    words: list[str] = []
    authors: list[str] = []
    channels: list[str] = []
    has: set[str] = set()
    before = after = None
    problems: list[str] = []
    for token in raw.split():
        match = _FILTER.match(token)
        key = _ALIASES.get(match.group("key").lower()) if match else None
        if key is None:
            words.append(token)
            continue
        value = match.group("value")
        if key == "from":
            authors.append(value.lstrip("@"))
        elif key == "in":
            channels.append(value.lstrip("#"))
        elif key == "has":
            kind = HAS.get(value.lower())
            if kind is None:
                problems.append(token)
            else:
                has.add(kind)
        else:
            day = _date(value, today)
            if day is None:
                problems.append(token)
            elif key == "before":
                before = day
            else:
                after = day
    return SearchQuery(
        text=" ".join(words), authors=tuple(authors), channels=tuple(channels), has=frozenset(has),
        before=before, after=after, problems=tuple(problems),
    )
