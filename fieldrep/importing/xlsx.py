"""Read one sheet of an XLSX workbook as text rows, whatever the file holds.

Before openpyxl parses any XML, the zip's directory is checked: how many parts, what they
unpack to in all and how far each one expands (a "zip bomb" of a few hundred KB can unpack
to gigabytes); Python's zipfile never unpacks more than a part's declared size, so the
check holds. Then the cells of each part are counted (:mod:`~fieldrep.importing.xlsx_scan`).
openpyxl then reads in read-only mode (streaming the sheet) through ``defusedxml``, which
refuses XML entities (external files, expanding text). The sheet's
declared dimensions are dropped, so a forged ``A1:XFD1048576`` cannot make it pad every row
to 16,384 cells and a million rows; what is read is counted by
:class:`~fieldrep.importing.limits.TableBudget`. openpyxl can fail in many ways on a broken
part (missing or garbage XML, bad numbers, truncated data), so any failure while it reads
becomes the one-line :class:`ImportFileError` "not a readable Excel workbook (why)".
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from defusedxml import DefusedXmlException

from fieldrep.importing.errors import ImportFileError
from fieldrep.importing.limits import (
    EXCEL_ROWS,
    ReadLimits,
    TableBudget,
    check_file_size,
    refuse,
    size_text,
)
from fieldrep.importing.table import Table
from fieldrep.importing.xlsx_scan import check_part_cells

if TYPE_CHECKING:  # openpyxl loads with the first workbook read, not with the app
    from openpyxl import Workbook

_REASON_CHARS = 120  # of openpyxl's own words in a refusal
_CAUSES = 10  # followed back from openpyxl's error to the first


def check_archive(path: Path, limits: ReadLimits) -> None:
    """Refuse a workbook whose zip is unreadable or would unpack past ``limits``."""
    check_file_size(path.name, path.stat().st_size, limits)
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        if len(parts) > limits.parts:
            raise refuse(path.name, f"a workbook of {len(parts):,} parts", "parts",
                         f"{limits.parts:,} parts in a workbook")
        unpacked = sum(part.file_size for part in parts)
        if unpacked > limits.unpacked_bytes:
            raise refuse(path.name, f"unpacking to {size_text(unpacked)}", "unpacked_bytes",
                         f"{size_text(limits.unpacked_bytes)} unpacked for a workbook",
                         "split it into smaller files")
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > limits.ratio_floor_bytes and ratio > limits.unpack_ratio:
                raise refuse(path.name, f"part {part.filename!r} unpacking to {ratio:,.0f} "
                             "times its packed size", "unpack_ratio",
                             f"{limits.unpack_ratio:,} times (a 'zip bomb', not a spreadsheet)")
        check_part_cells(path.name, archive, limits)


@contextmanager
def open_workbook(path: Path, limits: ReadLimits) -> Iterator[Workbook]:
    """The workbook at ``path`` read-only, closed after; any failure reading it, in the
    ``with`` body too, is an :class:`ImportFileError`."""
    try:
        check_archive(path, limits)
    except ImportFileError:
        raise
    except Exception as exc:  # not a zip, a part that cannot be unpacked, a bad offset
        raise _unreadable(path, exc) from exc
    from openpyxl import load_workbook

    with path.open("rb") as handle:  # closed here even when openpyxl fails half-way
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except ImportFileError:
            raise
        except Exception as exc:  # openpyxl on a broken part: see the module's docstring
            raise _unreadable(path, exc) from exc
        try:
            yield workbook
        except ImportFileError:
            raise
        except Exception as exc:  # raised while the sheet streams
            raise _unreadable(path, exc) from exc
        finally:
            workbook.close()


def sheet_names(path: Path, limits: ReadLimits) -> list[str]:
    """The names of the workbook's sheets, in order."""
    with open_workbook(path, limits) as workbook:
        return list(workbook.sheetnames)


def read_sheet(path: Path, sheet: str | None, limits: ReadLimits) -> Table:
    """Read ``sheet`` (a name or a 1-based number; the first when None) of ``path``."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    with open_workbook(path, limits) as workbook:
        name = _choose_sheet(path, list(workbook.sheetnames), sheet)
        worksheet = workbook[name]
        if isinstance(worksheet, ReadOnlyWorksheet):
            worksheet.reset_dimensions()
        budget = TableBudget(path.name, limits)
        headers: list[str] | None = None
        width = 0
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if number > EXCEL_ROWS:
                raise refuse(f"{path.name}, line {number:,}", "a row past Excel's last one",
                             "rows", f"{EXCEL_ROWS:,} rows in a sheet")
            cells = [cell_text(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            budget.take(number, cells, headers)
            if headers is None:
                headers, width = [c.strip() for c in cells], len(cells)
            else:
                rows.append((number, cells + [""] * (width - len(cells))))
    if headers is None:
        raise ImportFileError(f"{path.name}: sheet {name!r} is empty")
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers=headers, rows=rows, sheet=name)


def _choose_sheet(path: Path, names: list[str], sheet: str | None) -> str:
    if not names:
        raise ImportFileError(f"{path.name}: the workbook has no sheet")
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return names[int(sheet) - 1]
    raise ImportFileError(f"{path.name}: no sheet {sheet!r}; the sheets are {', '.join(names)}")


def _unreadable(path: Path, exc: BaseException) -> ImportFileError:
    """"not a readable Excel workbook", with the first cause of openpyxl's failure (it wraps
    a failure to read a sheet in a message of its own that names the whole path)."""
    chain = [exc]
    while len(chain) < _CAUSES and (cause := chain[-1].__cause__ or chain[-1].__context__):
        chain.append(cause)
    exc = chain[-1]
    if any(isinstance(link, DefusedXmlException) for link in chain):
        return ImportFileError(f"{path.name}: not a readable Excel workbook (its XML declares "
                               "entities, links to other files or expanding text, refused "
                               "as unsafe)")
    reason = " ".join(str(exc).split()) or type(exc).__name__
    if len(reason) > _REASON_CHARS:
        reason = reason[:_REASON_CHARS] + "…"
    return ImportFileError(f"{path.name}: not a readable Excel workbook ({reason})")


def cell_text(value: object) -> str:
    """A cell's value as the text a rep sees in Excel (numbers without a trailing ``.0``)."""
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
