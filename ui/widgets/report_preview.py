"""A report (see :mod:`fieldrep.reports`) as escaped HTML, to preview it before exporting,
and the row of export buttons under a preview."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from fieldrep.reports import Report
from fieldrep.reports.formatting import display_text, heading_text
from ui.kit.colours import HEADER_BACKGROUND, MUTED, span

FORMATS = {"csv": "CSV (*.csv)", "xlsx": "Excel workbook (*.xlsx)", "pdf": "PDF (*.pdf)"}


def export_bar(status: QLabel, choose: Callable[[str], None], close: Callable[[], object]
               ) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """The status line, one Export button per format (``choose(suffix)``) and Close."""
    bar = QHBoxLayout()
    bar.addWidget(status, 1)
    buttons = {}
    for suffix in FORMATS:
        button = QPushButton(f"Export {suffix.upper()}…")
        button.clicked.connect(lambda _c=False, s=suffix: choose(s))
        buttons[suffix] = button
        bar.addWidget(button)
    close_button = QPushButton("Close")
    close_button.clicked.connect(close)
    bar.addWidget(close_button)
    return bar, buttons


def report_html(report: Report) -> str:
    """Title, period, summary and every table, as the exported files show them."""
    e = html.escape
    parts = [f"<h2 style='margin-bottom:0'>{e(report.title)}</h2>"]
    if report.period:
        parts.append(f"<div style='color:{MUTED}'>{e(report.period)}</div>")
    if report.summary:
        rows = "".join(f"<tr><td style='color:{MUTED}'>{e(line.label)}</td>"
                       f"<td><b>{e(display_text(None, line.value))}</b></td></tr>"
                       for line in report.summary)
        parts.append(f"<table cellspacing=3 style='margin-top:8px'>{rows}</table>")
    for section in report.sections:
        parts.append(f"<h3 style='margin-bottom:2px'>{e(section.title)}</h3>")
        head = "".join(
            f"<th align={'right' if c.is_numeric else 'left'} bgcolor='{HEADER_BACKGROUND}'>"
            f"{e(heading_text(c))}</th>" for c in section.columns)
        body = []
        for row, bold in [*((r, False) for r in section.rows),
                          *((r, True) for r in section.totals)]:
            cells = "".join(
                f"<td align={'right' if c.is_numeric else 'left'}>"
                + (f"<b>{e(display_text(c, v))}</b>" if bold else e(display_text(c, v)))
                + "</td>" for c, v in zip(section.columns, row, strict=True))
            body.append(f"<tr>{cells}</tr>")
        if not section.rows:
            body.append(f"<tr><td colspan={len(section.columns)}>"
                        f"{span('nothing in this period', MUTED)}</td></tr>")
        parts.append(f"<table cellspacing=0 cellpadding=3 border=0><tr>{head}</tr>"
                     f"{''.join(body)}</table>")
        if section.note:
            parts.append(f"<div style='color:{MUTED}; font-size:small'>{e(section.note)}</div>")
    return "".join(parts)
