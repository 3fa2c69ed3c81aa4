"""Build planning requests from the store: the accounts, the rep's settings, the home base.

The CLI and the desktop app both go through here, so a day planned from either uses the
same working hours, lunch break and home base.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date, time, timedelta

from sqlalchemy import select

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import get_account
from fieldrep.planning.home import locate_home
from fieldrep.planning.model import (
    Appointment,
    Candidate,
    DayRequest,
    Lock,
    LunchBreak,
    Place,
    PlanError,
)
from fieldrep.planning.settings import home_base, work_day
from fieldrep.planning.week import DatedAppointment, WeekRequest, WorkDay
from fieldrep.store import Store
from fieldrep.store.models import Account
from fieldrep.store.owners import current_login
from fieldrep.travel.straight_line import great_circle_km
from fieldrep.visits.due import overdue_days
from fieldrep.visits.follow_ups import open_follow_ups

DEFAULT_COUNT = 30
#: The most working days one plan covers (a month), and the minutes of a day.
MAX_PLAN_DAYS, MINUTES_A_DAY = 31, 24 * 60
LUNCH_EARLIEST, LUNCH_LATEST = time(11, 45), time(14, 0)
_COORDS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")
_TIERS = {"A": 0, "B": 1, "C": 2}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def candidate(account: AccountData, overdue: int = 0) -> Candidate:
    """What the planner needs of an account (``overdue``: days past its cadence)."""
    return Candidate(
        account_id=account.id or 0, name=account.name, lat=account.lat, lon=account.lon,
        meeting_minutes=account.meeting_minutes, opening_hours=account.opening_hours,
        tier=account.tier, annual_value=float(account.annual_value or 0),
        overdue_days=overdue)


def candidates(store: Store, account_ids: Sequence[int], day: date | None = None
               ) -> tuple[Candidate, ...]:
    """The planner's view of these accounts, in the given order (an unknown id is named);
    with ``day``, each knows how overdue it is then, from the visits logged."""
    ids = list(dict.fromkeys(account_ids))
    overdue = overdue_days(store, ids, day) if day is not None else {}
    found = []
    for account_id in ids:
        try:
            found.append(candidate(get_account(store, account_id), overdue.get(account_id, 0)))
        except LookupError:
            raise PlanError(f"there is no account #{account_id}") from None
    return tuple(found)


def booked_appointments(store: Store, first: date, last: date) -> list[DatedAppointment]:
    """The appointments booked as follow-ups (a date and a time) between two days."""
    return [DatedAppointment(f.account_id, f.due, f.at, f.minutes)
            for f in open_follow_ups(store, until=last)
            if f.due >= first and f.at is not None and f.account_id is not None]


def _with_booked(given: Sequence[DatedAppointment], booked: Sequence[DatedAppointment]
                 ) -> list[DatedAppointment]:
    """The appointments given, plus the booked ones of accounts not given a time."""
    named = {a.account_id for a in given}
    return [*given, *(b for b in booked if b.account_id not in named)]


def nearest_accounts(store: Store, near: tuple[float, float], count: int = DEFAULT_COUNT
                     ) -> list[int]:
    """The active located accounts nearest to ``near``, tier A before B before C at equal
    distance band (10 km), as a default choice for a day."""
    with store.unit_of_work() as uow:
        rows = uow.session.execute(select(Account.id, Account.lat, Account.lon, Account.tier)
                                   .where(Account.active.is_(True), Account.lat.is_not(None),
                                          Account.owner == current_login()))
        scored = []
        for account_id, lat, lon, tier in rows:
            if lat is None or lon is None:  # a half-set pin cannot be planned
                continue
            km = great_circle_km(near, (lat, lon))
            scored.append((int(km // 10), _TIERS.get(tier, 2), km, account_id))
    return [row[3] for row in sorted(scored)[:count]]


def home_place(store: Store) -> Place | None:
    """The home base from the settings, if it is set."""
    home = home_base(store)
    return None if home is None else Place(home.label, *home.point)


def parse_place(store: Store, text: str) -> Place:
    """``home``, ``LAT,LON`` or an address (located offline) as a place to start or end."""
    value = text.strip()
    if value.lower() in ("", "home"):
        home = home_place(store)
        if home is None:
            raise PlanError("no home base is set: set the address or pin where your day "
                            "starts and ends in Settings, or choose where to start")
        return home
    match = _COORDS.match(value)
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise PlanError(f"{value!r} is not a latitude,longitude pair")
        return Place(value, lat, lon)
    found = locate_home(store, value, None)
    if found is None:
        raise PlanError(f"cannot place {value!r} offline: give its town, or LAT,LON")
    return Place(value, found[0], found[1])


def working_day(store: Store) -> tuple[time, time, LunchBreak | None]:
    """Start, end and lunch break of the rep's working day, from the settings."""
    day = work_day(store)
    minutes = int(day.lunch.total_seconds() // 60)
    return (day.start, day.end,
            LunchBreak(LUNCH_EARLIEST, LUNCH_LATEST, minutes) if minutes else None)


def check_working_day(working: Collection[int], day: date) -> None:
    """Refuse a day that is not one of the rep's ``working`` weekdays, saying which are."""
    if day.weekday() in working:
        return
    names = [_WEEKDAYS[d] for d in sorted(working)]
    listed = (f"{names[0]} to {names[-1]}" if len(names) > 2 and
              sorted(working) == list(range(min(working), max(working) + 1))
              else ", ".join(names)) if names else "none is set"
    raise PlanError(f"{day:%A %d %B %Y} is not one of your working days ({listed}): choose "
                    "another day, or add it to your working days in Settings")


def day_request(
    store: Store, day: date, account_ids: Sequence[int], *, start: Place, end: Place,
    appointments: Sequence[Appointment] = (), first: Sequence[int] = (),
    locks: Sequence[Lock] = (), max_drive_minutes: int | None = None,
) -> DayRequest:
    """A day to plan with the rep's hours and lunch break (a day off is refused)."""
    _check_max_drive(max_drive_minutes)
    check_working_day(work_day(store).days, day)
    begin, finish, lunch = working_day(store)
    given = [DatedAppointment(a.account_id, day, a.at, a.minutes) for a in appointments]
    appointments = [Appointment(a.account_id, a.at, a.minutes) for a in
                    _with_booked(given, booked_appointments(store, day, day))]
    ids = [*account_ids, *(a.account_id for a in appointments if a.account_id not in
                           account_ids)]
    return DayRequest(day=day, start=start, end=end, start_time=begin, end_time=finish,
                      candidates=candidates(store, ids, day), appointments=tuple(appointments),
                      lunch=lunch, max_drive_minutes=max_drive_minutes, first=tuple(first),
                      locks=tuple(locks))


def _check_max_drive(minutes: int | None) -> None:
    """Refuse a driving limit no day can have (more than a day, or negative)."""
    if minutes is not None and not 0 <= minutes <= MINUTES_A_DAY:
        raise PlanError(f"at most {minutes:,} minutes of driving a day cannot be: give 0 "
                        f"to {MINUTES_A_DAY:,}")


def week_request(
    store: Store, first: date, days: int, account_ids: Sequence[int], *, start: Place,
    end: Place | None = None, appointments: Sequence[DatedAppointment] = (),
    max_drive_minutes: int | None = None,
) -> WeekRequest:
    """``days`` working days from ``first`` (the rep's working weekdays only)."""
    if days < 1:
        raise PlanError("a week plan needs at least one day")
    if days > MAX_PLAN_DAYS:
        raise PlanError(f"a plan covers at most {MAX_PLAN_DAYS} working days, not {days:,}")
    _check_max_drive(max_drive_minutes)
    begin, finish, lunch = working_day(store)
    weekdays = work_day(store).days
    dates: list[date] = []
    day = first
    while len(dates) < days:
        if day.weekday() in weekdays:
            dates.append(day)
        day += timedelta(days=1)
        if (day - first).days > 7 * days + 7:
            raise PlanError("no working day is set: choose your working days in Settings")
    # Every night is spent at the start (home, or the hotel of a trip); the last day ends
    # at ``end`` when one is given (the way back home).
    work = [WorkDay(d, start, end if n == len(dates) - 1 and end else start, begin, finish,
                    lunch) for n, d in enumerate(dates)]
    booked = [b for b in booked_appointments(store, dates[0], dates[-1]) if b.day in dates]
    appointments = _with_booked(appointments, booked)
    ids = [*account_ids, *(a.account_id for a in appointments if a.account_id not in
                           account_ids)]
    return WeekRequest(days=tuple(work), candidates=candidates(store, ids, first),
                       appointments=tuple(appointments), max_drive_minutes=max_drive_minutes)


def next_working_day(working: Collection[int], today: date | None = None) -> date:
    """Tomorrow, or the first of the ``working`` weekdays after it (0 = Monday; none given:
    Monday to Friday)."""
    working = set(working) or set(range(5))
    day = (today or date.today()) + timedelta(days=1)
    while day.weekday() not in working:
        day += timedelta(days=1)
    return day

