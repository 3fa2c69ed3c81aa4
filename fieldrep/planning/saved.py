"""Plans kept in the store: save a day or a week, reopen it, record what was driven.

A distance driven is typed by the rep in km or miles (the ``distance.unit`` setting);
:func:`driven_metres` turns it into metres and refuses what cannot be one day's driving
(negative, not a number, more than :data:`MAX_DRIVEN_KM`), with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from fieldrep.common.errors import FieldRepError
from fieldrep.common.units import METRES_PER_UNIT
from fieldrep.planning.model import (
    DayPlan,
    DroppedAccount,
    Place,
    PlanError,
    PlannedStop,
    Totals,
)
from fieldrep.store import Store
from fieldrep.store.models import Plan, PlanDay, PlanDropped, PlanStop
from fieldrep.store.owners import current_login

#: More than this in one day is a typing error, not a day's driving (24 h at 90 km/h).
MAX_DRIVEN_KM = 2_000
METRES_PER = {unit: float(metres) for unit, metres in METRES_PER_UNIT.items()}


class PlanNotFound(FieldRepError, LookupError):
    """No saved plan has that id."""


def driven_metres(value: str | float, unit: str = "km") -> int:
    """A day's distance driven, typed in ``unit`` (km or mi), in metres; :class:`PlanError`
    with the reason when it cannot be one day's driving."""
    if unit not in METRES_PER:
        raise PlanError(f"the distance unit must be km or mi, not {unit!r}")
    text = value.strip().replace(",", ".") if isinstance(value, str) else value
    try:
        amount = float(text)
    except ValueError:
        raise PlanError(f"the distance driven must be a number of {unit}, not "
                        f"{value!r}") from None
    if amount != amount or amount in (float("inf"), float("-inf")):
        raise PlanError(f"the distance driven must be a number of {unit}, not {value!r}")
    if amount < 0:
        raise PlanError("a distance driven cannot be negative")
    metres = round(amount * METRES_PER[unit])
    if metres > MAX_DRIVEN_KM * 1000:
        limit = MAX_DRIVEN_KM * 1000 / METRES_PER[unit]
        raise PlanError(f"{amount:g} {unit} in one day is not possible (at most "
                        f"{limit:,.0f} {unit}): check the number")
    return metres


@dataclass(frozen=True)
class SavedPlan:
    """A plan as it was saved: its days (each a :class:`DayPlan`) and what was left out."""

    id: int
    kind: str
    days: tuple[DayPlan, ...]
    dropped: tuple[DroppedAccount, ...]
    driven_metres: tuple[int | None, ...]
    travel_note: str = ""


def save_plan(store: Store, days: Sequence[DayPlan],
              dropped: Sequence[DroppedAccount] = (), *, travel_note: str = "") -> int:
    """Keep a plan (one day, or the days of a week); returns its id."""
    if not days:
        raise ValueError("a plan has at least one day")
    with store.unit_of_work() as uow:
        plan = Plan(kind="day" if len(days) == 1 else "week", first_day=days[0].day,
                    travel_note=travel_note)
        for d in days:
            row = PlanDay(
                day=d.day, start_label=d.start.label, start_lat=d.start.lat,
                start_lon=d.start.lon, end_label=d.end.label, end_lat=d.end.lat,
                end_lon=d.end.lon, departure=d.departure, return_time=d.return_time,
                lunch_start=d.lunch[0] if d.lunch else None,
                lunch_end=d.lunch[1] if d.lunch else None,
                drive_seconds=d.totals.drive_seconds,
                distance_metres=d.totals.distance_metres,
                meeting_seconds=d.totals.meeting_seconds, idle_seconds=d.totals.idle_seconds,
                break_seconds=d.totals.break_seconds, last_leg_metres=d.last_leg_metres,
                last_leg_seconds=d.last_leg_seconds, travel_source=d.travel_source[:120])
            row.stops = [PlanStop(
                position=n, account_id=s.account_id, name=s.name, arrival=s.arrival,
                start=s.start, end=s.end, wait_minutes=s.wait_minutes,
                leg_metres=s.leg_metres, leg_seconds=s.leg_seconds,
                appointment=s.appointment, locked=s.locked, appointment_at=s.appointment_at)
                for n, s in enumerate(d.stops)]
            plan.days.append(row)
        all_dropped = [*dropped, *(x for d in days for x in d.dropped)]
        plan.dropped = [PlanDropped(account_id=x.account_id, name=x.name, reason=x.reason)
                        for x in all_dropped]
        uow.session.add(plan)
        uow.commit()
        return plan.id


def load_plan(store: Store, plan_id: int) -> SavedPlan:
    """A saved plan, as it was saved."""
    with store.unit_of_work() as uow:
        plan = uow.session.scalar(
            select(Plan).where(Plan.id == plan_id).options(
                selectinload(Plan.days).selectinload(PlanDay.stops),
                selectinload(Plan.dropped)))
        if plan is None:
            raise PlanNotFound(f"no saved plan with id {plan_id}")
        days = tuple(_day(row) for row in plan.days)
        return SavedPlan(
            id=plan.id, kind=plan.kind, days=days,
            dropped=tuple(DroppedAccount(x.account_id or 0, x.name, x.reason)
                          for x in plan.dropped),
            driven_metres=tuple(row.driven_metres for row in plan.days),
            travel_note=plan.travel_note)


def list_plans(store: Store, *, since: date | None = None) -> list[tuple[int, str, date, int]]:
    """(id, kind, first day, number of stops) of the saved plans, newest day first."""
    with store.unit_of_work() as uow:
        stmt = select(Plan).where(Plan.owner == current_login()).options(
            selectinload(Plan.days).selectinload(PlanDay.stops))
        if since is not None:
            stmt = stmt.where(Plan.first_day >= since)
        plans = uow.session.scalars(stmt.order_by(Plan.first_day.desc(), Plan.id.desc()))
        return [(p.id, p.kind, p.first_day, sum(len(d.stops) for d in p.days)) for p in plans]


def check_driven_day(day: date, today: date | None = None) -> None:
    """Refuse to record what was driven on a day still to come (:class:`PlanError`)."""
    if day > (today or date.today()):
        raise PlanError(f"{day:%a %d %b %Y} is still to come: record the distance driven "
                        "on that day or after it")


def record_driven(store: Store, plan_id: int, day: date, metres: int, *,
                  today: date | None = None) -> None:
    """Record the distance really driven on a day of a plan (it may differ from the plan);
    a day still to come is refused."""
    check_driven_day(day, today)
    if metres < 0:
        raise PlanError("a distance driven cannot be negative")
    if metres > MAX_DRIVEN_KM * 1000:
        raise PlanError(f"{metres / 1000:g} km in one day is not possible (at most "
                        f"{MAX_DRIVEN_KM:,} km): check the number")
    with store.unit_of_work() as uow:
        row = uow.session.scalar(select(PlanDay).where(PlanDay.plan_id == plan_id,
                                                       PlanDay.day == day))
        if row is None:
            days = uow.session.scalars(select(PlanDay.day).where(PlanDay.plan_id == plan_id)
                                       .order_by(PlanDay.day)).all()
            if not days:
                raise PlanNotFound(f"no saved plan with id {plan_id}")
            raise PlanNotFound(f"plan {plan_id} has no day {day.isoformat()}; its days: "
                               f"{', '.join(d.isoformat() for d in days)}")
        row.driven_metres = metres
        uow.commit()


def replace_day(store: Store, plan_id: int, plan: DayPlan) -> None:
    """Put ``plan`` in place of its day in the saved plan ``plan_id`` (the day re-planned
    from a stop, an account added or taken out).  The stop of an account that stays keeps
    its row, so a visit already logged for it stays linked to it."""
    with store.unit_of_work() as uow:
        row = uow.session.scalar(
            select(PlanDay).where(PlanDay.plan_id == plan_id, PlanDay.day == plan.day)
            .options(selectinload(PlanDay.stops)))
        if row is None:
            raise PlanNotFound(f"plan {plan_id} has no day {plan.day.isoformat()}")
        kept = {s.account_id: s for s in row.stops}
        stops = []
        for n, s in enumerate(plan.stops):
            stop = kept.pop(s.account_id, None) or PlanStop(account_id=s.account_id)
            stop.position, stop.name, stop.arrival = n, s.name, s.arrival
            stop.start, stop.end, stop.wait_minutes = s.start, s.end, s.wait_minutes
            stop.leg_metres, stop.leg_seconds = s.leg_metres, s.leg_seconds
            stop.appointment, stop.locked = s.appointment, s.locked
            stops.append(stop)
        row.stops = stops
        row.departure, row.return_time = plan.departure, plan.return_time
        row.lunch_start = plan.lunch[0] if plan.lunch else None
        row.lunch_end = plan.lunch[1] if plan.lunch else None
        t = plan.totals
        row.drive_seconds, row.distance_metres = t.drive_seconds, t.distance_metres
        row.meeting_seconds, row.idle_seconds = t.meeting_seconds, t.idle_seconds
        row.break_seconds = t.break_seconds
        row.last_leg_metres, row.last_leg_seconds = plan.last_leg_metres, plan.last_leg_seconds
        uow.commit()


def _day(row: PlanDay) -> DayPlan:
    return DayPlan(
        day=row.day, start=Place(row.start_label, row.start_lat, row.start_lon),
        end=Place(row.end_label, row.end_lat, row.end_lon), departure=row.departure,
        return_time=row.return_time,
        stops=tuple(PlannedStop(
            account_id=s.account_id or 0, name=s.name, arrival=s.arrival, start=s.start,
            end=s.end, wait_minutes=s.wait_minutes, leg_metres=s.leg_metres,
            leg_seconds=s.leg_seconds, appointment=s.appointment, locked=s.locked,
            appointment_at=s.appointment_at)
            for s in row.stops),
        dropped=(),
        totals=Totals(row.drive_seconds, row.distance_metres, row.meeting_seconds,
                      row.idle_seconds, row.break_seconds),
        lunch=(row.lunch_start, row.lunch_end) if row.lunch_start and row.lunch_end else None,
        last_leg_metres=row.last_leg_metres, last_leg_seconds=row.last_leg_seconds,
        travel_source=row.travel_source)
