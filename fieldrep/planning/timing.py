"""When the rep leaves, arrives and eats, once the order and the meetings' times are set.

The search fixes the order and when each meeting starts; the rest is the rep's day:

* **lunch on the road, near noon**: of the gaps of the day where the break fits (driving
  to the first stop, between two stops, after the last one), the one nearest noon that
  makes the day no longer, rather than at home before leaving;
* **no hours of waiting on site**: the rep arrives when a meeting starts, or
  :data:`EARLY` before an appointment (one at 15:00 is reached at 14:50, not at 11:05);
  the time before is free;
* **leave as late as the first meeting allows**.

Meetings keep their times, so nothing the search checked changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time

from fieldrep.planning.model import DayPlan, LunchBreak, Totals

#: How long before an appointment the rep arrives.
EARLY = 10 * 60
#: Lunch is best started at this time (or as near as its window allows).
NOON = 12 * 3600
#: A second by which lunch makes the day longer weighs this many seconds away from noon.
LONGER_DAY = 2


def _s(at: time) -> int:
    return at.hour * 3600 + at.minute * 60 + at.second


def _t(value: int) -> time:
    value = max(0, min(value, 24 * 3600 - 1))
    return time(value // 3600, value % 3600 // 60, value % 60)


@dataclass(frozen=True)
class _Lunch:
    gap: int  # 0: before the first stop, k: after stop k
    start: int
    score: int


def on_the_road(plan: DayPlan, lunch: LunchBreak | None, day_start: time,
                day_end: time) -> DayPlan:
    """``plan`` with its lunch, arrivals and departure placed as the rep would (see the
    module); a day without stops, or whose lunch fits nowhere else, is left as it is."""
    stops = plan.stops
    if not stops:
        return plan
    starts = [_s(s.start) for s in stops]
    ends = [_s(s.end) for s in stops]
    legs = [s.leg_seconds for s in stops] + [plan.last_leg_seconds]
    begin, finish = _s(day_start), _s(day_end)
    duration = 0 if plan.lunch is None else _s(plan.lunch[1]) - _s(plan.lunch[0])
    early = [EARLY if s.appointment else 0 for s in stops]
    first_arrival = max(begin + legs[0], starts[0] - early[0])
    bare_departure = first_arrival - legs[0]
    bare_return = ends[-1] + legs[-1]
    chosen = None
    if plan.lunch is not None and lunch is not None and duration > 0:
        chosen = _place_lunch(lunch, duration, starts, ends, legs, begin, finish,
                              bare_departure, bare_return)
        if chosen is None:
            return plan
    taken = None if chosen is None else (chosen.start, chosen.start + duration)
    gap = None if chosen is None else chosen.gap
    arrivals = []
    for k in range(len(stops)):
        free = (bare_departure if k == 0 else ends[k - 1]) + legs[k]
        if taken is not None and gap == k:
            # driving before lunch as far as there is time, the rest after it
            before = legs[k] if k == 0 else max(0, min(legs[k], taken[0] - ends[k - 1]))
            free = taken[1] + legs[k] - before
        arrivals.append(min(starts[k], max(free, starts[k] - early[k])))
    departure = arrivals[0] - legs[0]
    if taken is not None and gap == 0:
        departure = taken[0] - legs[0]
    departure = max(departure, begin)
    back = bare_return
    if taken is not None and gap == len(stops):
        back = taken[1] + legs[-1]
    timed = tuple(replace(s, arrival=_t(a), wait_minutes=(_s(s.start) - a) // 60)
                  for s, a in zip(stops, arrivals, strict=True))
    t = plan.totals
    idle = max(0, back - departure - t.drive_seconds - t.meeting_seconds - t.break_seconds)
    return replace(plan, stops=timed, departure=_t(departure), return_time=_t(back),
                   lunch=None if taken is None else (_t(taken[0]), _t(taken[1])),
                   totals=Totals(t.drive_seconds, t.distance_metres, t.meeting_seconds, idle,
                                 t.break_seconds))


def _place_lunch(lunch: LunchBreak, duration: int, starts: list[int], ends: list[int],
                 legs: list[int], begin: int, finish: int, departure: int,
                 back: int) -> _Lunch | None:
    """The best place for lunch: nearest noon, the day made as little longer as can be."""
    earliest, latest = _s(lunch.earliest), _s(lunch.latest)
    target = min(max(NOON, earliest), latest)
    options: list[_Lunch] = []

    def consider(gap: int, low: int, high: int, longer: bool = False) -> None:
        """Lunch starting in [low, high] in this gap; ``longer``: it may lengthen the day."""
        low, high = max(low, earliest), min(high, latest)
        if low > high:
            return
        start = min(max(target, low), high)
        if not longer:
            options.append(_Lunch(gap, start, abs(start - target)))
            return
        for at in sorted({low, high, start}):
            extra = max(0, departure - (at - legs[0])) if gap == 0 else \
                max(0, at + duration + legs[-1] - back)
            options.append(_Lunch(gap, at, abs(at - target) + LONGER_DAY * extra))

    # driving to the first stop, then lunch near it (never before leaving home)
    consider(0, begin + legs[0], starts[0] - duration, longer=True)
    for k in range(1, len(starts)):  # between two stops: time the day has anyway
        if starts[k] - ends[k - 1] >= legs[k] + duration:
            consider(k, ends[k - 1], starts[k] - duration)
    # after the last stop, before driving back
    consider(len(starts), ends[-1], finish - duration - legs[-1], longer=True)
    return min(options, key=lambda o: (o.score, o.gap), default=None)
