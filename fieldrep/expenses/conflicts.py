"""Two versions of one expense: the rep's and the one saved meanwhile, field by field.

An expense form opened on a copy that someone else changed since (another window, the
same rep on another device) is refused at saving with :class:`StaleExpense`; the window
shows the fields that differ, the rep chooses a side per field (:func:`merge_entries`)
and the merge is saved over the stored version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.store.conflicts import StaleRecord, differences

LABELS = {
    "day": "Day", "category": "Category", "amount": "Amount", "currency": "Currency",
    "rate_to_report": "Exchange rate", "tax": "Tax", "merchant": "Merchant",
    "paid_by": "Paid by", "reimbursable": "Reimbursable", "notes": "Notes",
    "attendees": "Attendees", "account_id": "Account", "visit_id": "Visit",
}
MERGED_FIELDS = tuple(LABELS)


class StaleExpense(StaleRecord[ExpenseEntry]):
    """An expense changed elsewhere since the rep's copy was read; nothing was saved."""


def stale_expense(mine: ExpenseEntry, theirs: ExpenseEntry, mine_version: int,
                  theirs_version: int) -> StaleExpense:
    return StaleExpense(f"expense #{theirs.id}", mine, theirs, mine_version, theirs_version,
                        differences(vars(mine), vars(theirs), LABELS, MERGED_FIELDS))


def merge_entries(mine: ExpenseEntry, theirs: ExpenseEntry,
                  keep_mine: Iterable[str]) -> ExpenseEntry:
    """``theirs`` with the fields named in ``keep_mine`` taken from ``mine``."""
    chosen = set(keep_mine)
    unknown = chosen - set(MERGED_FIELDS)
    if unknown:
        raise ValueError(f"not an expense field: {', '.join(sorted(unknown))}")
    return replace(theirs, **{name: getattr(mine, name) for name in chosen})
