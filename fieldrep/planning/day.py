"""Plan one day: which of the wanted accounts to see, in which order, at what times.

The request is checked first and what cannot work is named (appointments that overlap or
fall outside the day, an end before the start).  Accounts that cannot be visited that day
at all are left out with their reason before the solver runs (no location, closed that
day, open only outside the working hours, unreachable in their opening hours from the
start); the solver then keeps the most valuable visits that fit and says why it dropped
the others (no time left, or worth less than what was kept).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, time
from itertools import pairwise

from fieldrep.common.hours import DAY_CODES, OpeningHoursError, parse_opening_hours
from fieldrep.planning import engine
from fieldrep.planning.model import (
    Candidate,
    DayPlan,
    DayRequest,
    DroppedAccount,
    Place,
    PlanError,
    PlannedStop,
    Totals,
)
from fieldrep.planning.priority import penalty, why_less
from fieldrep.travel.model import Matrix, TravelModel

_DAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays",
              "Sundays")
START, END = 0, 1  # matrix indices of the day's start and end places


def seconds(at: time) -> int:
    """Seconds since midnight."""
    return at.hour * 3600 + at.minute * 60 + at.second


def clock(value: int) -> time:
    """The wall-clock time of ``value`` seconds since midnight (capped at 23:59:59)."""
    value = max(0, min(value, 24 * 3600 - 1))
    return time(value // 3600, value % 3600 // 60, value % 60)


def hhmm(value: int) -> str:
    return clock(value).strftime("%H:%M")


@dataclass(frozen=True)
class _Visit:
    candidate: Candidate
    windows: tuple[tuple[int, int], ...]
    service: int
    appointment: bool


def first_overlap(slots: Sequence[tuple[int, int, str]]) -> str:
    """The first two appointments (start, end, name) that overlap, in words; "" if none."""
    ordered = sorted(slots)
    for (a_start, a_end, a_name), (b_start, _b_end, b_name) in pairwise(ordered):
        if b_start < a_end:
            return (f"the appointments with {a_name} at {hhmm(a_start)} and with {b_name} at "
                    f"{hhmm(b_start)} overlap")
    return ""


def check_request(request: DayRequest) -> None:
    """Raise :class:`PlanError` naming what makes the request impossible as given."""
    start, end = seconds(request.start_time), seconds(request.end_time)
    if end <= start:
        raise PlanError(f"the day ends ({hhmm(end)}) before it starts ({hhmm(start)})")
    if request.lunch is not None:
        lunch = request.lunch
        if seconds(lunch.latest) < seconds(lunch.earliest):
            raise PlanError("the lunch break's latest start is before its earliest start")
        if lunch.minutes <= 0 or lunch.minutes * 60 >= end - start:
            raise PlanError(f"a lunch break of {lunch.minutes} min does not fit in the day")
    names = {c.account_id: c for c in request.candidates}
    timed = []
    for appointment in request.appointments:
        candidate = names.get(appointment.account_id)
        if candidate is None:
            raise PlanError(f"the appointment at {appointment.at:%H:%M} is with account "
                            f"#{appointment.account_id}, which is not among the accounts")
        if candidate.lat is None or candidate.lon is None:
            raise PlanError(f"{candidate.name} has an appointment but no location")
        minutes = appointment.minutes or candidate.meeting_minutes
        begin = seconds(appointment.at)
        if begin < start or begin + minutes * 60 > end:
            raise PlanError(f"the appointment with {candidate.name} at {appointment.at:%H:%M} "
                            f"({minutes} min) is outside the working day "
                            f"{hhmm(start)}–{hhmm(end)}")
        timed.append((begin, begin + minutes * 60, candidate.name))
    clash = first_overlap(timed)
    if clash:
        raise PlanError(clash)
    if len(set(request.locked)) != len(request.locked):
        raise PlanError("a locked stop is listed twice")
    unknown = [i for i in request.locked if i not in names]
    if unknown:
        raise PlanError(f"locked stop #{unknown[0]} is not among the accounts")


def plan_day(
    request: DayRequest,
    travel: TravelModel,
    *,
    time_limit: float = 1.0,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DayPlan:
    """The best day the solver finds within ``time_limit`` seconds (same input, same plan)."""
    check_request(request)
    visits, dropped = _visits(request)
    points = [(request.start.lat, request.start.lon), (request.end.lat, request.end.lon)]
    points += [(v.candidate.lat, v.candidate.lon) for v in visits]  # type: ignore[misc]
    matrix = travel.matrix(points)
    reachable, unreachable = _reachable(request, visits, matrix)
    dropped += unreachable
    keep = [i for i, ok in enumerate(reachable) if ok]
    visits = [visits[i] for i in keep]
    index = [0, 1, *[2 + i for i in keep]]
    durations = [[matrix.durations[a][b] for b in index] for a in index]
    distances = [[matrix.distances[a][b] for b in index] for a in index]
    problem = _problem(request, visits, durations, distances)
    solution = engine.solve(problem, time_limit=time_limit, seed=seed, progress=progress,
                            cancelled=cancelled)
    if not solution.feasible:
        raise PlanError(_infeasible_reason(request, visits, solution.status))
    return _day_plan(request, visits, durations, distances, solution, dropped,
                     matrix.note, matrix.source)


def opening_windows(
    candidate: Candidate, weekday: int, day_start: int, day_end: int
) -> tuple[tuple[tuple[int, int], ...], str]:
    """When a meeting with ``candidate`` may start on ``weekday`` within the working day
    (seconds since midnight), or no window and the reason, in the rep's words."""
    service = max(candidate.meeting_minutes, 1) * 60
    try:
        hours = parse_opening_hours(candidate.opening_hours)
    except OpeningHoursError:
        hours = parse_opening_hours("")
    if not hours.known:
        if day_end - service < day_start:
            return (), (f"a {candidate.meeting_minutes}-minute meeting does not fit in the "
                        "working day")
        return ((day_start, day_end - service),), ""
    intervals = hours.intervals(weekday)
    if not intervals:
        return (), f"closed on {_DAY_NAMES[weekday]} ({DAY_CODES[weekday]})"
    fitting = [iv for iv in intervals if (iv.end - iv.start) * 60 >= service]
    if not fitting:
        return (), (f"its opening hours that day ({', '.join(map(str, intervals))}) leave "
                    f"no slot for a {candidate.meeting_minutes}-minute meeting")
    windows = tuple(
        (max(iv.start * 60, day_start), min(iv.end * 60, day_end) - service)
        for iv in fitting
        if max(iv.start * 60, day_start) <= min(iv.end * 60, day_end) - service)
    if not windows:
        return (), f"open only outside your working hours ({', '.join(map(str, intervals))})"
    return windows, ""


def _visits(request: DayRequest) -> tuple[list[_Visit], list[DroppedAccount]]:
    weekday = request.day.weekday()
    day_start, day_end = seconds(request.start_time), seconds(request.end_time)
    appointments = {a.account_id: a for a in request.appointments}
    visits: list[_Visit] = []
    dropped: list[DroppedAccount] = []
    for c in request.candidates:
        if c.lat is None or c.lon is None:
            dropped.append(DroppedAccount(c.account_id, c.name,
                                          "no location yet: locate the account first"))
            continue
        appointment = appointments.get(c.account_id)
        if appointment is not None:
            minutes = appointment.minutes or c.meeting_minutes
            at = seconds(appointment.at)
            visits.append(_Visit(c, ((at, at),), minutes * 60, True))
            continue
        windows, reason = opening_windows(c, weekday, day_start, day_end)
        if not windows:
            dropped.append(DroppedAccount(c.account_id, c.name, reason))
            continue
        visits.append(_Visit(c, windows, max(c.meeting_minutes, 1) * 60, False))
    return visits, dropped


def _reachable(
    request: DayRequest, visits: Sequence[_Visit], matrix: Matrix
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
        dropped.append(DroppedAccount(visit.candidate.account_id, visit.candidate.name,
                                      reason))
    return ok, dropped


def _problem(
    request: DayRequest, visits: Sequence[_Visit], durations: list[list[int]],
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
    position = {v.candidate.account_id: i for i, v in enumerate(visits)}
    locked = [position[a] for a in request.locked if a in position]
    return engine.Problem(
        durations=durations, distances=distances,
        visits=[engine.Visit(location=2 + i, service=v.service, windows=v.windows,
                             penalty=None if v.appointment or v.candidate.account_id in
                             request.locked else penalty(v.candidate))
                for i, v in enumerate(visits)],
        vehicles=[vehicle], objective="time", locked=[locked] if locked else ())


def _infeasible_reason(request: DayRequest, visits: Sequence[_Visit], status: str) -> str:
    fixed = [v.candidate.name for v in visits
             if v.appointment or v.candidate.account_id in request.locked]
    if fixed:
        return ("the appointments and locked stops cannot all be kept in this day "
                f"({', '.join(fixed)}): {status}")
    return f"no plan found for this day: {status}"


def _day_plan(
    request: DayRequest, visits: Sequence[_Visit], durations: list[list[int]],
    distances: list[list[int]], solution: engine.Solution, dropped: list[DroppedAccount],
    note: str, source: str = "",
) -> DayPlan:
    route = solution.routes[0]
    dropped += left_out(visits, solution, "day")
    plan = day_from_route(request.day, request.start, request.end, route, visits,
                          durations, distances, first_visit=2, locked=request.locked)
    return replace(plan, dropped=tuple(dropped), travel_note=note, travel_source=source)


def left_out(visits: Sequence[_Visit], solution: engine.Solution, period: str
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
    day: date, start: Place, end: Place, route: engine.Route, visits: Sequence[_Visit],
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
            appointment=visit.appointment, locked=visit.candidate.account_id in locked))
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
        locked=tuple(a for a in request.locked if a not in finished),
        lunch=request.lunch if keep_lunch else None)
