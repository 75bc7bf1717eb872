"""Translated one-line descriptions of resource conflicts (the GUI's counterpart of
desktop.domain.board.describe, which the CLI prints in English)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.domain.conflicts import DoubleBooked, NoFit, OnLeave, Overload
from desktop.ui.resources.model import hours



def _days(days) -> str:
    days = sorted(days)
    if len(days) == 1:
        return days[0].isoformat()
    return QCoreApplication.translate("ResourceConflicts", "%1 – %2 (%3 days)").replace("%1", days[0].isoformat()).replace("%2", days[-1].isoformat()).replace(
        "%3", str(len(days)))


def describe(conflict, projects: dict[str, str], tasks: dict[str, str], people: dict[str, str] | None = None) -> str:
    """One line naming the people (display names), projects (or the task) and days."""
    people = people or {}

    def who(user: str) -> str:
        return people.get(user, user)

    def names(ids) -> str:
        return QCoreApplication.translate("ResourceConflicts", ", ").join(projects.get(p, p) for p in ids) if ids else QCoreApplication.translate("ResourceConflicts", "tasks outside any project")

    if isinstance(conflict, Overload):
        a, b = conflict.worst
        return (QCoreApplication.translate("ResourceConflicts", "%1 is over capacity: %2 h planned, %3 h available (%4 – %5); over on %6 (%7)")
                .replace("%1", who(conflict.user)).replace("%2", hours(conflict.load)).replace("%3", hours(conflict.capacity))
                .replace("%4", a.isoformat()).replace("%5", b.isoformat()).replace("%6", _days(conflict.days))
                .replace("%7", names(conflict.projects)))
    if isinstance(conflict, DoubleBooked):
        return (QCoreApplication.translate("ResourceConflicts", "%1 is double-booked by %2 on %3").replace("%1", who(conflict.user))
                .replace("%2", names(conflict.projects)).replace("%3", _days(conflict.days)))
    if isinstance(conflict, OnLeave):
        return (QCoreApplication.translate("ResourceConflicts", "%1 is on leave on %2 but has work planned (%3)").replace("%1", who(conflict.user))
                .replace("%2", _days(conflict.days)).replace("%3", names(conflict.projects)))
    assert isinstance(conflict, NoFit)
    short = QCoreApplication.translate("ResourceConflicts", ", ").join(f"{who(u)} ({hours(h)} h)" for u, h in conflict.short)
    return (QCoreApplication.translate("ResourceConflicts", "“%1” cannot fit: %2 h each from %3 to %4, more than the working time of %5")
            .replace("%1", tasks.get(conflict.task, conflict.title)).replace("%2", hours(conflict.share))
            .replace("%3", conflict.window[0].isoformat()).replace("%4", conflict.window[1].isoformat())
            .replace("%5", short))
