"""The Expenses page: a period's expenses (amount, in the report currency, receipt,
warnings), a quick-add row, a receipt dropped on the page starts an expense with it,
mileage from the plans and visits, and the way into the expense report."""

from __future__ import annotations

import html
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldrep.common.money import MoneyError, parse_amount
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import add_expense, delete_expense
from fieldrep.expenses.receipt_files import receipt_thumbnail, receipts_folder
from fieldrep.expenses.records import ExpenseRecord
from fieldrep.expenses.report_service import ExpenseOverview, expense_overview
from fieldrep.store import Store
from ui.expenses.dialog import ExpenseDialog
from ui.expenses.mileage_dialog import MileageDialog
from ui.expenses.model import THUMBNAIL_SIZE, ExpenseRows, ExpensesModel
from ui.expenses.report_dialog import ExpenseReportDialog
from ui.kit.colours import ERROR, MUTED, WARNING, span, text_style
from ui.kit.errors import error_label, show_error_in
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.kit.words import plural
from ui.widgets.period_picker import PeriodPicker

THUMBNAIL_PIXELS = 96
QUICK_CATEGORIES = (Category.MEALS, Category.PARKING, Category.TOLLS, Category.FUEL,
                    Category.CLIENT_ENTERTAINMENT, Category.LODGING, Category.TRAIN,
                    Category.OTHER)


class ExpensesPage(QWidget):
    """A period's expenses and everything to do with them."""

    #: An expense was saved or deleted, or a report moved.
    changed = Signal()

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.today = today or date.today()
        self.job: Job | None = None
        self.overview: ExpenseOverview | None = None
        self.setAcceptDrops(True)
        self._build()

    def _build(self) -> None:
        self.picker = PeriodPicker(self.today, "This month", "Expenses of")
        self.period, self.first, self.last = (self.picker.period, self.picker.first,
                                              self.picker.last)
        self.picker.changed.connect(self.refresh)
        self.add_button = QPushButton("Add expense…")
        self.add_button.clicked.connect(lambda: self.new_expense())
        self.mileage_button = QPushButton("Mileage from plans/visits…")
        self.mileage_button.setToolTip("Turn a day's or a week's driving into mileage "
                                       "expenses")
        self.mileage_button.clicked.connect(lambda: self.open_mileage())
        self.report_button = QPushButton("Expense report…")
        self.report_button.clicked.connect(lambda: self.open_report())
        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addStretch(1)
        for button in (self.add_button, self.mileage_button, self.report_button):
            top.addWidget(button)

        self.quick_day = QDateEdit(QDate(self.today),
                                   calendarPopup=True, displayFormat="ddd d MMM")
        self.quick_category = QComboBox()
        for category in QUICK_CATEGORIES:
            self.quick_category.addItem(category.label, category.value)
        self.quick_amount = QLineEdit(placeholderText="amount")
        self.quick_amount.setMaximumWidth(110)
        self.quick_merchant = QLineEdit(placeholderText="merchant")
        self.quick_add = QPushButton("Add")
        self.quick_add.clicked.connect(self.add_quick)
        self.quick_amount.returnPressed.connect(self.add_quick)
        self.quick_merchant.returnPressed.connect(self.add_quick)
        self.quick_currency = QLabel()
        quick = QHBoxLayout()
        quick.addWidget(QLabel("Quick add:"))
        for widget in (self.quick_day, self.quick_category, self.quick_amount,
                       self.quick_currency, self.quick_merchant):
            quick.addWidget(widget)
        quick.addWidget(self.quick_add)

        self.model = ExpensesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(THUMBNAIL_SIZE.height() + 6)
        self.table.setIconSize(THUMBNAIL_SIZE)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        for column, width in enumerate((120, 150, 300, 110, 90, 95, 70)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Fixed)
        self.table.doubleClicked.connect(lambda index: self.edit_expense(index.row()))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.totals = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.error = error_label()
        self._failed = partial(show_error_in, self.error)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(lambda: self.edit_expense(self.table.currentIndex()
                                                                   .row()))
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        bottom.addWidget(self.edit_button)
        bottom.addWidget(self.delete_button)
        hint = QLabel("Drop a photo or PDF of a receipt here to start an expense with it.")
        hint.setStyleSheet(text_style(MUTED))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(quick)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        layout.addWidget(hint)
        self._update()

    # -- data -------------------------------------------------------------------------------
    def dates(self) -> tuple[date, date]:
        return self.picker.dates()

    def refresh(self) -> Job:
        """Read the period's expenses, their warnings and thumbnails (on the worker)."""
        store, (first, last) = self.store, self.dates()

        def work(_job: Job) -> tuple[ExpenseOverview, dict[int, Path]]:
            overview = expense_overview(store, first, last)
            folder = receipts_folder(store)
            thumbnails = {}
            for record in overview.records:
                if record.receipts:
                    path = receipt_thumbnail(folder, record.receipts[0], THUMBNAIL_PIXELS)
                    if path is not None:
                        thumbnails[record.id] = path
            return overview, thumbnails

        self.job = Operation(self.tasks, work, self._show, on_failure=self._failed).run()
        return self.job

    def _show(self, result: tuple[ExpenseOverview, dict[int, Path]]) -> None:
        overview, thumbnails = result
        self.overview = overview
        self.model.set_rows(ExpenseRows(overview.records, overview.currency, overview.warnings,
                                        thumbnails))
        self.quick_currency.setText(overview.currency)
        count, money = len(overview.records), overview.currency
        warned = len(overview.warnings)
        parts = [f"<b>{plural(count, 'expense')}</b>",
                 f"total <b>{overview.total:,.2f} {money}</b>",
                 f"owed to you {overview.owed_to_rep:,.2f} {money}"]
        if overview.unconverted:
            parts.append(span(f"{overview.unconverted} without an exchange rate to {money}",
                              ERROR))
        if warned:
            parts.append(span(f"⚠ {warned} to check", WARNING))
        self.totals.setText(" — ".join(parts))
        self._update()

    def selected(self) -> ExpenseRecord | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    # -- actions ------------------------------------------------------------------------------
    def add_quick(self) -> Job | None:
        """Save the quick-add row as an expense in the report currency (on the worker)."""
        try:
            amount = parse_amount(self.quick_amount.text())
        except MoneyError as exc:
            self._failed(str(exc))
            return None
        store = self.store
        currency = self.overview.currency if self.overview else self.quick_currency.text()
        entry = ExpenseEntry(day=self.quick_day.date().toPython(),
                             category=Category(self.quick_category.currentData()),
                             amount=amount, currency=currency or "EUR",
                             merchant=self.quick_merchant.text().strip())

        def done(record: ExpenseRecord) -> None:
            self.quick_amount.clear()
            self.quick_merchant.clear()
            self._saved(record)

        self.job = Operation(self.tasks, lambda _job: add_expense(store, entry), done,
                             on_failure=self._failed).run()
        return self.job

    def new_expense(self, receipts: list[Path] | None = None) -> ExpenseDialog:
        first, last = self.dates()
        day = min(max(self.today, first), last)
        return self._open(ExpenseDialog(self.store, self.tasks, self, currency=self._currency(),
                                        day=day, receipts=receipts or []))

    def edit_expense(self, row: int) -> ExpenseDialog | None:
        record = self.model.record(row)
        if record is None:
            return None
        return self._open(ExpenseDialog(self.store, self.tasks, self, currency=self._currency(),
                                        record=record))

    def _currency(self) -> str | None:
        """The report currency, once the page has read it."""
        return self.overview.currency if self.overview else None

    def _open(self, dialog: ExpenseDialog) -> ExpenseDialog:
        dialog.saved.connect(self._saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def delete_selected(self) -> Job | None:
        record = self.selected()
        if record is None:
            return None
        store = self.store

        def done(gone: ExpenseRecord) -> None:
            self.message.setText(f"Deleted: {gone.entry.day:%d %b} {gone.entry.category.label}"
                                 f" {gone.entry.amount:,.2f} {gone.entry.currency}")
            self.changed.emit()
            self.refresh()

        self.job = Operation(self.tasks, lambda _job: delete_expense(store, record.id), done,
                             on_failure=self._failed).run()
        return self.job

    def open_mileage(self) -> MileageDialog:
        dialog = MileageDialog(self.store, self.tasks, self, day=min(self.today,
                                                                     self.dates()[1]))
        dialog.saved.connect(lambda _result: self._changed())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_report(self) -> ExpenseReportDialog:
        dialog = ExpenseReportDialog(self.store, self.tasks, self, day=self.dates()[0])
        dialog.changed.connect(self._changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.new_expense(files)

    def _saved(self, record: ExpenseRecord) -> None:
        e = record.entry
        self.message.setText(f"Saved: {e.day:%d %b} {html.escape(e.category.label)} "
                             f"{e.amount:,.2f} {e.currency}")
        self._changed()

    def _changed(self, *_args: Any) -> None:
        show_error_in(self.error, "")
        self.changed.emit()
        self.refresh()

    def _update(self) -> None:
        record = self.selected()
        self.edit_button.setEnabled(record is not None)
        self.delete_button.setEnabled(record is not None and not record.locked)

