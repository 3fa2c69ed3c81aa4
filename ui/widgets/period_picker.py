"""A period to report on: this or last week or month, or any two days."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from fieldrep.visits.activity import period_of

PERIODS = ("This week", "Last week", "This month", "Last month", "Other period")


def period_dates(choice: str, today: date) -> tuple[date, date] | None:
    """The days of a named period around ``today`` (None for "Other period")."""
    if choice == "This week":
        return period_of("week", today)
    if choice == "Last week":
        return period_of("week", today - timedelta(days=7))
    if choice == "This month":
        return period_of("month", today)
    if choice == "Last month":
        return period_of("month", today.replace(day=1) - timedelta(days=1))
    return None


class PeriodPicker(QWidget):
    """A named period or two days; ``changed`` once each time the period moves.  The
    constructor sets the first period silently: the owner loads its data itself."""

    changed = Signal()

    def __init__(self, today: date, choice: str = "This week", label: str = "Period",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.period = QComboBox()
        self.period.addItems(PERIODS)
        self.period.setCurrentText(choice)
        self.first = QDateEdit(calendarPopup=True, displayFormat="d MMM yyyy")
        self.last = QDateEdit(calendarPopup=True, displayFormat="d MMM yyyy")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel(label), self.period, self.first, QLabel("to"), self.last):
            row.addWidget(widget)
        self._chosen(choice, announce=False)
        self.period.currentTextChanged.connect(self._chosen)
        self.first.dateChanged.connect(lambda _d: self.changed.emit())
        self.last.dateChanged.connect(lambda _d: self.changed.emit())

    def dates(self) -> tuple[date, date]:
        return self.first.date().toPython(), self.last.date().toPython()

    def _chosen(self, choice: str, announce: bool = True) -> None:
        span = period_dates(choice, self.today)
        self.first.setEnabled(span is None)
        self.last.setEnabled(span is None)
        if span is None:
            return
        for edit, day in zip((self.first, self.last), span, strict=True):
            edit.blockSignals(True)
            edit.setDate(QDate(day))
            edit.blockSignals(False)
        if announce:
            self.changed.emit()
