"""Opening hours as typed, read back as a small week table under the field."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from fieldrep.common.hours import OpeningHoursError, parse_opening_hours
from ui.kit.colours import ERROR, MUTED, span

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def week_table(text: str) -> str:
    """Rich text: the week the hours read as, the reason they cannot be read, or "unknown"."""
    try:
        hours = parse_opening_hours(text)
    except OpeningHoursError as exc:
        return span(f"⚠ {html.escape(str(exc))}", ERROR)
    if not hours.known:
        return span("Unknown: visits are planned as if the account were open during your "
                    "working hours.", MUTED)
    cells = []
    for day, name in enumerate(DAY_NAMES):
        times = ", ".join(str(iv).replace("-", "–") for iv in hours.intervals(day))
        shown = html.escape(times) if times else span("closed", MUTED)
        cells.append(f"<td nowrap style='color:{MUTED}; padding-right:6px'>{name}</td>"
                     f"<td nowrap style='padding-right:18px'>{shown}</td>")
    rows = [cells[i] + (cells[i + 4] if i + 4 < len(cells) else "") for i in range(4)]
    return ("<table cellspacing=0 cellpadding=0>"
            + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>")


class HoursPreview(QLabel):
    """Mon–Thu on the left, Fri–Sun on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setMinimumHeight(4 * self.fontMetrics().lineSpacing() + 6)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

    def show_hours(self, text: str) -> None:
        self.setText(week_table(text))
