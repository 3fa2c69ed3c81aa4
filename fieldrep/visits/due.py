"""Which accounts to see on a day: due status against the cadence, and a ranking with reasons.

An account's cadence (days between visits) comes from its tier unless the rep set one.  A
completed visit, in person or remote, restarts the count.  The ranking adds up how overdue
an account is, its tier and value, follow-ups promised, an appointment that day, and the
distance from the day's start; every suggestion carries those reasons in words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldrep.store import Store
from fieldrep.store.models import Account, Visit
from fieldrep.travel.straight_line import great_circle_km
from fieldrep.visits.follow_ups import open_follow_ups
from fieldrep.visits.model import FollowUpData, Outcome

TIER_WEIGHT = {"A": 3.0, "B": 2.0, "C": 1.0}
FOLLOW_UP_POINTS = 25.0
LATE_FOLLOW_UP_POINTS = 30.0
APPOINTMENT_POINTS = 100.0
KM_PER_POINT = 10.0
DEFAULT_LIMIT = 40


class DueStatus(StrEnum):
    NEVER = "never"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"

    @property
    def label(self) -> str:
        return {"never": "Never visited", "overdue": "Overdue", "due_soon": "Due soon",
                "on_time": "On time"}[self]


@dataclass(frozen=True)
class Due:
    """Where an account stands against its cadence on a day."""

    status: DueStatus
    last_visit: date | None
    due_on: date | None
    #: Days past the due date (negative: days left).
    overdue_days: int


@dataclass(frozen=True)
class Suggestion:
    """An account worth seeing on the day, with why."""

    account_id: int
    name: str
    city: str
    tier: str
    lat: float | None
    lon: float | None
    due: Due
    score: float
    reasons: tuple[str, ...]
    appointment: time | None
    follow_ups: tuple[FollowUpData, ...]
    km: float | None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


def soon_window(cadence_days: int) -> int:
    """How many days ahead an account counts as "due soon": a quarter of its cadence, 1–7."""
    return max(1, min(7, cadence_days // 4))


def due_on(last_visit: date | None, cadence_days: int, day: date) -> Due:
    """The account's status on ``day`` given its last completed visit."""
    if last_visit is None:
        return Due(DueStatus.NEVER, None, None, 0)
    due_day = date.fromordinal(last_visit.toordinal() + cadence_days)
    late = (day - due_day).days
    if late > 0:
        status = DueStatus.OVERDUE
    elif -late <= soon_window(cadence_days):
        status = DueStatus.DUE_SOON
    else:
        status = DueStatus.ON_TIME
    return Due(status, last_visit, due_day, late)


def last_visits(session: Session, account_ids: Iterable[int] | None = None,
                before: date | None = None) -> dict[int, date]:
    """Each account's last completed visit (in person or remote), up to ``before``."""
    stmt = (select(Visit.account_id, func.max(Visit.day))
            .where(Visit.outcome == Outcome.COMPLETED.value, Visit.account_id.is_not(None))
            .group_by(Visit.account_id))
    if before is not None:
        stmt = stmt.where(Visit.day <= before)
    if account_ids is not None:
        stmt = stmt.where(Visit.account_id.in_(list(account_ids)))
    return {account_id: day for account_id, day in session.execute(stmt)}


def due_statuses(store: Store, day: date) -> dict[int, DueStatus]:
    """Every active account's due status on ``day`` (for colouring the map)."""
    with store.unit_of_work() as uow:
        last = last_visits(uow.session, before=day)
        rows = uow.session.execute(select(Account.id, Account.cadence_days)
                                   .where(Account.active.is_(True)))
        return {account_id: due_on(last.get(account_id), cadence, day).status
                for account_id, cadence in rows}


def overdue_days(store: Store, account_ids: Iterable[int], day: date) -> dict[int, int]:
    """Days each account is past its due date on ``day`` (0 when not overdue; a never
    visited account counts as due for a whole cadence)."""
    ids = list(account_ids)
    with store.unit_of_work() as uow:
        last = last_visits(uow.session, ids, before=day)
        rows = uow.session.execute(select(Account.id, Account.cadence_days)
                                   .where(Account.id.in_(ids)))
        result = {}
        for account_id, cadence in rows:
            due = due_on(last.get(account_id), cadence, day)
            result[account_id] = (cadence if due.status is DueStatus.NEVER
                                  else max(due.overdue_days, 0))
        return result


def due_accounts(store: Store, day: date, *, near: tuple[float, float] | None = None,
                 limit: int = DEFAULT_LIMIT, include_on_time: bool = False) -> list[Suggestion]:
    """The accounts to see on ``day``, best first, each with its reasons.

    Accounts on time with no follow-up or appointment are left out unless
    ``include_on_time``; ``near`` (the day's start) makes far accounts rank lower.
    """
    follow_ups: dict[int, list[FollowUpData]] = {}
    for item in open_follow_ups(store, until=day):
        if item.account_id is not None:
            follow_ups.setdefault(item.account_id, []).append(item)
    with store.unit_of_work() as uow:
        last = last_visits(uow.session, before=day)
        rows = uow.session.execute(
            select(Account.id, Account.name, Account.city, Account.tier, Account.cadence_days,
                   Account.annual_value, Account.lat, Account.lon)
            .where(Account.active.is_(True))).all()
    found = []
    for account_id, name, city, tier, cadence, value, lat, lon in rows:
        due = due_on(last.get(account_id), cadence, day)
        promised = tuple(follow_ups.get(account_id, ()))
        if due.status is DueStatus.ON_TIME and not promised and not include_on_time:
            continue
        km = _km(near, lat, lon)
        score, reasons = _score(due, cadence, tier, value, promised, day, km)
        appointment = next((f.at for f in promised if f.due == day and f.at), None)
        found.append(Suggestion(account_id, name, city, tier, lat, lon, due, score,
                                tuple(reasons), appointment, promised, km))
    found.sort(key=lambda s: (-s.score, s.name))
    return found[:limit]


def _score(due: Due, cadence: int, tier: str, value: Decimal | None,
           promised: tuple[FollowUpData, ...], day: date, km: float | None
           ) -> tuple[float, list[str]]:
    reasons = []
    if due.status is DueStatus.NEVER:
        urgency = 1.0
        reasons.append("never visited")
    elif due.status is DueStatus.OVERDUE:
        urgency = 1.0 + min(due.overdue_days / cadence, 2.0)
        reasons.append(f"overdue by {_days(due.overdue_days)} (every {cadence} days, last "
                       f"visit {due.last_visit:%a %d %b})")
    elif due.status is DueStatus.DUE_SOON:
        urgency = 0.5
        reasons.append("due today" if due.overdue_days == 0
                       else f"due in {_days(-due.overdue_days)}")
    else:
        urgency = 0.0
    score = TIER_WEIGHT.get(tier, 1.0) * urgency * 10
    reasons.append(f"tier {tier}")
    for item in promised:
        if item.due == day and item.at is not None:
            score += APPOINTMENT_POINTS
            reasons.insert(0, f"appointment {item.at:%H:%M}"
                              + (f": {item.note}" if item.note else ""))
        elif item.due < day:
            score += LATE_FOLLOW_UP_POINTS
            reasons.insert(0, f"{item.describe()} ({_days((day - item.due).days)} late)")
        else:
            score += FOLLOW_UP_POINTS
            reasons.insert(0, item.describe())
    if value is not None and value > 1000:
        score += 3 * math.log10(float(value) / 1000)
        reasons.append(f"annual value {value:,.0f}")
    if km is not None:
        score -= km / KM_PER_POINT
        reasons.append(f"{km:.0f} km from the start")
    return score, reasons


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _km(near: tuple[float, float] | None, lat: float | None, lon: float | None
        ) -> float | None:
    if near is None or lat is None or lon is None:
        return None
    return great_circle_km(near, (lat, lon))
