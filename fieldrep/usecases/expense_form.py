"""The expense forms' store work: saving an expense (with the
account the rep typed looked up once, at saving) and a day's odometer readings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from fieldrep.accounts.service import AccountNotFound, find_account
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import add_expense, update_expense
from fieldrep.expenses.mileage_service import odometer_mileage
from fieldrep.expenses.receipt_files import ReceiptFile
from fieldrep.expenses.records import ExpenseError, ExpenseRecord
from fieldrep.expenses.settings import expense_settings
from fieldrep.store import Store


def save_expense(store: Store, entry: ExpenseEntry, *, account: str,
                 record: ExpenseRecord | None = None,
                 receipts: Sequence[ReceiptFile] = (),
                 removed_receipts: Sequence[int] = ()) -> ExpenseRecord:
    """Add the expense (or change ``record``); ``account`` is the account as the rep typed
    it (a name or an id, "" for none), looked up here."""
    entry = replace(entry, account_id=_account_id(store, account, record))
    if record is None:
        return add_expense(store, entry, receipts=receipts)
    return update_expense(store, record.id, entry, add_receipts=receipts,
                          remove_receipts=removed_receipts)


def _account_id(store: Store, text: str, record: ExpenseRecord | None) -> int | None:
    text = text.strip()
    if not text:
        return None
    if record is not None and text == record.account_name:
        return record.entry.account_id
    try:
        return find_account(store, text).id
    except AccountNotFound as exc:
        raise ExpenseError(str(exc)) from None


def save_odometer(store: Store, day: date, start: int, end: int) -> ExpenseRecord:
    """A mileage expense for ``day`` from its two odometer readings (refused, with the
    reason, when they go down or no rate covers the day)."""
    entry, details = odometer_mileage(expense_settings(store).rates, day, start, end)
    return add_expense(store, entry, mileage=details)
