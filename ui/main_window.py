"""The main window: the accounts table with search, details, import and locating accounts."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolBar,
    QWidget,
)

from fieldrep.account_service import count_accounts, list_accounts
from fieldrep.accounts import AccountData, Precision
from fieldrep.exporting import export_accounts
from fieldrep.geocoding.providers import make_geocoder
from fieldrep.geocoding.service import GeocodeReport, geocode_accounts
from fieldrep.hours import DAY_CODES, parse_opening_hours
from fieldrep.importing.service import ImportResult, import_accounts, plan_import
from fieldrep.settings import get_settings
from fieldrep.store import Store
from ui.accounts_model import AccountsTableModel
from ui.tasks import Job, TaskRunner

SEARCH_DELAY_MS = 250
PROGRESS_AFTER_MS = 500
SHOWN_REJECTS = 15


class MainWindow(QMainWindow):
    """FieldRep's window on one store."""

    def __init__(self, store: Store, tasks: TaskRunner | None = None) -> None:
        super().__init__()
        self.store = store
        self.tasks = tasks or TaskRunner(self)
        self.setWindowTitle("FieldRep — Accounts")
        self.resize(1280, 760)
        self.model: AccountsTableModel | None = None

        self.search = QLineEdit(placeholderText="Search name, street, postcode, city, id…")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(360)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.table = QTableView()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(False)
        self.details.setMinimumWidth(300)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(QLabel(f"Store: {_store_label(store.url)}"))
        self.statusBar().addWidget(self.count_label)
        self._build_actions()
        self.refresh()

    # -- actions ------------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.import_action = QAction("&Import accounts…", self,
                                     shortcut=QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self.choose_import_file)
        self.locate_action = QAction("&Locate accounts", self, shortcut="Ctrl+L")
        self.locate_action.setToolTip("Find coordinates for accounts that have none")
        self.locate_action.triggered.connect(self.locate_accounts)
        self.export_action = QAction("&Export accounts…", self,
                                     shortcut=QKeySequence.StandardKey.SaveAs)
        self.export_action.triggered.connect(self.choose_export_file)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        find_action = QAction("&Find", self, shortcut=QKeySequence.StandardKey.Find)
        find_action.triggered.connect(lambda: self.search.setFocus())

        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        accounts_menu = self.menuBar().addMenu("&Accounts")
        accounts_menu.addAction(find_action)
        accounts_menu.addAction(self.locate_action)

        toolbar = QToolBar("Main", movable=False)
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.locate_action)
        spacer = QWidget()
        spacer.setFixedWidth(24)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search)
        self.addToolBar(toolbar)

    # -- loading ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the table for the current search (the count runs on the worker)."""
        search = self.search.text()
        self.tasks.submit(lambda _job: count_accounts(self.store, search),
                          lambda total: self._show_accounts(search, total), self._error)

    def _show_accounts(self, search: str, total: int) -> None:
        if search != self.search.text():
            return  # a newer search is on its way
        store = self.store
        model = AccountsTableModel(
            lambda offset, limit: list_accounts(store, search=search, offset=offset, limit=limit),
            total)
        model.fetchMore(QModelIndex())  # the first page, so the table is never blank
        self.model = model
        self.table.setModel(model)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((260, 200, 80, 150, 50, 90, 100, 100, 110)):
            self.table.setColumnWidth(column, width)
        what = f"{total} accounts" if not search else f"{total} accounts match “{search}”"
        self.count_label.setText(what)
        self.details.setHtml(_placeholder(total))
        if total:
            self.table.selectRow(0)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if rows and self.model is not None:
            self.details.setHtml(account_html(self.model.account_at(rows[0].row())))

    # -- import -------------------------------------------------------------------------
    def choose_import_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Import accounts", str(Path.home()),
            "Spreadsheets (*.csv *.txt *.xlsx *.xlsm);;All files (*)")
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> Job:
        """Import ``path`` on the worker, with progress and Cancel; report the outcome."""
        store = self.store

        def work(job: Job) -> ImportResult:
            plan = plan_import(path)
            return import_accounts(store, plan, progress=lambda d, t: job.report(d, t),
                                   cancelled=job.cancelled)

        return self._run_with_progress(f"Importing {path.name}…", work, self._import_done)

    def _import_done(self, result: ImportResult) -> None:
        self.refresh()
        lines = [html.escape(result.summary())]
        if result.rejected:
            lines.append("<b>Rejected:</b>")
            lines += [html.escape(str(e)) for e in result.rejected[:SHOWN_REJECTS]]
            if len(result.rejected) > SHOWN_REJECTS:
                lines.append(f"… and {len(result.rejected) - SHOWN_REJECTS} more")
        if result.duplicates:
            lines.append(f"<b>{len(result.duplicates)} suspected duplicates</b> "
                         "(imported, not merged)")
        self.last_message = "<br>".join(lines)
        QMessageBox.information(self, "Import finished", self.last_message)

    # -- export -------------------------------------------------------------------------
    def choose_export_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export accounts", str(Path.home() / "accounts.xlsx"),
            "Excel workbook (*.xlsx);;CSV (*.csv)")
        if name:
            self.export_file(Path(name))

    def export_file(self, path: Path) -> Job:
        """Write every account to ``path`` (.xlsx or .csv) on the worker."""
        store = self.store
        return self._run_with_progress(
            f"Exporting to {path.name}…", lambda _job: export_accounts(store, path),
            lambda count: self.statusBar().showMessage(
                f"{count} accounts written to {path}", 15000))

    # -- geocoding ----------------------------------------------------------------------
    def locate_accounts(self) -> Job:
        """Geocode the accounts without coordinates (online if the provider answers)."""
        store = self.store

        def work(job: Job) -> GeocodeReport:
            settings = get_settings(store)
            return geocode_accounts(store, make_geocoder(settings),
                                    default_country=settings["geocoder.default_country"],
                                    progress=job.report, cancelled=job.cancelled)

        return self._run_with_progress("Locating accounts…", work, self._locate_done)

    def _locate_done(self, report: GeocodeReport) -> None:
        self.refresh()
        self.statusBar().showMessage(report.summary(), 15000)

    # -- shared -------------------------------------------------------------------------
    def _run_with_progress(
        self, title: str, work: Callable[[Job], Any], on_done: Callable[[Any], None]
    ) -> Job:
        dialog = QProgressDialog(title, "Cancel", 0, 0, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def finish(result: object) -> None:
            dialog.close()
            on_done(result)

        def fail(message: str) -> None:
            dialog.close()
            self._error(message)

        job = self.tasks.submit(work, finish, fail)
        job.progress.connect(lambda done, total, _text: (dialog.setMaximum(total),
                                                         dialog.setValue(done)))
        dialog.canceled.connect(job.cancel)
        return job

    def _error(self, message: str) -> None:
        self.last_message = message
        QMessageBox.warning(self, "FieldRep", message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.wait(5000)
        super().closeEvent(event)


def _store_label(url: str) -> str:
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url.split("@")[-1]


def _placeholder(total: int) -> str:
    if total:
        return "<p style='color:#666'>Select an account to see its details.</p>"
    return ("<p style='color:#666'>No accounts yet. Use <b>Import accounts…</b> to load a "
            "spreadsheet (CSV or Excel).</p>")


def account_html(account: AccountData) -> str:
    """The detail panel for one account; every stored string is escaped."""
    e = html.escape
    parts = [f"<h2 style='margin-bottom:2px'>{e(account.name)}</h2>",
             f"<div style='color:#555'>{e(account.address) or 'No address'}</div>"]
    facts = [f"Tier <b>{e(account.tier)}</b>", f"visit every {account.cadence_days} days",
             f"meetings of {account.meeting_minutes} min"]
    if account.annual_value is not None:
        facts.append(f"annual value {account.annual_value:,.0f}")
    parts.append(f"<p>{' · '.join(facts)}</p>")
    if account.located:
        where = f"{account.lat:.5f}, {account.lon:.5f}"
        if account.geocode_precision in (Precision.TOWN, Precision.POSTCODE):
            where += (f" <span style='color:#a15c00'>(approximate: "
                      f"{e(account.geocode_precision)})</span>")
        parts.append(f"<p><b>Location</b> {where}</p>")
    else:
        parts.append("<p><b>Location</b> <span style='color:#b3261e'>none yet</span></p>")
    parts.append(_hours_html(account.opening_hours))
    if account.contacts:
        rows = "".join(
            f"<tr><td>{e(c.name)}</td><td style='color:#555'>{e(c.role)}</td>"
            f"<td>{e(c.phone)}</td><td>{e(c.email)}</td></tr>" for c in account.contacts)
        parts.append(f"<p><b>Contacts</b></p><table cellspacing=4>{rows}</table>")
    if account.tags:
        parts.append(f"<p><b>Tags</b> {e(', '.join(account.tags))}</p>")
    if account.notes:
        parts.append(f"<p><b>Notes</b><br>{e(account.notes)}</p>")
    if account.external_id:
        parts.append(f"<p style='color:#888'>External id {e(account.external_id)}</p>")
    return "".join(parts)


def _hours_html(text: str) -> str:
    hours = parse_opening_hours(text)
    if not hours.known:
        return "<p><b>Opening hours</b> <span style='color:#888'>unknown</span></p>"
    rows = "".join(
        f"<tr><td>{day}</td><td>{', '.join(str(i) for i in hours.intervals(n)) or 'closed'}"
        "</td></tr>" for n, day in enumerate(DAY_CODES))
    return f"<p><b>Opening hours</b></p><table cellspacing=2>{rows}</table>"
