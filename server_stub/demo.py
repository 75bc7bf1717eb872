"""A demo workspace: users, Chinese and English channels, threads, reactions, pins."""

from __future__ import annotations

import random
from pathlib import Path

from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from server_stub import accounts, commands, demo_extras
from server_stub.log import now_ms
from server_stub.writer import run_admin

USERS = [
    ("me", "You (Demo)"),
    ("li.wei", "李伟"),
    ("zhang.min", "张敏"),
    ("alice", "Alice Chen"),
    ("bob", "Bob Smith"),
    ("wang.fang", "王芳"),
]

CHANNELS = [
    ("general", False, "Company-wide announcements and chat"),
    ("产品讨论", False, "产品需求、设计评审"),
    ("engineering", False, "Builds, releases, incidents"),
    ("市场部", True, "市场活动与预算"),
]

LINES = {
    "general": [
        ("alice", "Good morning everyone! The all-hands is moved to Thursday 15:00."),
        ("li.wei", "收到，周四下午三点。"),
        ("bob", "Will there be a remote link for the Shanghai office?"),
        ("alice", "Yes — the link is in the calendar invite: https://meet.example.com/allhands"),
        ("zhang.min", "好的，我们会准时参加 👍"),
        ("wang.fang", "Reminder: expense reports are due Friday."),
    ],
    "产品讨论": [
        ("zhang.min", "新版本的离线搜索需求文档已经更新，请大家评审。"),
        ("li.wei", "我看了，短词搜索（比如“会议”）一定要快。"),
        ("me", "同意，中文一两个字的查询也要支持。"),
        ("zhang.min", "下周二开评审会议，@me 请准备一下演示。"),
        ("wang.fang", "设计稿放在共享文件里了。"),
    ],
    "engineering": [
        ("bob", "Release 0.1 build is green on all three platforms."),
        ("alice", "Nice. Any regressions in the sync engine?"),
        ("bob", "None so far. Resume after a relay restart works without gaps."),
        ("li.wei", "我在火车上测试了离线模式，消息都在。"),
        ("alice", "@me can you review the outbox retry change today?"),
    ],
    "市场部": [
        ("wang.fang", "Q4 活动预算初稿：线上 40%，线下 60%。"),
        ("me", "线下部分可以再细分一下城市吗？"),
        ("wang.fang", "好的，明天给出北京、上海、深圳的拆分。"),
    ],
}


def _run_as(app, actor: str, frame: fr.Command) -> fr.Ack:
    return commands.execute(app, actor, frame)


def seed(data_dir: Path, *, history_per_channel: int = 40, seed_value: int = 7) -> dict[str, str]:
    """Create the demo workspace in an empty relay data dir; return tokens by user."""
    rng = random.Random(seed_value)
    # History spread over the last three days, a few minutes apart, ending now.
    total = history_per_channel * len(CHANNELS) + sum(len(v) + 6 for v in LINES.values()) + 20
    start = now_ms() - 3 * 24 * 3600 * 1000
    step = (now_ms() - start - 60_000) // total
    tick = iter(range(start, now_ms(), step))

    def fn(app):
        app.clock = lambda: next(tick)
        tokens = {}
        for name, display in USERS:
            accounts.add_user(app, name, display)
            tokens[name] = accounts.issue_token(app.conn, name)
        everyone = [u for u, _ in USERS]
        ids = {}
        for name, private, topic in CHANNELS:
            members = everyone if not private else ["me", "wang.fang", "zhang.min"]
            ids[name], _ = commands.create_channel(app, "alice" if not private else "wang.fang",
                                                   name, private=private, topic=topic, members=members)
        dm = _run_as(app, "li.wei", fr.OpenDm(id=new_client_id(), user="me")).channel
        # Older history so the timeline has something to page through.
        for name in ids:
            members = [m for m in everyone if commands.is_member(app.conn, ids[name], m)]
            for i in range(history_per_channel):
                author = rng.choice(members)
                text = rng.choice(
                    ["进度更新：第 {n} 项已完成。", "Status update: item {n} is done.",
                     "Can someone take a look at ticket #{n}?", "会议纪要 {n} 已上传。",
                     "Thanks! 谢谢 🙏", "Lunch at 12:30? 中午一起吃饭吗？"]
                ).format(n=i + 1)
                _run_as(app, author, fr.Post(id=new_client_id(), channel=ids[name], text=text))
        for name, lines in LINES.items():
            first = None
            for author, text in lines:
                ack = _run_as(app, author, fr.Post(id=new_client_id(), channel=ids[name], text=text))
                first = first or ack.msg
            # A thread, reactions and a pin on each channel's first recent message.
            for author, text in [("bob", "Thread reply: sounds good."), ("li.wei", "线程回复：没问题。")]:
                if commands.is_member(app.conn, ids[name], author):
                    _run_as(app, author, fr.Post(id=new_client_id(), channel=ids[name], text=text, thread=first))
            for author, emoji in [("li.wei", "👍"), ("alice", "🎉"), ("zhang.min", "👍")]:
                if commands.is_member(app.conn, ids[name], author):
                    _run_as(app, author, fr.React(id=new_client_id(), msg=first, emoji=emoji))
            _run_as(app, "wang.fang" if name == "市场部" else "alice", fr.Pin(id=new_client_id(), msg=first))
        _run_as(app, "li.wei", fr.Post(id=new_client_id(), channel=dm, text="你好！明天的评审会议你能参加吗？"))
        _run_as(app, "me", fr.Post(id=new_client_id(), channel=dm, text="可以，我准备一下演示。"))
        # Two more direct messages, so the sidebar shows people active, away and in DND.
        for who, lines in (("alice", [("alice", "Got a minute to look at the release notes?"),
                                      ("me", "Sure, after lunch.")]),
                           ("zhang.min", [("zhang.min", "评审材料我放在 #产品讨论 了，有空看看。")])):
            other = _run_as(app, who, fr.OpenDm(id=new_client_id(), user="me")).channel
            for author, text in lines:
                _run_as(app, author, fr.Post(id=new_client_id(), channel=other, text=text))
        demo_extras.seed_features(app, ids, data_dir)
        return tokens

    return run_admin(data_dir, fn)
