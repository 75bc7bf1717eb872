"""Task board columns as shown: the default columns in the user's language, renamed
ones as their channel named them (someone's own words are not translated)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.protocol.tasks import DEFAULT_COLUMNS
from desktop.store import tasks as st

_DEFAULT_LABELS = {
    ("todo", "To do"): QT_TRANSLATE_NOOP("TaskColumns", "To do"),
    ("doing", "In progress"): QT_TRANSLATE_NOOP("TaskColumns", "In progress"),
    ("done", "Done"): QT_TRANSLATE_NOOP("TaskColumns", "Done"),
}
assert set(_DEFAULT_LABELS) == set(DEFAULT_COLUMNS)


def label(key: str, name: str) -> str:
    source = _DEFAULT_LABELS.get((key, name))
    return QCoreApplication.translate("TaskColumns", source) if source else name


def columns(store, channel: str) -> list[tuple[str, str]]:
    return [(key, label(key, name)) for key, name in st.columns(store, channel)]
