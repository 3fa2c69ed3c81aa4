"""The bounds the reader keeps on any file, so that no file can hang the import or fill memory.

A file is read into memory whole (:class:`~fieldrep.importing.reader.Table`), so everything
that decides time and memory is bounded before or while it is read: the size on disk, what
a workbook's parts unpack to (checked from the zip's directory before any XML is parsed),
rows, columns, cells, the length of one cell and the text kept in all. The first limit
passed ends the read with an :class:`ImportLimitError` that names the file, the line (and
column) where it applies, and the limit. The defaults are far above any export a rep
imports (a 100,000-row CRM export is about 25 MB, 20 columns, cells under a few hundred
characters; the app is measured with stores of 100,000 accounts) and far below what would
stall the machine: at the limits, a read holds well under a gigabyte
(``benchmarks/hostile_files.py`` measures it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fieldrep.importing.errors import ImportLimitError

MB = 1024 * 1024
#: Excel's own bounds: the last row of a sheet and the longest text a cell can hold.
EXCEL_ROWS = 1_048_576
EXCEL_CELL_CHARS = 32_767


@dataclass(frozen=True)
class ReadLimits:
    """How much one file may hold; each field's name is the ``limit`` of its refusal."""

    file_bytes: int = 64 * MB  # on disk: the CSV, or the XLSX zip
    unpacked_bytes: int = 256 * MB  # all parts of a workbook once unpacked
    unpack_ratio: int = 100  # a part's unpacked size ÷ its packed size…
    ratio_floor_bytes: int = 4 * MB  # …checked for parts that unpack to more than this
    parts: int = 10_000  # files inside a workbook's zip
    rows: int = 200_000  # data rows below the header
    columns: int = 2_000  # cells in one row
    separators: int = 40_000  # in one CSV row: its columns', and those in quoted text
    cells: int = 5_000_000  # cells in all rows
    cell_chars: int = EXCEL_CELL_CHARS  # characters in one cell
    text_chars: int = 64_000_000  # characters in all cells: the text kept in memory


DEFAULT_LIMITS = ReadLimits()
_HEADER_SHOWN = 40  # characters of a header named in a message


def size_text(size: int) -> str:
    """A byte count as a rep reads it: ``"12.5 MB"``, ``"3.2 KB"``."""
    return f"{size / MB:,.1f} MB" if size >= MB else f"{size / 1024:,.1f} KB"


def refuse(where: str, what: str, limit: str, bound: str, advice: str = "") -> ImportLimitError:
    """The refusal ``"<where>: <what> is over the limit of <bound>[; advice]"``."""
    return ImportLimitError(f"{where}: {what} is over the limit of {bound}"
                            + (f"; {advice}" if advice else ""), limit)


def check_file_size(name: str, size: int, limits: ReadLimits) -> None:
    """Refuse a file larger on disk than ``limits.file_bytes``."""
    if size > limits.file_bytes:
        raise refuse(name, f"the file's size of {size_text(size)}", "file_bytes",
                     f"{size_text(limits.file_bytes)} for a file to import",
                     "split it into smaller files")


class TableBudget:
    """Counts what a read keeps, row by row, and refuses the row that passes a limit."""

    def __init__(self, name: str, limits: ReadLimits) -> None:
        self.name = name
        self.limits = limits
        self.rows = 0
        self.cells = 0
        self.chars = 0

    def take(self, line: int, cells: Sequence[str], headers: Sequence[str] | None) -> None:
        """Count the row ``cells`` at file line ``line`` (``headers`` None: it is the header)."""
        limits = self.limits
        size = sum(map(len, cells))
        self.rows += headers is not None
        self.cells += len(cells)
        self.chars += size
        if (len(cells) > limits.columns or size > limits.cell_chars or self.rows > limits.rows
                or self.cells > limits.cells or self.chars > limits.text_chars):
            self._refuse(line, cells, headers)  # the checks one by one, in the slow path

    def _refuse(self, line: int, cells: Sequence[str], headers: Sequence[str] | None) -> None:
        """Raise for the first limit the row passes; a long row of cells each within the
        limit for one cell passes."""
        limits = self.limits
        where = f"{self.name}, line {line:,}"
        if len(cells) > limits.columns:
            raise refuse(where, f"a row of {len(cells):,} columns", "columns",
                         f"{limits.columns:,} columns")
        longest = max(map(len, cells), default=0)
        if longest > limits.cell_chars:
            index = next(i for i, cell in enumerate(cells) if len(cell) == longest)
            raise refuse(f"{where}, {column_name(index, headers)}",
                         f"a cell of {longest:,} characters", "cell_chars",
                         f"{limits.cell_chars:,} characters for one cell (Excel's too)")
        if self.rows > limits.rows:
            raise refuse(where, f"more than {limits.rows:,} rows", "rows",
                         f"{limits.rows:,} rows for one import", "split the file")
        if self.cells > limits.cells:
            raise refuse(where, f"more than {limits.cells:,} cells", "cells",
                         f"{limits.cells:,} cells for one import", "split the file")
        if self.chars > limits.text_chars:
            raise refuse(where, f"more than {limits.text_chars:,} characters of text",
                         "text_chars", f"{limits.text_chars:,} characters for one import",
                         "split the file")

    def too_many_separators(self, line: int, delimiter: str) -> ImportLimitError:
        """The refusal of a CSV row with more separators than any row within the limits."""
        return refuse(f"{self.name}, line {line:,}",
                      f"a row of more than {self.limits.separators:,} {delimiter!r} separators",
                      "separators", f"{self.limits.separators:,} separators in one row "
                      f"({self.limits.columns:,} columns, and those in quoted text)")

    def too_long_cell(self, line: int, longer_than: int) -> ImportLimitError:
        """The refusal of a cell the CSV parser itself stopped at (its column unknown)."""
        return refuse(f"{self.name}, line {line:,}", f"a cell of more than {longer_than:,} "
                      "characters", "cell_chars",
                      f"{self.limits.cell_chars:,} characters for one cell (Excel's too)")


def column_name(index: int, headers: Sequence[str] | None) -> str:
    """``column 'Notes'`` by its header, else ``column 7`` (1-based) when it has none."""
    header = headers[index] if headers is not None and index < len(headers) else ""
    if len(header) > _HEADER_SHOWN:
        header = header[:_HEADER_SHOWN] + "…"
    return f"column {header!r}" if header else f"column {index + 1}"
