"""Cache benchmark: catch-up ingest vs a raw executemany baseline, and search over 1M messages.

Run: .venv/bin/python bench/cache_bench.py [--events N] [--search-size N] [--runs R] [--quick]
     [--search-only] [--keep DIR]  (--keep: build the search cache once, reuse it next time)
Prints the results and writes them as a markdown section to docs/perf/cache.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlcipher3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.protocol import events as ev  # noqa: E402
from desktop.secrets import CacheKey  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.store.search import short_document  # noqa: E402
from bench.common import write_section  # noqa: E402

BATCH = 500  # what the sync engine applies per transaction (the relay's frame limit)
CHANNELS = [f"C{i:02d}" for i in range(12)]
USERS = [f"user{i:02d}" for i in range(40)]
ME = USERS[0]

# ---- realistic-ish mixed Chinese/English chat text ---------------------------------

_EN = """the to and a of is in it you that for on this we be are have with not I can
will do at just so if but what about there get all they your was it's me my can't
meeting today tomorrow morning afternoon please thanks thank ok okay sure yes no maybe
review PR pull request merge branch main release deploy deployed rollback server
database migration query index cache latency error errors bug fix fixed issue ticket
build pipeline CI test tests failing flaky green red staging production prod config
customer feedback design doc docs spec draft update updated status blocked waiting
lunch coffee break call sync standup retro sprint planning roadmap deadline Friday
Monday next week last week quarter Q3 numbers report dashboard metrics alert pager
on-call incident postmortem outage timeout memory CPU disk network DNS certificate
login auth token password user users account team channel thread message notes
slides demo video link file attached screenshot see check look agree sounds good
great nice awesome weird strange broken works working done finished started late
early soon now later again still already never always everyone anyone someone
question answer idea plan option options cost budget invoice contract legal hiring
interview candidate offer onboarding laptop VPN wifi office remote travel flight
hotel visa holiday vacation sick leave weekend tonight minutes hour hours""".split()

_ZH = """我们 你们 他们 今天 明天 昨天 下午 上午 晚上 会议 开会 讨论 项目 进度 问题
已经 解决 需要 准备 材料 文档 服务器 数据库 上线 发布 回滚 测试 环境 配置 客户
反馈 设计 方案 评审 代码 合并 分支 版本 需求 排期 周报 日报 计划 目标 预算 合同
招聘 面试 候选人 入职 出差 请假 周末 假期 同事 老板 经理 团队 部门 公司 办公室
会议室 三楼 五楼 电话 视频 链接 文件 截图 看看 确认 一下 好的 收到 谢谢 辛苦
没问题 可以 不行 马上 稍等 尽快 延期 提前 重启 报警 故障 复盘 监控 指标 性能
内存 网络 证书 登录 账号 密码 权限 用户 数据 备份 迁移 索引 缓存 延迟 错误 修复
这个 那个 什么 怎么 为什么 还是 或者 但是 因为 所以 如果 然后 现在 之前 之后
大家 一起 中午 吃饭 咖啡 下班 加班 通知 安排 负责 跟进 处理 反馈 更新 同步
好 对 行 嗯 哦 啊 吧 呢 了 的 是 在 有 和 也 都 就 要 会 能 说 去 来 看 做 写""".split()

_PUNCT_ZH = ["，", "。", "！", "？", "", "～"]
_EMOJI = ["👍", "🎉", "🙏", "😂", "✅", "🔥", "👀", ""]


def _zipf(words: list[str]) -> tuple[list[str], list[float]]:
    return words, [1.0 / (rank + 1) ** 0.9 for rank in range(len(words))]


class TextMaker:
    """Chat-like messages: English, Chinese, and Chinese with English terms mixed in."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.en = _zipf(_EN)
        self.zh = _zipf(_ZH)

    def _en(self, n: int) -> str:
        return " ".join(self.rng.choices(*self.en, k=n))

    def _zh(self, n: int) -> str:
        words = self.rng.choices(*self.zh, k=n)
        return "".join(words) + self.rng.choice(_PUNCT_ZH)

    def text(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            body = self._en(self.rng.randint(3, 18))
        elif r < 0.85:
            body = self._zh(self.rng.randint(2, 14))
        else:
            body = self._zh(self.rng.randint(2, 6)) + " " + self._en(self.rng.randint(1, 3)) + " " + self._zh(2)
        if self.rng.random() < 0.05:
            body = f"@{self.rng.choice(USERS)} {body}"
        return body + self.rng.choice(_EMOJI)


def prelude() -> list[ev.EventBase]:
    users = [ev.UserCreated(seq=i + 1, ts=0, user=u, display_name=u.title()) for i, u in enumerate(USERS)]
    seq = len(users)
    chans = [
        ev.ChannelCreated(seq=seq + i + 1, ts=0, channel=c, name=f"channel-{c}", members=USERS[:20], actor=ME)
        for i, c in enumerate(CHANNELS)
    ]
    return users + chans


def posts(n: int, *, first_seq: int, seed: int) -> list[ev.MessagePosted]:
    maker = TextMaker(seed)
    rng = random.Random(seed + 1)
    out: list[ev.MessagePosted] = []
    ts = 1_700_000_000_000
    roots: list[int] = []
    for i in range(n):
        seq = first_seq + i
        ts += rng.randint(1, 5000)
        channel = CHANNELS[min(int(rng.expovariate(0.4)), len(CHANNELS) - 1)]
        thread = rng.choice(roots[-50:]) if roots and rng.random() < 0.1 else None
        if thread is None:
            roots.append(seq)
        out.append(
            ev.MessagePosted(
                seq=seq, ts=ts, channel=channel if thread is None else out[thread - first_seq].channel,
                actor=rng.choice(USERS), msg=seq, text=maker.text(), thread=thread,
            )
        )
    return out


def batches(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# ---- ingest -------------------------------------------------------------------------


def ingest_store(events: list[ev.MessagePosted], workdir: Path, batch_size: int = BATCH) -> float:
    """events/s through Store.apply_events in batches of `batch_size`."""
    with Store.open(workdir / "store.db", CacheKey.random()) as store:
        store.set_account("ws://bench", ME, "Me")
        store.apply_events(prelude(), epoch="bench")
        start = time.perf_counter()
        for batch in batches(events, batch_size):
            store.apply_events(batch)
        elapsed = time.perf_counter() - start
        assert store.cursor() == events[-1].seq
    return len(events) / elapsed


def ingest_raw(events: list[ev.MessagePosted], workdir: Path, batch_size: int = BATCH) -> float:
    """rows/s for plain executemany inserts of the same rows into the same tables (FTS
    included; the short-index tokens are computed in the loop, as FTS tokenizing is)."""
    key = CacheKey.random()
    path = workdir / "raw.db"
    Store.open(path, key).close()  # same schema, made by the same migrations
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(key.pragma())
    pragmas = ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "temp_store = MEMORY", "cache_size = -32768")
    for pragma in pragmas:  # the same as desktop/store/database.py sets
        conn.execute(f"PRAGMA {pragma}")
    rows = [(e.msg, e.channel, e.actor, e.ts, e.text, e.thread, e.seq, 0, None) for e in events]
    start = time.perf_counter()
    for batch in batches(rows, batch_size):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO messages(id, channel, author, ts, text, thread, text_seq, mention, cid)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            batch,
        )
        conn.executemany("INSERT INTO messages_fts(rowid, text) VALUES (?, ?)", [(r[0], r[4]) for r in batch])
        conn.executemany(
            "INSERT INTO messages_short(rowid, tokens) VALUES (?, ?)",
            [(r[0], short_document(r[4], r[1])) for r in batch],
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return len(rows) / elapsed


# ---- search -------------------------------------------------------------------------

# The whole cache, a mid-sized channel (~3% of messages) and the smallest (~1%).
SEARCH_SCOPES = (None, CHANNELS[5], CHANNELS[-1])
QUERIES: dict[str, list[str]] = {
    "English word": ["meeting", "deploy", "database", "certificate", "Friday", "rollback", "invoice"],
    "English 2 words": ["pull request", "sounds good", "next week", "server error"],
    "Chinese 3+ chars": ["会议室", "服务器", "没问题", "数据库迁移", "候选人"],
    "Chinese 2 chars": ["会议", "开会", "上线", "复盘", "预算", "咖啡"],
    "Chinese 1 char": ["好", "会", "的", "猫", "写"],
    "short Latin": ["de", "ok", "q"],
    "mixed lengths": ["服务器 server", "会议 meeting", "上线 deploy", "好 the", "服务器 de"],
    "no hit": ["xylophone", "量子纠缠", "zzq", "猫狗"],
}


def build_search_cache(path: Path, key: CacheKey, size: int, seed: int) -> tuple[float, list[float]]:
    """Fill a cache with `size` messages through the Store; returns seconds taken and
    the duration (ms) of every apply_events call."""
    start = time.perf_counter()
    calls: list[float] = []
    with Store.open(path, key) as store:
        store.set_account("ws://bench", ME, "Me")
        first = prelude()
        store.apply_events(first, epoch="bench")
        done, chunk = 0, 100_000  # generate in chunks to bound memory
        while done < size:
            n = min(chunk, size - done)
            for batch in batches(posts(n, first_seq=len(first) + 1 + done, seed=seed + done), BATCH):
                began = time.perf_counter()
                store.apply_events(batch)
                calls.append((time.perf_counter() - began) * 1000)
            done += n
            print(f"  built {done:,} messages", end="\r", flush=True)
    print()
    return time.perf_counter() - start, calls


def measure(fn: Callable[[], object], rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def search_bench(store: Store, rounds: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    timings: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    for category, queries in QUERIES.items():
        timings[category] = []
        for q in queries:
            hits[q] = len(store.search(q))
            for channel in SEARCH_SCOPES:
                timings[category] += measure(lambda: store.search(q, channel=channel), rounds)
    return timings, hits


def read_bench(store: Store, rounds: int) -> dict[str, list[float]]:
    busiest = CHANNELS[0]
    newest = store.messages(busiest, limit=1)[0].id
    deep = store.messages(busiest, before=newest // 3, limit=1)[0].id
    return {
        "newest page (50)": measure(lambda: store.messages(busiest), rounds),
        "page deep in history (50)": measure(lambda: store.messages(busiest, before=deep), rounds),
        "newer than (live update)": measure(lambda: store.messages(busiest, after=newest - 200), rounds),
        "channel list": measure(store.channels, rounds),
        "channel switch (newest page of each channel)": measure(
            lambda: [store.messages(c) for c in CHANNELS], rounds
        ),
        "count(channel)": measure(lambda: store.count(busiest), rounds),
    }


# ---- report -------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    conn = sqlcipher3.connect(":memory:")
    cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
    sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
    conn.close()
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores; RAM: {ram}",
        f"- OS: {platform.platform()}; temp dir: {tempfile.gettempdir()} ({_fs_type(Path(tempfile.gettempdir()))})",
        f"- Python {platform.python_version()}; SQLCipher {cipher} (SQLite {sqlite}); sqlcipher3 wheel",
    ]


def _fs_type(path: Path) -> str:
    best, kind = "", "unknown"
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            mount = parts[1]
            if str(path).startswith(mount) and len(mount) > len(best):
                best, kind = mount, parts[2]
    except OSError:
        pass
    return kind


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000, help="catch-up events per ingest run")
    parser.add_argument("--search-size", type=int, default=1_000_000, help="messages in the search cache")
    parser.add_argument("--runs", type=int, default=3, help="ingest runs (the median is reported)")
    parser.add_argument("--rounds", type=int, default=5, help="repetitions of each query")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--out", type=Path, help="markdown file (default docs/perf/cache.md; none with --quick)")
    parser.add_argument("--search-only", action="store_true", help="skip the ingest runs")
    parser.add_argument(
        "--keep", type=Path, help="keep the search cache in this directory (reused if built with the same size)"
    )
    args = parser.parse_args()
    if args.quick:
        args.events, args.search_size, args.runs, args.rounds = 20_000, 50_000, 1, 3
    elif args.out is None:
        args.out = ROOT / "docs" / "perf" / "cache.md"

    title = "## Local cache (desktop/store)"
    if args.search_size != 1_000_000:
        title += f": {args.search_size:,} cached messages"
    lines = [title, "", "Measured by `bench/cache_bench.py`.", ""] + machine()
    lines += [f"- Load average at start: {os.getloadavg()[0]:.2f} (other work shares these cores)", ""]
    print("\n".join(lines))

    if not args.search_only:
        lines += ingest_section(args)
    lines += search_section(args)
    lines += ["", f"Load average at the end: {os.getloadavg()[0]:.2f}.", ""]
    text = "\n".join(lines)
    print(text[text.index("### Search") :])
    if args.out is not None:
        write_section(args.out, "cache", text)  # notes written by hand after the block stay
        print(f"written to {args.out}")
    return 0


def ingest_section(args: argparse.Namespace) -> list[str]:
    events = posts(args.events, first_seq=len(prelude()) + 1, seed=7)
    lines = [
        f"### Catch-up ingest ({args.events:,} `message.posted` events, median of {args.runs} runs)",
        "",
        "Mixed Chinese/English chat text, 12 channels, 10% thread replies; raw 256-bit key;",
        "WAL, synchronous=FULL (one fsync per transaction), one `apply_events` call (one",
        "transaction) per batch. The baseline inserts the same rows into the same tables",
        "(messages, trigram FTS, short-query FTS) with three `executemany` calls per transaction",
        "and nothing else; it computes the short-index tokens in the loop, as FTS tokenizes.",
        f"Batches of {BATCH} are what one relay frame holds; the sync engine merges frames that",
        "have already arrived into batches of up to 2,000.",
        "",
        "| batch | `Store.apply_events` | raw `executemany` | ratio | runs (Store / raw) |",
        "|---|---|---|---|---|",
    ]
    for size in (BATCH, 2000):
        print(f"ingest: {args.events:,} message.posted events in batches of {size}, {args.runs} run(s) each")
        store_rates, raw_rates = [], []
        for run in range(args.runs):  # interleaved, so background load hits both alike
            with tempfile.TemporaryDirectory(prefix="beacon-bench-") as tmp:
                raw_rates.append(ingest_raw(events, Path(tmp), size))
            with tempfile.TemporaryDirectory(prefix="beacon-bench-") as tmp:
                store_rates.append(ingest_store(events, Path(tmp), size))
            print(f"  run {run + 1}: Store {store_rates[-1]:,.0f} events/s; raw {raw_rates[-1]:,.0f} rows/s")
        store_rate, raw_rate = statistics.median(store_rates), statistics.median(raw_rates)
        runs = f"{', '.join(f'{r:,.0f}' for r in store_rates)} / {', '.join(f'{r:,.0f}' for r in raw_rates)}"
        lines.append(
            f"| {size} | {store_rate:,.0f} events/s | {raw_rate:,.0f} rows/s | {store_rate / raw_rate:.2f}x | {runs} |"
        )
        ratio = store_rate / raw_rate
        print(f"  median: Store {store_rate:,.0f} events/s, raw {raw_rate:,.0f} rows/s, ratio {ratio:.2f}x")
    lines += ["", "Targets: >= 25,000 events/s and >= 0.8x the baseline.", ""]
    return lines


def search_section(args: argparse.Namespace) -> list[str]:
    with contextlib.ExitStack() as stack:
        if args.keep is not None:
            folder = args.keep
            folder.mkdir(parents=True, exist_ok=True)
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="beacon-bench-")))
        path, key, build_s, calls = kept_or_built(folder, args.search_size)
        size_mb = sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith("search.db")) / 1e6
        opens = []
        for _ in range(5):  # cold start of the cache (the OS page cache is warm)
            began = time.perf_counter()
            Store.open(path, key).close()
            opens.append((time.perf_counter() - began) * 1000)
        with Store.open(path, key) as store:
            timings, hits = search_bench(store, args.rounds)
            reads = read_bench(store, max(args.rounds, 20))
        rss = _status_mb("VmRSS"), _status_mb("VmHWM")
    every = [t for ts in timings.values() for t in ts]
    lines = [
        f"### Search over {args.search_size:,} cached messages",
        "",
        f"Built through `Store.apply_events` (batches of {BATCH}) in {build_s:.0f} s "
        f"({args.search_size / build_s:,.0f} events/s); {size_mb:,.0f} MB on disk. No `optimize` afterwards.",
        f"Per `apply_events` call of {BATCH}: p50 {pct(calls, 50):.0f} ms, p99 {pct(calls, 99):.0f} ms,"
        f" max {max(calls):.0f} ms (FTS segment merges).",
        f"`Store.open` of this cache (schema check, indexer resume; OS page cache warm): median"
        f" {statistics.median(opens):.1f} ms of 5. Process RSS after the searches: {rss[0]:,.0f} MB"
        f" (peak {rss[1]:,.0f} MB, the build included when it ran in this process).",
        f"Each query is run {args.rounds} times over the whole cache, and {args.rounds} times each limited to a"
        " mid-sized channel (~3% of messages) and to the smallest (~1%);",
        "times are `Store.search` end to end (FTS, rows, reactions, snippets), limit 50, newest first.",
        "",
        "| queries | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|",
        f"| **all ({len(every)} runs)** | **{pct(every, 50):.2f}** | **{pct(every, 95):.2f}** | {max(every):.2f} |",
    ]
    for category, ts in timings.items():
        sample = ", ".join(f"{q} ({hits[q]})" for q in QUERIES[category])
        lines.append(f"| {category}: {sample} | {pct(ts, 50):.2f} | {pct(ts, 95):.2f} | {max(ts):.2f} |")
    lines += [
        "",
        "Target: p50 <= 5 ms, p95 <= 50 ms. (In parentheses: hits returned, at most 50.)",
        "",
        "### Timeline reads on the same cache (busiest channel)",
        "",
        "| read | p50 ms | p95 ms |",
        "|---|---|---|",
    ]
    for name, ts in reads.items():
        lines.append(f"| {name} | {pct(ts, 50):.2f} | {pct(ts, 95):.2f} |")
    return lines


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MB (0 if unavailable)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def kept_or_built(folder: Path, size: int) -> tuple[Path, CacheKey, float, list[float]]:
    """The search cache in `folder`: the one kept there if it has `size` messages, else
    a new one. Returns its path, key, build seconds and per-call build times (ms)."""
    path, meta = folder / "search.db", folder / "search.json"
    if meta.exists() and path.exists():
        saved = json.loads(meta.read_text())
        if saved["size"] == size:
            print(f"search: reusing the cache of {size:,} messages in {folder}")
            return path, CacheKey.from_hex(saved["key"]), saved["build_s"], saved["calls"]
    for old in folder.glob("search.db*"):
        old.unlink()
    key = CacheKey.random()
    print(f"search: building a cache of {size:,} messages")
    build_s, calls = build_search_cache(path, key, size, seed=11)
    meta.write_text(json.dumps({"size": size, "key": key.hex(), "build_s": build_s, "calls": calls}))
    return path, key, build_s, calls


if __name__ == "__main__":
    raise SystemExit(main())
