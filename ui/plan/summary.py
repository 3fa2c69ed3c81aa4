"""Under the day: its totals, the problems of an order made by hand, and the page's
status line (what just happened, or what went wrong)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fieldrep.planning.model import DayPlan
from ui.kit.colours import (
    ERROR,
    MUTED,
    TEXT,
    WARNING,
    WARNING_BACKGROUND,
    WARNING_BORDER,
    text_style,
)
from ui.kit.labels import plain_label
from ui.kit.words import plural


def duration(seconds: int) -> str:
    """``45 min``, ``2 h 05 min``."""
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def day_totals(day: DayPlan, travel_note: str = "") -> str:
    """A day's figures in one line (and the travel model's note under it)."""
    t = day.totals
    # Two lines, so a narrow window never wraps inside a figure.
    text = (f"{day.day:%A %d %B}: {plural(len(day.stops), 'visit')}, out "
            f"{day.departure:%H:%M}–{day.return_time:%H:%M}\ndriving "
            f"{duration(t.drive_seconds)}, {t.distance_metres / 1000:.1f} km · meetings "
            f"{duration(t.meeting_seconds)} · idle {duration(t.idle_seconds)}")
    if t.break_seconds:
        text += f" · lunch {duration(t.break_seconds)}"
    return f"{text}\n{travel_note}" if travel_note else text


def _label(style: str) -> QLabel:
    label = plain_label()
    label.setStyleSheet(style)
    return label


class Summary(QWidget):
    """The totals of the day shown, its problems (when it has some) and the status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.totals = _label(f"padding: 4px 2px; {text_style(TEXT)}")
        self.warnings = _label(f"background: {WARNING_BACKGROUND}; {text_style(WARNING)} "
                               f"border: 1px solid {WARNING_BORDER}; border-radius: 4px; "
                               "padding: 6px;")
        self.warnings.setVisible(False)
        self.status = _label(text_style(MUTED))
        self.status.setText("Choose accounts, then Optimise.")
        self.problems: tuple[str, ...] = ()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.totals)
        box.addWidget(self.warnings)
        box.addWidget(self.status)

    def show_day(self, day: DayPlan | None, travel_note: str) -> None:
        self.totals.setText("" if day is None else day_totals(day, travel_note))
        self.show_problems(() if day is None else day.problems)

    def show_problems(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        if problems:
            self.warnings.setText("This order has problems:\n"
                                  + "\n".join(f"• {p}" for p in problems))
        self.warnings.setVisible(bool(problems))

    def show_info(self, text: str) -> None:
        self.status.setStyleSheet(text_style(MUTED))
        self.status.setText(text)

    def show_error(self, text: str) -> None:
        self.status.setStyleSheet(f"{text_style(ERROR)} font-weight: bold")
        self.status.setText(text)
