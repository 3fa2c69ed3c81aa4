"""Mileage from what FieldRep knows: the saved plans (planned), the visits checked in
(done) and the distances the rep recorded, priced at the rate table, saved as expenses.

For each day the distance claimed comes from, in this order: the distance recorded for the
day's saved plan (the rep's odometer or trip meter wins), the visits checked in that day
(home → each account visited in person, in check-in order → home, priced with the travel
model of the settings: the road server when there is one, else the imported roads of an
OpenStreetMap extract, else the straight-line estimate), or the day's saved plan (its
legs, the latest plan saved for that day).  With the commute rule the first leg from home
and the last leg home are left out.  Each day says what its distance was measured on
("roads, OSM extract of 2015-10-06"), in the expense's notes and ``distance_basis``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from fieldrep.common.units import METRES_PER_UNIT
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import ExpenseChange, list_expenses, save_expenses
from fieldrep.expenses.mileage import DrivingLeg, MileageDay, mileage_days
from fieldrep.expenses.mileage_rates import RateTable
from fieldrep.expenses.records import (
    ExpenseError,
    ExpenseRecord,
    MileageDetails,
    MileageSource,
    distance_basis,
)
from fieldrep.expenses.settings import expense_settings
from fieldrep.planning.settings import home_base
from fieldrep.store import Store
from fieldrep.store.models import Account, Plan, PlanDay, Visit
from fieldrep.store.owners import current_login
from fieldrep.travel import make_travel_model, travel_settings
from fieldrep.travel.straight_line import great_circle_km

#: A day's base this close to home (km) is home.
HOME_RADIUS_KM = 0.3
#: More than this in one day is a typing slip, not a day's driving.
MAX_DAY_KM = 2000
GENERATED = (MileageSource.PLAN, MileageSource.VISITS, MileageSource.DRIVEN)


@dataclass(frozen=True)
class DrivenDay:
    """What is known of one day's driving: the plan's legs, the visits' legs (with the
    accounts in order), the distance recorded; ``source`` is the one that counts."""

    day: date
    source: MileageSource
    legs: tuple[DrivingLeg, ...]
    planned_m: int | None = None
    visited_m: int | None = None
    recorded_m: int | None = None
    stops: tuple[str, ...] = ()
    plan_day_id: int | None = None
    #: what the distance was measured on (see :func:`records.distance_basis`); empty for a
    #: distance the rep recorded
    basis: str = ""

    @property
    def metres(self) -> int:
        return sum(leg.metres for leg in self.legs)

    def described_source(self) -> str:
        """``planned route (roads, OSM extract of 2015-10-06)``: the source and its basis."""
        return self.source.label + (f" ({self.basis})" if self.basis else "")

    def route(self) -> str:
        """``home → Pharmacie X → Clinique Y → home``."""
        return " → ".join(["home", *self.stops, "home"]) if self.stops else ""


@dataclass(frozen=True)
class MileageLine:
    """A day priced: ``existing`` is the mileage expense that already claims it."""

    driven: DrivenDay
    priced: MileageDay
    existing: ExpenseRecord | None = None


@dataclass(frozen=True)
class SavedMileage:
    saved: tuple[ExpenseRecord, ...]
    skipped: tuple[str, ...]


def driven_days(store: Store, first: date, last: date, *,
                source: MileageSource | None = None) -> list[DrivenDay]:
    """The days from ``first`` to ``last`` with driving, by date; ``source`` (plan or
    visits) takes only that source (a recorded distance still wins)."""
    if last < first:
        raise ExpenseError(f"the period ends ({last}) before it starts ({first})")
    base = home_base(store)
    home = base.point if base is not None else None
    planned = _planned(store, first, last, home)
    visited = _visited(store, first, last, home)
    days = []
    for day in sorted(planned.keys() | visited.keys()):
        plan, visits = planned.get(day), visited.get(day)
        recorded = plan[2] if plan else None
        plan_legs = plan[0] if plan else None
        visit_legs = visits[0] if visits else None
        if recorded is not None:
            chosen, legs = MileageSource.DRIVEN, _with_total(plan_legs or (), recorded, day)
        elif visit_legs and source is not MileageSource.PLAN:
            chosen, legs = MileageSource.VISITS, visit_legs
        elif plan_legs and source is not MileageSource.VISITS:
            chosen, legs = MileageSource.PLAN, plan_legs
        else:
            continue
        stops = visits[1] if chosen is MileageSource.VISITS and visits else (
            plan[1] if plan else ())
        basis = {MileageSource.VISITS: visits[2] if visits else "",
                 MileageSource.PLAN: plan[4] if plan else ""}.get(chosen, "")
        days.append(DrivenDay(
            day=day, source=chosen, legs=tuple(legs), stops=tuple(stops),
            planned_m=_total(plan_legs), visited_m=_total(visit_legs), recorded_m=recorded,
            plan_day_id=plan[3] if plan else None, basis=basis))
    return days


def mileage_lines(store: Store, first: date, last: date, *,
                  source: MileageSource | None = None,
                  commute: bool | None = None) -> list[MileageLine]:
    """Each day's driving priced at its rate; ``commute`` None follows the setting."""
    settings = expense_settings(store)
    table = settings.rates
    leave_out = settings.exclude_commute if commute is None else commute
    existing = {r.entry.day: r for r in list_expenses(store, first=first, last=last)
                if r.entry.category is Category.MILEAGE}
    lines = []
    for driven in driven_days(store, first, last, source=source):
        if driven.metres == 0:
            continue
        priced = mileage_days(driven.legs, table, exclude_commute=leave_out)[0]
        lines.append(MileageLine(driven, priced, existing.get(driven.day)))
    return lines


def save_mileage(store: Store, first: date, last: date, *,
                 source: MileageSource | None = None,
                 commute: bool | None = None) -> SavedMileage:
    """Turn each day's driving into a mileage expense (replacing the one made before for
    that day; never one typed by hand or in a locked report)."""
    changes, skipped = [], []
    today = date.today()
    for line in mileage_lines(store, first, last, source=source, commute=commute):
        day, priced, existing = line.driven.day, line.priced, line.existing
        if day > today:
            skipped.append(f"{day.isoformat()}: still to come, its mileage is claimed once "
                           "the day is driven")
            continue
        route = line.driven.route()
        entry = ExpenseEntry(day=day, category=Category.MILEAGE, amount=priced.amount,
                             currency=priced.currency,
                             notes=line.driven.described_source()
                             + (f": {route}" if route else ""))
        details = MileageDetails(
            driven_m=priced.driven_m, commute_m=priced.commute_m, rate=priced.rate.rate,
            unit=priced.unit, label=priced.rate.describe(), source=line.driven.source,
            basis=line.driven.basis)
        if priced.amount == 0:
            skipped.append(f"{day.isoformat()}: only the commute was driven, nothing to "
                           "claim")
        elif existing is None:
            changes.append(ExpenseChange(entry, None, details, line.driven.plan_day_id))
        elif existing.locked:
            skipped.append(f"{day.isoformat()}: its mileage is in a submitted report")
        elif existing.mileage is None or existing.mileage.source not in GENERATED:
            skipped.append(f"{day.isoformat()}: already claimed by expense #{existing.id}")
        else:
            changes.append(ExpenseChange(entry, existing.id, details))
    return SavedMileage(tuple(save_expenses(store, changes)), tuple(skipped))


#: Car odometers show at most seven digits.
MAX_ODOMETER = 9_999_999


def odometer_mileage(rates: RateTable, day: date, start: int,
                     end: int) -> tuple[ExpenseEntry, MileageDetails]:
    """A mileage expense from two odometer readings (in the unit of the day's rate)."""
    rate = rates.rate_on(day)
    if start < 0 or end <= start:
        raise ExpenseError(f"the odometer must go up: {start} then {end}")
    if end > MAX_ODOMETER:
        raise ExpenseError(f"an odometer reading of {end} cannot be right (at most "
                           f"{MAX_ODOMETER:,})")
    per_unit = METRES_PER_UNIT[rate.unit]
    metres = int((Decimal(end - start) * per_unit).quantize(Decimal(1), ROUND_HALF_UP))
    if metres > MAX_DAY_KM * 1000:
        raise ExpenseError(f"{end - start} {rate.unit} in one day cannot be right: check "
                           "the odometer readings")
    priced = mileage_days([DrivingLeg(day, metres)], rates)[0]
    entry = ExpenseEntry(day=day, category=Category.MILEAGE, amount=priced.amount,
                         currency=rate.currency)
    return entry, MileageDetails(metres, 0, rate.rate, rate.unit, rate.describe(),
                                 MileageSource.ODOMETER, start, end)


# -- the sources -------------------------------------------------------------------------------

_PlanInfo = tuple[list[DrivingLeg], list[str], int | None, int, str]


def _planned(store: Store, first: date, last: date,
             home: tuple[float, float] | None) -> dict[date, _PlanInfo]:
    """Per day, from the latest plan saved for it with a distance recorded, else the
    latest plan saved for it: legs, stop names, recorded metres, id.  (A day planned again
    after the rep recorded what was driven keeps that recorded distance.)"""
    with store.unit_of_work() as uow:
        rows = uow.session.scalars(
            select(PlanDay).join(Plan, Plan.id == PlanDay.plan_id)
            .where(PlanDay.day >= first, PlanDay.day <= last, Plan.owner == current_login())
            .options(selectinload(PlanDay.stops)).order_by(PlanDay.plan_id, PlanDay.id))
        latest: dict[date, PlanDay] = {}
        for row in rows:
            kept = latest.get(row.day)
            if kept is None or row.driven_metres is not None or kept.driven_metres is None:
                latest[row.day] = row
        found: dict[date, _PlanInfo] = {}
        for day, row in latest.items():
            metres = [s.leg_metres for s in row.stops] + [row.last_leg_metres]
            legs = _legs(day, metres, _near(home, (row.start_lat, row.start_lon)),
                         _near(home, (row.end_lat, row.end_lon)))
            found[day] = (legs, [s.name for s in row.stops], row.driven_metres, row.id,
                          distance_basis(row.travel_source))
        return found


def _visited(store: Store, first: date, last: date, home: tuple[float, float] | None,
             ) -> dict[date, tuple[list[DrivingLeg], list[str], str]]:
    """Per day: legs from home to each account visited in person (check-in order) and
    back, and the accounts' names."""
    with store.unit_of_work() as uow:
        rows = uow.session.execute(
            select(Visit.day, Visit.account_name, Account.lat, Account.lon)
            .join(Account, Account.id == Visit.account_id)
            .where(Visit.day >= first, Visit.day <= last, Visit.mode == "in_person",
                   Visit.owner == current_login(),
                   Visit.outcome == "completed", Visit.check_in.is_not(None),
                   Account.lat.is_not(None), Account.lon.is_not(None))
            .order_by(Visit.day, Visit.check_in, Visit.id)).all()
    by_day: dict[date, list[tuple[str, float, float]]] = {}
    for day, name, lat, lon in rows:
        # The query keeps located accounts only.
        by_day.setdefault(day, []).append((name, cast(float, lat), cast(float, lon)))
    if not by_day:
        return {}
    try:
        model = make_travel_model(travel_settings(store), store)
    except ValueError as exc:
        raise ExpenseError(f"cannot price the visits' driving: {exc}") from None
    found = {}
    for day, stops in by_day.items():
        points = [(lat, lon) for _name, lat, lon in stops]
        if home is not None:
            points = [home, *points, home]
        matrix = model.matrix(points)
        metres = [matrix.distances[i][i + 1] for i in range(len(points) - 1)]
        legs = _legs(day, metres, home is not None, home is not None) if metres else []
        found[day] = (legs, [name for name, _lat, _lon in stops],
                      distance_basis(matrix.source))
    return found


def _legs(day: date, metres: Sequence[int], from_home: bool, to_home: bool) -> list[DrivingLeg]:
    last = len(metres) - 1
    return [DrivingLeg(day, int(m), from_home=from_home and n == 0,
                       to_home=to_home and n == last) for n, m in enumerate(metres)]


def _with_total(legs: Sequence[DrivingLeg], total: int, day: date) -> list[DrivingLeg]:
    """A recorded total split like the plan: its first and last legs (the commute, if
    they are from and to home) kept, the rest in between; scaled down if the total is
    shorter than those two."""
    if len(legs) < 2:
        return [DrivingLeg(day, total)]
    first, last = legs[0], legs[-1]
    ends = first.metres + last.metres
    if ends > total:
        start = total * first.metres // ends if ends else 0
        return [DrivingLeg(day, start, from_home=first.from_home),
                DrivingLeg(day, total - start, to_home=last.to_home)]
    return [DrivingLeg(day, first.metres, from_home=first.from_home),
            DrivingLeg(day, total - ends),
            DrivingLeg(day, last.metres, to_home=last.to_home)]


def _near(home: tuple[float, float] | None, point: tuple[float, float]) -> bool:
    """Whether ``point`` is home (with no home base set, a day's base counts as home)."""
    return home is None or great_circle_km(home, point) <= HOME_RADIUS_KM


def _total(legs: Iterable[DrivingLeg] | None) -> int | None:
    return None if legs is None else sum(leg.metres for leg in legs)
