"""Plan one day: which of the wanted accounts to see, in which order, at what times.

The request is checked first and what cannot work is named (:mod:`.day_visits`).
Accounts that cannot be visited that day at all are left out with their reason before the
solver runs (no location, closed that day, open only outside the working hours,
unreachable in their opening hours from the start); the solver then keeps the most
valuable visits that fit and says why it dropped the others (no time left, or worth less
than what was kept).  A day the rep's locks and appointments make impossible is explained
by :mod:`.impossible`, in words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, time

from fieldrep.planning import engine
from fieldrep.planning.day_visits import (
    END,
    START,
    DayVisit,
    check_request,
    clock,
    day_visits,
    hhmm,
    seconds,
)
from fieldrep.planning.evaluate import evaluate_day
from fieldrep.planning.impossible import why_impossible
from fieldrep.planning.locks import lock_label
from fieldrep.planning.minutes import in_minutes
from fieldrep.planning.model import (
    DayPlan,
    DayRequest,
    DroppedAccount,
    Place,
    PlanError,
    PlannedStop,
    Totals,
)
from fieldrep.planning.priority import penalty, why_less
from fieldrep.planning.timing import on_the_road
from fieldrep.travel.model import Matrix, TravelModel


def plan_day(
    request: DayRequest,
    travel: TravelModel,
    *,
    time_limit: float = 1.0,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    shown: Sequence[int] = (),
) -> DayPlan:
    """The best day the solver finds within ``time_limit`` seconds (same input, same plan).

    ``shown``: the order of the day the rep has (re-optimising it); when the search finds
    no plan but that order keeps every lock and breaks nothing, it is the answer."""
    check_request(request)
    visits, dropped = day_visits(request)
    points = [(request.start.lat, request.start.lon), (request.end.lat, request.end.lon)]
    points += [(v.candidate.lat, v.candidate.lon) for v in visits]  # type: ignore[misc]
    matrix = in_minutes(travel.matrix(points))
    reachable, unreachable = _reachable(request, visits, matrix)
    dropped += unreachable
    keep = [i for i, ok in enumerate(reachable) if ok]
    visits = [visits[i] for i in keep]
    for visit in visits:
        if visit.lock is not None and visit.lock.position > len(visits):
            raise PlanError(f"{lock_label(visit.lock, visit.candidate.name)} cannot be kept: "
                            f"only {len(visits)} of the accounts can be visited that day")
    index = [0, 1, *[2 + i for i in keep]]
    durations = [[matrix.durations[a][b] for b in index] for a in index]
    distances = [[matrix.distances[a][b] for b in index] for a in index]
    problem = _problem(request, visits, durations, distances)
    solution = engine.solve(problem, time_limit=time_limit, seed=seed, progress=progress,
                            cancelled=cancelled)
    if not solution.feasible:
        kept = _as_shown(request, shown, travel, visits, dropped)
        if kept is not None:
            return kept
        raise PlanError(why_impossible(request, visits, problem, travel))
    return _day_plan(request, visits, durations, distances, solution, dropped,
                     matrix.note, matrix.source)


def _as_shown(request: DayRequest, shown: Sequence[int], travel: TravelModel,
              visits: Sequence[DayVisit], dropped: list[DroppedAccount]) -> DayPlan | None:
    """The day in the order shown, if it keeps every fixed stop and breaks nothing."""
    if not shown or not request.fixed() <= set(shown) or any(
            a != b for a, b in zip(request.first, shown, strict=False)) or any(
            lock.position > len(shown) or shown[lock.position - 1] != lock.account_id
            for lock in request.locks):
        return None
    try:
        day = evaluate_day(request, shown, travel)
    except PlanError:
        return None
    if day.problems:
        return None
    extra = [DroppedAccount(v.candidate.account_id, v.candidate.name,
                            "no time left in the day for it")
             for v in visits if v.candidate.account_id not in set(shown)]
    return replace(day, dropped=(*dropped, *extra))


def _reachable(
    request: DayRequest, visits: Sequence[DayVisit], matrix: Matrix
) -> tuple[list[bool], list[DroppedAccount]]:
    """Which visits can be reached in one of their windows and left in time to get back."""
    depart, back = seconds(request.start_time), seconds(request.end_time)
    ok: list[bool] = []
    dropped: list[DroppedAccount] = []
    for i, visit in enumerate(visits):
        there = depart + matrix.durations[START][2 + i]
        home = matrix.durations[2 + i][END]
        fits = any(max(there, lo) <= hi and max(there, lo) + visit.service + home <= back
                   for lo, hi in visit.windows)
        if visit.appointment and not fits:
            at = visit.windows[0][0]
            if there > at:
                raise PlanError(
                    f"the appointment with {visit.candidate.name} at {hhmm(at)} cannot be "
                    f"reached in time: leaving {request.start.label} at {hhmm(depart)}, the "
                    f"earliest arrival is {hhmm(there)}")
            raise PlanError(
                f"after the appointment with {visit.candidate.name} at {hhmm(at)} there is "
                f"no time to be back at {request.end.label} by {hhmm(back)}")
        if fits:
            ok.append(True)
            continue
        ok.append(False)
        latest = visit.windows[-1][1]
        if there > latest:
            reason = (f"cannot be reached in its opening hours from {request.start.label}: "
                      f"arrival {hhmm(there)} at the earliest, last possible start "
                      f"{hhmm(latest)}")
        else:
            reason = (f"too far to visit and be back at {request.end.label} by "
                      f"{hhmm(back)}")
        name = visit.candidate.name
        if visit.lock is not None:
            raise PlanError(f"{lock_label(visit.lock, name)} cannot be kept: it {reason}"
                            if there > latest else
                            f"{lock_label(visit.lock, name)} cannot be kept: it is {reason}")
        if visit.candidate.account_id in request.first:
            raise PlanError(f"{name}, kept first, cannot be visited that day: {reason}")
        dropped.append(DroppedAccount(visit.candidate.account_id, visit.candidate.name,
                                      reason))
    return ok, dropped


def _problem(
    request: DayRequest, visits: Sequence[DayVisit], durations: list[list[int]],
    distances: list[list[int]],
) -> engine.Problem:
    breaks: tuple[engine.Break, ...] = ()
    if request.lunch is not None:
        lunch = request.lunch
        breaks = (engine.Break(seconds(lunch.earliest), seconds(lunch.latest),
                               lunch.minutes * 60),)
    vehicle = engine.Vehicle(
        start=START, end=END, earliest=seconds(request.start_time),
        latest=seconds(request.end_time), breaks=breaks,
        max_drive=request.max_drive_minutes * 60 if request.max_drive_minutes else None)
    # Kept first: the first places of the day, in order (as locks at those places).
    places = {a: n for n, a in enumerate(request.first)}
    places.update((k.account_id, k.position - 1) for k in request.locks)
    fixed = request.fixed()
    return engine.Problem(
        durations=durations, distances=distances,
        visits=[engine.Visit(location=2 + i, service=v.service, windows=v.windows,
                             penalty=None if v.candidate.account_id in fixed
                             else penalty(v.candidate),
                             position=places.get(v.candidate.account_id))
                for i, v in enumerate(visits)],
        vehicles=[vehicle], objective="time")


def _day_plan(
    request: DayRequest, visits: Sequence[DayVisit], durations: list[list[int]],
    distances: list[list[int]], solution: engine.Solution, dropped: list[DroppedAccount],
    note: str, source: str = "",
) -> DayPlan:
    route = solution.routes[0]
    dropped += left_out(visits, solution, "day")
    plan = day_from_route(request.day, request.start, request.end, route, visits,
                          durations, distances, first_visit=2,
                          locked=[*request.first, *(k.account_id for k in request.locks)],
                          earliest=seconds(request.start_time))
    plan = on_the_road(plan, request.lunch, request.start_time, request.end_time)
    return replace(plan, dropped=tuple(dropped), travel_note=note, travel_source=source)


def left_out(visits: Sequence[DayVisit], solution: engine.Solution, period: str
             ) -> list[DroppedAccount]:
    """Why the solver left each visit out: worth less than the ones kept, or no time."""
    kept = [penalty(visits[s.visit].candidate) for r in solution.routes for s in r.stops
            if not visits[s.visit].appointment]
    dropped = []
    for index in solution.dropped:
        c = visits[index].candidate
        reason = (f"lower priority than the visits kept ({why_less(c)})"
                  if kept and penalty(c) < min(kept) else f"no time left in the {period} for it")
        dropped.append(DroppedAccount(c.account_id, c.name, reason))
    return dropped


def day_from_route(
    day: date, start: Place, end: Place, route: engine.Route, visits: Sequence[DayVisit],
    durations: Sequence[Sequence[int]], distances: Sequence[Sequence[int]], *,
    first_visit: int, offset: int = 0, vehicle_start: int = START, vehicle_end: int = END,
    locked: Sequence[int] = (), earliest: int = 0,
) -> DayPlan:
    """One solved route as the rep's day (``offset``: where the day starts on the time line
    of a week; ``earliest``: its departure when the route is empty)."""
    stops: list[PlannedStop] = []
    previous = vehicle_start
    for s in route.stops:
        visit = visits[s.visit]
        here = first_visit + s.visit
        stops.append(PlannedStop(
            account_id=visit.candidate.account_id, name=visit.candidate.name,
            arrival=clock(s.arrival - offset), start=clock(s.start - offset),
            end=clock(s.end - offset), wait_minutes=max(0, s.start - s.arrival) // 60,
            leg_metres=distances[previous][here], leg_seconds=durations[previous][here],
            appointment=visit.appointment, locked=visit.candidate.account_id in locked,
            appointment_at=clock(visit.windows[0][0] - offset) if visit.appointment
            else None))
        previous = here
    empty = not route.stops
    departure = earliest if empty else route.departure
    back = earliest if empty else route.return_
    meeting = sum(visits[s.visit].service for s in route.stops)
    break_seconds = 0 if empty else sum(b - a for a, b in route.breaks)
    idle = max(0, back - departure - route.travel - meeting - break_seconds)
    lunch = route.breaks[0] if route.breaks and not empty else None
    return DayPlan(
        day=day, start=start, end=end, departure=clock(departure - offset),
        return_time=clock(back - offset), stops=tuple(stops), dropped=(),
        totals=Totals(route.travel, route.distance, meeting, idle, break_seconds),
        lunch=(clock(lunch[0] - offset), clock(lunch[1] - offset)) if lunch else None,
        last_leg_metres=0 if empty else distances[previous][vehicle_end],
        last_leg_seconds=0 if empty else durations[previous][vehicle_end])


def replan_from(request: DayRequest, *, now: time, position_label: str, lat: float,
                lon: float, done: Sequence[int], lunch_taken: bool = False) -> DayRequest:
    """The rest of a day: from where the rep is now, without the visits already done (and
    without the lunch break if it is taken or its window is over)."""
    finished = set(done)
    keep_lunch = (request.lunch is not None and not lunch_taken
                  and seconds(request.lunch.latest) >= seconds(now))
    return replace(
        request, start=Place(position_label, lat, lon), start_time=now,
        candidates=tuple(c for c in request.candidates if c.account_id not in finished),
        appointments=tuple(a for a in request.appointments if a.account_id not in finished),
        first=tuple(a for a in request.first if a not in finished),
        # a lock keeps its place in the whole day: in the rest, after the visits done
        locks=tuple(replace(k, position=k.position - len(finished)) for k in request.locks
                    if k.account_id not in finished and k.position > len(finished)),
        lunch=request.lunch if keep_lunch else None)
