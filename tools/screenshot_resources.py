"""Screenshots of the resource board (docs/screenshots/resources-<lang>-<theme>.png) from a
throwaway cache holding a small plan: three projects, demands, leave, tasks.

Run under Xvfb: `xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshot_resources.py`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.protocol import events as ev  # noqa: E402
from desktop.secrets import CacheKey  # noqa: E402
from desktop.store import Store  # noqa: E402

PEOPLE = [("me", "Me"), ("alice", "Alice"), ("bob", "Bob"), ("li.wei", "李伟"), ("wang.fang", "王芳"),
          ("carol", "Carol"), ("dave", "Dave"), ("zhang.min", "张敏")]


def seeded(path: Path, monday: dt.date) -> Store:
    store = Store.open(path / "cache.db", CacheKey.random())
    store.set_account("ws://127.0.0.1:1", "me", "Me")
    seq, ts = itertools.count(1), int(time.time() * 1000)

    def apply(kind, **fields):
        store.apply_events([kind(seq=next(seq), ts=ts, **fields)])

    def plan(kind, record, actor="me", **values):
        apply(ev.PlanChanged, actor=actor, record_kind=kind, record=record, created=True,
              changes=[ev.PlanChange(field=k, value=v) for k, v in values.items()])

    def day(n):
        return (monday + dt.timedelta(days=n)).isoformat()

    for user, name in PEOPLE:
        apply(ev.UserCreated, user=user, display_name=name)
    apply(ev.ChannelCreated, actor="me", channel="C1", name="apollo", members=[u for u, _ in PEOPLE])
    apply(ev.ChannelCreated, actor="alice", channel="C2", name="北极光", members=[u for u, _ in PEOPLE])
    apply(ev.ChannelCreated, actor="bob", channel="C3", name="castor", members=[u for u, _ in PEOPLE])
    plan("project", "p-apollo-000000001", name="Apollo", owner="me", channels=["C1"], customer="ACME")
    plan("project", "p-borealis-0000002", actor="alice", name="北极光 Borealis", owner="alice", channels=["C2"])
    plan("project", "p-castor-00000003", actor="bob", name="Castor", owner="bob", channels=["C3"])
    demands = [
        ("p-apollo-000000001", "bob", 30, 0, 27), ("p-borealis-0000002", "bob", 20, 7, 20),
        ("p-apollo-000000001", "li.wei", 24, 0, 41), ("p-castor-00000003", "li.wei", 8, 14, 34),
        ("p-borealis-0000002", "wang.fang", 32, 0, 55), ("p-castor-00000003", "carol", 16, 0, 13),
        ("p-apollo-000000001", "zhang.min", 20, 7, 48), ("p-borealis-0000002", "zhang.min", 20, 21, 34),
        ("p-castor-00000003", "dave", 40, 28, 41), ("p-apollo-000000001", "alice", 12, 0, 55),
    ]
    for n, (project, person, hours, a, b) in enumerate(demands):
        plan("demand", f"d-{n:016}", project=project, person=person, hours=float(hours), start=day(a), end=day(b))
    plan("demand", "d-open-0000000001", project="p-castor-00000003", role="tester", hours=20.0, start=day(7), end=day(27))
    plan("leave", "l-0000000000000001", actor="carol", user="carol", start=day(16), end=day(22), note="")
    plan("leave", "l-0000000000000002", actor="li.wei", user="li.wei", start=day(24), end=day(25), note="")
    plan("person", "li.wei", actor="li.wei", tz="Asia/Shanghai", team="core", skills=["qt", "sql"])
    plan("person", "wang.fang", actor="wang.fang", tz="Asia/Shanghai", team="design", skills=["ux"])
    apply(ev.TaskCreated, actor="me", channel="C1", task="t-00000000000000001", number=1, changes=[
        ev.TaskChange(field="title", value="Migrate the database"), ev.TaskChange(field="status", value="todo"),
        ev.TaskChange(field="assignees", value=["carol"]), ev.TaskChange(field="start", value=day(3)),
        ev.TaskChange(field="due", value=day(8)), ev.TaskChange(field="estimate", value=40.0)])
    return store


def shoot(lang: str, scheme: str, out: Path, *, by_day: bool = False) -> None:
    from desktop.ui import i18n, theme
    from desktop.ui.resources.window import ResourceBoardWindow

    app = QApplication.instance()
    i18n.install_translator(app, lang)
    theme.apply_theme(app, scheme)
    today = dt.date.today()
    store = seeded(Path(tempfile.mkdtemp(prefix="beacon-shot-")), today - dt.timedelta(days=today.weekday()))
    window = ResourceBoardWindow(store, today=lambda: today)
    window.weeks.setValue(8 if not by_day else 4)
    window.by_day.setChecked(by_day)
    window.resize(1240, 640)
    window.show()
    loop = QEventLoop()
    QTimer.singleShot(600, loop.quit)
    loop.exec()
    window.grab().save(str(out))
    print("wrote", out)
    window.close()
    store.close()


def main() -> int:
    app = QApplication(sys.argv[:1])
    QCoreApplication.setApplicationName("Beacon")
    for lang in ("en", "zh_CN"):
        for scheme in ("light", "dark"):
            shoot(lang, scheme, ROOT / "docs" / "screenshots" / f"resources-{lang}-{scheme}.png")
    shoot("en", "light", ROOT / "docs" / "screenshots" / "resources-days-en-light.png", by_day=True)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
