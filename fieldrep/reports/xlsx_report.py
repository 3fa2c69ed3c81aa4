"""Write a report as an Excel workbook: a summary sheet, then one sheet per section.

Each section sheet repeats the report title and period above a bold, frozen heading row;
numbers are real numbers with a number format (money as ``#,##0.00 "EUR"``, so the
currency shows without turning the cell into text), dates and times are real dates and
times, durations are ``[h]:mm``, total rows are bold.  Text cells are written as text
with Excel's quote prefix: a name starting with ``=`` stays text even when edited.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fieldrep.common.money import to_cents
from fieldrep.common.spreadsheet_text import looks_like_formula, workbook_text
from fieldrep.reports.formatting import display_text, heading_text
from fieldrep.reports.model import Cell, Column, ColumnKind, Money, Report, Section
from fieldrep.reports.target import atomic_target

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FORMATS = {
    ColumnKind.INTEGER: "#,##0",
    ColumnKind.PERCENT: "0.0%",
    ColumnKind.DATE: "yyyy-mm-dd",
    ColumnKind.TIME: "hh:mm",
    ColumnKind.DURATION: "[h]:mm",
}
_SUMMARY_TYPES = {ColumnKind.DURATION: timedelta, ColumnKind.TIME: time,
                  ColumnKind.DATE: date, ColumnKind.INTEGER: int}


def write_xlsx(report: Report, path: Path) -> Path:
    """Write ``report`` to ``path`` (a ``.xlsx`` file) and return the path."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    _write_summary(summary, report)
    used = {"summary"}
    for section in report.sections:
        sheet = workbook.create_sheet(_sheet_name(section.title, used))
        _write_section(sheet, report, section)
    with atomic_target(path, ".xlsx") as partial:
        workbook.save(partial)
    return Path(path)


def money_format(currency: str) -> str:
    """The number format of an amount in ``currency``: two decimals and the code."""
    return f'#,##0.00 "{currency}"'


def _write_summary(sheet: Worksheet, report: Report) -> None:
    _put(sheet.cell(1, 1), report.title).font = _TITLE
    _put(sheet.cell(2, 1), report.period)
    for row, line in enumerate(report.summary, start=4):
        _put(sheet.cell(row, 1), line.label).font = _BOLD
        _put_value(sheet.cell(row, 2), None, line.value)
    width = max((len(line.label) for line in report.summary), default=10)
    sheet.column_dimensions["A"].width = min(60, width + 2)
    values = [display_text(None, line.value) for line in report.summary]
    sheet.column_dimensions["B"].width = min(60, max((len(v) for v in values), default=10) + 4)


def _write_section(sheet: Worksheet, report: Report, section: Section) -> None:
    _put(sheet.cell(1, 1), report.title).font = _TITLE
    _put(sheet.cell(2, 1), " · ".join(t for t in (section.title, report.period) if t))
    header_row = 4
    for c, column in enumerate(section.columns, start=1):
        cell = _put(sheet.cell(header_row, c), heading_text(column))
        cell.font = _BOLD
        if column.is_numeric:
            cell.alignment = Alignment(horizontal="right")
    row_number = header_row
    for bold, row in [(False, r) for r in section.rows] + [(True, r) for r in section.totals]:
        row_number += 1
        for c, (column, value) in enumerate(zip(section.columns, row, strict=True), start=1):
            cell = _put_value(sheet.cell(row_number, c), column, value)
            if bold:
                cell.font = _BOLD
    if section.note:
        _put(sheet.cell(row_number + 2, 1), section.note)
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    for c, column in enumerate(section.columns, start=1):
        texts = [display_text(column, row[c - 1]) for row in (*section.rows, *section.totals)]
        if column.kind is ColumnKind.MONEY:
            texts = [t + " XXX" for t in texts]
        width = max([len(heading_text(column)), *(len(t) for t in texts)]) + 2
        sheet.column_dimensions[get_column_letter(c)].width = max(8, min(50, width))


def _put(cell: SheetCell, text: str) -> SheetCell:
    """Write ``text`` as a text cell, never a formula (control characters a workbook cannot
    hold are dropped)."""
    text = workbook_text(text)
    cell.value = text
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def _put_value(cell: SheetCell, column: Column | None, value: Cell) -> SheetCell:
    if value is None:
        return cell
    if isinstance(value, str):
        return _put(cell, value)
    if isinstance(value, Money):
        cell.value = to_cents(value.amount)
        cell.number_format = money_format(value.currency)
    elif isinstance(value, Decimal) and column is not None:
        if column.kind is ColumnKind.MONEY:
            cell.value = to_cents(value)
            cell.number_format = money_format(column.currency)
        else:
            cell.value = value
            places = "." + "0" * column.places if column.places else ""
            cell.number_format = _FORMATS.get(column.kind, f"#,##0{places}")
    else:
        cell.value = value
        kind = column.kind if column is not None else _summary_kind(value)
        if kind in _FORMATS:
            cell.number_format = _FORMATS[kind]
    return cell


def _summary_kind(value: Cell) -> ColumnKind | None:
    for kind in (ColumnKind.DURATION, ColumnKind.TIME, ColumnKind.DATE, ColumnKind.INTEGER):
        if isinstance(value, _SUMMARY_TYPES[kind]):
            return kind
    return None


def _sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique sheet name: 31 characters at most, none of ``[]:*?/\\``."""
    base = _SHEET_NAME_FORBIDDEN.sub(" ", workbook_text(title)).strip(" '")[:31] or "Section"
    name, number = base, 1
    while name.lower() in used:
        number += 1
        suffix = f" ({number})"
        name = base[:31 - len(suffix)] + suffix
    used.add(name.lower())
    return name
