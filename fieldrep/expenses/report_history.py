"""The history of an expense report beyond its moves: refused attempts and old values.

Every attempt made through FieldRep to change a locked report or its lines, and every
move of the report that is refused (it was reimbursed meanwhile, say), is written to the
report's history in a transaction of its own, so it stays even though the attempt itself
was rolled back.  While a report is reopened, a line changed, added or removed keeps its
old values in the history, in the same transaction as the change.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from fieldrep.expenses.settings import expense_settings
from fieldrep.store import Store
from fieldrep.store.conflicts import as_text
from fieldrep.store.models import Expense, ExpenseReport, ExpenseReportEvent

log = logging.getLogger(__name__)

#: What a line's history shows of it, with the rep's words for each column.
LINE_FIELDS = {
    "day": "day", "category": "category", "amount": "amount", "currency": "currency",
    "rate_to_report": "rate", "tax": "tax", "merchant": "merchant", "paid_by": "paid by",
    "reimbursable": "reimbursable", "account_name": "account", "attendees": "attendees",
    "notes": "notes", "driven_metres": "driven (m)", "commute_metres": "commute (m)",
    "mileage_rate": "mileage rate", "odometer_start": "odometer start",
    "odometer_end": "odometer end",
}


def record_refusal(store: Store, report_id: int | None, what: str, why: str, *,
                   by: str | None = None) -> None:
    """Write a refused attempt into the report's history, in its own transaction (the
    attempt's own one was rolled back).  A store that cannot take it is logged, never
    raised: the rep still gets the refusal itself."""
    if report_id is None:
        return
    try:
        who = by if by is not None else expense_settings(store).rep_name
        with store.unit_of_work() as uow:
            if uow.session.get(ExpenseReport, report_id) is None:
                return
            uow.session.add(ExpenseReportEvent(report_id=report_id, action="refused",
                                               by=who[:200], reason=f"{what}: {why}"))
            uow.commit()
    except SQLAlchemyError:
        log.exception("could not record the refused attempt on report #%s", report_id)


def line_values(row: Expense) -> dict[str, object]:
    """A line's values as its history shows them (rates without their stored scale)."""
    values = {name: getattr(row, name) for name in LINE_FIELDS}
    for rate in ("rate_to_report", "mileage_rate"):
        value = values[rate]
        if isinstance(value, Decimal) and value != value.to_integral_value():
            values[rate] = value.normalize()
    return values


def was_submitted(session: Session, report_id: int) -> bool:
    """Whether the report was submitted before (a draft now means it was reopened)."""
    return bool(session.scalar(select(exists().where(
        ExpenseReportEvent.report_id == report_id,
        ExpenseReportEvent.action == "submitted"))))


def note_line_change(session: Session, report: ExpenseReport | None, expense_id: int,
                     action: str, old: Mapping[str, object] | None,
                     new: Mapping[str, object] | None, by: str) -> None:
    """Keep a line's old values in the history of a reopened report (in the caller's
    transaction): ``action`` is "line changed", "line added" or "line removed"."""
    if report is None or not was_submitted(session, report.id):
        return
    if old is not None and new is not None:
        changed = [f"{LINE_FIELDS[k]} {_show(old[k])} → {_show(new[k])}"
                   for k in LINE_FIELDS if old[k] != new[k]]
        if not changed:
            return
        detail = "; ".join(changed)
    else:
        values = old if old is not None else new
        assert values is not None
        detail = ", ".join(f"{LINE_FIELDS[k]} {_show(v)}" for k, v in values.items()
                           if v not in (None, "", 0) or k == "amount")
    session.add(ExpenseReportEvent(report_id=report.id, action=action, by=by[:200],
                                   reason=f"expense #{expense_id}: {detail}"))


def _show(value: object) -> str:
    text = as_text(value).replace("\n", " / ")
    return repr(text) if isinstance(value, str) else (text or "none")
