"""Add or edit an expense: date, category, amount and currency (with the rate to the report
currency when it differs), tax, merchant, who paid, the account, attendees, notes and
receipts (added with a button or dropped on the dialog).

Each field is checked as it is typed; Save stays disabled, with the reason shown, until
the expense can be saved.  An expense in a submitted report is shown read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldrep.common.money import parse_amount, parse_rate
from fieldrep.expenses.categories import Category
from fieldrep.expenses.conflicts import StaleExpense
from fieldrep.expenses.entries import ExpenseEntry, PaidBy
from fieldrep.expenses.ledger import check_not_future_mileage
from fieldrep.expenses.receipt_files import ReceiptFile
from fieldrep.expenses.records import ExpenseError, ExpenseRecord
from fieldrep.expenses.settings import expense_settings
from fieldrep.store import Store
from fieldrep.usecases.expense_form import save_expense_or_conflict, save_merged_expense
from ui.expenses.receipt_list import ReceiptList
from ui.kit.colours import MUTED, WARNING_BACKGROUND, span
from ui.kit.errors import error_label, show_error_in
from ui.kit.field_errors import FieldErrors
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.widgets.merge_dialog import ask_merge

COMMON_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "CAD", "JPY", "SEK", "NOK", "DKK", "PLN")


class ExpenseDialog(QDialog):
    """The expense form; ``saved`` carries the stored :class:`ExpenseRecord`."""

    saved = Signal(object)

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None, *,
                 currency: str | None = None, record: ExpenseRecord | None = None,
                 day: date | None = None, receipts: Sequence[Path] = (),
                 category: Category = Category.MEALS) -> None:
        """``currency`` is the report currency (read from the settings, on the worker,
        when not given: the form opens once it is known)."""
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.record = record
        self.currency = ""
        self.setWindowTitle("Edit expense" if record else "New expense")
        self.setAcceptDrops(True)
        self._build()

        def start(report_currency: str) -> None:
            self.currency = report_currency
            self.currency_box.addItems(dict.fromkeys((report_currency, *COMMON_CURRENCIES)))
            self._fill(record, day or date.today(), category)
            self.receipt_list.add_all(receipts)
            self.setEnabled(True)
            self._update()

        if currency:
            start(currency)
        else:
            self.setEnabled(False)
            Operation(tasks, lambda _job: expense_settings(store).currency, start,
                      on_failure=lambda message: show_error_in(self.error, message)).run()

    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"background:{WARNING_BACKGROUND}; padding:6px; "
                                  "border-radius:4px")
        self.banner.setVisible(False)
        self.day = QDateEdit(calendarPopup=True, displayFormat="ddd d MMM yyyy")
        self.category = QComboBox()
        for item in Category:
            self.category.addItem(item.label, item.value)
        self.amount = QLineEdit(placeholderText="0.00")
        self.amount.setMaximumWidth(140)
        self.currency_box = QComboBox(editable=True)
        self.currency_box.setMaximumWidth(90)
        self.rate = QLineEdit(placeholderText="e.g. 0.92")
        self.rate.setMaximumWidth(120)
        self.rate_label = QLabel()
        amount_row = QHBoxLayout()
        for widget in (self.amount, self.currency_box, self.rate_label, self.rate):
            amount_row.addWidget(widget)
        amount_row.addStretch(1)
        self.tax = QLineEdit(placeholderText="0.00")
        self.tax.setMaximumWidth(140)
        self.merchant = QLineEdit(placeholderText="where it was paid")
        self.paid_by = QComboBox()
        self.paid_by.addItem("Me (to be reimbursed)", PaidBy.PERSONAL.value)
        self.paid_by.addItem("The company (company card, invoice)", PaidBy.COMPANY.value)
        self.reimbursable = QCheckBox("Reimbursable")
        paid_row = QHBoxLayout()
        paid_row.addWidget(self.paid_by)
        paid_row.addWidget(self.reimbursable)
        paid_row.addStretch(1)
        self.account = QLineEdit(placeholderText="account name or id (optional)")
        self.attendees = QLineEdit(placeholderText="people entertained, comma-separated")
        self.notes = QPlainTextEdit(placeholderText="what it was for")
        self.notes.setMaximumHeight(70)
        self.receipt_list = ReceiptList()
        self.receipt_list.changed.connect(self._update)
        self.receipts = self.receipt_list.list
        self.error = error_label()

        form = QFormLayout()
        self.field_errors = FieldErrors(form, {"day": self.day, "rate": self.rate}, self.error)
        form.addRow("&Date", self.day)
        form.addRow("&Category", self.category)
        form.addRow("Amount", _row_widget(amount_row))
        form.addRow("of which &tax", self.tax)
        form.addRow("&Merchant", self.merchant)
        form.addRow("Paid by", _row_widget(paid_row))
        form.addRow("Acc&ount", self.account)
        form.addRow("Atte&ndees", self.attendees)
        form.addRow("&Notes", self.notes)
        form.addRow("Receipts", self.receipt_list)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(QLabel(span("Drop a photo or PDF of the receipt on this window to "
                                     "attach it.", MUTED)))
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, 540)
        for edit in (self.amount, self.rate, self.tax, self.merchant, self.account,
                     self.attendees):
            edit.textChanged.connect(self._update)
        self.currency_box.currentTextChanged.connect(self._update)
        self.category.currentIndexChanged.connect(self._update)
        self.day.dateChanged.connect(self._update)
        self.paid_by.currentIndexChanged.connect(self._paid_by_changed)

    def _fill(self, record: ExpenseRecord | None, day: date, category: Category) -> None:
        self.reimbursable.setChecked(True)
        if record is None:
            self.day.setDate(QDate(day))
            self.category.setCurrentIndex(self.category.findData(category.value))
            return
        e = record.entry
        self.day.setDate(QDate(e.day))
        self.category.setCurrentIndex(self.category.findData(e.category.value))
        self.amount.setText(f"{e.amount}")
        self.currency_box.setCurrentText(e.currency)
        self.rate.setText("" if e.rate_to_report is None else str(e.rate_to_report))
        self.tax.setText("" if not e.tax else f"{e.tax}")
        self.merchant.setText(e.merchant)
        self.paid_by.setCurrentIndex(self.paid_by.findData(e.paid_by.value))
        self.reimbursable.setChecked(e.reimbursable)
        if e.account_id is not None:
            self.account.setText(record.account_name or str(e.account_id))
        self.attendees.setText(", ".join(e.attendees))
        self.notes.setPlainText(e.notes)
        self.receipt_list.show_kept(record)
        if record.locked:
            self.banner.setText(f"This expense is in report #{record.report_id}, which is "
                                "submitted: reopen the report to change it.")
            self.banner.setVisible(True)
            for widget in self.findChildren(QWidget):
                if widget not in (self.banner, self.buttons) and not isinstance(widget, QLabel):
                    widget.setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(True)
            self.buttons.setEnabled(True)

    # -- receipts ---------------------------------------------------------------------------
    def add_receipt(self, path: Path) -> bool:
        """Attach ``path`` if it can be a receipt; else say why (and attach nothing)."""
        return self.receipt_list.add(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.add_receipt(Path(url.toLocalFile()))

    # -- checking and saving ------------------------------------------------------------------
    def entry(self) -> ExpenseEntry:
        """The expense as typed; :class:`ValueError` (MoneyError, ExpenseError) says why not.
        The account stays as it was: what the rep typed is looked up once, at saving."""
        currency = self.currency_box.currentText().strip().upper()
        rate_text = self.rate.text().strip()
        paid_by = PaidBy(self.paid_by.currentData())
        return ExpenseEntry(
            day=self.day.date().toPython(), category=Category(self.category.currentData()),
            amount=parse_amount(self.amount.text()), currency=currency,
            rate_to_report=parse_rate(rate_text) if rate_text and currency != self.currency
            else None,
            tax=parse_amount(self.tax.text()) if self.tax.text().strip() else parse_amount("0"),
            merchant=self.merchant.text().strip(), paid_by=paid_by,
            reimbursable=self.reimbursable.isChecked() and paid_by is PaidBy.PERSONAL,
            notes=self.notes.toPlainText().strip(),
            attendees=tuple(a.strip() for a in self.attendees.text().split(",") if a.strip()),
            account_id=self.record.entry.account_id if self.record else None,
            visit_id=self.record.entry.visit_id if self.record else None)

    def problem(self) -> str:
        """Why the expense cannot be saved as typed (empty when it can)."""
        return self.faulty_field()[1]

    def faulty_field(self) -> tuple[str, str]:
        """The field that keeps the expense from being saved ("" for none in particular)
        and why; ``("", "")`` when it can be saved."""
        if self.record is not None and self.record.locked:
            return "", ""
        try:
            entry = self.entry()
        except ValueError as exc:
            return "", str(exc)
        if entry.currency != self.currency and entry.rate_to_report is None:
            return "rate", (f"give the exchange rate: how many {self.currency} one "
                            f"{entry.currency} was worth")
        try:
            check_not_future_mileage(entry)
        except ExpenseError as exc:
            return "day", exc.user_message
        return "", ""

    def save(self) -> Job | None:
        """Save the expense on the worker; a refusal is shown in the form, which stays."""
        if self.record is not None and self.record.locked:
            self.reject()
            return None
        problem = self.problem()
        if problem:
            show_error_in(self.error, problem)
            return None
        store, entry, record = self.store, self.entry(), self.record
        account, removed = self.account.text(), list(self.receipt_list.removed_receipts)
        receipts = self.receipt_list.files_to_add()
        self.buttons.setEnabled(False)

        def saved(result: ExpenseRecord | StaleExpense) -> None:
            self.buttons.setEnabled(True)
            if isinstance(result, StaleExpense):
                self._merge(result, receipts, removed, saved, refused)
                return
            self.saved.emit(result)
            self.accept()

        def refused(message: str) -> None:
            self.buttons.setEnabled(True)
            show_error_in(self.error, message)

        return Operation(self.tasks,
                         lambda _job: save_expense_or_conflict(
                             store, entry, account=account, record=record, receipts=receipts,
                             removed_receipts=removed),
                         saved, on_failure=refused).run()

    def _merge(self, stale: StaleExpense, receipts: Sequence[ReceiptFile],
               removed: Sequence[int], saved: Callable[[ExpenseRecord | StaleExpense], None],
               refused: Callable[[str], None]) -> None:
        """Changed elsewhere since the form opened: the rep picks a side per field and the
        merge is saved over the other version (Cancel keeps the form as typed)."""
        keep = ask_merge(self, stale, self.record.entry if self.record is not None else None)
        if keep is None:
            show_error_in(self.error, "not saved: the expense was changed elsewhere")
            return
        store = self.store
        self.buttons.setEnabled(False)
        Operation(self.tasks, lambda _job: save_merged_expense(
            store, stale, keep, receipts=receipts, removed_receipts=removed),
            saved, on_failure=refused).run()

    def _paid_by_changed(self) -> None:
        company = self.paid_by.currentData() == PaidBy.COMPANY.value
        self.reimbursable.setEnabled(not company)
        if company:
            self.reimbursable.setChecked(False)
        self._update()

    def _update(self, *_args: object) -> None:
        currency = self.currency_box.currentText().strip().upper()
        foreign = bool(currency) and currency != self.currency
        self.rate.setVisible(foreign)
        self.rate_label.setVisible(foreign)
        self.rate_label.setText(f"1 {currency} =" if foreign else "")
        self.rate.setPlaceholderText(f"{self.currency}, e.g. 0.92")
        field, problem = self.faulty_field()
        if problem and (field or self.amount.text().strip()):
            self.field_errors.show(field, problem, focus=False)
        else:
            self.field_errors.clear()
            show_error_in(self.error, self.receipt_list.error)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)


def _row_widget(row: QHBoxLayout | QVBoxLayout) -> QWidget:
    widget = QWidget()
    row.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(row)
    return widget
