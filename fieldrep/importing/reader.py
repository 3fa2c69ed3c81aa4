"""Read a spreadsheet (CSV in any common delimiter and encoding, or an XLSX sheet) as text rows.

Every row keeps the line number a rep sees in their editor or in Excel, so a rejected row
can be named precisely.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from fieldrep.common.errors import FieldRepError

DELIMITERS = (",", ";", "\t", "|")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_SAMPLE_ROWS = 50


class ImportFileError(FieldRepError, ValueError):
    """The file as a whole cannot be read; the message says why in one line."""


@dataclass(frozen=True)
class Table:
    """A sheet read as text: the header cells and the data rows with their line numbers."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""


def sheet_names(path: Path) -> list[str]:
    """The sheets of an XLSX workbook (empty for CSV)."""
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return []
    workbook = _open_workbook(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def read_table(path: Path, sheet: str | None = None) -> Table:
    """Read ``path`` (CSV or XLSX, ``sheet`` by name or 1-based number) into a :class:`Table`."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(f"{path.name}: old .xls workbooks are not supported; "
                              "save it as .xlsx or .csv")
    if suffix in EXCEL_SUFFIXES:
        return _read_xlsx(path, sheet)
    if sheet:
        raise ImportFileError(f"{path.name}: only an Excel workbook has worksheets to choose from")
    return _read_csv(path)


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the most, and most regular, columns."""
    sample = text.splitlines()[:_SAMPLE_ROWS]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        lengths = [len(r) for r in csv.reader(sample, delimiter=delimiter) if any(r)]
        if not lengths or lengths[0] < 2:
            continue
        regular = sum(1 for n in lengths if n == lengths[0])
        score = (regular, lengths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path) -> Table:
    text, encoding = decode(path.read_bytes())
    if "\x00" in text:
        raise ImportFileError(f"{path.name}: this is not a text (CSV) file")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if headers is None:
                headers = [cell.strip() for cell in record]
            else:
                rows.append((line, record))
    except csv.Error as exc:
        raise ImportFileError(f"{path.name}, line {reader.line_num}: {exc}") from exc
    if headers is None:
        raise ImportFileError(f"{path.name}: the file is empty")
    return Table(headers=headers, rows=rows, encoding=encoding, delimiter=delimiter)


def _open_workbook(path: Path) -> Workbook:
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(f"{path.name}: not a readable Excel workbook ({exc})") from exc


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    workbook = _open_workbook(path)
    try:
        names = list(workbook.sheetnames)
        if sheet is None:
            name = names[0]
        elif sheet in names:
            name = sheet
        elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
            name = names[int(sheet) - 1]
        else:
            raise ImportFileError(
                f"{path.name}: no sheet {sheet!r}; the sheets are {', '.join(names)}")
        headers: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(workbook[name].iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if headers is None:
                headers = [c.strip() for c in cells]
            else:
                rows.append((number, cells))
    finally:
        workbook.close()
    if headers is None:
        raise ImportFileError(f"{path.name}: sheet {name!r} is empty")
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers=headers, rows=rows, sheet=name)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)

