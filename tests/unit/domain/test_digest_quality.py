"""Digest quality on 30 hand-labelled threads (15 English, 15 Chinese): recall of the
messages marked key (tests/data/knowledge/digest_threads.txt) at the default digest
size. Also prints two baselines for docs/KNOWLEDGE.md: without reactions, and the
first messages of the thread, and the longest messages."""

from __future__ import annotations

from pathlib import Path

from desktop.domain import digest as dg

DATA = Path(__file__).parents[2] / "data" / "knowledge" / "digest_threads.txt"


def threads() -> list[tuple[str, list[dg.Item], set[int]]]:
    out, seq = [], 0
    for block in DATA.read_text("utf-8").split("\n## ")[1:]:
        title, *lines = [line for line in block.splitlines() if line.strip()]
        items, keys, root = [], set(), None
        for line in lines:
            author, reactions, mark, text = line.split("|", 3)
            seq += 1
            root = root or seq
            items.append(dg.Item(id=seq, author=author, ts=seq, text=text, reactions=int(reactions),
                                 thread=None if seq == root else root, replies=len(lines) - 1 if seq == root else 0))
            if mark == "*":
                keys.add(seq)
        out.append((title, items, keys))
    return out


def recall(select) -> tuple[float, dict[str, float]]:
    found = total = 0
    per_lang: dict[str, list[int]] = {"en": [0, 0], "zh": [0, 0]}
    for title, items, keys in threads():
        chosen = set(select(items))
        hit = len(chosen & keys)
        found += hit
        total += len(keys)
        per_lang[title[:2]][0] += hit
        per_lang[title[:2]][1] += len(keys)
    return found / total, {lang: f / t for lang, (f, t) in per_lang.items()}


def test_the_labelled_set_is_what_the_docs_say():
    data = threads()
    assert len(data) == 30 and sum(t.startswith("zh") for t, _i, _k in data) == 15
    assert all(2 <= len(keys) <= 3 and 8 <= len(items) <= 14 for _t, items, keys in data)


def test_digest_recall_of_key_messages(capsys):
    overall, by_lang = recall(lambda items: [line.msg for line in dg.build(items).key])
    no_reactions, _ = recall(lambda items: [line.msg for line in dg.build(
        [dg.Item(id=i.id, author=i.author, ts=i.ts, text=i.text, thread=i.thread) for i in items]).key])
    first, _ = recall(lambda items: [i.id for i in items[: dg.default_count(len(items))]])
    longest, _ = recall(lambda items: [i.id for i in sorted(items, key=lambda i: -len(i.text))[: dg.default_count(len(items))]])
    with capsys.disabled():
        print(f"\ndigest recall of key messages: {overall:.3f} (en {by_lang['en']:.3f}, zh {by_lang['zh']:.3f});"
              f" text only (no reactions) {no_reactions:.3f}; baselines: first k {first:.3f}, longest k {longest:.3f}")
    assert overall >= 0.7
    assert overall > max(first, longest)  # ranking beats reading the first or the longest messages
