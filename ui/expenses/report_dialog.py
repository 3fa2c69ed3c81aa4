"""The expense report builder: choose a period (or a saved report), preview it, make it a
report, submit it, reopen it with a reason, mark it reimbursed, export CSV/XLSX/PDF."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldrep.expenses.records import ReportData, ReportStatus
from fieldrep.expenses.report_service import (
    approve_report,
    create_report,
    list_reports,
    mark_reimbursed,
    reopen_report,
    report_document,
    return_report,
    submit_report,
    submit_warnings,
    write_expense_report,
)
from fieldrep.store import Store
from fieldrep.team.identity import is_manager
from ui.kit.colours import GOOD, LINK, MUTED, WARNING
from ui.kit.errors import error_label, show_error_in
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.kit.words import plural
from ui.widgets.period_picker import PeriodPicker
from ui.widgets.report_preview import FORMATS, export_bar, report_html

PERIOD_ONLY = "The period below (no saved report)"
STATUS_COLOURS = {ReportStatus.DRAFT: MUTED, ReportStatus.SUBMITTED: LINK,
                  ReportStatus.APPROVED: GOOD, ReportStatus.REIMBURSED: GOOD,
                  ReportStatus.RETURNED: WARNING}


@dataclass(frozen=True)
class ReportPreview:
    """One refresh: the saved reports, and the preview of the one chosen (or the period):
    its HTML, how many expenses and warnings; ``error`` when it cannot be built."""

    reports: tuple[ReportData, ...]
    html: str = ""
    lines: int = 0
    warnings: int = 0
    error: str = ""
    #: whether the user may approve, return and reimburse (the manager role)
    manager: bool = False


def report_preview(store: Store, report_id: int | None, first: date,
                   last: date) -> ReportPreview:
    """Read the reports and build the preview (a store job: on the worker)."""
    reports = tuple(list_reports(store))
    manager = is_manager(store)
    try:
        document = report_document(store, report_id=report_id, first=first, last=last)
    except ValueError as exc:
        return ReportPreview(reports, error=str(exc), manager=manager)
    return ReportPreview(reports, report_html(document.report), len(document.records),
                         len(document.warnings), manager=manager)


class ExpenseReportDialog(QDialog):
    """Preview and life of expense reports; ``changed`` when a report moved or was made."""

    changed = Signal()

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None, *,
                 day: date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.today = day or date.today()
        self.job: Job | None = None
        self.reports: list[ReportData] = []
        self.last_written: Path | None = None
        self.notice = ""
        self.setWindowTitle("Expense report")
        self.report_box = QComboBox()
        self.report_box.setMinimumWidth(320)
        self.picker = PeriodPicker(self.today, "This month")
        self.period, self.first, self.last = (self.picker.period, self.picker.first,
                                              self.picker.last)
        self.preview = QTextBrowser()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = error_label()
        self._failed = partial(show_error_in, self.error)
        self.create_button = QPushButton("Make it a report")
        self.create_button.setToolTip("Save a draft report for this period with its expenses")
        self.create_button.clicked.connect(self.create)
        self.submit_button = QPushButton("Submit")
        self.submit_button.setToolTip("Send it: its expenses are locked until it is reopened")
        self.submit_button.clicked.connect(self.submit)
        self.reopen_button = QPushButton("Reopen…")
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.manager = False
        self.approve_button = QPushButton("Approve")
        self.approve_button.setToolTip("The manager accepts the submitted report")
        self.approve_button.clicked.connect(self.approve)
        self.return_button = QPushButton("Return…")
        self.return_button.setToolTip("The manager sends it back to the rep with a reason")
        self.return_button.clicked.connect(self.ask_return)
        self.reimbursed_button = QPushButton("Mark reimbursed")
        self.reimbursed_button.setToolTip("The manager records that the approved report "
                                          "was paid back")
        self.reimbursed_button.clicked.connect(self.reimbursed)
        top = QHBoxLayout()
        top.addWidget(QLabel("Report"))
        top.addWidget(self.report_box, 1)
        for button in (self.create_button, self.submit_button, self.reopen_button):
            top.addWidget(button)
        dates = QHBoxLayout()
        dates.addWidget(self.picker)
        dates.addStretch(1)
        dates.addWidget(QLabel("Manager:"))
        for button in (self.approve_button, self.return_button, self.reimbursed_button):
            dates.addWidget(button)
        bottom, self.export_buttons = export_bar(self.status, self.choose_file, self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(dates)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.resize(1000, 760)
        self.report_box.addItem(PERIOD_ONLY, None)
        self.report_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.picker.changed.connect(self._dates_edited)
        self._dates_edited()

    # -- what is shown ------------------------------------------------------------------------
    def dates(self) -> tuple[date, date]:
        return self.picker.dates()

    def selected(self) -> ReportData | None:
        report_id = self.report_box.currentData()
        return next((r for r in self.reports if r.id == report_id), None)

    def select_report(self, report_id: int | None) -> None:
        index = self.report_box.findData(report_id)
        self.report_box.setCurrentIndex(max(index, 0))

    def _dates_edited(self) -> None:
        if self.report_box.currentData() is None:
            self.refresh()
        else:
            self.select_report(None)  # refreshes

    def refresh(self) -> Job:
        """Read the reports and build the preview (on the worker)."""
        store, report_id, (first, last) = self.store, self.report_box.currentData(), self.dates()
        self.status.setText("Building the report…")

        self.job = Operation(self.tasks,
                             lambda _job: report_preview(store, report_id, first, last),
                             self._show, on_failure=self._failed).run()
        return self.job

    def _show(self, result: ReportPreview) -> None:
        self.reports = list(result.reports)
        self.manager = result.manager
        chosen = self.report_box.currentData()
        self.report_box.blockSignals(True)
        self.report_box.clear()
        self.report_box.addItem(PERIOD_ONLY, None)
        for report in self.reports:
            self.report_box.addItem(f"#{report.id} {report.title} — {report.status.label}",
                                    report.id)
        self.report_box.setCurrentIndex(max(self.report_box.findData(chosen), 0))
        self.report_box.blockSignals(False)
        report = self.selected()
        show_error_in(self.error, result.error)
        if result.error:
            self.preview.setHtml(_history_html(report))
            self.status.clear()
        else:
            self.preview.setHtml(_history_html(report) + result.html)
            warned = (f", {plural(result.warnings, 'warning')} to check" if result.warnings
                      else "")
            notice = f"{self.notice}. " if self.notice else ""
            self.status.setText(f"{notice}{plural(result.lines, 'expense')}{warned}")
        self.notice = ""
        self._update_buttons(report)

    def _update_buttons(self, report: ReportData | None) -> None:
        status = report.status if report else None
        self.create_button.setEnabled(report is None)
        self.submit_button.setEnabled(status in (ReportStatus.DRAFT, ReportStatus.RETURNED))
        self.reopen_button.setEnabled(status is ReportStatus.SUBMITTED)
        self.approve_button.setEnabled(self.manager and status is ReportStatus.SUBMITTED)
        self.return_button.setEnabled(self.manager and status is ReportStatus.SUBMITTED)
        self.reimbursed_button.setEnabled(self.manager and status is ReportStatus.APPROVED)

    # -- actions ------------------------------------------------------------------------------
    def create(self) -> Job:
        store, (first, last) = self.store, self.dates()
        return self._act(lambda: create_report(store, first, last), "Draft report made")

    def submit(self) -> Job | None:
        """Submit the report chosen; with policy warnings, only once the rep confirms."""
        report = self.selected()
        if report is None:
            return None
        store, report_id = self.store, report.id

        def ask(warnings: tuple[str, ...]) -> None:
            if not warnings or self.confirm_submit(warnings):
                self._act(lambda: submit_report(store, report_id, confirmed=True),
                          "Submitted: its expenses are locked")

        self.job = Operation(self.tasks, lambda _job: submit_warnings(store, report_id), ask,
                             parent=self, on_failure=self._failed).run()
        return self.job

    def confirm_submit(self, warnings: tuple[str, ...]) -> bool:
        """Ask before submitting a report with policy warnings, listing them."""
        listed = "\n".join(f"• {w}" for w in warnings[:8])
        more = f"\n… and {len(warnings) - 8} more" if len(warnings) > 8 else ""
        box = QMessageBox(QMessageBox.Icon.Warning, "Submit with warnings?",
                          f"This report has {plural(len(warnings), 'policy warning')}:\n"
                          f"{listed}{more}\n\nOnce submitted, its expenses are locked "
                          "until it is reopened.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.button(QMessageBox.StandardButton.Yes).setText("Submit anyway")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_reopen(self) -> Job | None:
        reason, ok = QInputDialog.getText(self, "Reopen the report",
                                          "Why is it reopened? (kept in its history)")
        return self.reopen(reason) if ok else None

    def reopen(self, reason: str) -> Job | None:
        report = self.selected()
        if report is None:
            return None
        return self._act(lambda: reopen_report(self.store, report.id, reason),
                         "Reopened: its expenses can be changed")

    def approve(self) -> Job | None:
        report = self.selected()
        if report is None:
            return None
        return self._act(lambda: approve_report(self.store, report.id), "Approved")

    def ask_return(self) -> Job | None:
        reason, ok = QInputDialog.getText(self, "Return the report",
                                          "What should the rep fix? (kept in its history)")
        return self.send_back(reason) if ok else None

    def send_back(self, reason: str) -> Job | None:
        report = self.selected()
        if report is None:
            return None
        return self._act(lambda: return_report(self.store, report.id, reason),
                         "Returned to the rep: its expenses can be changed")

    def reimbursed(self) -> Job | None:
        report = self.selected()
        if report is None:
            return None
        return self._act(lambda: mark_reimbursed(self.store, report.id), "Marked reimbursed")

    def _act(self, action: Callable[[], ReportData], message: str) -> Job:
        def done(report: ReportData) -> None:
            self.changed.emit()
            self.report_box.blockSignals(True)
            if self.report_box.findData(report.id) < 0:
                self.report_box.addItem(report.title, report.id)
            self.report_box.setCurrentIndex(self.report_box.findData(report.id))
            self.report_box.blockSignals(False)
            self.notice = message
            self.refresh()

        self.job = Operation(self.tasks, lambda _job: action(), done,
                             on_failure=self._failed).run()
        return self.job

    def choose_file(self, suffix: str) -> None:
        report, (first, last) = self.selected(), self.dates()
        stem = f"expenses-{report.first_day}-{report.last_day}" if report else \
            f"expenses-{first}-{last}"
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export the expense report", str(Path.home() / f"{stem}.{suffix}"),
            FORMATS[suffix])
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> Job:
        """Write the report to ``path`` (.csv, .xlsx, or .pdf with the receipts)."""
        store, report, (first, last) = self.store, self.selected(), self.dates()

        def work(_job: Job) -> Path:
            return write_expense_report(store, path, report_id=report.id if report else None,
                                        first=first, last=last)

        def done(written: Path) -> None:
            self.last_written = written
            show_error_in(self.error, "")
            self.status.setText(f"Written to {html.escape(str(written))}")

        self.job = Operation(self.tasks, work, done, on_failure=self._failed).run()
        return self.job


def _history_html(report: ReportData | None) -> str:
    if report is None:
        return (f"<div style='color:{MUTED}'>Every expense of the period. <b>Make it a "
                "report</b> to submit it.</div>")
    colour = STATUS_COLOURS[report.status]
    events = "".join(f"<li>{html.escape(event.describe())}</li>" for event in report.history)
    return (f"<div><b style='color:{colour}'>{report.status.label}</b> — "
            f"{html.escape(report.kind)} {report.first_day:%d %b %Y} to "
            f"{report.last_day:%d %b %Y}, {plural(report.lines, 'expense')}"
            + (f"<ul style='margin:2px'>{events}</ul>" if events else "") + "</div><hr>")

