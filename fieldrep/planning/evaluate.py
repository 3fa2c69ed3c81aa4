"""A day in the order the rep chose: the times it gives, and everything it breaks.

When a rep moves a stop by hand, FieldRep does not silently accept it nor quietly
re-optimise: it works the day out in exactly that order (waiting when a place is not open
yet, taking lunch at the first gap inside its window) and lists each problem in words —
a late arrival for an appointment, a place reached after it closes, lunch that cannot be
taken, a return after the working day, too much driving.
"""

from __future__ import annotations

from collections.abc import Sequence

from fieldrep.planning.day_visits import END, START, clock, day_visits, hhmm, seconds
from fieldrep.planning.minutes import in_minutes
from fieldrep.planning.model import DayPlan, DayRequest, PlanError, PlannedStop, Totals
from fieldrep.planning.timing import on_the_road
from fieldrep.travel.model import TravelModel


def evaluate_day(request: DayRequest, order: Sequence[int], travel: TravelModel) -> DayPlan:
    """The day visiting the accounts ``order`` (ids) in that order, with its problems."""
    visits, dropped = day_visits(request)
    by_id = {v.candidate.account_id: (i, v) for i, v in enumerate(visits)}
    missing = [a for a in order if a not in by_id]
    if missing:
        names = {c.account_id: c.name for c in request.candidates}
        why = {d.account_id: d.reason for d in dropped}
        first = missing[0]
        raise PlanError(f"{names.get(first, f'account #{first}')} cannot be visited that day: "
                        f"{why.get(first, 'it is not among the accounts')}")
    points = [(request.start.lat, request.start.lon), (request.end.lat, request.end.lon)]
    points += [(v.candidate.lat, v.candidate.lon) for v in visits]  # type: ignore[misc]
    matrix = in_minutes(travel.matrix(points))
    problems: list[str] = []
    clock_s = seconds(request.start_time)
    day_end = seconds(request.end_time)
    lunch = request.lunch
    lunch_taken: tuple[int, int] | None = None
    drive = distance = meeting = 0
    previous = START
    stops: list[PlannedStop] = []
    locked = {*request.first, *(k.account_id for k in request.locks)}

    def lunch_before_leaving(now: int, leg: int) -> int:
        """Take lunch now if its window is open, or before a leg that would miss it."""
        nonlocal lunch_taken
        if lunch is None or lunch_taken is not None:
            return now
        earliest, latest = seconds(lunch.earliest), seconds(lunch.latest)
        if earliest <= now <= latest or (now < earliest and now + leg > latest):
            begin = max(now, earliest)
            lunch_taken = (begin, begin + lunch.minutes * 60)
            return lunch_taken[1]
        return now

    for account_id in order:
        index, visit = by_id[account_id]
        here = 2 + index
        leg = matrix.durations[previous][here]
        clock_s = lunch_before_leaving(clock_s, leg)
        arrival = clock_s + leg
        drive += leg
        distance += matrix.distances[previous][here]
        name = visit.candidate.name
        windows = visit.windows
        start = arrival
        if visit.appointment or (visit.lock is not None and visit.lock.at is not None):
            at = windows[0][0]
            what = "appointment" if visit.appointment else "time it is locked at"
            if arrival > at:
                problems.append(f"{name}: arrival {hhmm(arrival)}, "
                                f"{(arrival - at) // 60} min late for the {hhmm(at)} {what}")
            start = max(arrival, at)
        else:
            opening = [lo for lo, hi in windows if hi >= arrival]
            if opening:
                start = max(arrival, opening[0])
            else:
                problems.append(f"{name}: arrival {hhmm(arrival)}, after its last possible "
                                f"start {hhmm(windows[-1][1])} (closed, or no time left for "
                                "the meeting)")
        end = start + visit.service
        meeting += visit.service
        stops.append(PlannedStop(
            account_id=account_id, name=name, arrival=clock(arrival), start=clock(start),
            end=clock(end), wait_minutes=max(0, start - arrival) // 60,
            leg_metres=matrix.distances[previous][here], leg_seconds=leg,
            appointment=visit.appointment, locked=account_id in locked,
            appointment_at=visit.appointment_at))
        clock_s = end
        previous = here
    clock_s = lunch_before_leaving(clock_s, matrix.durations[previous][END])
    last = matrix.durations[previous][END]
    back = clock_s + last
    drive += last
    distance += matrix.distances[previous][END]
    if lunch is not None and lunch_taken is None and back > seconds(lunch.earliest):
        problems.append(f"no {lunch.minutes}-minute lunch break between "
                        f"{lunch.earliest:%H:%M} and {lunch.latest:%H:%M}")
    if back > day_end:
        problems.append(f"back at {request.end.label} at {hhmm(back)}, "
                        f"{(back - day_end) // 60} min after the end of the working day")
    if request.max_drive_minutes and drive > request.max_drive_minutes * 60:
        problems.append(f"{drive // 60} min of driving, more than the "
                        f"{request.max_drive_minutes} min allowed")
    departure = seconds(request.start_time)
    break_seconds = (lunch_taken[1] - lunch_taken[0]) if lunch_taken else 0
    idle = max(0, back - departure - drive - meeting - break_seconds)
    plan = DayPlan(
        day=request.day, start=request.start, end=request.end,
        departure=request.start_time, return_time=clock(back), stops=tuple(stops),
        dropped=tuple(d for d in dropped if d.account_id not in order),
        totals=Totals(drive, distance, meeting, idle, break_seconds),
        lunch=(clock(lunch_taken[0]), clock(lunch_taken[1])) if lunch_taken else None,
        last_leg_metres=matrix.distances[previous][END], last_leg_seconds=last,
        travel_note=matrix.note, problems=tuple(problems), travel_source=matrix.source)
    return on_the_road(plan, lunch, request.start_time, request.end_time)
