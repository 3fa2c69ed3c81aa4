"""The Today view's work: read the day's route, plan it, arrive, finish a visit, re-plan.

- :func:`today_route` reads the newest plan saved for the day with where each stop is,
  the arrivals recorded and the visits logged.
- :func:`plan_today` plans the day from the accounts due (the planner's own choice, see
  :func:`fieldrep.usecases.planning.plan_a_day`) and saves it.
- :func:`arrive` keeps the arrival time as the draft of the stop's visit form;
  :func:`finish` logs the visit (completed, from the arrival to now) and drops the draft
  in the same step.
- :func:`replan_rest` plans the rest of the day again from the last visit done (the rep is
  late); :func:`toggle_account` adds an account to the day or takes one out (a pin clicked
  on the map).  Both change the day's saved plan in place, so visits already logged stay
  linked to their stops.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time

from fieldrep.accounts.service import AccountFilter, list_accounts
from fieldrep.planning.model import DayPlan, PlanError
from fieldrep.planning.requests import next_working_day
from fieldrep.planning.saved import load_plan, replace_day, save_plan
from fieldrep.planning.settings import work_day
from fieldrep.store import Store
from fieldrep.usecases.plan_changes import ReplanRequest, replan_from_stop
from fieldrep.usecases.planning import DayPlanRequest, plan_a_day
from fieldrep.visits.logbook import load_draft, log_visit, save_draft
from fieldrep.visits.model import Mode, Outcome, VisitData, VisitInput
from fieldrep.visits.planned import planned_visits
from fieldrep.visits.today import TodayRoute, TodayStop, late_by, should_replan


def stop_draft_key(stop_id: int) -> str:
    """The draft key of a planned stop's visit form (the visit dialog's own)."""
    return f"stop:{stop_id}"


@dataclass(frozen=True)
class Finished:
    """A visit logged from the route, and the route after it (re-planned if late)."""

    visit: VisitData
    route: TodayRoute
    late_minutes: int
    replanned: bool
    #: Stops the re-planned day no longer holds (no time left for them).
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class Toggled:
    """An account added to the day or taken out, and the day's route after it."""

    account_id: int
    name: str
    added: bool
    route: TodayRoute
    #: Stops the day no longer holds to make room for the account added.
    left_out: tuple[str, ...] = ()


def working_day_from(store: Store, today: date) -> date:
    """The day the Today view opens on: ``today`` if it is a working day (the
    ``work.days`` setting), else the next one."""
    days = set(work_day(store).days) or set(range(5))
    return today if today.weekday() in days else next_working_day(days, today)


def today_route(store: Store, day: date) -> TodayRoute:
    """The route of the newest plan saved for ``day`` (no stops when none is)."""
    planned = planned_visits(store, day)
    if not planned:
        return TodayRoute(day, None)
    plan_id = planned[0].plan_id
    plan_day = _plan_day(store, plan_id, day)
    ids = frozenset(p.account_id for p in planned if p.account_id is not None)
    accounts = {a.id: a for a in list_accounts(store, where=AccountFilter(ids=ids),
                                               limit=max(1, len(ids)))}
    stops = []
    for number, p in enumerate(planned, start=1):
        account = accounts.get(p.account_id) if p.account_id is not None else None
        arrived = p.visit.check_in if p.visit is not None else _arrival(store, p.stop_id)
        planned_stop = next((s for s in plan_day.stops if s.account_id == p.account_id), None)
        stops.append(TodayStop(
            number=number, stop_id=p.stop_id, account_id=p.account_id, name=p.name,
            address=account.address if account else "",
            lat=account.lat if account else None, lon=account.lon if account else None,
            arrival=planned_stop.arrival if planned_stop else p.start, start=p.start,
            end=p.end, appointment=p.appointment,
            leg_seconds=planned_stop.leg_seconds if planned_stop else 0,
            arrived=arrived, visit=p.visit))
    return TodayRoute(day, plan_id, tuple(stops), plan_day.start, plan_day.end,
                      plan_day.departure, plan_day.return_time)


def plan_today(store: Store, day: date) -> TodayRoute:
    """Plan ``day`` from the accounts due and save it (``PlanError`` when none is due or no
    home base is set)."""
    planned = plan_a_day(store, DayPlanRequest(day, due_when_none=True))
    plan = planned.days[0]
    if not plan.stops:
        reasons = "; ".join(f"{d.name}: {d.reason}" for d in plan.dropped[:3])
        raise PlanError(f"no visit fits in {day:%a %d %b}" + (f" ({reasons})" if reasons
                                                               else ""))
    save_plan(store, [plan], plan.dropped, travel_note=planned.travel_note)
    return today_route(store, day)


def arrive(store: Store, route: TodayRoute, stop_id: int, at: time) -> TodayRoute:
    """Record the arrival at a stop at ``at`` (pressed again, the time is corrected)."""
    stop = _stop(route, stop_id)
    draft = dict(load_draft(store, stop_draft_key(stop_id)) or {})
    draft |= {"day": route.day.isoformat(), "mode": Mode.IN_PERSON.value,
              "check_in": at.strftime("%H:%M"), "outcome": Outcome.COMPLETED.value}
    save_draft(store, stop_draft_key(stop.stop_id), draft)
    return today_route(store, route.day)


def finish(store: Store, route: TodayRoute, stop_id: int, now: datetime, *,
           at: time | None = None) -> Finished:
    """Log the stop's visit as completed, from its arrival (or ``at`` when none was
    recorded) to ``at`` (default: now); the rest of the day is planned again from there
    when the rep is late (see :func:`fieldrep.visits.today.should_replan`)."""
    stop = _stop(route, stop_id)
    if stop.account_id is None:
        raise PlanError(f"the account of stop {stop.number} ({stop.name}) was deleted: log "
                        "its visit from the Visits page")
    ended = at or time(now.hour, now.minute)
    visit = log_visit(store, VisitInput(
        account_id=stop.account_id, day=route.day, outcome=Outcome.COMPLETED,
        check_in=stop.arrived or ended, check_out=ended, plan_stop_id=stop.stop_id),
        now=now, draft_key=stop_draft_key(stop.stop_id))
    after = today_route(store, route.day)
    late = late_by(after, now)
    if not should_replan(after, now):
        return Finished(visit, after, late, False)
    replanned = replan_rest(store, after, now)
    kept = set(replanned.account_ids)
    left_out = tuple(s.name for s in after.stops if s.account_id not in kept)
    return Finished(visit, replanned, late, True, left_out)


def replan_rest(store: Store, route: TodayRoute, now: datetime) -> TodayRoute:
    """Plan the stops still to go again from the last visit done, starting now."""
    done = route.last_done
    if route.plan_id is None or done is None or done.account_id is None:
        raise PlanError("finish a visit first: the rest of the day is planned from there")
    plan_day = _plan_day(store, route.plan_id, route.day)
    replanned = replan_from_stop(store, ReplanRequest(
        plan_day, here=done.account_id, account_ids=route.account_ids,
        now=time(now.hour, now.minute) if now.date() == route.day else None))
    replace_day(store, route.plan_id, replanned.day)
    return today_route(store, route.day)


def toggle_account(store: Store, route: TodayRoute, account_id: int,
                   now: datetime) -> Toggled:
    """Add the account to the day (re-planned with it), or take it out if it is a stop
    still to go; a stop already done stays (``PlanError`` says so)."""
    names = {a.id: a for a in list_accounts(store, where=AccountFilter(
        ids=frozenset({account_id})), limit=1)}
    account = names.get(account_id)
    if account is None:
        raise PlanError(f"there is no account #{account_id}")
    stop = route.stop_of(account_id)
    if stop is not None and stop.visit is not None:
        raise PlanError(f"{account.name} is already visited today: it stays on the route")
    if account.lat is None or account.lon is None:
        raise PlanError(f"{account.name} has no location: place it on the map first")
    wanted = tuple(a for a in route.account_ids if a != account_id)
    if stop is None:
        wanted = (*wanted, account_id)
    day = _replanned(store, route, wanted, now)
    if day is None:
        return Toggled(account_id, account.name, stop is None, today_route(store, route.day))
    added = stop is None
    if added and account_id not in {s.account_id for s in day.stops}:
        reason = next((d.reason for d in day.dropped if d.account_id == account_id),
                      "it does not fit in the day")
        raise PlanError(f"{account.name} does not fit in {route.day:%a %d %b} ({reason}): "
                        "take a stop out first")
    if route.plan_id is None:
        save_plan(store, [day], day.dropped)
    else:
        replace_day(store, route.plan_id, day)
    after = today_route(store, route.day)
    kept = set(after.account_ids)
    left_out = tuple(s.name for s in route.stops if s.account_id not in kept
                     and s.account_id != account_id)
    return Toggled(account_id, account.name, added, after, left_out)


def _replanned(store: Store, route: TodayRoute, wanted: tuple[int, ...],
               now: datetime) -> DayPlan | None:
    """The day with the accounts ``wanted``: re-planned from the last visit done, or planned
    afresh when none is; None when the day keeps no stop."""
    done = route.last_done
    if done is not None and route.plan_id is not None and done.account_id is not None:
        plan_day = _plan_day(store, route.plan_id, route.day)
        keep = tuple(s.account_id for s in route.stops
                     if s.visit is not None and s.account_id is not None)
        return replan_from_stop(store, ReplanRequest(
            plan_day, here=done.account_id, account_ids=(*keep, *wanted),
            now=time(now.hour, now.minute) if now.date() == route.day else None)).day
    if not wanted:
        if route.plan_id is not None:
            plan_day = _plan_day(store, route.plan_id, route.day)
            replace_day(store, route.plan_id, replace(plan_day, stops=()))
        return None
    return plan_a_day(store, DayPlanRequest(route.day, account_ids=wanted)).days[0]


def _plan_day(store: Store, plan_id: int, day: date) -> DayPlan:
    plan = load_plan(store, plan_id)
    found = next((d for d in plan.days if d.day == day), None)
    if found is None:
        raise PlanError(f"plan {plan_id} has no day {day:%a %d %b}")
    return found


def _arrival(store: Store, stop_id: int) -> time | None:
    draft = load_draft(store, stop_draft_key(stop_id))
    text = draft.get("check_in") if draft else None
    try:
        return time.fromisoformat(text) if isinstance(text, str) and text else None
    except ValueError:
        return None


def _stop(route: TodayRoute, stop_id: int) -> TodayStop:
    stop = next((s for s in route.stops if s.stop_id == stop_id), None)
    if stop is None:
        raise PlanError(f"stop #{stop_id} is not on the route of {route.day:%a %d %b}")
    return stop
