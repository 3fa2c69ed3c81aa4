"""Which accounts to see on a day: due status against the cadence, and a ranking with reasons.

An account's cadence (days between visits) comes from its tier unless the rep set one.  A
completed visit, in person or remote, restarts the count.  The ranking adds up how overdue
an account is, its tier and value, follow-ups promised, an appointment that day, and the
distance from the day's start (by road when an OpenStreetMap extract is imported); every
suggestion carries those reasons in words.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import Any, cast

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldrep.common.hours import OpeningHours, parse_opening_hours
from fieldrep.store import Store
from fieldrep.store.models import Account, Visit
from fieldrep.store.owners import current_login
from fieldrep.travel.straight_line import haversine_km
from fieldrep.visits.follow_ups import open_follow_ups
from fieldrep.visits.model import DueStatus as DueStatus
from fieldrep.visits.model import FollowUpData, Outcome

TIER_WEIGHT = {"A": 3.0, "B": 2.0, "C": 1.0}
FOLLOW_UP_POINTS = 25.0
LATE_FOLLOW_UP_POINTS = 30.0
APPOINTMENT_POINTS = 100.0
KM_PER_POINT = 10.0
DEFAULT_LIMIT = 40


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
    #: False when its opening hours say it is closed all that day.
    open_that_day: bool = True

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


def soon_window(cadence_days: int) -> int:
    """How many days ahead an account counts as "due soon": a quarter of its cadence, 1–7."""
    return max(1, min(7, cadence_days // 4))


def status_of(last_visit: date | None, cadence_days: int, day: date
              ) -> tuple[DueStatus, int]:
    """The account's status on ``day`` and the days past its due date (negative: left)."""
    if last_visit is None:
        return DueStatus.NEVER, 0
    late = day.toordinal() - last_visit.toordinal() - cadence_days
    if late > 0:
        return DueStatus.OVERDUE, late
    if -late <= soon_window(cadence_days):
        return DueStatus.DUE_SOON, late
    return DueStatus.ON_TIME, late


def due_on(last_visit: date | None, cadence_days: int, day: date) -> Due:
    """The account's status on ``day`` given its last completed visit."""
    status, late = status_of(last_visit, cadence_days, day)
    if last_visit is None:
        return Due(status, None, None, 0)
    return Due(status, last_visit, date.fromordinal(last_visit.toordinal() + cadence_days),
               late)


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
    rows = cast("Iterable[tuple[int, date]]", session.execute(stmt))  # account_id not None
    return {account_id: day for account_id, day in rows}


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
            .where(Account.active.is_(True), Account.owner == current_login())).all()
    kms = _distances(near, [(lat, lon) for *_rest, lat, lon in rows])
    ranked = []
    for row, km in zip(rows, kms, strict=True):
        account_id, _name, _city, tier, cadence, value, _lat, _lon = row
        status, late = status_of(last.get(account_id), cadence, day)
        promised = follow_ups.get(account_id, ())
        if status is DueStatus.ON_TIME and not promised and not include_on_time:
            continue
        ranked.append((_points(status, late, cadence, tier, value, promised, day, km), row,
                       km))
    # The best twice over, then those closed all that day after the open ones: a rep can
    # still call them, but not visit them.
    best = heapq.nsmallest(2 * limit, ranked, key=lambda r: (-r[0], r[1][1]))
    closed = _closed_on(store, [row[0] for _score, row, _km in best], day)
    found = [_suggestion(row, score, km, last, follow_ups.get(row[0], ()), day,
                         row[0] not in closed) for score, row, km in best]
    found.sort(key=lambda s: not s.open_that_day)
    return found[:limit]


def _closed_on(store: Store, account_ids: Sequence[int], day: date) -> set[int]:
    """The accounts whose opening hours say they are closed all of ``day``."""
    with store.unit_of_work() as uow:
        rows = uow.session.execute(select(Account.id, Account.opening_hours)
                                   .where(Account.id.in_(account_ids)))
        return {account_id for account_id, text in rows
                if _closed(parse_opening_hours(text), day)}


def _closed(hours: OpeningHours, day: date) -> bool:
    return hours.known and not hours.intervals(day.weekday())


def _points(status: DueStatus, late: int, cadence: int, tier: str, value: Decimal | None,
            promised: Sequence[FollowUpData], day: date, km: float | None) -> float:
    """The ranking score: urgency against the cadence times the tier's weight, plus
    follow-ups and appointments, plus value, less distance."""
    if status is DueStatus.OVERDUE:
        urgency = 1.0 + min(late / cadence, 2.0)
    else:
        urgency = {DueStatus.NEVER: 1.0, DueStatus.DUE_SOON: 0.5}.get(status, 0.0)
    score = TIER_WEIGHT.get(tier, 1.0) * urgency * 10
    for item in promised:
        if item.due == day and item.at is not None:
            score += APPOINTMENT_POINTS
        else:
            score += LATE_FOLLOW_UP_POINTS if item.due < day else FOLLOW_UP_POINTS
    if value is not None and value > 1000:
        score += 3 * math.log10(float(value) / 1000)
    if km is not None:
        score -= km / KM_PER_POINT
    return score


def _suggestion(row: Any, score: float, km: float | None, last: dict[int, date],
                promised: Sequence[FollowUpData], day: date, open_that_day: bool
                ) -> Suggestion:
    account_id, name, city, tier, cadence, value, lat, lon = row
    due = due_on(last.get(account_id), cadence, day)
    appointment = next((f.at for f in promised if f.due == day and f.at), None)
    reasons = _reasons(due, cadence, tier, value, promised, day, km)
    if not open_that_day:
        reasons.insert(0, f"closed on {day:%A}s")
    if lat is None or lon is None:
        reasons.append("no location: locate it to put it on a route")
    return Suggestion(account_id, name, city, tier, lat, lon, due, score, tuple(reasons),
                      appointment, tuple(promised), km, open_that_day)


def _reasons(due: Due, cadence: int, tier: str, value: Decimal | None,
             promised: Sequence[FollowUpData], day: date, km: float | None) -> list[str]:
    """Why an account is suggested, in words, most pressing first."""
    reasons = []
    for item in promised:
        if item.due == day and item.at is not None:
            reasons.append(f"appointment {item.at:%H:%M}"
                           + (f": {item.note}" if item.note else ""))
        elif item.due < day:
            reasons.append(f"{item.describe()} ({_days((day - item.due).days)} late)")
        else:
            reasons.append(item.describe())
    reasons.sort(key=lambda r: not r.startswith("appointment"))
    if due.status is DueStatus.NEVER:
        reasons.append("never visited")
    elif due.status is DueStatus.OVERDUE:
        reasons.append(f"overdue by {_days(due.overdue_days)} (every {cadence} days, last "
                       f"visit {due.last_visit:%a %d %b})")
    elif due.status is DueStatus.DUE_SOON:
        reasons.append("due today" if due.overdue_days == 0
                       else f"due in {_days(-due.overdue_days)}")
    reasons.append(f"tier {tier}")
    if value is not None and value > 1000:
        reasons.append(f"annual value {value:,.0f}")
    if km is not None:
        reasons.append(f"{km:.0f} km from the start")
    return reasons


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _distances(near: tuple[float, float] | None,
               points: Sequence[tuple[float | None, float | None]]) -> list[float | None]:
    """Km from ``near`` to each point (None without a start or a location): by road when an
    OpenStreetMap extract is imported and covers them, else as the crow flies."""
    from fieldrep.roads.distances import road_km_from  # scipy: only for suggestions

    if near is None or not points:
        return [None] * len(points)
    located = np.array([(lat if lat is not None else np.nan, lon if lon is not None
                         else np.nan) for lat, lon in points], dtype=float)
    kms = haversine_km(np.array([near], dtype=float), located)[0]
    straight = [None if math.isnan(km) else float(km) for km in kms]
    road = road_km_from(near, [None if km is None else (float(lat), float(lon))
                               for km, (lat, lon) in zip(straight, located, strict=True)])
    if road is None:
        return straight
    return [r if r is not None else s for r, s in zip(road, straight, strict=True)]
