"""docs/PROTOCOL.md lists every event kind, error code and command the code defines.

The registries are read from the code (desktop/protocol/events.py EVENT_KINDS,
errors.py ErrorCode, frames.py CommandFrame, and the `/files` endpoint's error codes
from server_stub/files.py), the document's tables from its markdown: a kind, code or
command added to the code without a row in the document fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from desktop.protocol import events, frames
from desktop.protocol.errors import ErrorCode

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "PROTOCOL.md"


def section(text: str, heading: str) -> str:
    """The body of the markdown section whose heading starts with `heading`."""
    match = re.search(rf"^(#+) {re.escape(heading)}.*$", text, re.M)
    assert match, f"no section {heading!r} in {DOC.name}"
    level = len(match.group(1))
    rest = text[match.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def first_cells(body: str) -> set[str]:
    """Backticked names in the first cell of every table row of `body`."""
    names: set[str] = set()
    for line in body.splitlines():
        if line.startswith("|") and not re.match(r"^\|\s*-", line):
            cell = line.split("|")[1]
            names |= set(re.findall(r"`([^`]+)`", cell))
    return names


def file_endpoint_codes() -> set[str]:
    """Error codes the relay's `/files` endpoint sends (string literals in server_stub/files.py)."""
    tree = ast.parse((REPO / "server_stub" / "files.py").read_text(encoding="utf-8"))
    codes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("_Refused", "FileError"):
            args = [a for a in node.args[:1]] + [k.value for k in node.keywords if k.arg == "code"]
            codes |= {a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "_MESSAGES" for t in node.targets):
            codes |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    assert codes, "found no /files error codes: has server_stub/files.py changed shape?"
    return codes


def missing(text: str) -> dict[str, list[str]]:
    kinds = first_cells(section(text, "12.7 Event kinds at a glance"))
    codes = first_cells(section(text, "13.2 Error codes"))
    commands = first_cells(section(text, "9.17 Summary of authorization"))
    command_types = {t.__struct_config__.tag for t in frames.CommandFrame.__args__}
    return {
        "event kinds (§12.7)": sorted(events.EVENT_KINDS - kinds),
        "error codes (§13.2)": sorted(({str(c) for c in ErrorCode} | file_endpoint_codes()) - codes),
        "commands (§9.17)": sorted(command_types - commands),
    }


def test_every_event_kind_error_code_and_command_is_in_the_tables():
    gaps = {what: names for what, names in missing(DOC.read_text(encoding="utf-8")).items() if names}
    assert not gaps, f"docs/PROTOCOL.md does not list: {gaps}"


def test_the_check_sees_a_missing_row():
    text = DOC.read_text(encoding="utf-8").replace("| `task.capacity` |", "| task capacity |")
    assert missing(text)["event kinds (§12.7)"] == ["task.capacity"]
