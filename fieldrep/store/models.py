"""SQLAlchemy 2.0 typed tables of the store.  Changes go through an Alembic migration."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from fieldrep.store.types import ExactDecimal

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Territory(Base):
    __tablename__ = "territories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    color: Mapped[str] = mapped_column(String(7), default="")
    #: GeoJSON geometry (Polygon or MultiPolygon, lon/lat) drawn on the map; "" if none.
    polygon: Mapped[str] = mapped_column(Text, default="")
    #: Postcodes ("69003"), postcode prefixes ("38*") and towns, one per line.
    areas: Mapped[str] = mapped_column(Text, default="")

    accounts: Mapped[list[Account]] = relationship(back_populates="territory")


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int | None] = mapped_column(
        ForeignKey("territories.id", ondelete="SET NULL"), index=True)
    #: The rep chose the territory by hand: automatic assignment leaves it alone.
    territory_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    street: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geocode_source: Mapped[str] = mapped_column(String(50), default="")
    geocode_precision: Mapped[str] = mapped_column(String(20), default="")
    tier: Mapped[str] = mapped_column(String(1), default="C")
    cadence_days: Mapped[int] = mapped_column(Integer, default=60)
    opening_hours: Mapped[str] = mapped_column(Text, default="")
    meeting_minutes: Mapped[int] = mapped_column(Integer, default=30)
    annual_value: Mapped[Decimal | None] = mapped_column(ExactDecimal(2))
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    territory: Mapped[Territory | None] = relationship(back_populates="accounts")
    tags: Mapped[list[AccountTag]] = relationship(
        cascade="all, delete-orphan", order_by="AccountTag.tag")
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="account", cascade="all, delete-orphan", order_by="Contact.id")


class AccountTag(Base):
    __tablename__ = "account_tags"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")

    account: Mapped[Account] = relationship(back_populates="contacts")


class GeocodeCacheEntry(Base):
    """One geocoder answer for one normalised address; ``lat`` None records "not found"."""

    __tablename__ = "geocode_cache"
    __table_args__ = (UniqueConstraint("provider", "query"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(200))
    query: Mapped[str] = mapped_column(String(500))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[str] = mapped_column(String(20), default="")
    display_name: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


Index("ix_accounts_postcode_country", Account.country, Account.postcode)


class TravelCacheEntry(Base):
    """One leg a travel model computed (e.g. an OSRM road time), so it is never asked twice.

    Points are kept as whole units of 1e-5 degree (about a metre), so they compare exactly.
    """

    __tablename__ = "travel_cache"

    model: Mapped[str] = mapped_column(String(200), primary_key=True)
    from_lat: Mapped[int] = mapped_column(Integer, primary_key=True)
    from_lon: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_lat: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_lon: Mapped[int] = mapped_column(Integer, primary_key=True)
    duration: Mapped[int] = mapped_column(Integer)  # seconds
    distance: Mapped[int] = mapped_column(Integer)  # metres
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Plan(Base):
    """A saved day or week plan, to reopen it and to record what was driven."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "day" or "week"
    first_day: Mapped[date] = mapped_column(Date, index=True)
    travel_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    days: Mapped[list[PlanDay]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanDay.day")
    dropped: Mapped[list[PlanDropped]] = relationship(
        cascade="all, delete-orphan", order_by="PlanDropped.id")


class PlanDay(Base):
    """One day of a plan: where it starts and ends, its times and totals."""

    __tablename__ = "plan_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"),
                                         index=True)
    day: Mapped[date] = mapped_column(Date)
    start_label: Mapped[str] = mapped_column(String(200))
    start_lat: Mapped[float] = mapped_column(Float)
    start_lon: Mapped[float] = mapped_column(Float)
    end_label: Mapped[str] = mapped_column(String(200))
    end_lat: Mapped[float] = mapped_column(Float)
    end_lon: Mapped[float] = mapped_column(Float)
    departure: Mapped[time] = mapped_column(Time)
    return_time: Mapped[time] = mapped_column(Time)
    lunch_start: Mapped[time | None] = mapped_column(Time)
    lunch_end: Mapped[time | None] = mapped_column(Time)
    drive_seconds: Mapped[int] = mapped_column(Integer)
    distance_metres: Mapped[int] = mapped_column(Integer)
    meeting_seconds: Mapped[int] = mapped_column(Integer)
    idle_seconds: Mapped[int] = mapped_column(Integer)
    break_seconds: Mapped[int] = mapped_column(Integer)
    last_leg_metres: Mapped[int] = mapped_column(Integer)
    last_leg_seconds: Mapped[int] = mapped_column(Integer)
    #: What the rep really drove that day (odometer or check-ins), recorded later.
    driven_metres: Mapped[int | None] = mapped_column(Integer)

    plan: Mapped[Plan] = relationship(back_populates="days")
    stops: Mapped[list[PlanStop]] = relationship(
        cascade="all, delete-orphan", order_by="PlanStop.position")


class PlanStop(Base):
    __tablename__ = "plan_stops"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_day_id: Mapped[int] = mapped_column(ForeignKey("plan_days.id", ondelete="CASCADE"),
                                             index=True)
    position: Mapped[int] = mapped_column(Integer)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    arrival: Mapped[time] = mapped_column(Time)
    start: Mapped[time] = mapped_column(Time)
    end: Mapped[time] = mapped_column(Time)
    wait_minutes: Mapped[int] = mapped_column(Integer)
    leg_metres: Mapped[int] = mapped_column(Integer)
    leg_seconds: Mapped[int] = mapped_column(Integer)
    appointment: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


class PlanDropped(Base):
    __tablename__ = "plan_dropped"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"),
                                         index=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)


class Visit(Base):
    """A visit or a remote call the rep logged: when, how it went, what came of it.

    The account may be deleted later: the visit keeps its name, so the rep's notes stay.
    """

    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    account_name: Mapped[str] = mapped_column(String(300))
    plan_stop_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_stops.id", ondelete="SET NULL"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    mode: Mapped[str] = mapped_column(String(10))  # in_person, phone, video
    check_in: Mapped[time | None] = mapped_column(Time)
    check_out: Mapped[time | None] = mapped_column(Time)
    outcome: Mapped[str] = mapped_column(String(20))
    #: What came of it, comma-separated: order, demo, sample, follow_up, lost.
    results: Mapped[str] = mapped_column(String(200), default="")
    order_value: Mapped[Decimal | None] = mapped_column(ExactDecimal(2))
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    #: Competitors seen or named, comma-separated.
    competitors: Mapped[str] = mapped_column(String(500), default="")
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class VisitRevision(Base):
    """What a visit's notes said before an edit: editing never loses what was written."""

    __tablename__ = "visit_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"),
                                          index=True)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    notes: Mapped[str] = mapped_column(Text)
    next_step: Mapped[str] = mapped_column(Text)


class FollowUp(Base):
    """Something promised to an account: a task for a day, or an appointment at a time."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    account_name: Mapped[str] = mapped_column(String(300))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="SET NULL"))
    due: Mapped[date] = mapped_column(Date, index=True)
    #: Set for an appointment: the planner pins the visit at this time.
    at: Mapped[time | None] = mapped_column(Time)
    minutes: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    #: When it was done or dropped; None while open.
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class VisitDraft(Base):
    """A visit form as typed so far, saved while the rep types (survives a crash)."""

    __tablename__ = "visit_drafts"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ExpenseReport(Base):
    """An expense report for a period or a trip: its lines are the expenses attached to it.

    ``status`` moves draft → submitted (lines locked) → reimbursed; a reopen brings it back
    to draft, and every move is kept in :class:`ExpenseReportEvent`.
    """

    __tablename__ = "expense_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
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
    """Who moved a report, when, and how: submitted, reopened (with the reason), reimbursed."""

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
