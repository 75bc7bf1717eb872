"""The demo workspace's content beyond chat: tasks (with a workload conflict), shared
files (an image and documents), a scheduled message, a colleague in do-not-disturb,
work statuses. Every view of `make run` then has something to show.

Runs inside demo.seed's admin transaction, through the same command handlers a
client's commands go through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
import zlib

from desktop.protocol import frames as fr
from desktop.protocol import library as lib
from desktop.protocol import team as tm
from desktop.protocol.attention import DndSettings
from desktop.protocol.ids import new_client_id
from server_stub import commands
from server_stub.blob_access import record_uploader
from server_stub.blobs import BlobStore
from server_stub.files import blob_root
from server_stub.log import now_ms

HOUR = 3600 * 1000


def chart_png(width: int = 360, height: int = 200) -> bytes:
    """A small bar chart as a PNG, written by hand (the relay has no imaging library)."""
    bars = [0.35, 0.55, 0.5, 0.8, 0.65, 0.9]
    colours = [(66, 133, 244), (52, 168, 83)]
    rows = []
    bar_w = width // (len(bars) * 2 + 1)
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            pixel = (250, 250, 252)
            slot, within = divmod(x, bar_w)
            if slot % 2 == 1 and slot // 2 < len(bars):
                level = bars[slot // 2]
                if y >= height - 10 - int(level * (height - 30)) and y < height - 10:
                    pixel = colours[(slot // 2) % 2]
            if y == height - 10:
                pixel = (120, 120, 130)
            row += bytes(pixel)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


FILES = [
    # (channel, sender, name, mime, caption, bytes)
    ("engineering", "bob", "build-times.png", "image/png", "Build times this week 📉", chart_png()),
    ("产品讨论", "zhang.min", "离线搜索需求.md", "text/markdown", "需求文档 v2，请评审",
     "# 离线搜索需求 v2\n\n- 一两个字的中文查询也要快\n- 结果按频道分组\n- 离线可用\n".encode()),
    ("市场部", "wang.fang", "Q4-budget.csv", "text/csv", "Q4 预算拆分",
     "city,online,offline\n北京,40,60\n上海,35,65\n深圳,45,55\n".encode()),
]


def _store_blob(blobs: BlobStore, conn, sender: str, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    if blobs.size(sha) is None:
        upload = blobs.begin(sha, sender, len(data))
        try:
            upload.append(data)
            upload.finish()  # verifies the hash, then publishes
        finally:
            upload.close()
    record_uploader(conn, sha, sender)
    return sha


def _task(app, actor: str, channel: str, **fields) -> str:
    changes = [fr.TaskFieldEdit(field=k, value=v) for k, v in fields.items()]
    return commands.execute(app, actor, fr.TaskCreate(id=new_client_id(), channel=channel, changes=changes)).id


def seed_features(app, ids: dict[str, str], data_dir) -> None:
    app.clock = now_ms  # the history's made-up clock has run out: these happen now
    blobs = BlobStore(blob_root(data_dir))
    for channel, sender, name, mime, caption, data in FILES:
        sha = _store_blob(blobs, app.conn, sender, data)
        commands.execute(app, sender, fr.ShareFile(
            id=new_client_id(), channel=ids[channel], sha256=sha, size=len(data), name=name, mime=mime,
            caption=caption,
        ))
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    day = lambda n: (monday + dt.timedelta(days=n)).isoformat()  # noqa: E731
    # 李伟 has 30 h + 24 h in the same week: over the default 40 h, so Tasks warns.
    _task(app, "alice", ids["engineering"], title="Release 0.2 notes", assignees=["li.wei"],
          start=day(7), due=day(11), estimate=30, priority="high")
    _task(app, "bob", ids["engineering"], title="Review the outbox retry change", assignees=["li.wei", "me"],
          start=day(7), due=day(10), estimate=48, labels=["sync"])
    _task(app, "alice", ids["engineering"], title="Fix flaky resume test", assignees=["bob"],
          status="doing", due=day(4), estimate=4)
    _task(app, "bob", ids["engineering"], title="Sign the macOS build", assignees=["alice"], status="done")
    _task(app, "zhang.min", ids["产品讨论"], title="离线搜索评审会", assignees=["me", "zhang.min"],
          due=day(8), estimate=3, priority="high", labels=["评审"])
    _task(app, "zhang.min", ids["产品讨论"], title="整理用户反馈", assignees=["li.wei"], due=day(14), estimate=6)
    now = now_ms()
    commands.execute(app, "me", fr.Schedule(
        id=new_client_id(), channel=ids["engineering"], at=now + 3 * HOUR,
        text="Reminder: release retro tomorrow at 10:00. 明天上午十点复盘。",
    ))
    commands.execute(app, "li.wei", fr.SetDnd(id=new_client_id(), settings=DndSettings(manual_until=now + 2 * HOUR)))
    commands.execute(app, "zhang.min", fr.SetStatus(id=new_client_id(), emoji="📅", text="开会中 In a meeting",
                                                    until=now + HOUR))
    commands.execute(app, "wang.fang", fr.SetStatus(id=new_client_id(), emoji="🌴", text="休假 On leave"))
    seed_presence(app)
    seed_library(app, ids)
    for user, title, tz, skills in PROFILES:
        commands.execute(app, user, tm.SetProfile(id=new_client_id(), title=title, tz=tz, skills=skills))


def seed_presence(app) -> None:
    """Two colleagues at their desks for the demo: Alice active, 张敏 away (in her
    meeting). Their presence is held for a day, as if their own clients kept sending
    heartbeats (nobody runs those clients in a demo); everyone else is offline."""
    from server_stub import attention

    for user, state in (("alice", "active"), ("zhang.min", "away")):
        attention.set_presence(app, user, fr.SetPresence(id=new_client_id(), state=state))
        app.conn.execute("UPDATE att_presence SET lease = ? WHERE user = ?", (now_ms() + 24 * HOUR, user))


# Titles, time zones and skills: the profile card, the DM intro's local time, "who knows".
PROFILES = [
    ("me", "Product engineer", "Asia/Shanghai", ["offline sync", "desktop"]),
    ("li.wei", "测试工程师 QA", "Asia/Shanghai", ["离线模式", "测试"]),
    ("zhang.min", "产品经理 PM", "Asia/Shanghai", ["搜索", "需求评审"]),
    ("alice", "Engineering lead", "America/Los_Angeles", ["release", "sync engine"]),
    ("bob", "Build engineer", "Europe/Berlin", ["CI", "packaging"]),
    ("wang.fang", "市场经理 Marketing", "Asia/Shanghai", ["市场", "launch"]),
]


def _posted(conn, channel: str, text: str) -> int:
    return conn.execute(
        "SELECT seq FROM events WHERE kind = 'message.posted' AND scope_channel = ?"
        " AND json_extract(CAST(body AS TEXT), '$.text') = ? ORDER BY seq DESC LIMIT 1", (channel, text),
    ).fetchone()[0]


def _file(conn, channel: str, name: str) -> int:
    return conn.execute("SELECT id FROM files WHERE channel = ? AND name = ?", (channel, name)).fetchone()[0]


def seed_library(app, ids: dict[str, str]) -> None:
    """Library entries: a case (published to the workspace by the owner), a decision,
    a template from a shared file; opened by colleagues, so "most reused" means something."""
    conn = app.conn
    eng, product = ids["engineering"], ids["产品讨论"]
    entries = [
        ("bob", lib.LibrarySave(
            id=new_client_id(), channel=eng, msg=_posted(conn, eng, "None so far. Resume after a relay restart works without gaps."),
            title="Resume after a relay restart: no gaps", summary="Clients resume from their cursor; nothing is lost or doubled.",
            tags=["sync", "relay", "failover"], category="case", project="Beacon 0.1")),
        ("me", lib.LibrarySave(
            id=new_client_id(), channel=product, msg=_posted(conn, product, "同意，中文一两个字的查询也要支持。"),
            title="中文短词搜索：一两个字也要支持", summary="评审结论：一两个字的中文查询走二元/一元索引，必须离线可用。",
            tags=["搜索", "需求"], category="decision")),
        ("zhang.min", lib.LibrarySave(
            id=new_client_id(), channel=product, file=_file(conn, product, "离线搜索需求.md"),
            title="离线搜索需求文档模板", summary="需求文档 v2 的结构，可复用于其他功能。", tags=["模板", "搜索"],
            category="template")),
    ]
    for author, save in entries:
        commands.execute(app, author, save)
    commands.execute(app, "me", lib.LibraryPublish(id=new_client_id(), entry=entries[0][1].id))
    for user in ("li.wei", "alice", "zhang.min"):
        commands.execute(app, user, lib.LibraryReuse(id=new_client_id(), entry=entries[0][1].id))
    commands.execute(app, "li.wei", lib.LibraryReuse(id=new_client_id(), entry=entries[1][1].id))
