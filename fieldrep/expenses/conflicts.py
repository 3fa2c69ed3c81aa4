"""Two versions of one expense: the rep's and the one saved meanwhile, field by field.

An expense form opened on a copy that someone else changed since (another window, the
same rep on another device) is refused at saving with :class:`StaleExpense`; the window
shows the fields that differ, the rep chooses a side per field and the merge
(:meth:`~fieldrep.store.conflicts.StaleRecord.merged`) is saved over the stored version.
"""

from __future__ import annotations

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
