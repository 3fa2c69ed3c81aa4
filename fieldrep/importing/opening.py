"""Opening a file for a rep to map: read it (and list a workbook's sheets), or say why not;
what it holds, and a few sample values of each column.

A file that cannot be read is a value here (:class:`FileRead` with its ``error``), not an
exception: the import wizard shows the reason and lets the rep choose another file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fieldrep.geocoding.settings import geocoder_settings
from fieldrep.importing.plan import ImportPlan, read_plan
from fieldrep.importing.reader import EXCEL_SUFFIXES, ImportFileError, sheet_names
from fieldrep.importing.remembered import with_remembered_mapping
from fieldrep.store import Store

#: Sample values shown per column, and how many rows are scanned for them.
SAMPLES = 3
SAMPLE_SCAN_ROWS = 200


@dataclass(frozen=True)
class FileRead:
    """A file read for mapping: its plan with the guessed mapping, or why it failed.

    ``default_country``: the store's default country (ISO alpha-2, "" when unset), for which
    the rows' phones and postcodes are read when a row names no country of its own.
    """

    path: Path
    sheet: str | None
    sheets: tuple[str, ...]
    plan: ImportPlan | None
    error: str
    default_country: str = ""

    @classmethod
    def failed(cls, path: Path, sheet: str | None, error: str) -> FileRead:
        return cls(path, sheet, (), None, error)


@dataclass(frozen=True)
class FileContents:
    """What was found in a file: its rows below the header, its named columns, how many
    were recognised as account fields and whether one of them is the account name."""

    rows: int
    columns: int
    recognised: int
    has_name: bool


def read_file(path: Path, sheet: str | None = None, store: Store | None = None) -> FileRead:
    """Read ``path`` (``sheet`` of a workbook, the first when None) and guess its columns
    (the rep's choices for a file with the same headers first, when ``store`` is given)."""
    try:
        excel = path.suffix.lower() in EXCEL_SUFFIXES and path.is_file()
        sheets = tuple(sheet_names(path)) if excel else ()
        plan = read_plan(path, sheet=sheet)
        country = ""
        if store is not None:
            plan = with_remembered_mapping(store, plan)
            country = geocoder_settings(store).default_country
    except ImportFileError as exc:
        return FileRead.failed(path, sheet, str(exc))
    except OSError as exc:
        return FileRead.failed(path, sheet, f"{path.name}: {exc.strerror or exc}")
    return FileRead(path, plan.table.sheet or None, sheets, plan, "", country)


def file_contents(plan: ImportPlan) -> FileContents:
    """Count what ``plan``'s file holds (a column without a header is not counted)."""
    return FileContents(
        rows=len(plan.table.rows),
        columns=sum(1 for header in plan.table.headers if header),
        recognised=len(plan.mapping),
        has_name="name" in plan.mapping.values(),
    )


def column_samples(plan: ImportPlan, index: int, count: int = SAMPLES) -> list[str]:
    """The first few different non-empty values of column ``index`` (from the first rows)."""
    found: list[str] = []
    for _line, cells in plan.table.rows[:SAMPLE_SCAN_ROWS]:
        value = cells[index].strip() if index < len(cells) else ""
        if value and value not in found:
            found.append(value)
            if len(found) == count:
                break
    return found
