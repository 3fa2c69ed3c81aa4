"""The expenses table: a period's expenses with their amount in the report currency, the
receipt's thumbnail and the policy warnings about them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QIcon, QPixmap

from fieldrep.common.money import MoneyError
from fieldrep.expenses.records import ExpenseRecord
from ui.kit.colours import ERROR, MUTED, WARNING, qcolor
from ui.kit.table_model import Index, TableModel

#: The column headers; the report currency goes in for ``{currency}``.
HEADERS = ("Date", "Category", "Merchant / details", "Amount", "In {currency}",
           "Reimbursable", "Receipt", "Warnings")
RECEIPT_COLUMN, WARNING_COLUMN, AMOUNT_COLUMN, CONVERTED_COLUMN = 6, 7, 3, 4
THUMBNAIL_SIZE = QSize(52, 52)
WARNING_COLOUR = qcolor(WARNING)


@dataclass
class ExpenseRows:
    """What the page hands the model: the expenses, the report currency, each expense's
    warnings and the thumbnail file of its first receipt."""

    records: Sequence[ExpenseRecord] = ()
    currency: str = "EUR"
    warnings: Mapping[int, Sequence[str]] = field(default_factory=dict)
    thumbnails: Mapping[int, Path] = field(default_factory=dict)


class ExpensesModel(TableModel):
    """One row per expense, in date order."""

    def __init__(self) -> None:
        super().__init__()
        self.rows = ExpenseRows()
        self._icons: dict[int, QIcon] = {}

    def set_rows(self, rows: ExpenseRows) -> None:
        self.beginResetModel()
        self.rows = rows
        self._icons = {}
        self.endResetModel()

    def record(self, row: int) -> ExpenseRecord | None:
        records = self.rows.records
        return records[row] if 0 <= row < len(records) else None

    def converted(self, record: ExpenseRecord) -> Decimal | None:
        """The amount in the report currency (None without a rate to it)."""
        try:
            return record.entry_for(self.rows.currency).amount_in(self.rows.currency)
        except MoneyError:
            return None

    # -- Qt model API -------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self.rows.records)

    def headers(self) -> tuple[str, ...]:
        return tuple(header.format(currency=self.rows.currency) for header in HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, column)
        if role == Qt.ItemDataRole.DecorationRole and column == RECEIPT_COLUMN:
            return self._icon(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == WARNING_COLUMN:
                return QBrush(WARNING_COLOUR)
            if column == CONVERTED_COLUMN and self.converted(record) is None:
                return QBrush(qcolor(ERROR))
            if record.locked:
                return QBrush(qcolor(MUTED))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (AMOUNT_COLUMN,
                                                                   CONVERTED_COLUMN):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.SizeHintRole and column == RECEIPT_COLUMN:
            return THUMBNAIL_SIZE + QSize(12, 6)
        return None

    def _text(self, record: ExpenseRecord, column: int) -> str:
        e = record.entry
        if column == 0:
            return e.day.strftime("%a %d %b %Y")
        if column == 1:
            return e.category.label + (" 🔒" if record.locked else "")
        if column == 2:
            return _details(record)
        if column == AMOUNT_COLUMN:
            return f"{e.amount:,.2f} {e.currency}"
        if column == CONVERTED_COLUMN:
            amount = self.converted(record)
            return "no rate" if amount is None else f"{amount:,.2f}"
        if column == 5:
            return "yes" if e.owed_to_rep else ("company" if e.paid_by.value == "company"
                                                else "no")
        if column == RECEIPT_COLUMN:
            count = len(record.receipts)
            return "" if count < 2 else f"×{count}"
        warnings = self.rows.warnings.get(record.id, ())
        return f"⚠ {_short(warnings[0])}" + (f" (+{len(warnings) - 1})"
                                             if len(warnings) > 1 else "") if warnings else ""

    def _icon(self, record: ExpenseRecord) -> QIcon | None:
        path = self.rows.thumbnails.get(record.id)
        if path is None:
            return None
        if record.id not in self._icons:
            self._icons[record.id] = QIcon(QPixmap(str(path)))
        return self._icons[record.id]

    def _tooltip(self, record: ExpenseRecord, column: int) -> str | None:
        if column == RECEIPT_COLUMN:
            names = [r.original_name for r in record.receipts]
            return "\n".join(names) if names else "No receipt"
        if column == WARNING_COLUMN:
            return "\n".join(self.rows.warnings.get(record.id, ())) or None
        if column == CONVERTED_COLUMN and record.entry.rate_to_report is not None:
            return (f"{record.entry.amount} {record.entry.currency} at "
                    f"{record.entry.rate_to_report} {record.rate_currency or ''}")
        if record.locked:
            return "In a submitted report: reopen the report to change it"
        return None


def _details(record: ExpenseRecord) -> str:
    e = record.entry
    parts = [e.merchant] if e.merchant else []
    if record.mileage is not None:
        parts.append(f"{record.mileage.distance} {record.mileage.unit}"
                     + (f" ({record.mileage.source.label})" if record.mileage.source else ""))
    if record.account_name:
        parts.append(f"for {record.account_name}")
    if e.attendees:
        parts.append("with " + ", ".join(e.attendees))
    if e.notes and record.mileage is None:
        parts.append(e.notes)
    return " · ".join(parts)


def _short(warning: str) -> str:
    """A warning without the date it starts with (the row shows it)."""
    head, _sep, rest = warning.partition(": ")
    return rest if rest and head[:4].isdigit() else warning
