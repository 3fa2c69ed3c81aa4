"""The activity report: pick a week, a month or any period, preview it, export it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldrep.store import Store
from fieldrep.visits.activity import activity_report, period_of
from fieldrep.visits.activity_document import activity_document, write_activity
from ui.report_preview import report_html
from ui.tasks import Job, TaskRunner

PERIODS = ("This week", "Last week", "This month", "Last month", "Other period")
FORMATS = {"csv": "CSV (*.csv)", "xlsx": "Excel workbook (*.xlsx)", "pdf": "PDF (*.pdf)"}


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


class ActivityDialog(QDialog):
    """Preview of the activity report for a period, with CSV, XLSX and PDF export."""

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None, *,
                 day: date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.today = day or date.today()
        self.job: Job | None = None
        self.last_written: Path | None = None
        self.setWindowTitle("Activity report")
        self.period = QComboBox()
        self.period.addItems(PERIODS)
        self.first = QDateEdit(calendarPopup=True, displayFormat="d MMM yyyy")
        self.last = QDateEdit(calendarPopup=True, displayFormat="d MMM yyyy")
        self.preview = QTextBrowser()
        self.status = QLabel()
        self.buttons = {}
        top = QHBoxLayout()
        top.addWidget(QLabel("Period"))
        top.addWidget(self.period)
        top.addWidget(self.first)
        top.addWidget(QLabel("to"))
        top.addWidget(self.last)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        for suffix in FORMATS:
            button = QPushButton(f"Export {suffix.upper()}…")
            button.clicked.connect(lambda _c=False, s=suffix: self.choose_file(s))
            self.buttons[suffix] = button
            bottom.addWidget(button)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addLayout(bottom)
        self.resize(900, 700)
        self.period.currentTextChanged.connect(self._period_chosen)
        self.first.dateChanged.connect(lambda _d: self.refresh())
        self.last.dateChanged.connect(lambda _d: self.refresh())
        self._period_chosen(self.period.currentText())

    def dates(self) -> tuple[date, date]:
        return _pydate(self.first.date()), _pydate(self.last.date())

    def _period_chosen(self, choice: str) -> None:
        span = period_dates(choice, self.today)
        custom = span is None
        self.first.setEnabled(custom)
        self.last.setEnabled(custom)
        if span is not None:
            for edit, day in zip((self.first, self.last), span, strict=True):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
            self.refresh()

    def refresh(self) -> Job:
        """Compute the report for the period (on the worker) and preview it."""
        store, (first, last) = self.store, self.dates()
        self.status.setText("Computing…")

        def work(_job: Job) -> dict[str, Any]:
            report = activity_report(store, first, last)
            return {"report": report, "html": report_html(activity_document(report))}

        def done(result: dict[str, Any]) -> None:
            self.report = result["report"]
            self.preview.setHtml(result["html"])
            self.status.setText(f"{self.report.done} visits done in person, "
                                f"{self.report.remote} remote, {self.report.planned} planned")

        self.job = self.tasks.submit(work, done, self._failed)
        return self.job

    def choose_file(self, suffix: str) -> None:
        first, last = self.dates()
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export the activity report",
            str(Path.home() / f"activity-{first}-{last}.{suffix}"), FORMATS[suffix])
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> Job:
        """Write the report to ``path`` (.csv, .xlsx or .pdf) on the worker."""
        store, (first, last) = self.store, self.dates()

        def work(_job: Job) -> Path:
            return write_activity(activity_report(store, first, last), path)

        def done(written: Path) -> None:
            self.last_written = written
            self.status.setText(f"Written to {written}")

        self.job = self.tasks.submit(work, done, self._failed)
        return self.job

    def _failed(self, message: str) -> None:
        self.status.setText(f"<span style='color:#b3261e'>{message}</span>")


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
