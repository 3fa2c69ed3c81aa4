"""Write a report as one CSV file: title, summary, then each section's table in turn.

Sections are stacked, each under a line with its title and followed by a blank line, so
the file opens as one readable sheet.  UTF-8 with a byte-order mark, so Excel reads
accents right.  Numbers carry no grouping mark (``1234.50``); every text cell is
neutralised so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
from pathlib import Path

from fieldrep.common.spreadsheet_text import neutralise
from fieldrep.reports.formatting import csv_text, display_text, heading_text
from fieldrep.reports.model import Report
from fieldrep.reports.target import atomic_target


def write_csv(report: Report, path: Path) -> Path:
    """Write ``report`` to ``path`` (a ``.csv`` file) and return the path."""
    with atomic_target(path, ".csv") as partial, partial.open(
            "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        for line in report_lines(report):
            writer.writerow([neutralise(cell) for cell in line])
    return Path(path)


def report_lines(report: Report) -> list[list[str]]:
    """The CSV lines of ``report``, before neutralisation."""
    lines: list[list[str]] = [[report.title]]
    if report.period:
        lines.append([report.period])
    if report.summary:
        lines.append([])
        lines += [[s.label, display_text(None, s.value)] for s in report.summary]
    for section in report.sections:
        lines += [[], [section.title]]
        lines.append([heading_text(c) for c in section.columns])
        for row in (*section.rows, *section.totals):
            lines.append([csv_text(c, v) for c, v in zip(section.columns, row, strict=True)])
        if section.note:
            lines.append([section.note])
    return lines
