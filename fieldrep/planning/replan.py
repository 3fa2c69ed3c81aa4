"""Mid-day: the rest of a day planned again from the stop where the rep is.

The visits up to that stop are done and stay as they were planned; the rest of the day
starts when that visit ends (or now, if that is later the same day), from where the rep
stands.  A lunch break already begun is kept (the rest starts after it) and never planned
a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time

from fieldrep.planning.day_visits import seconds
from fieldrep.planning.model import DayPlan, PlannedStop, Totals


def rest_starts_at(day: date, visit_end: time, now: datetime) -> time:
    """When the rest of ``day`` starts: the end of the visit, or ``now`` if that is later
    on the same day."""
    if day == now.date() and now.time() > visit_end:
        return time(now.hour, now.minute)
    return visit_end


def lunch_taken(day: DayPlan, at: time) -> bool:
    """Whether the day's lunch break has begun by ``at``: a lunch begun is the day's lunch
    (a rep who re-plans during it finishes it; none is planned again)."""
    return day.lunch is not None and seconds(day.lunch[0]) <= seconds(at)


def after_lunch(day: DayPlan, at: time) -> time:
    """``at``, or the end of the lunch break when ``at`` falls during it."""
    if day.lunch is not None and seconds(day.lunch[0]) <= seconds(at) < seconds(day.lunch[1]):
        return day.lunch[1]
    return at


def with_done(day: DayPlan, done: Sequence[PlannedStop], rest: DayPlan, taken: bool
              ) -> DayPlan:
    """The whole day: the visits ``done`` (as they were planned in ``day``), then the new
    ``rest``; with ``taken``, the lunch break of ``day`` (the rest has none of its own)."""
    lunch = day.lunch if taken else rest.lunch
    lunch_seconds = (seconds(day.lunch[1]) - seconds(day.lunch[0])
                     if taken and day.lunch else 0)
    t = rest.totals
    totals = Totals(
        drive_seconds=t.drive_seconds + sum(s.leg_seconds for s in done),
        distance_metres=t.distance_metres + sum(s.leg_metres for s in done),
        meeting_seconds=t.meeting_seconds + sum(seconds(s.end) - seconds(s.start)
                                                for s in done),
        idle_seconds=t.idle_seconds + 60 * sum(s.wait_minutes for s in done),
        break_seconds=t.break_seconds + lunch_seconds)
    return replace(rest, start=day.start, departure=day.departure,
                   stops=(*done, *rest.stops), totals=totals, lunch=lunch)
