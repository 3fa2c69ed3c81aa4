"""Expenses and expense reports as the store hands them out: plain values, never ORM rows.

An :class:`ExpenseRecord` is a stored :class:`~fieldrep.expenses.entries.ExpenseEntry`
with what the store adds: its receipts, the report it belongs to (and whether that report
locks it), the account's name, and for mileage what the amount was priced from.  A
:class:`ReportData` is an expense report with its status history.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from fieldrep.common.errors import FieldRepError
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.mileage import MileageDay, MileageRate, metres_to_unit


class ExpenseError(FieldRepError, ValueError):
    """An expense or report action that cannot be done; the message says why and what
    to do (e.g. reopen the report first)."""


class LockedLine(ExpenseError):
    """A line of a submitted, approved or reimbursed report cannot be added, changed or
    removed; ``report_id`` is the report whose history records the attempt."""

    def __init__(self, message: str, report_id: int) -> None:
        super().__init__(message)
        self.report_id = report_id


class ReportStatus(StrEnum):
    """Where a report is: the rep's draft, submitted (lines locked), approved by the
    manager, reimbursed; or returned by the manager with a reason (a draft again)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REIMBURSED = "reimbursed"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def locks_lines(self) -> bool:
        """Whether the report's expenses can no longer be changed (the database's guard
        triggers know the same list)."""
        return self in (ReportStatus.SUBMITTED, ReportStatus.APPROVED,
                        ReportStatus.REIMBURSED)


class MileageSource(StrEnum):
    """Where a day's distance came from."""

    PLAN = "plan"          # the saved plan's route
    VISITS = "visits"      # home → the accounts checked in, in order → home
    DRIVEN = "driven"      # the distance the rep recorded for the planned day
    ODOMETER = "odometer"  # odometer readings typed in

    @property
    def label(self) -> str:
        return {"plan": "planned route", "visits": "visits checked in",
                "driven": "distance recorded", "odometer": "odometer"}[self]


def distance_basis(travel_source: str) -> str:
    """A travel matrix's ``source`` in the mileage log's words: the roads of an extract
    ("roads, OSM extract of 2015-10-06") as they are, a road server, or the estimate."""
    words = {"osrm": "road server (OSRM)", "straight line": "straight-line estimate"}
    return words.get(travel_source, travel_source)


@dataclass(frozen=True)
class ReceiptData:
    """A receipt of an expense: ``stored_name`` in the receipts folder, ``original_name``
    as the rep knew it."""

    id: int
    stored_name: str
    original_name: str
    kind: str
    size: int


@dataclass(frozen=True)
class MileageDetails:
    """What a mileage amount was priced from: metres driven and left out as commute, the
    rate per ``unit`` (in the amount's currency) and its label, and the source."""

    driven_m: int
    commute_m: int
    rate: Decimal
    unit: str
    label: str = ""
    source: MileageSource | None = None
    odometer_start: int | None = None
    odometer_end: int | None = None
    #: what the distance was measured on ("roads, OSM extract of 2015-10-06"), see
    #: :func:`distance_basis`; empty for an odometer or a recorded distance
    basis: str = ""

    @property
    def claimed_m(self) -> int:
        return self.driven_m - self.commute_m

    @property
    def distance(self) -> Decimal:
        """The distance claimed in ``unit``, to a tenth."""
        return metres_to_unit(self.claimed_m, self.unit)


@dataclass(frozen=True)
class ExpenseRecord:
    """A stored expense: ``entry`` (with its id and receipts' stored names) and the rest.

    ``rate_currency`` is the currency ``entry.rate_to_report`` converts into; ``locked``
    is true while its report is submitted or reimbursed.
    """

    entry: ExpenseEntry
    receipts: tuple[ReceiptData, ...] = ()
    rate_currency: str | None = None
    report_id: int | None = None
    locked: bool = False
    account_name: str = ""
    mileage: MileageDetails | None = None
    plan_day_id: int | None = None
    #: The stored version this copy was read at: saving a change over a newer one is
    #: refused (:class:`~fieldrep.expenses.conflicts.StaleExpense`).
    version: int = 0

    @property
    def id(self) -> int:
        return self.entry.id or 0

    @property
    def is_priced_mileage(self) -> bool:
        """Mileage priced from a distance and owed to the rep (shown in the mileage log, not
        as an expense); mileage marked not reimbursable stays an ordinary line."""
        return (self.entry.category is Category.MILEAGE and self.mileage is not None
                and self.entry.owed_to_rep)

    def entry_for(self, report_currency: str) -> ExpenseEntry:
        """The entry as a report in ``report_currency`` reads it: the rate the rep entered
        counts only when it converts into that currency."""
        entry = self.entry
        if entry.rate_to_report is not None and self.rate_currency not in (
                None, report_currency):
            return replace(entry, rate_to_report=None)
        return entry

    def mileage_day(self) -> MileageDay:
        """The line of the mileage log (needs :attr:`mileage`)."""
        if self.mileage is None:
            raise ExpenseError(f"expense #{self.id} is not priced mileage")
        m, day = self.mileage, self.entry.day
        rate = MileageRate(day, day, m.rate, m.unit, self.entry.currency, m.label)
        return MileageDay(day=day, driven_m=m.driven_m, commute_m=m.commute_m,
                          distance=m.distance, rate=rate, amount=self.entry.amount)


@dataclass(frozen=True)
class ReportEvent:
    """One move of a report: ``action`` is submitted, reopened or reimbursed."""

    at: datetime
    action: str
    by: str
    reason: str = ""

    def describe(self) -> str:
        when = self.at.astimezone().strftime("%Y-%m-%d %H:%M")
        who = f" by {self.by}" if self.by else ""
        why = f": {self.reason}" if self.reason else ""
        return f"{when} {self.action}{who}{why}"


@dataclass(frozen=True)
class ReportData:
    """An expense report: its period, currency, status and history; ``lines`` is how many
    expenses it holds."""

    id: int
    title: str
    kind: str
    first_day: date
    last_day: date
    currency: str
    status: ReportStatus
    lines: int = 0
    history: tuple[ReportEvent, ...] = ()

    def describe(self) -> str:
        """``#3 November 2026 (2026-11-01 to 2026-11-30, submitted)``."""
        return (f"#{self.id} {self.title} ({self.first_day.isoformat()} to "
                f"{self.last_day.isoformat()}, {self.status.value})")
