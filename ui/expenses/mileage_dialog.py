"""Mileage from the plans and the visits: pick a day or a week, see each day's distance
(planned, checked in, recorded), the rate and the amount, then save them as expenses; or
type a day's two odometer readings."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, timedelta
from functools import partial

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldrep.common.money import total
from fieldrep.expenses.mileage import metres_to_unit
from fieldrep.expenses.mileage_service import (
    MileageLine,
    SavedMileage,
    mileage_lines,
    save_mileage,
)
from fieldrep.expenses.records import ExpenseRecord, MileageSource
from fieldrep.expenses.settings import ExpenseSettings, expense_settings
from fieldrep.store import Store
from fieldrep.usecases.expense_form import save_odometer
from ui.kit.colours import HEADER_BACKGROUND, MUTED, span
from ui.kit.errors import error_label, show_error_in
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.kit.words import plural

SOURCES = {"Visits where logged, else the plan": None,
           "Planned routes only": MileageSource.PLAN,
           "Visits checked in only": MileageSource.VISITS}


class MileageDialog(QDialog):
    """Preview a day's or a week's mileage, then save it; ``saved`` carries the result."""

    saved = Signal(object)

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None, *,
                 day: date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.job: Job | None = None
        self.lines: list[MileageLine] = []
        self.setWindowTitle("Mileage from plans and visits")
        start = day or date.today()
        self.day = QDateEdit(QDate(start), calendarPopup=True,
                             displayFormat="ddd d MMM yyyy")
        self.span = QComboBox()
        self.span.addItems(("Day", "Week (Mon–Sun)"))
        self.source = QComboBox()
        self.source.addItems(SOURCES)
        self.commute = QCheckBox("Leave out the commute (home → first visit, last → home)")
        self.preview = QTextBrowser()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = error_label()
        self._failed = partial(show_error_in, self.error)
        self.save_button = QPushButton("Save as mileage expenses")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        self.odometer_start = QSpinBox(maximum=9_999_999, prefix="from ")
        self.odometer_end = QSpinBox(maximum=9_999_999, prefix="to ")
        self.odometer_button = QPushButton("Save from the odometer")
        self.odometer_button.setToolTip("A mileage expense for the day shown, from the two "
                                        "readings, in the unit of that day's rate")
        self.odometer_button.clicked.connect(self.save_odometer)
        odometer = QHBoxLayout()
        for widget in (QLabel("Or the odometer of that day:"), self.odometer_start,
                       self.odometer_end, self.odometer_button):
            odometer.addWidget(widget)
        odometer.addStretch(1)
        top = QHBoxLayout()
        for widget in (QLabel("Mileage of the"), self.span, QLabel("of"), self.day,
                       QLabel("from"), self.source):
            top.addWidget(widget)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.commute)
        layout.addWidget(self.preview, 1)
        layout.addLayout(odometer)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.resize(820, 520)
        self.day.dateChanged.connect(lambda _d: self.refresh())
        for box in (self.span, self.source):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.commute.toggled.connect(lambda _on: self.refresh())
        self.status.setText("Working out the distances…")
        self.job = Operation(tasks, lambda _job: expense_settings(store), self._start,
                             on_failure=self._failed).run()

    def _start(self, settings: ExpenseSettings) -> None:
        """The commute as the settings say (not a change of the rep's), then the preview."""
        self.commute.blockSignals(True)
        self.commute.setChecked(settings.exclude_commute)
        self.commute.blockSignals(False)
        self.refresh()

    def period(self) -> tuple[date, date]:
        day: date = self.day.date().toPython()
        if self.span.currentIndex() == 0:
            return day, day
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)

    def refresh(self) -> Job:
        """Work out the period's mileage on the worker and show it."""
        store, (first, last) = self.store, self.period()
        source, commute = SOURCES[self.source.currentText()], self.commute.isChecked()
        self.status.setText("Working out the distances…")
        self.save_button.setEnabled(False)

        def work(_job: Job) -> list[MileageLine]:
            return mileage_lines(store, first, last, source=source, commute=commute)

        self.job = Operation(self.tasks, work, self._show, on_failure=self._failed).run()
        return self.job

    def _show(self, lines: Sequence[MileageLine]) -> None:
        show_error_in(self.error, "")
        self.lines = list(lines)
        self.preview.setHtml(mileage_html(self.lines))
        if not self.lines:
            self.status.setText("No driving known in this period: save the day's plan, or "
                                "log the visits with their check-in times.")
            return
        amount = total(line.priced.amount for line in self.lines)
        replaced = sum(1 for line in self.lines if line.existing is not None)
        self.status.setText(f"{plural(len(self.lines), 'day')}: {amount:,.2f} "
                            f"{self.lines[0].priced.currency}"
                            + (f" — replaces {plural(replaced, 'mileage expense')} made "
                               "before" if replaced else ""))
        self.save_button.setEnabled(True)

    def save(self) -> Job:
        store, (first, last) = self.store, self.period()
        source, commute = SOURCES[self.source.currentText()], self.commute.isChecked()

        def work(_job: Job) -> SavedMileage:
            return save_mileage(store, first, last, source=source, commute=commute)

        def done(result: SavedMileage) -> None:
            skipped = "".join(f"<br>Not saved: {html.escape(s)}" for s in result.skipped)
            self.status.setText(f"{plural(len(result.saved), 'mileage expense')} saved."
                                f"{skipped}")
            self.save_button.setEnabled(False)
            self.saved.emit(result)

        self.save_button.setEnabled(False)
        self.job = Operation(self.tasks, work, done, on_failure=self._failed).run()
        return self.job

    def save_odometer(self) -> Job:
        """A mileage expense for the day from its odometer readings, on the worker (refused
        with the reason when they go down or no rate covers the day)."""
        store, day = self.store, self.period()[0]
        start, end = self.odometer_start.value(), self.odometer_end.value()

        def saved(record: ExpenseRecord) -> None:
            show_error_in(self.error, "")
            self.status.setText(f"Mileage from the odometer saved: {record.entry.amount} "
                                f"{record.entry.currency} on {day:%a %d %b}.")
            self.saved.emit(record)

        self.job = Operation(self.tasks, lambda _job: save_odometer(store, day, start, end),
                             saved, on_failure=self._failed).run()
        return self.job


def mileage_html(lines: Sequence[MileageLine]) -> str:
    """One row a day: where the distance comes from, the route, distances, rate, amount."""
    e = html.escape
    head = ("<tr>" + "".join(
        f"<th align=left bgcolor='{HEADER_BACKGROUND}'>{h}</th>" for h in (
        "Day", "From", "Route", "Planned", "Driven", "Commute", "Claimed", "Rate",
        "Amount")) + "</tr>")
    rows = []
    for line in lines:
        d, p = line.driven, line.priced
        unit = p.unit
        planned = "" if d.planned_m is None else f"{metres_to_unit(d.planned_m, unit)} {unit}"
        rows.append(
            f"<tr><td>{d.day:%a %d %b}</td><td>{e(d.described_source())}</td>"
            f"<td>{e(d.route())}</td><td align=right>{planned}</td>"
            f"<td align=right>{metres_to_unit(p.driven_m, unit)} {unit}</td>"
            f"<td align=right>{metres_to_unit(p.commute_m, unit)} {unit}</td>"
            f"<td align=right><b>{p.distance} {unit}</b></td>"
            f"<td>{p.rate.rate} {e(p.currency)}/{unit}<br><small>{e(p.rate.describe())}"
            f"</small></td><td align=right><b>{p.amount:,.2f} {e(p.currency)}</b></td></tr>")
    if not rows:
        rows.append(f"<tr><td colspan=9>{span('nothing in this period', MUTED)}</td></tr>")
    return f"<table cellspacing=0 cellpadding=4>{head}{''.join(rows)}</table>"
