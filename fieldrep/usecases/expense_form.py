"""The expense forms' store work: saving an expense (with the
account the rep typed looked up once, at saving) and a day's odometer readings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from fieldrep.accounts.service import AccountNotFound, find_account
from fieldrep.expenses.conflicts import StaleExpense
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
                          remove_receipts=removed_receipts,
                          expected_version=record.version or None)


def save_expense_or_conflict(store: Store, entry: ExpenseEntry, *, account: str,
                             record: ExpenseRecord | None = None,
                             receipts: Sequence[ReceiptFile] = (),
                             removed_receipts: Sequence[int] = ()
                             ) -> ExpenseRecord | StaleExpense:
    """:func:`save_expense`, handing back the conflict when the expense was changed
    elsewhere since ``record`` was read (for the window to offer a merge)."""
    try:
        return save_expense(store, entry, account=account, record=record, receipts=receipts,
                            removed_receipts=removed_receipts)
    except StaleExpense as stale:
        return stale


def save_merged_expense(store: Store, stale: StaleExpense, keep_mine: Iterable[str], *,
                        receipts: Sequence[ReceiptFile] = (),
                        removed_receipts: Sequence[int] = ()
                        ) -> ExpenseRecord | StaleExpense:
    """Save the rep's merge of a conflict (``keep_mine``: the fields whose value is the
    rep's) over the version saved meanwhile; changed again since, it is a new conflict."""
    merged = stale.merged(keep_mine)
    try:
        return update_expense(store, stale.theirs.id or 0, merged, add_receipts=receipts,
                              remove_receipts=removed_receipts,
                              expected_version=stale.theirs_version)
    except StaleExpense as again:
        return again


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
