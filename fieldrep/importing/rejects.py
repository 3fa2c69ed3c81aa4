"""The rejected rows of an import, and the rows imported with warnings, written to a file a
rep can read, fix and import again."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from fieldrep.common.spreadsheet_text import neutralise
from fieldrep.importing.plan import ImportPlan
from fieldrep.importing.rows import RowError

#: How the problems of a row that was imported (with warnings) begin in the report.
IMPORTED = "imported anyway"


def write_rejects(path: Path, plan: ImportPlan, rejected: Sequence[RowError],
                  warnings: Sequence[RowError] = ()) -> None:
    """Write one line per rejected row: its line number, its problems, then the row as it
    was, so the rep can fix the cells and import this file again (the first two columns
    are ignored on import; a cell a spreadsheet would run as a formula gets the quote
    the importer removes).  Rows imported with ``warnings`` follow in file order, their
    problems starting with "imported anyway" (delete those lines before importing again)."""
    problems: dict[int, list[str]] = {}
    for error in rejected:
        problems.setdefault(error.line, []).append(_problem(error))
    for warning in warnings:
        if warning.line not in problems or problems[warning.line][0].startswith(IMPORTED):
            problems.setdefault(warning.line, [IMPORTED]).append(_problem(warning))
    rows = dict(plan.table.rows)
    with Path(path).open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "problems", *plan.table.headers])
        for line, reasons in sorted(problems.items()):
            cells = [line, "; ".join(reasons), *rows.get(line, [])]
            writer.writerow([neutralise(c) if isinstance(c, str) else c for c in cells])


def _problem(error: RowError) -> str:
    return f"{error.column}: {error.reason}" if error.column else error.reason
