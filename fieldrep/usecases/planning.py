"""Plan a day or a week: the one way both the command line and the Plan page ask for it.

The request says what the rep typed (a date, the accounts, where the day starts and ends
as text or as a place, appointments, stops kept first or locked in place, a driving
limit); the use case reads the
settings, builds the travel model, places the start and end, builds the planner's request
from the store and plans.  With no account given it takes the accounts nearest to the
start (or, with ``due_when_none``, those due that day); an empty list plans none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from fieldrep.accounts.service import AccountFilter, list_accounts
from fieldrep.planning.day import plan_day
from fieldrep.planning.model import (
    Appointment,
    DayPlan,
    DroppedAccount,
    Lock,
    Place,
    PlanError,
)
from fieldrep.planning.requests import (
    day_request,
    nearest_accounts,
    next_working_day,
    parse_place,
    week_request,
)
from fieldrep.planning.settings import home_base, work_day
from fieldrep.planning.week import DatedAppointment, plan_week
from fieldrep.store import Store
from fieldrep.travel import make_travel_model
from fieldrep.travel.model import TravelModel
from fieldrep.travel.settings import travel_settings
from fieldrep.visits.due import due_accounts

#: Solver budgets (seconds) of a day and of a week.
DAY_SECONDS = 1.0
WEEK_SECONDS = 3.0
#: Visits a day can hold, roughly: with ``due_when_none`` the planner is offered three
#: times that for a day, and that many a day for a week.
DUE_PER_DAY = 10

Progress = Callable[[int], None]  # called with the cost of each better plan found
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class DayPlanRequest:
    """One day to plan.  ``start``/``end``: ``home``, ``LAT,LON``, a town, or a place;
    ``end`` None is back at the start."""

    day: date
    account_ids: tuple[int, ...] | None = None  # None: chosen (nearest, or due)
    start: str | Place = "home"
    end: str | Place | None = None
    appointments: tuple[Appointment, ...] = ()
    #: Kept first, in this order.
    first: tuple[int, ...] = ()
    #: Locked at their place in the day (and at their time, when set).
    locks: tuple[Lock, ...] = ()
    #: The order of the day shown, when re-optimising it: kept if no other plan is found.
    shown: tuple[int, ...] = ()
    max_drive_minutes: int | None = None
    osrm_url: str | None = None
    seconds: float = DAY_SECONDS
    due_when_none: bool = False


@dataclass(frozen=True)
class WeekPlanRequest:
    """``days`` working days from ``first_day``; every night at the start, the last day
    ending at ``end`` (None: the start)."""

    first_day: date
    days: int = 5
    account_ids: tuple[int, ...] | None = None  # None: chosen (nearest, or due)
    start: str | Place = "home"
    end: str | Place | None = None
    appointments: tuple[DatedAppointment, ...] = ()
    max_drive_minutes: int | None = None
    osrm_url: str | None = None
    seconds: float = WEEK_SECONDS
    due_when_none: bool = False


@dataclass(frozen=True)
class PlannedDays:
    """A plan: one day or the days of a week, and what was left out of it."""

    kind: str  # "day" or "week"
    days: tuple[DayPlan, ...]
    #: Left out of the whole week (a day keeps its own in ``days[0].dropped``).
    week_dropped: tuple[DroppedAccount, ...]
    travel_note: str
    stopped_early: bool = False

    @property
    def left_out(self) -> tuple[DroppedAccount, ...]:
        """What the rep is told was left out, and why."""
        return self.days[0].dropped if self.kind == "day" else self.week_dropped


@dataclass(frozen=True)
class PlanDefaults:
    """What the Plan page starts with."""

    first_day: date
    has_home: bool


def plan_a_day(store: Store, request: DayPlanRequest, *, progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> PlannedDays:
    """Plan one day (``cancelled()`` true: the best plan found so far)."""
    start, end = _places(store, request.start, request.end)
    ids = request.account_ids
    if ids is None:
        ids = _default_ids(store, start, request.day, DUE_PER_DAY * 3, request.due_when_none)
    day = day_request(store, request.day, ids, start=start, end=end,
                      appointments=request.appointments,
                      first=request.first, locks=request.locks,
                      max_drive_minutes=request.max_drive_minutes)
    plan = plan_day(day, travel_model(store, request.osrm_url), time_limit=request.seconds,
                    progress=progress, cancelled=cancelled, shown=request.shown)
    return PlannedDays("day", (plan,), (), plan.travel_note,
                       bool(cancelled is not None and cancelled()))


def plan_a_week(store: Store, request: WeekPlanRequest, *, progress: Progress | None = None,
                cancelled: Cancelled | None = None) -> PlannedDays:
    """Plan several working days at once (``cancelled()`` true: the best so far)."""
    start, end = _places(store, request.start, request.end)
    ids = request.account_ids
    if ids is None:
        ids = _default_ids(store, start, request.first_day, DUE_PER_DAY * request.days,
                           request.due_when_none)
    week = week_request(store, request.first_day, request.days, ids, start=start, end=end,
                        appointments=request.appointments,
                        max_drive_minutes=request.max_drive_minutes)
    plan = plan_week(week, travel_model(store, request.osrm_url), time_limit=request.seconds,
                     progress=progress, cancelled=cancelled)
    return PlannedDays("week", plan.days, plan.dropped, plan.travel_note,
                       bool(cancelled is not None and cancelled()))


def account_names(store: Store, account_ids: Sequence[int]) -> Mapping[int, str]:
    """The name of each of these accounts (an unknown id is not there)."""
    if not account_ids:
        return {}
    found = list_accounts(store, where=AccountFilter(ids=frozenset(account_ids)),
                          limit=len(account_ids))
    return {a.id: a.name for a in found if a.id is not None}


def plan_defaults(store: Store, today: date | None = None) -> PlanDefaults:
    """The next working day after ``today``, and whether a home base is set."""
    return PlanDefaults(next_working_day(work_day(store).days, today),
                        home_base(store) is not None)


def travel_model(store: Store, osrm_url: str | None = None) -> TravelModel:
    """The travel model of the settings (``osrm_url`` overrides the road server)."""
    return make_travel_model(travel_settings(store), store=store, osrm_url=osrm_url)


def _places(store: Store, start: str | Place, end: str | Place | None) -> tuple[Place, Place]:
    first = start if isinstance(start, Place) else parse_place(store, start)
    if end is None or (isinstance(end, str) and not end.strip()):
        return first, first
    return first, end if isinstance(end, Place) else parse_place(store, end)


def _default_ids(store: Store, start: Place, day: date, count: int, due: bool
                 ) -> tuple[int, ...]:
    """The accounts to plan when none is named: the ``count`` best due on ``day`` from
    ``start`` (``due``), else the nearest to ``start``."""
    if not due:
        return tuple(nearest_accounts(store, (start.lat, start.lon)))
    ranked = due_accounts(store, day, near=(start.lat, start.lon), limit=count * 2)
    ids = tuple(s.account_id for s in ranked if s.located)[:count]
    if not ids:
        raise PlanError(f"no account is due on {day:%a %d %b %Y}: name the accounts to plan")
    return ids
