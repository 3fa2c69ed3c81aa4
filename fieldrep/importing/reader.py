"""Read a spreadsheet (CSV in any common delimiter and encoding, or an XLSX sheet) as text rows.

Every row keeps the line number a rep sees in their editor or in Excel, so a rejected row
can be named precisely. Any file, however broken or hostile, ends in a :class:`Table` or in
one :class:`ImportFileError` naming the file (and the limit passed, see
:mod:`fieldrep.importing.limits`); workbooks are read by :mod:`fieldrep.importing.xlsx`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from fieldrep.importing import xlsx
from fieldrep.importing.errors import ImportFileError as ImportFileError
from fieldrep.importing.limits import DEFAULT_LIMITS, ReadLimits, TableBudget, check_file_size
from fieldrep.importing.table import Table as Table

DELIMITERS = (",", ";", "\t", "|")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_SAMPLE_ROWS = 50
_SAMPLE_CHARS = 1_000_000  # of the text, for the delimiter: 50 rows fit many times over
_SNIFF_BYTES = 4096  # for UTF-16 without a byte-order mark
_CSV_FIELD_LIMIT = "field larger than field limit"


def sheet_names(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> list[str]:
    """The sheets of an XLSX workbook (empty for CSV)."""
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return []
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    return xlsx.sheet_names(path, limits)


def read_table(path: Path, sheet: str | None = None,
               limits: ReadLimits = DEFAULT_LIMITS) -> Table:
    """Read ``path`` (CSV or XLSX, ``sheet`` by name or 1-based number) into a :class:`Table`,
    within ``limits``."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(f"{path.name}: old .xls workbooks are not supported; "
                              "save it as .xlsx or .csv")
    if suffix in EXCEL_SUFFIXES:
        return xlsx.read_sheet(path, sheet, limits)
    if sheet:
        raise ImportFileError(f"{path.name}: only an Excel workbook has worksheets to choose from")
    return _read_csv(path, limits)


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes: UTF-8 (with or without BOM), UTF-32 or UTF-16 with BOM, UTF-16
    without BOM (ASCII text with every other byte zero), else cp1252, else latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32", errors="replace"), "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    bare_utf16 = _utf16_without_bom(data[:_SNIFF_BYTES])
    if bare_utf16:
        return data.decode(bare_utf16, errors="replace"), bare_utf16
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _utf16_without_bom(sample: bytes) -> str:
    """``utf-16-le``/``-be`` when most characters of ``sample`` have a zero high byte on the
    same side and none on the other (text in Latin letters saved as UTF-16), else ``""``."""
    pairs = len(sample) // 2
    if pairs < 2:
        return ""
    even_zeros = sample[0:pairs * 2:2].count(0)
    odd_zeros = sample[1:pairs * 2:2].count(0)
    if odd_zeros >= pairs * 0.6 and even_zeros == 0:
        return "utf-16-le"
    if even_zeros >= pairs * 0.6 and odd_zeros == 0:
        return "utf-16-be"
    return ""


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the most, and most regular, columns."""
    lines = text[:_SAMPLE_CHARS].splitlines()
    if len(text) > _SAMPLE_CHARS and 1 < len(lines) <= _SAMPLE_ROWS:
        lines.pop()  # cut short
    sample = lines[:_SAMPLE_ROWS]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            lengths = [len(r) for r in csv.reader(sample, delimiter=delimiter) if any(r)]
        except csv.Error:
            continue
        if not lengths or lengths[0] < 2:
            continue
        regular = sum(1 for n in lengths if n == lengths[0])
        score = (regular, lengths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path, limits: ReadLimits) -> Table:
    check_file_size(path.name, path.stat().st_size, limits)
    text, encoding = decode(path.read_bytes())
    if "\x00" in text:
        raise ImportFileError(f"{path.name}: this is not a text (CSV) file")
    delimiter = sniff_delimiter(text)
    budget = TableBudget(path.name, limits)
    lines = _SeparatorGuard(_lines(text), delimiter, budget)
    reader = csv.reader(lines, delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            lines.separators = 0
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            budget.take(line, record, headers)
            if headers is None:
                headers = [cell.strip() for cell in record]
            else:
                rows.append((line, record))
    except csv.Error as exc:
        if str(exc).startswith(_CSV_FIELD_LIMIT):
            raise budget.too_long_cell(reader.line_num, csv.field_size_limit()) from exc
        raise ImportFileError(f"{path.name}, line {reader.line_num}: {exc}") from exc
    if headers is None:
        raise ImportFileError(f"{path.name}: the file is empty")
    return Table(headers=headers, rows=rows, encoding=encoding, delimiter=delimiter)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings (``\n``, ``\r\n`` or ``\r``), as
    ``io.StringIO(text, newline="")`` gives them but without its copy of the whole text
    (four bytes a character: 240 MB for a 60 MB file)."""
    return (match.group() for match in _LINE.finditer(text))


class _SeparatorGuard:
    """The lines of a CSV, for ``csv.reader``, refusing a row (the lines since ``separators``
    was last set to 0) with more separators than ``limits.separators``.

    ``csv.reader`` builds a whole row before handing it over: a file of 60 MB of commas would
    be a row of 60 million cells, gigabytes, before any limit could count its columns.
    """

    def __init__(self, lines: Iterator[str], delimiter: str, budget: TableBudget) -> None:
        self.lines = lines
        self.delimiter = delimiter
        self.budget = budget
        self.separators = 0
        self.line = 0

    def __iter__(self) -> _SeparatorGuard:
        return self

    def __next__(self) -> str:
        text = next(self.lines)
        self.line += 1
        self.separators += text.count(self.delimiter)
        if self.separators > self.budget.limits.separators:
            raise self.budget.too_many_separators(self.line, self.delimiter)
        return text
