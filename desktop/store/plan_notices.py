"""Conflict digests for the projects I own: computed from the cache, posted by my client.

Who posts: the project owner's client, whenever it has synced and looks (the app on
each change of plans or tasks; the CLI's `board`, `projects` and `project notify`). It queues one
message in the project's first channel and, with it, sets the project's `notice`
field to the digest's fingerprint — so the owner's other devices, and this one next
time, stay quiet until the conflicts change. Both go through the outbox: offline,
the digest is posted when the relay is reachable.
"""

from __future__ import annotations

import datetime as dt

from desktop.domain.plan import Plan
from desktop.domain.plan_notices import NOTICE_DAYS, Digest, digest
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.store import projects as sp
from desktop.store import resources
from desktop.store import tasks as st


def due(store, *, today: dt.date, horizon_days: int = NOTICE_DAYS, plan: Plan | None = None) -> list[tuple[sp.Record, Digest]]:
    """(project, digest) for each project I own whose conflicts changed since last told."""
    me = store.account().user
    # A refused notice update would leave the old fingerprint: skip rather than repeat the post.
    mine = [p for p in sp.records(store, "project") if p["owner"] == me and p["channels"] and not p.failed]
    if not mine:
        return []
    plan = plan or resources.plan(store, today, today + dt.timedelta(days=horizon_days))
    names = {p.id: p["name"] for p in sp.records(store, "project")}
    tasks = st.tasks(store)
    task_names = {t.id: t.title for t in tasks}
    found = []
    for project in mine:
        d = digest(project.id, plan.conflicts(), today=today, previous=project["notice"], names=names,
                   task_names=task_names, task_projects=plan.project_of, horizon_days=horizon_days)
        if d is not None:
            found.append((project, d))
    return found


def post(store, *, today: dt.date, horizon_days: int = NOTICE_DAYS, plan: Plan | None = None) -> list[Digest]:
    """Queue the due digests (a message in the project's channel + the new fingerprint)."""
    posted = []
    for project, d in due(store, today=today, horizon_days=horizon_days, plan=plan):
        channel = project["channels"][0]
        store.enqueue(fr.Post(id=new_client_id(), channel=channel, text=d.text(project["name"], today, horizon_days)))
        cmd = sp.set_command("project", project.id, current=project, notice=d.fingerprint)
        if cmd is not None:
            store.enqueue(cmd)
        posted.append(d)
    return posted
