"""Change a planned day: check an order made by hand, or re-plan the rest from a stop.

A rep who moves a stop gets the day worked out in exactly that order with what it breaks
(never silently accepted, never quietly re-optimised).  Mid-day, a rep at a stop gets the
rest of the day planned again from there: the visits up to that stop stay as they were
planned, lunch already taken is not planned twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time

from fieldrep.accounts.service import get_account
from fieldrep.planning.day import plan_day, replan_from
from fieldrep.planning.evaluate import evaluate_day
from fieldrep.planning.model import Appointment, DayPlan, Lock, PlanError
from fieldrep.planning.replan import after_lunch, lunch_taken, rest_starts_at, with_done
from fieldrep.planning.requests import day_request
from fieldrep.store import Store
from fieldrep.usecases.planning import DAY_SECONDS, travel_model


@dataclass(frozen=True)
class OrderCheck:
    """A planned day and the order the rep wants its stops in (account ids)."""

    day: DayPlan
    order: tuple[int, ...]
    appointments: tuple[Appointment, ...] = ()
    #: The locked stops, at their place in ``order`` (and at their time, when set).
    locks: tuple[Lock, ...] = ()


@dataclass(frozen=True)
class ReplanRequest:
    """The rep is at the stop of ``here`` (an account id) of ``day``, its visit and those
    before it done; ``account_ids``: the accounts wanted that day."""

    day: DayPlan
    here: int
    account_ids: tuple[int, ...]
    appointments: tuple[Appointment, ...] = ()
    #: The stops locked at their place in the whole day (and at their time, when set).
    locks: tuple[Lock, ...] = ()
    #: When the rest starts; None: the end of that visit, or now if later that day.
    now: time | None = None
    seconds: float = DAY_SECONDS


@dataclass(frozen=True)
class Replanned:
    """The whole day again: the visits done, then the rest planned from ``here``."""

    day: DayPlan
    done: tuple[int, ...]
    to_go: int
    here: str
    at: time
    stopped_early: bool = False


def check_order(store: Store, check: OrderCheck) -> DayPlan:
    """The day in the rep's order, with its times and the problems it has; what was left
    out of the day stays listed."""
    day = check.day
    wanted = set(check.order)
    request = day_request(store, day.day, check.order, start=day.start, end=day.end,
                          appointments=[a for a in check.appointments
                                        if a.account_id in wanted],
                          locks=check.locks)
    plan = evaluate_day(request, check.order, travel_model(store))
    return replace(plan, dropped=day.dropped)


def replan_from_stop(store: Store, request: ReplanRequest, *,
                     cancelled: Callable[[], bool] | None = None) -> Replanned:
    """Plan the rest of the day from the stop where the rep is (see :class:`Replanned`)."""
    day = request.day
    order = [s.account_id for s in day.stops]
    if request.here not in order:
        raise PlanError(f"account #{request.here} is not a stop of {day.day:%a %d %b}")
    finished = day.stops[:order.index(request.here) + 1]
    here = finished[-1]
    account = get_account(store, request.here)
    if account.lat is None or account.lon is None:
        raise PlanError(f"{here.name} has no location: it cannot be the start of the rest "
                        "of the day.")
    at = after_lunch(day, request.now or rest_starts_at(day.day, here.end, datetime.now()))
    done = tuple(s.account_id for s in finished)
    remaining = [a for a in request.account_ids if a not in done]
    wanted = set(remaining)
    taken = lunch_taken(day, at)
    whole = day_request(store, day.day, [*done, *remaining], start=day.start, end=day.end,
                        appointments=[a for a in request.appointments
                                      if a.account_id in wanted],
                        locks=tuple(k for k in request.locks if k.account_id not in done))
    rest = replan_from(whole, now=at, position_label=f"{here.name} (here at {at:%H:%M})",
                       lat=account.lat, lon=account.lon, done=done, lunch_taken=taken)
    plan = plan_day(rest, travel_model(store), time_limit=request.seconds,
                    cancelled=cancelled)
    return Replanned(with_done(day, finished, plan, taken), done, len(plan.stops), here.name,
                     at, bool(cancelled is not None and cancelled()))
