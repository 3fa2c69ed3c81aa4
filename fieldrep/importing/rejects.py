"""The rejected rows of an import written to a file a rep can fix and import again."""

from __future__ import annotations

import csv
from pathlib import Path

from fieldrep.importing.plan import ImportPlan
from fieldrep.importing.rows import RowError


def write_rejects(path: Path, plan: ImportPlan, rejected: list[RowError]) -> None:
    """Write one line per rejected row: its line number, its problems, then the row as it
    was, so the rep can fix the cells and import this file again (the first two columns
    are ignored on import)."""
    problems: dict[int, list[str]] = {}
    for error in rejected:
        problems.setdefault(error.line, []).append(
            f"{error.column}: {error.reason}" if error.column else error.reason)
    rows = dict(plan.table.rows)
    with Path(path).open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "problems", *plan.table.headers])
        for line, reasons in sorted(problems.items()):
            writer.writerow([line, "; ".join(reasons), *rows.get(line, [])])
