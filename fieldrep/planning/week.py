"""Plan several days at once: each day is a vehicle with its own start, end and hours.

A rep on the road for a week sleeps in hotels: every day can start and end somewhere
else.  Appointments stay on their day, no account is seen twice in the week, and the days
are kept balanced unless that would cost much more driving.  The times of all days sit on
one line, day ``n`` starting at ``n × 24 h``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time

from fieldrep.planning import engine
from fieldrep.planning.day import day_from_route, left_out
from fieldrep.planning.day_visits import (
    DAY_NAMES,
    first_overlap,
    hhmm,
    opening_windows,
    seconds,
)
from fieldrep.planning.lunch_fit import check_lunch
from fieldrep.planning.minutes import in_minutes
from fieldrep.planning.model import (
    Candidate,
    DayPlan,
    DroppedAccount,
    LunchBreak,
    Place,
    PlanError,
)
from fieldrep.planning.priority import penalty
from fieldrep.planning.timing import on_the_road
from fieldrep.travel.model import TravelModel

DAY = 24 * 3600
#: Cost per second of the spread between the longest and the shortest day.
BALANCE_WEIGHT = 1


@dataclass(frozen=True)
class WorkDay:
    """One day of the week plan."""

    day: date
    start: Place
    end: Place
    start_time: time = time(8, 30)
    end_time: time = time(18, 0)
    lunch: LunchBreak | None = field(default_factory=LunchBreak)


@dataclass(frozen=True)
class DatedAppointment:
    """An appointment on a given day of the week."""

    account_id: int
    day: date
    at: time
    minutes: int | None = None


@dataclass(frozen=True)
class WeekRequest:
    days: tuple[WorkDay, ...]
    candidates: tuple[Candidate, ...] = ()
    appointments: tuple[DatedAppointment, ...] = ()
    max_drive_minutes: int | None = None
    balance: bool = True


@dataclass(frozen=True)
class WeekPlan:
    days: tuple[DayPlan, ...]
    dropped: tuple[DroppedAccount, ...]
    travel_note: str = ""


@dataclass(frozen=True)
class _Visit:
    candidate: Candidate
    windows: tuple[tuple[int, int], ...]
    service: int
    day: int | None  # the day index of an appointment

    @property
    def appointment(self) -> bool:
        return self.day is not None


def check_week(request: WeekRequest) -> None:
    """Raise :class:`PlanError` naming what makes the week impossible as given."""
    if not request.days:
        raise PlanError("a week plan needs at least one day")
    dates = [d.day for d in request.days]
    if len(set(dates)) != len(dates) or dates != sorted(dates):
        raise PlanError("the days of a week plan must be different and in order")
    for d in request.days:
        if seconds(d.end_time) <= seconds(d.start_time):
            raise PlanError(f"{d.day:%A %d %B}: the day ends ({d.end_time:%H:%M}) before it "
                            f"starts ({d.start_time:%H:%M})")
        check_lunch(d.day, d.start_time, d.end_time, d.lunch)
    names = {c.account_id: c for c in request.candidates}
    by_day: dict[date, list[tuple[int, int, str]]] = {}
    seen: set[int] = set()
    for a in request.appointments:
        c = names.get(a.account_id)
        if c is None:
            raise PlanError(f"the appointment on {a.day:%d/%m} at {a.at:%H:%M} is with "
                            f"account #{a.account_id}, which is not among the accounts")
        if a.account_id in seen:
            raise PlanError(f"{c.name} has two appointments in the week: one visit a week")
        seen.add(a.account_id)
        if a.day not in dates:
            raise PlanError(f"the appointment with {c.name} is on {a.day:%A %d %B}, "
                            "which is not one of the planned days")
        work = request.days[dates.index(a.day)]
        begin = seconds(a.at)
        end = begin + (a.minutes or c.meeting_minutes) * 60
        if begin < seconds(work.start_time) or end > seconds(work.end_time):
            raise PlanError(f"the appointment with {c.name} on {a.day:%A} at {a.at:%H:%M} "
                            "is outside that day's working hours")
        by_day.setdefault(a.day, []).append((begin, end, c.name))
    for day, slots in by_day.items():
        clash = first_overlap(slots)
        if clash:
            raise PlanError(f"on {day:%A}, {clash}")


def plan_week(
    request: WeekRequest,
    travel: TravelModel,
    *,
    time_limit: float = 3.0,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> WeekPlan:
    """The week the solver finds best within ``time_limit`` seconds."""
    check_week(request)
    first = request.days[0].day
    offsets = [(d.day - first).days * DAY for d in request.days]
    visits, dropped = _visits(request, offsets)
    places: list[tuple[float, float]] = []

    def place(lat: float, lon: float) -> int:
        if (lat, lon) not in places:
            places.append((lat, lon))
        return places.index((lat, lon))

    vehicles = []
    for d, offset in zip(request.days, offsets, strict=True):
        breaks: tuple[engine.Break, ...] = ()
        if d.lunch is not None:
            breaks = (engine.Break(offset + seconds(d.lunch.earliest),
                                   offset + seconds(d.lunch.latest), d.lunch.minutes * 60),)
        vehicles.append(engine.Vehicle(
            start=place(d.start.lat, d.start.lon), end=place(d.end.lat, d.end.lon),
            earliest=offset + seconds(d.start_time), latest=offset + seconds(d.end_time),
            breaks=breaks,
            max_drive=request.max_drive_minutes * 60 if request.max_drive_minutes else None))
    first_visit = len(places)
    points = places + [v.candidate.point() for v in visits]
    matrix = in_minutes(travel.matrix(points))
    problem = engine.Problem(
        durations=matrix.durations, distances=matrix.distances,
        visits=[engine.Visit(location=first_visit + i, service=v.service, windows=v.windows,
                             penalty=None if v.day is not None else penalty(v.candidate),
                             allowed_vehicles=(v.day,) if v.day is not None else ())
                for i, v in enumerate(visits)],
        vehicles=vehicles, objective="time",
        balance=BALANCE_WEIGHT if request.balance and len(vehicles) > 1 else 0)
    solution = engine.solve(problem, time_limit=time_limit, seed=seed, progress=progress,
                            cancelled=cancelled)
    if not solution.feasible:
        fixed = ", ".join(
            f"{v.candidate.name} on {request.days[v.day].day:%A} at "
            f"{hhmm(v.windows[0][0] - offsets[v.day])}" for v in visits if v.day is not None)
        raise PlanError(f"the appointments ({fixed}) cannot all be kept with the working "
                        "hours, the lunch breaks and the driving between them: move one")
    dropped += left_out(visits, solution, "week")  # type: ignore[arg-type]
    days = tuple(
        replace(on_the_road(day_from_route(
            request.days[r.vehicle].day, request.days[r.vehicle].start,
            request.days[r.vehicle].end, r, visits, matrix.durations,  # type: ignore[arg-type]
            matrix.distances, first_visit=first_visit, offset=offsets[r.vehicle],
            vehicle_start=vehicles[r.vehicle].start, vehicle_end=vehicles[r.vehicle].end,
            earliest=vehicles[r.vehicle].earliest), request.days[r.vehicle].lunch,
            request.days[r.vehicle].start_time, request.days[r.vehicle].end_time),
            travel_source=matrix.source)
        for r in sorted(solution.routes, key=lambda r: r.vehicle))
    return WeekPlan(days, tuple(dropped), matrix.note)


def _visits(request: WeekRequest, offsets: Sequence[int]
            ) -> tuple[list[_Visit], list[DroppedAccount]]:
    dates = [d.day for d in request.days]
    appointments = {a.account_id: a for a in request.appointments}
    visits: list[_Visit] = []
    dropped: list[DroppedAccount] = []
    for c in request.candidates:
        if c.lat is None or c.lon is None:
            dropped.append(DroppedAccount(c.account_id, c.name,
                                          "no location yet: locate the account first"))
            continue
        a = appointments.get(c.account_id)
        if a is not None:
            index = dates.index(a.day)
            at = offsets[index] + seconds(a.at)
            visits.append(_Visit(c, ((at, at),), (a.minutes or c.meeting_minutes) * 60, index))
            continue
        windows: list[tuple[int, int]] = []
        reasons = []
        for d, offset in zip(request.days, offsets, strict=True):
            found, reason = opening_windows(c, d.day.weekday(), seconds(d.start_time),
                                            seconds(d.end_time))
            windows += [(offset + lo, offset + hi) for lo, hi in found]
            if reason:
                reasons.append(reason)
        if not windows:
            closed = {DAY_NAMES[d.day.weekday()] for d in request.days}
            why = reasons[0] if len(set(reasons)) == 1 else "; ".join(sorted(set(reasons)))
            dropped.append(DroppedAccount(
                c.account_id, c.name,
                f"no slot on any planned day ({why})" if len(closed) > 1 else why))
            continue
        visits.append(_Visit(c, tuple(windows), max(c.meeting_minutes, 1) * 60, None))
    return visits, dropped

