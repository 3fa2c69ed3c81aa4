"""Expense reports in the store: create one for a period or a trip, submit it (its lines
are then locked), reopen it with a reason, mark it reimbursed; build and write the
document (CSV, XLSX, PDF with the receipts' thumbnails appended).

A report's lines are the expenses attached to it: those of its period not yet in another
report when it is made, and those added later while it is a draft.  Every move of its
status is kept with who made it, when, and why for a reopen.  A report that cannot be
built (an amount without its exchange rate, say) cannot be submitted: the reason is
given and nothing changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from fieldrep.common.errors import FieldRepError
from fieldrep.common.money import MoneyError, total
from fieldrep.common.text import plural
from fieldrep.expenses.expense_report import build_expense_report, receipt_images
from fieldrep.expenses.ledger import list_expenses
from fieldrep.expenses.policy import PolicyWarning, check_policy
from fieldrep.expenses.receipt_files import receipts_folder
from fieldrep.expenses.records import (
    ExpenseError,
    ExpenseRecord,
    ReportData,
    ReportEvent,
    ReportStatus,
)
from fieldrep.expenses.report_history import record_refusal
from fieldrep.expenses.settings import expense_currency, expense_settings
from fieldrep.reports import Report, SummaryLine, write_report
from fieldrep.store import Store
from fieldrep.store.locking import begin_write
from fieldrep.store.models import Expense, ExpenseReport, ExpenseReportEvent
from fieldrep.store.owners import current_login
from fieldrep.team.identity import database_login, require_manager

#: A report is a month or a trip; a year is the most that makes sense.
MAX_REPORT_DAYS = 366


@dataclass(frozen=True)
class ExpenseDocument:
    """A report ready to preview or write, with the expenses it was built from."""

    report: Report
    records: tuple[ExpenseRecord, ...]
    warnings: tuple[PolicyWarning, ...]
    currency: str


def create_report(store: Store, first: date, last: date, *, title: str = "",
                  trip: bool = False) -> ReportData:
    """A draft report from ``first`` to ``last`` in the ``currency`` setting, holding the
    expenses of the period that are in no report yet."""
    if last < first:
        raise ExpenseError(f"the report ends ({last}) before it starts ({first})")
    if (last - first).days >= MAX_REPORT_DAYS:
        raise ExpenseError(f"a report covers at most {MAX_REPORT_DAYS} days, not "
                           f"{(last - first).days + 1}")
    currency = expense_currency(store)
    name = title.strip() or _default_title(first, last)
    with store.unit_of_work() as uow:
        row = ExpenseReport(title=name[:200], kind="trip" if trip else "period",
                            first_day=first, last_day=last, currency=currency,
                            status=ReportStatus.DRAFT.value)
        uow.session.add(row)
        uow.session.flush()
        uow.session.execute(update(Expense).where(
            Expense.report_id.is_(None), Expense.day >= first, Expense.day <= last,
            Expense.owner == current_login()).values(report_id=row.id))
        uow.commit()
        return _data(uow.session, row)


def list_reports(store: Store) -> list[ReportData]:
    """Every report, newest period first."""
    with store.unit_of_work() as uow:
        rows = uow.session.scalars(select(ExpenseReport).order_by(
            ExpenseReport.first_day.desc(), ExpenseReport.id.desc()))
        return [_data(uow.session, row) for row in rows]


def get_report(store: Store, report_id: int) -> ReportData:
    with store.unit_of_work() as uow:
        return _data(uow.session, _report(uow.session, report_id))


class WarningsToConfirm(ExpenseError):
    """A draft with policy warnings, submitted without saying they were looked at."""

    def __init__(self, report_id: int, warnings: Sequence[str]) -> None:
        self.warnings = tuple(warnings)
        shown = "; ".join(self.warnings[:3]) + ("; …" if len(self.warnings) > 3 else "")
        super().__init__(f"report #{report_id} has {plural(len(self.warnings), 'policy warning')}"
                         f" to check before it is submitted: {shown}")


def submit_warnings(store: Store, report_id: int) -> tuple[str, ...]:
    """The policy warnings a draft would be submitted with (what to confirm first)."""
    return tuple(w.message for w in report_document(store, report_id=report_id).warnings)


def submit_report(store: Store, report_id: int, *, confirmed: bool = False,
                  by: str | None = None) -> ReportData:
    """Submit a draft (or a report the manager returned): it must hold expenses and build
    (every rate known); its lines are locked from then on.  A report with policy warnings
    is submitted only ``confirmed`` (else :class:`WarningsToConfirm` lists them)."""
    with store.unit_of_work() as uow:
        checked = _fingerprint(uow.session, report_id)
    document = report_document(store, report_id=report_id)
    if not document.records:
        raise ExpenseError(f"report #{report_id} holds no expenses: nothing to submit")
    if document.warnings and not confirmed:
        raise WarningsToConfirm(report_id, [w.message for w in document.warnings])
    return _move(store, report_id, (ReportStatus.DRAFT, ReportStatus.RETURNED),
                 ReportStatus.SUBMITTED, "submitted", by, lines=checked)


def reopen_report(store: Store, report_id: int, reason: str, *,
                  by: str | None = None) -> ReportData:
    """Bring a submitted report back to draft so its lines can change; the reason is kept."""
    if not reason.strip():
        raise ExpenseError("say why the report is reopened (e.g. a receipt was missing)")
    return _move(store, report_id, ReportStatus.SUBMITTED, ReportStatus.DRAFT, "reopened",
                 by, reason.strip())


def approve_report(store: Store, report_id: int, *, by: str | None = None) -> ReportData:
    """The manager accepts a submitted report; it stays locked until it is reimbursed."""
    _as_manager(store, report_id, "approve")
    return _move(store, report_id, ReportStatus.SUBMITTED, ReportStatus.APPROVED,
                 "approved", by)


def return_report(store: Store, report_id: int, reason: str, *,
                  by: str | None = None) -> ReportData:
    """The manager sends a submitted report back to the rep with a reason; its lines can
    change again and the rep submits it anew."""
    if not reason.strip():
        raise ExpenseError("say why the report is returned (e.g. the hotel receipt is "
                           "missing)")
    _as_manager(store, report_id, "return")
    return _move(store, report_id, ReportStatus.SUBMITTED, ReportStatus.RETURNED,
                 "returned", by, reason.strip())


def mark_reimbursed(store: Store, report_id: int, *, by: str | None = None) -> ReportData:
    """The manager records that an approved report was paid back; it stays locked."""
    _as_manager(store, report_id, "mark reimbursed")
    return _move(store, report_id, ReportStatus.APPROVED, ReportStatus.REIMBURSED,
                 "reimbursed", by)


def _as_manager(store: Store, report_id: int, verb: str) -> None:
    """Refuse (and record the refusal) unless the user holds the manager role."""
    try:
        require_manager(store, f"{verb} report #{report_id}")
    except FieldRepError as refused:
        record_refusal(store, report_id, f"{verb} the report", refused.user_message,
                       by=_who(store, None))
        raise


def delete_report(store: Store, report_id: int) -> None:
    """Remove a draft report; its expenses stay, in no report."""
    with store.unit_of_work() as uow:
        row = _report(uow.session, report_id)
        if row.status != ReportStatus.DRAFT.value:
            raise ExpenseError(f"report #{row.id} {row.title} is {row.status}: only a draft "
                               "can be deleted")
        uow.session.delete(row)
        uow.commit()


def report_document(store: Store, *, report_id: int | None = None, first: date | None = None,
                    last: date | None = None) -> ExpenseDocument:
    """The document of a saved report, or of every expense from ``first`` to ``last``."""
    settings = expense_settings(store)
    if report_id is not None:
        data = get_report(store, report_id)
        first, last, currency = data.first_day, data.last_day, data.currency
        records = list_expenses(store, report_id=report_id)
    elif first is None or last is None:
        raise ExpenseError("give a report, or the first and last day of the period")
    else:
        data, currency = None, settings.currency
        records = list_expenses(store, first=first, last=last)
    entries = [r.entry_for(currency) for r in records if not r.is_priced_mileage]
    mileage = [r.mileage_day() for r in records if r.is_priced_mileage]
    warnings = check_policy([r.entry_for(currency) for r in records],
                            replace(settings.policy, currency=currency))
    report = build_expense_report(entries, mileage, start=first, end=last, currency=currency,
                                  rep_name=settings.rep_name, warnings=warnings)
    if data is not None:
        state = f"#{data.id} {data.title}, {data.status.value}"
        report = replace(report, summary=[SummaryLine("Report", state), *report.summary])
    return ExpenseDocument(report, tuple(records), tuple(warnings), currency)


def write_expense_report(store: Store, path: Path, *, report_id: int | None = None,
                         first: date | None = None, last: date | None = None,
                         folder: Path | None = None) -> Path:
    """Write the report to ``path`` (.csv, .xlsx or .pdf: a PDF gets the receipts)."""
    document = report_document(store, report_id=report_id, first=first, last=last)
    images = []
    if Path(path).suffix.lower() == ".pdf":
        attachments = receipts_folder(store, folder)
        names = {r.stored_name: r.original_name for rec in document.records
                 for r in rec.receipts}
        images = receipt_images([r.entry for r in document.records], attachments,
                                attachments / ".thumbnails", names)
    return write_report(document.report, Path(path), images, images_title="Receipts")


def warnings_by_expense(document: ExpenseDocument) -> dict[int, list[str]]:
    """Each policy warning under the id of every expense it names."""
    return _by_expense(document.records, document.warnings)


@dataclass(frozen=True)
class ExpenseOverview:
    """A period at a glance: its expenses, their warnings by expense id, and the totals
    in ``currency`` of those that can be converted (``unconverted`` counts the others)."""

    records: tuple[ExpenseRecord, ...]
    currency: str
    warnings: dict[int, list[str]]
    total: Decimal
    owed_to_rep: Decimal
    unconverted: int


def expense_overview(store: Store, first: date, last: date) -> ExpenseOverview:
    """The expenses from ``first`` to ``last`` with their policy warnings and totals; unlike
    the report, an expense without its exchange rate is flagged rather than refused."""
    settings = expense_settings(store)
    currency = settings.currency
    records = list_expenses(store, first=first, last=last)
    warnings = check_policy([r.entry_for(currency) for r in records],
                            settings.policy)
    amounts: list[tuple[ExpenseRecord, Decimal]] = []
    for record in records:
        try:
            amounts.append((record, record.entry_for(currency).amount_in(currency)))
        except MoneyError:
            continue
    return ExpenseOverview(
        records=tuple(records), currency=currency, warnings=_by_expense(records, warnings),
        total=total(a for _r, a in amounts),
        owed_to_rep=total(a for r, a in amounts if r.entry.owed_to_rep),
        unconverted=len(records) - len(amounts))


def _by_expense(records: Sequence[ExpenseRecord],
                warnings: Sequence[PolicyWarning]) -> dict[int, list[str]]:
    """Warnings (whose positions are in ``records``) under each expense id."""
    found: dict[int, list[str]] = {}
    for warning in warnings:
        for position in warning.entries:
            found.setdefault(records[position].id, []).append(warning.message)
    return found


def _who(store: Store, by: str | None) -> str:
    """Who makes a move: the name given, else the database login on PostgreSQL, else the
    ``rep.name`` setting."""
    return by if by is not None else (database_login(store)
                                      or expense_settings(store).rep_name)


def _move(store: Store, report_id: int, sources: ReportStatus | tuple[ReportStatus, ...],
          target: ReportStatus,
          action: str, by: str | None, reason: str = "",
          lines: tuple[int, int, int] | None = None) -> ReportData:
    """Move the report from ``source`` to ``target`` in one conditional UPDATE (``WHERE
    status = source``): of two clients moving it at once, the second finds it moved and is
    refused (and the refusal recorded).  ``lines``, for a submission, is what the report
    held when it was checked: lines changed since refuse the move."""
    who = _who(store, by)
    allowed = sources if isinstance(sources, tuple) else (sources,)
    with store.unit_of_work() as uow:
        begin_write(uow.session)
        moved = cast(CursorResult[Any], uow.session.execute(
            update(ExpenseReport)
            .where(ExpenseReport.id == report_id,
                   ExpenseReport.status.in_([s.value for s in allowed]))
            .values(status=target.value, version=ExpenseReport.version + 1)
            .execution_options(synchronize_session=False))).rowcount
        row = _report(uow.session, report_id)
        uow.session.refresh(row)
        if moved != 1:
            states = " or ".join(s.value for s in allowed)
            article = "an" if states[0] in "aeiou" else "a"
            why = (f"report #{row.id} {row.title} is {row.status}: only {article} {states} "
                   f"report can be {action}")
        elif lines is not None and _fingerprint(uow.session, report_id) != lines:
            why = (f"report #{row.id} {row.title} changed while it was being submitted: check "
                   "it and submit it again")
        else:
            row.events.append(ExpenseReportEvent(action=action, by=who[:200], reason=reason))
            uow.commit()
            return _data(uow.session, row)
    record_refusal(store, report_id, _ATTEMPTS[action], why, by=who)
    raise ExpenseError(why)


_ATTEMPTS = {"submitted": "submit the report", "reopened": "reopen the report",
             "reimbursed": "mark the report reimbursed", "approved": "approve the report",
             "returned": "return the report"}


def _fingerprint(session: Session, report_id: int) -> tuple[int, int, int]:
    """What a report's lines are, in three numbers: how many, the sum of their versions
    and the highest id (any line added, changed or removed moves one of them)."""
    count, versions, highest = session.execute(
        select(func.count(Expense.id), func.coalesce(func.sum(Expense.version), 0),
               func.coalesce(func.max(Expense.id), 0))
        .where(Expense.report_id == report_id)).one()
    return int(count), int(versions), int(highest)


def _default_title(first: date, last: date) -> str:
    """``November 2026`` for a whole month, else the period."""
    whole_month = first.day == 1 and last.month == first.month and (
        last + timedelta(days=1)).day == 1
    return f"{first:%B %Y}" if whole_month else f"{first.isoformat()} to {last.isoformat()}"


def _report(session: Session, report_id: int) -> ExpenseReport:
    row = session.get(ExpenseReport, report_id)
    if row is None:
        raise ExpenseError(f"there is no expense report #{report_id}")
    return row


def _data(session: Session, row: ExpenseReport) -> ReportData:
    lines = session.scalar(
        select(func.count()).select_from(Expense).where(Expense.report_id == row.id))
    return ReportData(
        id=row.id, title=row.title, kind=row.kind, first_day=row.first_day,
        last_day=row.last_day, currency=row.currency, status=ReportStatus(row.status),
        lines=lines or 0,
        history=tuple(ReportEvent(_aware(e.at), e.action, e.by, e.reason)
                      for e in row.events))


def _aware(moment: datetime) -> datetime:
    """SQLite gives back the UTC time it was given without its zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
