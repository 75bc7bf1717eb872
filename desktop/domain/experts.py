"""Who knows X: people ranked by evidence found in what the asker can see (pure).

Evidence, strongest first: library entries they wrote on the subject; answers they
gave in threads (a reply to someone else's question), more when the asker thanked
them, people reacted, or the answer was saved to the library; plain messages on the
subject count a little and in total at most MESSAGE_CAP. Asking about a subject is
not knowing it: questions are no evidence. The evidence is always returned with the
ranking, never a bare score.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.domain.digest import is_question

KINDS = ("entry", "answer", "skill", "message")
MESSAGE_CAP = 1.0
THANKS = re.compile(r"\b(thanks|thank you|thx|ty|cheers|that worked|that fixed it|solved)\b|谢谢|感谢|多谢|解决了|搞定了|有用", re.I)


@dataclass(frozen=True, slots=True)
class Evidence:
    user: str
    kind: str  # entry, answer, skill (listed on their profile), message
    channel: str
    msg: int | None  # the message (or the entry's source message)
    text: str  # an excerpt (or the entry's title)
    relevance: float = 1.0  # share of the query's terms it contains, 0..1
    reactions: int = 0
    thanked: bool = False
    saved: int = 0  # library entries made from it

    @property
    def weight(self) -> float:
        if self.kind == "entry":
            return 3.0 * self.relevance
        if self.kind == "skill":  # their own claim: less than a library entry or a thanked answer
            return 1.2 * self.relevance
        lift = 0.5 * math.log1p(self.reactions) + 1.5 * min(self.saved, 2)
        if self.kind == "answer":
            return self.relevance * (1.0 + (1.5 if self.thanked else 0.0) + lift)
        return 0.0 if is_question(self.text) else self.relevance * (0.2 + lift)


@dataclass(frozen=True, slots=True)
class Expert:
    user: str
    name: str
    score: float
    evidence: tuple[Evidence, ...]  # strongest first

    def count(self, kind: str) -> int:
        return sum(e.kind == kind for e in self.evidence)


def rank(evidence: Iterable[Evidence], *, opted_out: Iterable[str] = (), names: dict[str, str] | None = None) -> list[Expert]:
    """People with any positive evidence, best first; those who opted out are left out."""
    hidden = set(opted_out)
    by_user: dict[str, list[Evidence]] = defaultdict(list)
    for e in evidence:
        if e.user not in hidden and e.weight > 0:
            by_user[e.user].append(e)
    out = []
    for user, items in by_user.items():
        items.sort(key=lambda e: (-e.weight, e.msg or 0))
        plain = sum(e.weight for e in items if e.kind == "message")
        score = sum(e.weight for e in items if e.kind != "message") + min(plain, MESSAGE_CAP)
        out.append(Expert(user, (names or {}).get(user, user), round(score, 4), tuple(items)))
    out.sort(key=lambda x: (-x.score, x.user))
    return out


def describe(expert: Expert) -> str:
    parts = []
    for kind, one, many in (("entry", "library entry", "library entries"), ("answer", "answer", "answers"),
                            ("skill", "profile skill", "profile skills"), ("message", "message", "messages")):
        n = expert.count(kind)
        if n:
            extra = ""
            if kind == "answer":
                thanked = sum(e.thanked for e in expert.evidence if e.kind == "answer")
                extra = f" ({thanked} thanked)" if thanked else ""
            parts.append(f"{n} {one if n == 1 else many}{extra}")
    return ", ".join(parts)
