"""Catch-up digests: an extractive summary of a channel or thread (pure; no model).

Key messages are ranked by TF-IDF centrality (how much a message shares the
vocabulary of the whole discussion: the sum of its cosine similarities to all the
others, computed against the centroid in one pass) times an engagement weight
(reactions, replies, pins, saves to the library). Beside them: decisions (phrases
such as "we decided", "决定"), questions nobody answered, tasks created from
messages, files shared and mentions of me. Every line names its message id.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.domain.keywords import tokens

_DECISION = re.compile(
    r"\b(we(?:'ve| have)? decided|decided to|decision\s*[:：]|let'?s go with|we(?:'ll| will) go with|"
    r"going with|agreed|final(?:ly)?\s*[:：]|conclusion\s*[:：]|resolved\s*[:：])"
    r"|决定|结论|定了|就这么定|最终方案|确定采用|达成一致|拍板|敲定",
    re.IGNORECASE,
)
_QUESTION_END = re.compile(r"[?？]\s*$|[吗么呢][?？]?\s*$")
_QUESTION_START = re.compile(r"^\s*(请问|有没有人|谁知道|有人知道|anyone know|does anyone|how do|how can|what is|why does)", re.I)
_ANSWER_WINDOW = 5  # later top-level messages that may answer a question in the channel
EXCERPT_CHARS = 140
_SUBSTANTIAL = 5  # distinct tokens from which a message counts fully ("+1", "加一" count a fifth)


@dataclass(frozen=True, slots=True)
class Item:
    """One message as the digest sees it (the cache fills these in)."""

    id: int
    author: str
    ts: int
    text: str
    thread: int | None = None
    reactions: int = 0
    replies: int = 0
    pinned: bool = False
    saves: int = 0
    mentions_me: bool = False
    task: str | None = None  # title of a task created from this message
    file: str | None = None  # name of a file shared with this message


@dataclass(frozen=True, slots=True)
class Line:
    msg: int
    author: str
    text: str  # a one-line excerpt
    why: str = ""  # e.g. "3 reactions, pinned"


@dataclass(frozen=True, slots=True)
class Digest:
    total: int
    key: tuple[Line, ...]
    decisions: tuple[Line, ...]
    questions: tuple[Line, ...]
    tasks: tuple[Line, ...]
    files: tuple[Line, ...]
    mentions: tuple[Line, ...]

    def sections(self) -> list[tuple[str, tuple[Line, ...]]]:
        return [
            ("key", self.key), ("decisions", self.decisions), ("questions", self.questions),
            ("tasks", self.tasks), ("files", self.files), ("mentions", self.mentions),
        ]


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def is_question(text: str) -> bool:
    return bool(_QUESTION_END.search(text) or _QUESTION_START.search(text))


def is_decision(text: str) -> bool:
    return bool(_DECISION.search(text))


def default_count(n: int) -> int:
    """How many key messages a digest of `n` messages shows."""
    return min(n, max(3, min(12, math.ceil(n * 0.2))))


def centrality(items: Sequence[Item]) -> list[float]:
    """Each item's mean cosine similarity (TF-IDF) to the other items, 0..1."""
    bags = [Counter(tokens(i.text)) for i in items]
    n = len(bags)
    if n < 2:
        return [1.0 if b else 0.0 for b in bags]
    df = Counter(t for b in bags for t in b)
    idf = {t: math.log(n / d) + 1.0 for t, d in df.items()}
    vectors: list[dict[str, float]] = []
    centroid: Counter = Counter()
    for bag in bags:
        v = {t: (1 + math.log(c)) * idf[t] for t, c in bag.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        v = {t: x / norm for t, x in v.items()}
        vectors.append(v)
        centroid.update(v)
    out = []
    for v in vectors:
        if not v:
            out.append(0.0)
            continue
        dot = sum(x * centroid[t] for t, x in v.items())
        # Minus its similarity to itself. Very short messages ("+1" twice) are similar
        # to each other without saying anything: they count by their share of words.
        out.append(max(0.0, (dot - 1.0) / (n - 1)) * min(1.0, len(v) / _SUBSTANTIAL))
    return out


def engagement(item: Item) -> float:
    """How much the team marked this message as mattering."""
    return (
        1.0 + 0.6 * math.log1p(item.reactions) + 0.5 * math.log1p(item.replies) + (0.8 if item.pinned else 0.0)
        + 0.8 * math.log1p(item.saves) + (0.4 if is_decision(item.text) else 0.0)
        + (0.3 if item.task or item.file else 0.0)
    )


def _why(item: Item) -> str:
    parts = []
    if item.reactions:
        parts.append(f"{item.reactions} reaction{'s' if item.reactions != 1 else ''}")
    if item.replies:
        parts.append(f"{item.replies} repl{'ies' if item.replies != 1 else 'y'}")
    if item.pinned:
        parts.append("pinned")
    if item.saves:
        parts.append("in the library")
    return ", ".join(parts)


def rank(items: Sequence[Item]) -> list[tuple[float, Item]]:
    """(score, item), best first; ties keep the older message first."""
    scores = centrality(items)
    floor = min((s for s in scores if s > 0), default=0.01) / 2  # engagement counts even without overlap
    ranked = [((s or floor) * engagement(i), i) for s, i in zip(scores, items) if i.text.strip()]
    ranked.sort(key=lambda p: (-p[0], p[1].id))
    return ranked


def _unanswered(items: Sequence[Item]) -> list[Item]:
    out = []
    for pos, item in enumerate(items):
        if not is_question(item.text) or item.replies:
            continue
        later = items[pos + 1:]
        if item.thread is None:
            later = [i for i in later if i.thread is None][:_ANSWER_WINDOW]
        else:
            later = [i for i in later if i.thread == item.thread]
        asked = set(tokens(item.text))
        answered = any(
            i.author != item.author and (item.thread is not None or asked & set(tokens(i.text)))
            for i in later
        )
        if not answered:
            out.append(item)
    return out


def build(items: Sequence[Item], *, key_count: int | None = None) -> Digest:
    """The digest of `items` (oldest first). Sections list messages oldest first."""
    items = [i for i in items if i.text.strip() or i.file]
    k = default_count(len(items)) if key_count is None else key_count
    key = sorted((i for _s, i in rank(items)[:k]), key=lambda i: i.id)

    def lines(chosen, why=_why) -> tuple[Line, ...]:
        return tuple(Line(i.id, i.author, excerpt(i.text or (i.file or "")), why(i)) for i in chosen)

    return Digest(
        total=len(items),
        key=lines(key),
        decisions=lines(i for i in items if is_decision(i.text)),
        questions=lines(_unanswered(items), why=lambda i: ""),
        tasks=lines((i for i in items if i.task), why=lambda i: f"task: {excerpt(i.task or '', 80)}"),
        files=lines((i for i in items if i.file), why=lambda i: f"file: {excerpt(i.file or '', 80)}"),
        mentions=lines((i for i in items if i.mentions_me), why=lambda i: ""),
    )


def highlights(groups: dict[str, Sequence[Item]], limit: int = 2) -> list[tuple[str, Line]]:
    """The few messages worth naming in the "while you were away" notice, as
    (channel, line): mentions of me first, then the best-ranked of each channel."""
    scored = []
    for channel, items in groups.items():
        for score, item in rank(items):
            scored.append((not item.mentions_me, -score, item.id, channel, item))
    scored.sort(key=lambda t: t[:3])
    return [(c, Line(i.id, i.author, excerpt(i.text, 60))) for *_k, c, i in scored[:limit]]
