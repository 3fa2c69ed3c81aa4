"""The activity report: pick a week, a month or any period, preview it, export it."""

from __future__ import annotations

import html
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldrep.common.text import plural
from fieldrep.store import Store
from fieldrep.visits.activity import ActivityReport, activity_report
from fieldrep.visits.activity_document import activity_document, write_activity
from ui.kit.errors import error_label, show_error_in
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.widgets.period_picker import PeriodPicker
from ui.widgets.report_preview import FORMATS, export_bar, report_html


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
        self.picker = PeriodPicker(self.today, "This week")
        self.period, self.first, self.last = (self.picker.period, self.picker.first,
                                              self.picker.last)
        self.preview = QTextBrowser()
        self.status = QLabel()
        self.error = error_label()
        self._failed = partial(show_error_in, self.error)
        self.buttons = {}
        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addStretch(1)
        bottom, self.buttons = export_bar(self.status, self.choose_file, self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.resize(900, 700)
        self.picker.changed.connect(self.refresh)
        self.refresh()

    def dates(self) -> tuple[date, date]:
        return self.picker.dates()

    def refresh(self) -> Job:
        """Compute the report for the period (on the worker) and preview it."""
        store, (first, last) = self.store, self.dates()
        self.status.setText("Computing…")

        def work(_job: Job) -> tuple[ActivityReport, str]:
            report = activity_report(store, first, last)
            return report, report_html(activity_document(report))

        def done(result: tuple[ActivityReport, str]) -> None:
            self.report, page = result
            show_error_in(self.error, "")
            self.preview.setHtml(page)
            self.status.setText(f"{plural(self.report.done, 'visit')} done in person "
                                f"({self.report.planned_done} of {self.report.planned} "
                                f"planned), {self.report.remote} remote")

        self.job = Operation(self.tasks, work, done, on_failure=self._failed).run()
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
            self.status.setText(f"Written to {html.escape(str(written))}")

        self.job = Operation(self.tasks, work, done, on_failure=self._failed).run()
        return self.job

