"""Logged visits and calls, their earlier notes, follow-ups and unsaved drafts."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column

from fieldrep.store.models.base import Base, owner_column, utcnow, version_column
from fieldrep.store.types import ExactDecimal


class Visit(Base):
    """A visit or a remote call the rep logged: when, how it went, what came of it.

    The account may be deleted later: the visit keeps its name, so the rep's notes stay.
    """

    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = version_column()
    owner: Mapped[str] = owner_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
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
