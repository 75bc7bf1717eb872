"""Digest latency: 2,000 realistic messages (English and Chinese, with reactions,
replies and pins) in a real SQLCipher cache; median and max of N runs of
load (cache read) + build (ranking and sections). Also jieba's one-time cost.
With --large N: library search and expert queries over an N-message cache (the
generator of bench/cache_bench.py) plus 2,000 library entries, p50/p95 beside a
plain message search (`Store.search`) in the same run.

    PYTHONPATH=. .venv/bin/python -m bench.knowledge_bench [--runs 15] [--large 1000000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desktop.domain import digest as dg
from desktop.protocol import events as ev
from desktop.secrets import CacheKey
from desktop.store import Store
from desktop.store import knowledge as sk

_EN = ("the replica failover test failed again", "raise the timeout to 30 s on every replica",
       "we decided to go with Frankfurt for the cluster", "who owns the budget review?", "lunch?",
       "deploy window is friday evening", "latency is up since the last release", "thanks, that fixed it")
_ZH = ("双活数据库切换演练失败了", "把复制延迟阈值调到三十秒", "最后决定采用同城双活方案", "谁负责预算评审？",
       "今天上线窗口在周五晚上", "NPU 算力评估报告已经更新", "谢谢，问题解决了", "好的")


def fill(store: Store, n: int, rng: random.Random) -> None:
    seq, ts, events = 0, 1_700_000_000_000, []

    def nxt():
        nonlocal seq, ts
        seq += 1
        ts += 1000
        return {"seq": seq, "ts": ts}

    events += [ev.UserCreated(**nxt(), user=u, display_name=u.title()) for u in ("alice", "bob", "carol", "dave")]
    events.append(ev.ChannelCreated(**nxt(), channel="C1", name="general", members=["alice", "bob", "carol", "dave"]))
    roots: list[int] = []
    i = 0
    while len(roots) < n:  # n top-level messages, plus thread replies among them
        i += 1
        text = f"{rng.choice(_EN)} ({i})" if i % 2 else f"{rng.choice(_ZH)}（{i}）"
        thread = rng.choice(roots) if roots and rng.random() < 0.2 else None
        base = nxt()
        events.append(ev.MessagePosted(**base, channel="C1", actor=rng.choice(("bob", "carol", "dave")),
                                       msg=base["seq"], text=text, thread=thread))
        if thread is None:
            roots.append(base["seq"])
            if rng.random() < 0.15:
                events.append(ev.ReactionAdded(**nxt(), channel="C1", actor="bob", msg=base["seq"], emoji="👍"))
            if rng.random() < 0.02:
                events.append(ev.MessagePinned(**nxt(), channel="C1", actor="bob", msg=base["seq"]))
    store.apply_events(events, epoch="E1")


def jieba_cost() -> tuple[float, float]:
    """(import s, initialise s) in a fresh interpreter (its dictionary cache may be warm)."""
    code = ("import time;t=time.perf_counter();from desktop.domain import keywords as k;import jieba;"
            "a=time.perf_counter();k._segmenter();b=time.perf_counter();print(a-t,b-a)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


QUERIES = ["deploy", "database migration", "服务器", "上线", "会议室 预算", "certificate", "数据库迁移", "xylophone"]


def large(size: int, runs: int) -> None:
    from bench.cache_bench import ME, TextMaker, build_search_cache, pct
    from desktop.domain import experts as dx
    from desktop.domain.keywords import _segmenter
    from desktop.store import library as sl

    _segmenter()  # its one-time cost is reported separately
    with tempfile.TemporaryDirectory() as tmp:
        path, key = Path(tmp) / "cache.db", CacheKey.random()
        took, _calls = build_search_cache(path, key, size, seed=11)
        print(f"built {size:,} messages in {took:.0f} s")
        with Store.open(path, key) as store:
            rng, maker = random.Random(3), TextMaker(5)
            top = store.cursor()
            channels = [c.id for c in store.channels()]
            saves = [ev.LibrarySaved(seq=top + 1 + i, ts=1_800_000_000_000 + i, channel=rng.choice(channels),
                                     actor=ME, author=f"user{rng.randrange(40):02d}", entry=f"bench-entry-{i:06d}",
                                     title=maker.text()[:200], summary=maker.text(), msg=rng.randrange(1, size),
                                     tags=maker.text().split()[:3]) for i in range(2000)]
            store.apply_events(saves)
            times: dict[str, list[float]] = {"plain message search": [], "library search": [], "expert query": []}
            for q in QUERIES:
                for _ in range(runs):
                    for name, fn in (("plain message search", lambda: store.search(q)),
                                     ("library search", lambda: sl.find(store, q)),
                                     ("expert query", lambda: dx.rank(sk.expert_evidence(store, q),
                                                                      opted_out=sk.opted_out(store)))):
                        t = time.perf_counter()
                        fn()
                        times[name].append((time.perf_counter() - t) * 1000)
    print(f"{len(QUERIES)} queries x {runs} runs over {size:,} messages + 2,000 entries:")
    for name, values in times.items():
        print(f"  {name:22s} p50 {pct(values, 50):7.1f} ms   p95 {pct(values, 95):7.1f} ms   max {max(values):7.1f} ms")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--messages", type=int, default=2000)
    p.add_argument("--runs", type=int, default=15)
    p.add_argument("--large", type=int, metavar="N", help="also: library and expert queries over N messages")
    args = p.parse_args()
    if args.large:
        large(args.large, min(args.runs, 5))
        return
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "cache.db", CacheKey.random())
        store.set_account("ws://relay.test", "alice", "Alice")
        fill(store, args.messages, random.Random(7))
        top = len(store.messages("C1", limit=None))
        loads, builds = [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            items = sk.digest_items(store, "C1", limit=args.messages)
            t1 = time.perf_counter()
            dg.build(items)
            t2 = time.perf_counter()
            loads.append((t1 - t0) * 1000)
            builds.append((t2 - t1) * 1000)
        store.close()
    total = [a + b for a, b in zip(loads, builds)]
    print(f"digest of {len(items)} messages ({top} top-level cached; {args.runs} runs):")
    print(f"  load  median {statistics.median(loads):.1f} ms")
    print(f"  build median {statistics.median(builds):.1f} ms")
    print(f"  total median {statistics.median(total):.1f} ms, max {max(total):.1f} ms")
    imp, init = jieba_cost()
    print(f"jieba (keywords, experts only): import {imp * 1000:.0f} ms, initialise {init * 1000:.0f} ms")


if __name__ == "__main__":
    main()
