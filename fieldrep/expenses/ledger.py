"""The expense ledger in the store: add, change, delete and list expenses with receipts.

Everything is checked before anything is written: the entry itself (an
:class:`~fieldrep.expenses.entries.ExpenseEntry` cannot hold an impossible amount), the
exchange rate an amount in another currency needs, the account, visit and report it
belongs to, and every receipt file (an image or a PDF, under a bare name).  Receipts are
then copied into the store's receipts folder under their content hash and the expense is
saved in one unit of work; if that fails, the files it copied are removed again.

An expense in a submitted or reimbursed report is locked: changing or deleting it is
refused, naming the report to reopen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import overload

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fieldrep.expenses.categories import Category
from fieldrep.expenses.conflicts import stale_expense
from fieldrep.expenses.entries import ExpenseEntry, PaidBy
from fieldrep.expenses.line_locks import (
    OPEN,
    line_write,
    locked_report,
    refuse_if_locked,
    who,
)
from fieldrep.expenses.receipt_files import (
    ReceiptFile,
    check_receipt_files,
    copied_receipts,
    receipts_folder,
)
from fieldrep.expenses.receipts import StoredReceipt
from fieldrep.expenses.records import (
    ExpenseError,
    ExpenseRecord,
    LockedLine,
    MileageDetails,
    MileageSource,
    ReceiptData,
    ReportStatus,
)
from fieldrep.expenses.report_history import line_values, note_line_change
from fieldrep.expenses.settings import expense_currency
from fieldrep.store import Store
from fieldrep.store.models import Account, Expense, ExpenseReceipt, ExpenseReport, PlanDay, Visit
from fieldrep.store.owners import current_login


def add_expense(store: Store, entry: ExpenseEntry, *, receipts: Sequence[ReceiptFile] = (),
                report_id: int | None = None, mileage: MileageDetails | None = None,
                plan_day_id: int | None = None, folder: Path | None = None) -> ExpenseRecord:
    """Save a new expense with its receipts; it joins ``report_id`` (which must be a draft
    covering its day) or else the draft report that covers its day, if any."""
    report_currency = expense_currency(store)
    _check_rate(entry, report_currency)
    check_receipt_files(receipts)
    attempt = f"add an expense of {entry.day.isoformat()} ({entry.amount} {entry.currency})"
    with line_write(store, attempt, report_id=report_id) as uow:
        row = _insert(uow.session, entry, report_currency, mileage, plan_day_id, report_id)
        with copied_receipts(receipts, receipts_folder(store, folder), store.url) as stored:
            row.receipts = [_receipt_row(s) for s in stored]
            uow.commit()
        return _record(uow.session, row)


def update_expense(store: Store, expense_id: int, entry: ExpenseEntry, *,
                   add_receipts: Sequence[ReceiptFile] = (),
                   remove_receipts: Sequence[int] = (),
                   mileage: MileageDetails | None = None,
                   folder: Path | None = None,
                   expected_version: int | None = None) -> ExpenseRecord:
    """Change an expense (not in a locked report; its new day inside its report's
    period); mileage details are kept unless new ones are given.  With
    ``expected_version`` (the version the rep's copy was read at) a copy changed elsewhere
    since is refused with :class:`~fieldrep.expenses.conflicts.StaleExpense`."""
    report_currency = expense_currency(store)
    _check_rate(entry, report_currency)
    check_receipt_files(add_receipts)
    with line_write(store, f"change expense #{expense_id}", expense_id=expense_id) as uow:
        row = _expense(uow.session, expense_id)
        if expected_version is not None and row.version != expected_version:
            current = _record(uow.session, row).entry
            raise stale_expense(replace(entry, id=expense_id), current, expected_version,
                                row.version)
        row = _change(uow.session, expense_id, entry, report_currency, mileage)
        row.receipts = [r for r in row.receipts if r.id not in set(remove_receipts)]
        with copied_receipts(add_receipts, receipts_folder(store, folder), store.url) as stored:
            row.receipts.extend(_receipt_row(s) for s in stored)
            uow.commit()
        return _record(uow.session, row)


@dataclass(frozen=True)
class ExpenseChange:
    """One expense to save in a batch: a new one (``expense_id`` None) or a change."""

    entry: ExpenseEntry
    expense_id: int | None = None
    mileage: MileageDetails | None = None
    plan_day_id: int | None = None


def save_expenses(store: Store, changes: Sequence[ExpenseChange]) -> list[ExpenseRecord]:
    """Save several expenses (without receipts) in one unit of work: all or none."""
    report_currency = expense_currency(store)
    for change in changes:
        _check_rate(change.entry, report_currency)
    ids = [c.expense_id for c in changes if c.expense_id is not None]
    attempt = f"save {len(changes)} expenses"
    with line_write(store, attempt, expense_id=ids[0] if ids else None) as uow:
        rows = [_insert(uow.session, c.entry, report_currency, c.mileage, c.plan_day_id)
                if c.expense_id is None
                else _change(uow.session, c.expense_id, c.entry, report_currency, c.mileage)
                for c in changes]
        uow.commit()
        return [_record(uow.session, row) for row in rows]


def check_not_future_mileage(entry: ExpenseEntry, today: date | None = None) -> None:
    """Refuse mileage for a day still to come: it is claimed once the day is driven."""
    if entry.category is Category.MILEAGE and entry.day > (today or date.today()):
        raise ExpenseError(f"{entry.day:%a %d %b %Y} is still to come: mileage is claimed "
                           "once the day is driven")


def _insert(session: Session, entry: ExpenseEntry, report_currency: str,
            mileage: MileageDetails | None, plan_day_id: int | None,
            report_id: int | None = None) -> Expense:
    check_not_future_mileage(entry)
    _check_links(session, entry, plan_day_id)
    report = _report_for(session, entry.day, report_id)
    row = Expense(report_id=report.id if report else None, plan_day_id=plan_day_id)
    _fill(row, entry, report_currency, mileage)
    row.account_name = _account_name(session, entry.account_id)
    session.add(row)
    session.flush()
    note_line_change(session, report, row.id, "line added", None, line_values(row),
                     str(session.info.get("by", "")))
    return row


def _change(session: Session, expense_id: int, entry: ExpenseEntry, report_currency: str,
            mileage: MileageDetails | None) -> Expense:
    row = _expense(session, expense_id)
    report = refuse_if_locked(session, row, "changed")
    check_not_future_mileage(entry)
    _check_links(session, entry, row.plan_day_id)
    if report is not None and not report.first_day <= entry.day <= report.last_day:
        raise ExpenseError(
            f"{entry.day.isoformat()} is outside report #{report.id} {report.title} "
            f"({report.first_day.isoformat()} to {report.last_day.isoformat()})")
    kept = _mileage_of(row) if mileage is None else mileage
    repriced = mileage is None and (entry.amount != row.amount or entry.day != row.day)
    if kept is not None and (entry.category is not Category.MILEAGE or repriced):
        kept = None  # its distance and rate no longer explain the amount
    old = line_values(row)
    _fill(row, entry, report_currency, kept)
    row.account_name = _account_name(session, entry.account_id)
    note_line_change(session, report, row.id, "line changed", old, line_values(row),
                     str(session.info.get("by", "")))
    return row


def delete_expense(store: Store, expense_id: int) -> ExpenseRecord:
    """Remove an expense (not in a locked report); returns it as it was.  Its receipt
    files stay in the folder (another expense may show the same receipt)."""
    with line_write(store, f"delete expense #{expense_id}", expense_id=expense_id) as uow:
        row = _expense(uow.session, expense_id)
        report = refuse_if_locked(uow.session, row, "deleted")
        record = _record(uow.session, row)
        note_line_change(uow.session, report, row.id, "line removed", line_values(row), None,
                         who(uow))
        uow.session.delete(row)
        uow.commit()
        return record


def get_expense(store: Store, expense_id: int) -> ExpenseRecord:
    with store.unit_of_work() as uow:
        return _record(uow.session, _expense(uow.session, expense_id))


def list_expenses(store: Store, *, first: date | None = None, last: date | None = None,
                  report_id: int | None = None) -> list[ExpenseRecord]:
    """Expenses by day (then as entered), between two days (inclusive) and/or of a report:
    the user's own, or any report's lines (a manager reads a rep's report)."""
    stmt = select(Expense).options(selectinload(Expense.receipts))
    if report_id is None:
        stmt = stmt.where(Expense.owner == current_login())
    if first is not None:
        stmt = stmt.where(Expense.day >= first)
    if last is not None:
        stmt = stmt.where(Expense.day <= last)
    if report_id is not None:
        stmt = stmt.where(Expense.report_id == report_id)
    with store.unit_of_work() as uow:
        session = uow.session
        rows = list(session.scalars(stmt.order_by(Expense.day, Expense.id)))
        names = _account_names(session, {r.account_id for r in rows if r.account_id})
        statuses = _report_statuses(session, {r.report_id for r in rows if r.report_id})
        return [_record(session, r, names, statuses) for r in rows]


# -- checks ----------------------------------------------------------------------------------

def _check_rate(entry: ExpenseEntry, report_currency: str) -> None:
    if entry.currency != report_currency and entry.rate_to_report is None:
        raise ExpenseError(f"an amount in {entry.currency} needs its exchange rate to "
                           f"{report_currency} (how many {report_currency} one "
                           f"{entry.currency} was worth, e.g. 0.92)")


def _check_links(session: Session, entry: ExpenseEntry, plan_day_id: int | None) -> None:
    if entry.account_id is not None and session.get(Account, entry.account_id) is None:
        raise ExpenseError(f"there is no account #{entry.account_id}")
    if entry.visit_id is not None and session.get(Visit, entry.visit_id) is None:
        raise ExpenseError(f"there is no visit #{entry.visit_id}")
    if plan_day_id is not None and session.get(PlanDay, plan_day_id) is None:
        raise ExpenseError(f"there is no planned day #{plan_day_id}")


def _report_for(session: Session, day: date, report_id: int | None) -> ExpenseReport | None:
    """The report a new expense of ``day`` joins."""
    if report_id is None:
        # FOR UPDATE (PostgreSQL): a report being submitted is waited for, then no longer
        # found as a draft; the new expense then joins no report.
        return session.scalar(select(ExpenseReport).where(
            ExpenseReport.status.in_(OPEN), ExpenseReport.first_day <= day,
            ExpenseReport.last_day >= day, ExpenseReport.owner == current_login())
            .order_by(ExpenseReport.id).limit(1).with_for_update())
    report = locked_report(session, report_id)
    if report is None:
        raise ExpenseError(f"there is no expense report #{report_id}")
    if ReportStatus(report.status).locks_lines:
        raise LockedLine(f"report #{report.id} {report.title} is {report.status}: its "
                         "lines are locked; reopen it to add an expense", report.id)
    if not report.first_day <= day <= report.last_day:
        raise ExpenseError(f"{day.isoformat()} is outside report #{report.id} {report.title} "
                           f"({report.first_day.isoformat()} to {report.last_day.isoformat()})")
    return report


def _account_name(session: Session, account_id: int | None) -> str:
    """The account's name, kept on the line (it reads the same once the account is gone)."""
    if account_id is None:
        return ""
    return session.scalar(select(Account.name).where(Account.id == account_id)) or ""


def _expense(session: Session, expense_id: int) -> Expense:
    row = session.get(Expense, expense_id)
    if row is None:
        raise ExpenseError(f"there is no expense #{expense_id}")
    return row


# -- rows ↔ values -----------------------------------------------------------------------------

def _fill(row: Expense, entry: ExpenseEntry, report_currency: str,
          mileage: MileageDetails | None) -> None:
    row.day, row.category = entry.day, entry.category.value
    row.amount, row.currency, row.tax = entry.amount, entry.currency, entry.tax
    row.rate_to_report = entry.rate_to_report
    row.rate_currency = report_currency if entry.rate_to_report is not None else None
    row.merchant, row.paid_by = entry.merchant.strip(), entry.paid_by.value
    row.reimbursable, row.notes = entry.reimbursable, entry.notes
    row.attendees = "\n".join(a.strip() for a in entry.attendees if a.strip())
    row.account_id, row.visit_id = entry.account_id, entry.visit_id
    row.driven_metres = mileage.driven_m if mileage else None
    row.commute_metres = mileage.commute_m if mileage else None
    row.mileage_rate = mileage.rate if mileage else None
    row.distance_unit = mileage.unit if mileage else ""
    row.rate_label = mileage.label if mileage else ""
    row.mileage_source = mileage.source.value if mileage and mileage.source else ""
    row.distance_basis = mileage.basis[:120] if mileage else ""
    row.odometer_start = mileage.odometer_start if mileage else None
    row.odometer_end = mileage.odometer_end if mileage else None


def _receipt_row(stored: StoredReceipt) -> ExpenseReceipt:
    return ExpenseReceipt(stored_name=stored.stored_name, original_name=stored.original_name,
                          kind=stored.kind.value, size=stored.size)


def _mileage_of(row: Expense) -> MileageDetails | None:
    if row.driven_metres is None or row.mileage_rate is None:
        return None
    return MileageDetails(
        driven_m=row.driven_metres, commute_m=row.commute_metres or 0,
        rate=_as_entered(row.mileage_rate),
        unit=row.distance_unit, label=row.rate_label,
        source=MileageSource(row.mileage_source) if row.mileage_source else None,
        odometer_start=row.odometer_start, odometer_end=row.odometer_end,
        basis=row.distance_basis)


@overload
def _as_entered(rate: Decimal) -> Decimal: ...


@overload
def _as_entered(rate: None) -> None: ...


def _as_entered(rate: Decimal | None) -> Decimal | None:
    """A rate without the trailing zeros of its stored scale (1.1687, not 1.1687000000)."""
    if rate is None:
        return None
    return rate.quantize(Decimal(1)) if rate == rate.to_integral_value() else rate.normalize()


def _account_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Account.id, Account.name).where(Account.id.in_(ids))).all())


def _report_statuses(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(ExpenseReport.id, ExpenseReport.status)
                                .where(ExpenseReport.id.in_(ids))).all())


def _record(session: Session, row: Expense, names: dict[int, str] | None = None,
            statuses: dict[int, str] | None = None) -> ExpenseRecord:
    if names is None:
        names = _account_names(session, {row.account_id} if row.account_id else set())
    if statuses is None:
        statuses = _report_statuses(session, {row.report_id} if row.report_id else set())
    receipts = tuple(ReceiptData(r.id, r.stored_name, r.original_name, r.kind, r.size)
                     for r in row.receipts)
    entry = ExpenseEntry(
        day=row.day, category=Category(row.category), amount=row.amount,
        currency=row.currency, rate_to_report=_as_entered(row.rate_to_report), tax=row.tax,
        merchant=row.merchant, paid_by=PaidBy(row.paid_by), reimbursable=row.reimbursable,
        notes=row.notes, attendees=tuple(a for a in row.attendees.splitlines() if a),
        receipts=tuple(r.stored_name for r in receipts), account_id=row.account_id,
        visit_id=row.visit_id, id=row.id)
    status = statuses.get(row.report_id) if row.report_id else None
    locked = status is not None and ReportStatus(status).locks_lines
    live_name = names.get(row.account_id, "") if row.account_id else ""
    return ExpenseRecord(
        entry=entry, receipts=receipts, rate_currency=row.rate_currency,
        report_id=row.report_id, locked=locked,
        # A locked line reads as it was submitted, even if the account was renamed since.
        account_name=row.account_name if locked else live_name or row.account_name,
        mileage=_mileage_of(row), plan_day_id=row.plan_day_id, version=row.version)
