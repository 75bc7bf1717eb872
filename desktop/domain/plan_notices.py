"""Conflict notices for project owners: which conflicts of a project fall within the
notice horizon (14 days by default), a fingerprint of them, and the digest text.

A project's owner is told once per distinct set of conflicts: the fingerprint of the
digest last posted is kept on the project (its `notice` field), and a digest is due
only when the current fingerprint differs — a new, changed or resolved conflict.

Pure: conflicts in, digests out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desktop.domain.board import conflict_days, describe
from desktop.domain.conflicts import Conflict, NoFit

NOTICE_DAYS = 14
ALL_CLEAR = "clear"  # the fingerprint of "no conflicts" once some were announced


@dataclass(frozen=True, slots=True)
class Digest:
    project: str
    fingerprint: str
    lines: tuple[str, ...]  # one per conflict; empty: all earlier conflicts are resolved

    def text(self, name: str, today: dt.date, horizon_days: int) -> str:
        until = (today + dt.timedelta(days=horizon_days)).isoformat()
        if not self.lines:
            return f"Resource check for {name}: the conflicts announced earlier are resolved (to {until})."
        head = f"Resource check for {name}: {len(self.lines)} conflict(s) up to {until}:"
        return "\n".join([head, *(f"- {line}" for line in self.lines)])


def concerns(conflict: Conflict, project: str, task_projects: Mapping[str, str]) -> bool:
    if isinstance(conflict, NoFit):
        return task_projects.get(conflict.task) == project
    return project in conflict.projects


def soon(conflict: Conflict, today: dt.date, horizon_days: int) -> bool:
    last = today + dt.timedelta(days=horizon_days)
    return any(today <= d <= last for days in conflict_days(conflict).values() for d in days)


def digest(
    project: str, conflicts: Iterable[Conflict], *, today: dt.date, previous: str,
    names: Mapping[str, str], task_names: Mapping[str, str], task_projects: Mapping[str, str],
    horizon_days: int = NOTICE_DAYS,
) -> Digest | None:
    """The digest to post for `project`, or None when its owner was already told this."""
    lines = sorted({
        describe(c, names, task_names) for c in conflicts
        if concerns(c, project, task_projects) and soon(c, today, horizon_days)
    })
    if not lines:
        if previous in ("", ALL_CLEAR):
            return None
        return Digest(project, ALL_CLEAR, ())
    fingerprint = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:32]
    return None if fingerprint == previous else Digest(project, fingerprint, tuple(lines))
