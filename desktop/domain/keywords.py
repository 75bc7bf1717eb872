"""Terms of Chinese and English text: fast tokens for similarity, jieba words for keywords.

Two tokenisers, for two costs. `tokens()` needs no dictionary (English words minus
stop words, CJK character bigrams): the digest uses it, so a catch-up never waits
for a dictionary. `words()` segments Chinese with jieba, whose dictionary ships in
the wheel (package data, read once; nothing is fetched): keywords, tag suggestions
and expert queries use it. jieba is imported and initialised lazily, on the first
call that needs it (about 0.3 s import + 0.5-1.5 s dictionary on this machine; see
docs/KNOWLEDGE.md).
"""

from __future__ import annotations

import math
import re
import threading
import warnings
from collections import Counter
from collections.abc import Iterable

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_LETTER = f"[^\\W_{_CJK}]"  # a letter or digit of any script but CJK
# A CJK run, or a word: letters/digits (any script), '+' and '#' (c++, c#), joined by
# single '.' or '-' (node.js, active-active).
_PIECES = re.compile(f"([{_CJK}]+)|((?:{_LETTER}|[+#])+(?:[.\\-](?:{_LETTER}|[+#])+)*)")

STOP_EN = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing done down during each else etc ever few for
from further get got had has have having he her here hers him his how i if in into is it its itself
just let lets like me might more most much must my no nor not now of off ok okay on once one only or
other our ours out over own please re really same see she should so some still such than thank thanks
that the their them then there these they this those through to too under until up us very via want
was we well were what when where which while who whom why will with would yes yet you your yours
hi hey sure yeah thx +1 lol haha
""".split())

STOP_ZH = frozenset("""
的 了 和 是 就 都 而 及 与 着 或 一个 没有 我们 你们 他们 她们 它们 我 你 他 她 它 这 那 这个 那个
这些 那些 吗 呢 吧 啊 呀 哦 嗯 在 也 有 要 会 能 可以 还 又 很 让 把 被 给 对 从 到 为 以 于 上 下
中 里 后 前 什么 怎么 怎样 如何 为什么 哪 哪个 谁 多少 一下 一些 已经 还是 然后 但是 因为 所以 如果
就是 不是 不 没 好 请 谢谢 感谢 大家 今天 明天 现在 问题 一起 觉得 知道 应该 需要 可能 比较 这样
那样 其实 关于 之后 之前 时候 看看 一点 有点 啦 么 之 个 吗？ 呢？
""".split())

_lock = threading.Lock()
_jieba = None


def tokens(text: str) -> list[str]:
    """Similarity tokens: lower-cased English words without stop words, and every
    adjacent pair of CJK characters (a lone character stands for itself)."""
    out: list[str] = []
    for run, word in _PIECES.findall(text.lower()):
        if run:
            if len(run) == 1:
                if run not in STOP_ZH:
                    out.append(run)
            else:
                out.extend(map(str.__add__, run, run[1:]))
        elif word not in STOP_EN and not word.isdigit():
            out.append(word)
    return out


def _segmenter():
    """jieba's default tokenizer, initialised once (thread-safe)."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                with warnings.catch_warnings():
                    # jieba reaches for pkg_resources when present, which warns on import.
                    warnings.simplefilter("ignore")
                    import jieba
                jieba.setLogLevel(60)  # it logs "Building prefix dict" to stderr otherwise
                jieba.initialize()
                _jieba = jieba
    return _jieba


def loaded() -> bool:
    return _jieba is not None


def words(text: str) -> list[str]:
    """Keyword candidates: jieba words of the Chinese runs (two characters or more,
    no stop words) and English words as in `tokens()`."""
    out: list[str] = []
    for run, word in _PIECES.findall(text.lower()):
        if run:
            if len(run) == 1:
                continue
            out.extend(w for w in _segmenter().lcut(run) if len(w) > 1 and w not in STOP_ZH)
        elif len(word) > 1 and word not in STOP_EN and not word.isdigit():
            out.append(word)
    return out


def keywords(texts: Iterable[str], k: int = 8, *, background: Iterable[str] = ()) -> list[str]:
    """The `k` terms that best characterise `texts` (TF-IDF against `background`
    documents when given, else plain frequency weighted by word length)."""
    tf = Counter(w for t in texts for w in words(t))
    if not tf:
        return []
    docs = [set(words(b)) for b in background]
    n = len(docs)

    def score(term: str) -> float:
        idf = math.log((1 + n) / (1 + sum(term in d for d in docs))) + 1 if n else 1.0
        return tf[term] * idf * (1 + 0.1 * min(len(term), 6))

    return sorted(tf, key=lambda t: (-score(t), t))[:k]


def query_terms(query: str) -> list[str]:
    """Search terms of a question such as "NPU 算力评估": jieba words and English
    words, distinct, in order (falls back to the raw pieces when all are stop words)."""
    terms = list(dict.fromkeys(words(query)))
    if terms:
        return terms
    return list(dict.fromkeys(p for p in query.lower().split() if p))


def suggest_tags(text: str, existing: dict[str, int], k: int = 5) -> list[str]:
    """Tags to offer for `text`: tags already in use that occur in it (most used
    first), then its own keywords."""
    low = text.lower()
    found = set(words(text))
    known = sorted((t for t in existing if t in found or (len(t) > 1 and t in low)), key=lambda t: (-existing[t], t))
    return list(dict.fromkeys([*known, *keywords([text], k)]))[:k]
