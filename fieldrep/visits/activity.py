"""The rep's activity over a week or a month: visits planned and done, outcomes, hours,
coverage of the territory by tier, and progress against the monthly quotas.

Figures, as a manager reads them:

- planned: stops of the saved plans for the period's days (the newest plan of each day);
  done: completed visits in person; remote: completed calls (they count for the cadence,
  not for the route).
- hours worked on a day: first check-in to last check-out, plus the planned drive to the
  first stop and back from the last when that day was planned.
- coverage of a tier: the share of its active accounts whose last completed visit, on the
  period's last day, is within their cadence.
- quotas are monthly; a period gets the share of each month it covers, day by day.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from fieldrep.expenses.settings import expense_currency
from fieldrep.store import Store
from fieldrep.store.models import Account, Plan, PlanDay, PlanStop
from fieldrep.visits.due import DueStatus, due_on, last_visits
from fieldrep.visits.logbook import list_visits
from fieldrep.visits.model import Outcome, Result, VisitData, VisitError
from fieldrep.visits.settings import Quotas, quotas

TIERS = ("A", "B", "C")


@dataclass(frozen=True)
class DayActivity:
    day: date
    planned: int
    done: int
    #: completed visits in person at an account of the day's plan (at most ``planned``)
    planned_done: int
    remote: int
    first_check_in: time | None
    last_check_out: time | None
    #: Seconds worked: check-in to check-out, plus the planned drive there and back.
    worked_seconds: int
    order_value: Decimal


@dataclass(frozen=True)
class Coverage:
    tier: str
    seen: int
    total: int

    @property
    def share(self) -> float:
        return self.seen / self.total if self.total else 0.0


@dataclass(frozen=True)
class Quota:
    what: str  # "visits" or "order value"
    target: Decimal
    reached: Decimal

    @property
    def share(self) -> float:
        return float(self.reached / self.target) if self.target else 0.0


@dataclass(frozen=True)
class ActivityReport:
    first: date
    last: date
    currency: str
    days: tuple[DayActivity, ...]
    outcomes: dict[Outcome, int]
    results: dict[Result, int]
    coverage: tuple[Coverage, ...]
    quotas: tuple[Quota, ...]
    visits: tuple[VisitData, ...]

    @property
    def planned(self) -> int:
        return sum(d.planned for d in self.days)

    @property
    def done(self) -> int:
        return sum(d.done for d in self.days)

    @property
    def planned_done(self) -> int:
        return sum(d.planned_done for d in self.days)

    @property
    def remote(self) -> int:
        return sum(d.remote for d in self.days)

    @property
    def worked_seconds(self) -> int:
        return sum(d.worked_seconds for d in self.days)

    @property
    def order_value(self) -> Decimal:
        return sum((d.order_value for d in self.days), Decimal("0.00"))


def period_of(kind: str, day: date) -> tuple[date, date]:
    """The week (Monday to Sunday) or the calendar month that holds ``day``."""
    if not date(1, 1, 8) <= day <= date(9999, 12, 24):
        raise VisitError(f"{day} is too far from today for a report", "period")
    if kind == "week":
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=6)
    if kind == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year,
                                                                       day.month)[1])
    raise VisitError(f"a period is a week or a month, not {kind!r}", "period")


def activity_report(store: Store, first: date, last: date) -> ActivityReport:
    """The activity between ``first`` and ``last`` (inclusive)."""
    if last < first:
        raise VisitError(f"the period ends ({last}) before it starts ({first})", "last")
    if (last - first).days > 366:
        raise VisitError("a report covers at most a year", "last")
    visits = list_visits(store, first=first, last=last)[::-1]  # oldest first
    planned, legs = _planned(store, first, last)
    days = tuple(_day(first + timedelta(days=n), visits, planned, legs)
                 for n in range((last - first).days + 1))
    report_days = [d for d in days if d.planned or d.done or d.remote]
    outcomes = Counter(v.outcome for v in visits)
    results = Counter(r for v in visits for r in v.results)
    return ActivityReport(
        first=first, last=last, currency=expense_currency(store), days=tuple(report_days),
        outcomes={o: outcomes[o] for o in Outcome}, results={r: results[r] for r in Result},
        coverage=_coverage(store, last), quotas=_quotas(quotas(store), first, last, days),
        visits=tuple(visits))


def _day(day: date, visits: list[VisitData], planned: dict[date, Planned],
         legs: dict[date, int]) -> DayActivity:
    of_day = [v for v in visits if v.day == day]
    done = [v for v in of_day if v.done and not v.mode.remote]
    plan = planned.get(day, Planned(0, frozenset()))
    planned_done = len(plan.accounts & {v.account_id for v in done})
    remote = [v for v in of_day if v.done and v.mode.remote]
    ins = [v.check_in for v in done if v.check_in]
    outs = [v.check_out for v in done if v.check_out]
    first_in, last_out = min(ins, default=None), max(outs, default=None)
    worked = 0
    if first_in and last_out and last_out > first_in:
        worked = _seconds(last_out) - _seconds(first_in) + legs.get(day, 0)
    value = sum((v.order_value or Decimal(0) for v in of_day), Decimal("0.00"))
    return DayActivity(day, plan.stops, len(done), planned_done, len(remote), first_in,
                       last_out, worked, value)


@dataclass(frozen=True)
class Planned:
    """A day's plan as the report counts it: its stops, and the accounts they visit."""

    stops: int
    accounts: frozenset[int]


def _planned(store: Store, first: date, last: date,
             ) -> tuple[dict[date, Planned], dict[date, int]]:
    """The accounts planned per day, and the planned drive to the first stop and back
    (seconds), from the newest saved plan of each day."""
    with store.unit_of_work() as uow:
        rows = uow.session.execute(
            select(PlanDay.id, PlanDay.day, PlanDay.last_leg_seconds)
            .join(Plan, Plan.id == PlanDay.plan_id)
            .where(PlanDay.day >= first, PlanDay.day <= last)
            .order_by(Plan.created_at, Plan.id)).all()
        newest = {day: (day_id, last_leg) for day_id, day, last_leg in rows}
        ids = [day_id for day_id, _leg in newest.values()]
        stops = uow.session.execute(
            select(PlanStop.plan_day_id, PlanStop.position, PlanStop.leg_seconds,
                   PlanStop.account_id)
            .where(PlanStop.plan_day_id.in_(ids))).all()
    count: Counter[int] = Counter(day_id for day_id, _pos, _leg, _account in stops)
    accounts: dict[int, set[int]] = {}
    for day_id, _pos, _leg, account_id in stops:
        if account_id is not None:  # None: the account was deleted since
            accounts.setdefault(day_id, set()).add(account_id)
    first_leg = {day_id: leg for day_id, pos, leg, _account in stops if pos == 0}
    planned = {day: Planned(count[day_id], frozenset(accounts.get(day_id, ())))
               for day, (day_id, _leg) in newest.items()}
    legs = {day: first_leg.get(day_id, 0) + last_leg
            for day, (day_id, last_leg) in newest.items()}
    return planned, legs


def _coverage(store: Store, on: date) -> tuple[Coverage, ...]:
    with store.unit_of_work() as uow:
        last = last_visits(uow.session, before=on)
        rows = uow.session.execute(select(Account.id, Account.tier, Account.cadence_days)
                                   .where(Account.active.is_(True))).all()
    seen: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for account_id, tier, cadence in rows:
        total[tier] += 1
        status = due_on(last.get(account_id), cadence, on).status
        if status not in (DueStatus.NEVER, DueStatus.OVERDUE):
            seen[tier] += 1
    return tuple(Coverage(t, seen[t], total[t]) for t in TIERS if total[t])


def _quotas(goals: Quotas, first: date, last: date,
            days: tuple[DayActivity, ...]) -> tuple[Quota, ...]:
    share = Decimal(0)
    day = first
    while day <= last:
        share += Decimal(1) / calendar.monthrange(day.year, day.month)[1]
        day += timedelta(days=1)
    progress = []
    visits = Decimal(goals.visits_per_month)
    if visits:
        progress.append(Quota("visits", (visits * share).quantize(Decimal("0.1")),
                            Decimal(sum(d.done + d.remote for d in days))))
    orders = goals.orders_per_month
    if orders:
        progress.append(Quota("order value", (orders * share).quantize(Decimal("0.01")),
                            sum((d.order_value for d in days), Decimal("0.00"))))
    return tuple(progress)


def _seconds(at: time) -> int:
    return at.hour * 3600 + at.minute * 60 + at.second

