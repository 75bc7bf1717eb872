"""Task field rules shared by the relay (authority) and the client (early, clear errors)."""

from __future__ import annotations

import datetime as dt
import re

FIELDS = ("title", "description", "status", "assignees", "start", "due", "estimate", "priority", "labels", "rank")
PRIORITIES = ("low", "normal", "high", "urgent")
DEFAULT_COLUMNS = (("todo", "To do"), ("doing", "In progress"), ("done", "Done"))
DEFAULTS: dict[str, object] = {
    "title": "", "description": "", "status": "todo", "assignees": [], "start": None,
    "due": None, "estimate": None, "priority": "normal", "labels": [], "rank": None,
}
DEFAULT_CAPACITY = 40.0
_USER = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")
_KEY = re.compile(r"^[a-z0-9_-]{1,24}$")


def check(field: str, value: object) -> object:
    """The normalized value, or ValueError with a plain reason."""
    if field not in FIELDS:
        raise ValueError(f"unknown task field {field!r}")
    if field == "title":
        if not isinstance(value, str) or not value.strip():
            raise ValueError("a task needs a title")
        if len(value) > 200:
            raise ValueError("a task title is at most 200 characters")
        return value.strip()
    if field == "description":
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValueError("description must be text")
        return value
    if field == "status":
        if not isinstance(value, str) or not _KEY.match(value):
            raise ValueError(f"bad status {value!r}")
        return value
    if field in ("assignees", "labels"):
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or len(value) > 20:
            raise ValueError(f"{field} must be a list of at most 20 names")
        if field == "assignees" and not all(_USER.match(v) for v in value):
            raise ValueError("assignees must be user names")
        if field == "labels" and not all(0 < len(v.strip()) <= 40 for v in value):
            raise ValueError("labels are 1 to 40 characters")
        return list(dict.fromkeys(v.strip() for v in value))
    if field in ("start", "due"):
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise ValueError(f"{field} must be a date YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(f"{field} must be a date YYYY-MM-DD, not {value!r}") from None
    if field == "rank":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise ValueError("rank is a number")
        return float(value)
    if field == "estimate":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 10_000:
            raise ValueError("estimate is a number of hours between 0 and 10000")
        return float(value)
    if value not in PRIORITIES:
        raise ValueError(f"priority is one of {', '.join(PRIORITIES)}")
    return value


def check_window(start: str | None, due: str | None) -> None:
    if start and due and start > due:
        raise ValueError(f"start {start} is after due {due}")
