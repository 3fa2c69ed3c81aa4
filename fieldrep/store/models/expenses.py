"""Expenses, their receipts, and the reports that claim them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fieldrep.store.models.base import Base, owner_column, utcnow, version_column
from fieldrep.store.types import ExactDecimal


class ExpenseReport(Base):
    """An expense report for a period or a trip: its lines are the expenses attached to it.

    ``status`` moves draft → submitted (lines locked) → reimbursed; a reopen brings it back
    to draft, and every move is kept in :class:`ExpenseReportEvent`, with every refused
    attempt to change it or its lines and the old values of lines changed while reopened.
    The lines of a submitted, approved or reimbursed report are guarded by triggers in the
    database too (migration 0007): no tool can change them.
    """

    __tablename__ = "expense_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = version_column()
    owner: Mapped[str] = owner_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))  # "period" or "trip"
    first_day: Mapped[date] = mapped_column(Date, index=True)
    last_day: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    events: Mapped[list[ExpenseReportEvent]] = relationship(
        cascade="all, delete-orphan", order_by="ExpenseReportEvent.id")


class ExpenseReportEvent(Base):
    """Who did what to a report, when and why: submitted, reopened (with the reason),
    reimbursed; a refused attempt ("refused", saying what was tried); a line changed,
    added or removed while the report was reopened (the old values in ``reason``)."""

    __tablename__ = "expense_report_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("expense_reports.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(20))
    by: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class Expense(Base):
    """One expense the rep claims (or a day's mileage).

    The exchange rate is the one the rep entered: ``rate_to_report`` units of
    ``rate_currency`` (the report currency then) for one unit of ``currency``.  Mileage
    keeps what it was priced from: metres driven, the commute left out, the rate and unit,
    and where the distance came from (planned route, visits, odometer).
    """

    __tablename__ = "expenses"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = version_column()
    owner: Mapped[str] = owner_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    day: Mapped[date] = mapped_column(Date, index=True)
    category: Mapped[str] = mapped_column(String(30))
    amount: Mapped[Decimal] = mapped_column(ExactDecimal(2))
    currency: Mapped[str] = mapped_column(String(3))
    rate_to_report: Mapped[Decimal | None] = mapped_column(ExactDecimal(10))
    rate_currency: Mapped[str | None] = mapped_column(String(3))
    tax: Mapped[Decimal] = mapped_column(ExactDecimal(2), default=Decimal("0.00"))
    merchant: Mapped[str] = mapped_column(String(200), default="")
    paid_by: Mapped[str] = mapped_column(String(10), default="personal")
    reimbursable: Mapped[bool] = mapped_column(Boolean, default=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    #: The account's name when the line was saved: the line reads the same after the
    #: account is renamed or deleted (a submitted report's lines never change).
    account_name: Mapped[str] = mapped_column(String(300), default="", server_default="")
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="SET NULL"))
    plan_day_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_days.id", ondelete="SET NULL"))
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("expense_reports.id", ondelete="SET NULL"), index=True)
    #: Names of the people entertained, one per line.
    attendees: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    odometer_start: Mapped[int | None] = mapped_column(Integer)
    odometer_end: Mapped[int | None] = mapped_column(Integer)
    driven_metres: Mapped[int | None] = mapped_column(Integer)
    commute_metres: Mapped[int | None] = mapped_column(Integer)
    mileage_rate: Mapped[Decimal | None] = mapped_column(ExactDecimal(4))
    distance_unit: Mapped[str] = mapped_column(String(2), default="")
    rate_label: Mapped[str] = mapped_column(String(200), default="")
    #: Where a mileage distance came from: plan, visits, driven, odometer ("" otherwise).
    mileage_source: Mapped[str] = mapped_column(String(10), default="")
    #: what the distance was measured on ("roads, OSM extract of 2015-10-06", "osrm",
    #: "straight line"; empty for an odometer or a recorded distance)
    distance_basis: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    receipts: Mapped[list[ExpenseReceipt]] = relationship(
        cascade="all, delete-orphan", order_by="ExpenseReceipt.id")


class ExpenseReceipt(Base):
    """A receipt file kept in the receipts folder under its content hash."""

    __tablename__ = "expense_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    expense_id: Mapped[int] = mapped_column(ForeignKey("expenses.id", ondelete="CASCADE"),
                                            index=True)
    stored_name: Mapped[str] = mapped_column(String(80), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(5))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
