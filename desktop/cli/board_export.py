"""The resource board as text, CSV and XLSX (rows from desktop.domain.board)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from desktop.cli.common import CliError
from desktop.domain.board import Row
from desktop.domain.terminal import safe

_MARK = {"idle": " ", "ok": " ", "full": "*", "over": "!"}
_FILL = {"idle": "FFFFFF", "ok": "C8E6C9", "full": "FFE082", "over": "EF9A9A"}  # green, amber, red


def _hours(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def cell_text(cell) -> str:
    return f"{_hours(cell.hours)}/{_hours(cell.capacity)}"


def print_board(rows: list[Row], weeks: list[dt.date]) -> None:
    """A text table: hours planned/available per week; * 80-100 %, ! over, # a conflict that week."""
    width = max([6, *(len(safe(r.user)) for r in rows)])
    print("person".ljust(width) + "".join(f"  {w.strftime('%m-%d'):>10}" for w in weeks))
    for r in rows:
        cells = "".join(
            f"  {cell_text(c) + _MARK[c.level] + ('#' if c.conflict else ' '):>10}" for c in r.cells)
        print(safe(r.user).ljust(width) + cells)
    if not rows:
        print("nobody matches")
    print("hours planned/available per week from the Monday shown; * 80-100 %, ! over capacity, # a conflict")


def _table(rows: list[Row], weeks: list[dt.date]) -> list[list]:
    head = ["person", "team", "role"]
    for w in weeks:
        head += [f"{w.isoformat()} planned", f"{w.isoformat()} available", f"{w.isoformat()} conflict"]
    body = [[r.user, r.team, r.role, *[v for c in r.cells for v in (c.hours, c.capacity, "yes" if c.conflict else "")]]
            for r in rows]
    return [head, *body]


def _spreadsheet_safe(value):
    """Text starting with = + - @ would run as a formula in a spreadsheet: quote it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_csv(path: str, rows: list[Row], weeks: list[dt.date]) -> None:
    try:
        with Path(path).open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([[_spreadsheet_safe(v) for v in line] for line in _table(rows, weeks)])
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_xlsx(path: str, rows: list[Row], weeks: list[dt.date], conflicts: list[str]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Board"
    sheet.append(["person", "team", "role", *[w.isoformat() for w in weeks]])
    for r in rows:
        sheet.append([_spreadsheet_safe(r.user), _spreadsheet_safe(r.team), _spreadsheet_safe(r.role),
                      *[cell_text(c) + (" !" if c.conflict else "") for c in r.cells]])
        for k, c in enumerate(r.cells):
            sheet.cell(row=sheet.max_row, column=4 + k).fill = PatternFill("solid", fgColor=_FILL[c.level])
    detail = book.create_sheet("Hours")
    for line in _table(rows, weeks):
        detail.append([_spreadsheet_safe(v) for v in line])
    notes = book.create_sheet("Conflicts")
    notes.append(["conflict"])
    for text in conflicts:
        notes.append([_spreadsheet_safe(text)])
    try:
        book.save(path)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None
