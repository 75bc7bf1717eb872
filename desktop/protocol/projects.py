"""Projects and resource planning on the wire: the `plan.set` command and the field
rules both sides use (the relay decides; the client gives the same clear errors early).

Records (kind: fields):
  project  — name, owner, start, end, customer, channels, removed, notice (the digest last posted)
  demand   — project, person | role, skill, hours | percent, start, end, removed
  leave    — user, start, end, note, removed
  person   — tz, hours, team, role, skills, holidays   (record id = the user name)
  holidays — name, days                                 (record id = a calendar key)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

import msgspec

from desktop.protocol.attention import valid_zone
from desktop.protocol.events import PlanFieldName, PlanId, PlanKind, PlanValue
from desktop.protocol.frames import Command
from desktop.protocol.types import Seq

FIELDS: dict[str, tuple[str, ...]] = {
    "project": ("name", "owner", "start", "end", "customer", "channels", "removed", "notice"),
    "demand": ("project", "person", "role", "skill", "hours", "percent", "start", "end", "removed"),
    "leave": ("user", "start", "end", "note", "removed"),
    "person": ("tz", "hours", "team", "role", "skills", "holidays"),
    "holidays": ("name", "days"),
}
DEFAULTS: dict[str, dict[str, object]] = {
    "project": {"name": "", "owner": None, "start": None, "end": None, "customer": "", "channels": [], "removed": False,
                "notice": ""},
    "demand": {"project": None, "person": None, "role": "", "skill": "", "hours": None, "percent": None,
               "start": None, "end": None, "removed": False},
    "leave": {"user": None, "start": None, "end": None, "note": "", "removed": False},
    "person": {"tz": "UTC", "hours": [], "team": "", "role": "", "skills": [], "holidays": ""},
    "holidays": {"name": "", "days": []},
}
_USER = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_SPAN = re.compile(r"^$|^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")
_TEXT = {"name": 80, "customer": 80, "role": 40, "skill": 40, "team": 40, "note": 100, "holidays": 40, "notice": 64}


class PlanFieldEdit(msgspec.Struct, kw_only=True, omit_defaults=True):
    field: PlanFieldName
    value: PlanValue = None
    base: Seq = 0  # the field's version this edit was based on (0: never seen it)


class PlanSet(Command, tag="plan.set"):
    """Create (if `record` is new) or change a planning record, field by field."""

    record_kind: PlanKind
    record: PlanId
    changes: Annotated[list[PlanFieldEdit], msgspec.Meta(min_length=1, max_length=16)]


def _date(field: str, value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{field} must be a date YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{field} must be a date YYYY-MM-DD, not {value!r}") from None


def _names(field: str, value: object, pattern: re.Pattern | None, most: int) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or len(value) > most:
        raise ValueError(f"{field} must be a list of at most {most} names")
    value = list(dict.fromkeys(v.strip() for v in value))
    if not all(v and len(v) <= 40 and (pattern is None or pattern.match(v)) for v in value):
        raise ValueError(f"{field} has a bad name")
    return value


def check(kind: str, field: str, value: object) -> object:
    """The normalized value, or ValueError with a plain reason."""
    if field not in FIELDS.get(kind, ()):
        raise ValueError(f"unknown {kind} field {field!r}")
    if field in ("start", "end"):
        return _date(field, value)
    if kind == "person" and field == "hours":
        return check_spans(value)
    if field == "removed":
        if not isinstance(value, bool):
            raise ValueError("removed is true or false")
        return value
    if field in ("owner", "person", "user"):
        if value is None or value == "":
            return None
        if not isinstance(value, str) or not _USER.match(value):
            raise ValueError(f"{field} must be a user name")
        return value
    if field == "project":
        if not isinstance(value, str) or not _ID.match(value):
            raise ValueError("project must be a project id")
        return value
    if field in ("hours", "percent"):
        if value is None:
            return None
        top = 168 if field == "hours" else 100
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= top:
            raise ValueError(f"{field} is a number above 0 and at most {top}")
        return float(value)
    if field == "channels":
        return _names(field, value, _ID, 50)
    if field == "skills":
        return _names(field, value, None, 20)
    if field == "days":
        return sorted({_date("a holiday", d) for d in _names(field, value, None, 400)})
    if field == "tz":
        if not isinstance(value, str) or not valid_zone(value):
            raise ValueError(f"not a time zone: {value!r} (use an IANA name such as Asia/Shanghai)")
        return value
    if field == "name" and kind == "project" and (not isinstance(value, str) or not value.strip()):
        raise ValueError("a project needs a name")
    if not isinstance(value, str) and value is not None:
        raise ValueError(f"{field} must be text")
    text = (value or "").strip()
    if len(text) > _TEXT.get(field, 80):
        raise ValueError(f"{field} is at most {_TEXT.get(field, 80)} characters")
    return text


def check_spans(value: object) -> list[str]:
    """A person's working hours: 7 spans Mon..Sun, "HH:MM-HH:MM" or "" (a day off)."""
    if not isinstance(value, list) or len(value) not in (0, 7) or not all(isinstance(v, str) and _SPAN.match(v) for v in value):
        raise ValueError('hours are 7 spans Mon..Sun like "09:00-17:00", "" for a day off')
    return list(value)


def check_record(kind: str, values: dict[str, object]) -> None:
    """Rules across fields, on a record's values after a change."""
    if values.get("removed"):
        return
    start, end = values.get("start"), values.get("end")
    if start and end and start > end:
        raise ValueError(f"start {start} is after end {end}")
    if kind == "demand":
        if not values.get("project"):
            raise ValueError("a demand belongs to a project")
        if not start or not end:
            raise ValueError("a demand needs a start and an end date")
        if not values.get("person") and not values.get("role"):
            raise ValueError("a demand names a person or a role")
        if values.get("hours") is None and values.get("percent") is None:
            raise ValueError("a demand needs hours per week or a percent allocation")
    if kind == "leave" and (not start or not end or not values.get("user")):
        raise ValueError("leave needs a person, a start and an end date")
    if kind == "project" and not values.get("name"):
        raise ValueError("a project needs a name")
