"""Writing expense lines safely beside other clients: locks, and refusals recorded.

A unit of work that adds, changes or removes lines takes the store's write lock from its
start (SQLite) and locks the report it reads (PostgreSQL ``FOR UPDATE``), so a report
read as a draft stays one until the commit: a submission running at the same time waits,
then sees the new lines.  A write refused because the report is locked, by FieldRep's
check (:class:`~fieldrep.expenses.records.LockedLine`) or by the database's guard
trigger, is recorded in that report's history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from fieldrep.expenses.records import ExpenseError, LockedLine, ReportStatus
from fieldrep.expenses.report_history import record_refusal
from fieldrep.expenses.settings import expense_settings
from fieldrep.store import Store
from fieldrep.store.locking import begin_write, refused_by_guard
from fieldrep.store.models import Expense, ExpenseReport
from fieldrep.store.unit_of_work import UnitOfWork


@contextmanager
def line_write(store: Store, attempt: str, *, report_id: int | None = None,
                expense_id: int | None = None) -> Iterator[UnitOfWork]:
    """A unit of work that writes lines, holding the write lock from its start (so a
    report read as a draft stays one until the commit).  An attempt refused because a
    report is locked, by FieldRep's check or by the database's guard, is recorded in that
    report's history."""
    who = expense_settings(store).rep_name
    try:
        with store.unit_of_work() as uow:
            begin_write(uow.session)
            uow.session.info["by"] = who
            yield uow
    except LockedLine as exc:
        record_refusal(store, exc.report_id, attempt, str(exc))
        raise
    except DBAPIError as exc:
        if not refused_by_guard(exc):
            raise
        locked = report_id if report_id is not None else report_of(store, expense_id)
        message = (f"the store refused to {attempt}: its report is submitted, approved or "
                   "reimbursed, so its lines are locked; reopen the report first")
        record_refusal(store, locked, attempt, message)
        raise ExpenseError(message) from exc


def who(uow: UnitOfWork) -> str:
    return str(uow.session.info.get("by", ""))


def report_of(store: Store, expense_id: int | None) -> int | None:
    if expense_id is None:
        return None
    with store.unit_of_work() as uow:
        return uow.session.scalar(select(Expense.report_id).where(Expense.id == expense_id))


def refuse_if_locked(session: Session, row: Expense, what: str) -> ExpenseReport | None:
    """The line's report (locked against a concurrent move until the commit); refuse when
    it locks its lines."""
    report = locked_report(session, row.report_id) if row.report_id else None
    if report is not None and ReportStatus(report.status).locks_lines:
        raise LockedLine(
            f"expense #{row.id} ({row.day.isoformat()}, {row.amount} {row.currency}) is in "
            f"report #{report.id} {report.title}, which is {report.status}: it cannot be "
            f"{what}; reopen the report first", report.id)
    return report


#: The statuses in which a report takes new lines.
OPEN = (ReportStatus.DRAFT.value, ReportStatus.RETURNED.value)


def locked_report(session: Session, report_id: int) -> ExpenseReport | None:
    """The report, read afresh and row-locked (PostgreSQL) until the commit."""
    return session.scalar(select(ExpenseReport).where(ExpenseReport.id == report_id)
                          .with_for_update().execution_options(populate_existing=True))
