"""Saved day and week plans: their days, stops and the visits left out."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fieldrep.store.models.base import Base, owner_column, utcnow, version_column


class Plan(Base):
    """A saved day or week plan, to reopen it and to record what was driven."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = version_column()
    owner: Mapped[str] = owner_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
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
    #: where the legs' figures come from ("roads, OSM extract of 2015-10-06", "osrm"…)
    travel_source: Mapped[str] = mapped_column(String(120), default="")
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
    #: The appointment's own time (its start, unless the order made the rep late).
    appointment_at: Mapped[time | None] = mapped_column(Time, nullable=True)


class PlanDropped(Base):
    __tablename__ = "plan_dropped"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"),
                                         index=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
