"""The rep's day as the Today view shows it: the route's stops, where the rep is, how late.

A stop is *done* once a visit is logged for it, *here* once the rep pressed Arrived (the
arrival is kept as the draft of the stop's visit form, so the full form brings it back),
else *to go*.  The next stop is the first stop not done.  Plain values and rules only: the
store work is in :mod:`fieldrep.usecases.today`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from fieldrep.planning.model import Place
from fieldrep.visits.model import VisitData
from fieldrep.visits.navigation import Destination

#: Behind the plan by this much or more, the rest of the day is planned again.
LATE_MINUTES = 15


class StopState(StrEnum):
    TO_GO = "to_go"
    HERE = "here"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"to_go": "To go", "here": "Arrived", "done": "Done"}[self]


@dataclass(frozen=True)
class TodayStop:
    """One stop of the day: what was planned, and what the rep recorded."""

    number: int
    stop_id: int
    account_id: int | None
    name: str
    address: str
    lat: float | None
    lon: float | None
    arrival: time
    start: time
    end: time
    appointment: bool
    #: Planned driving time from the stop before (or the start).
    leg_seconds: int = 0
    arrived: time | None = None
    visit: VisitData | None = None

    @property
    def state(self) -> StopState:
        if self.visit is not None:
            return StopState.DONE
        return StopState.HERE if self.arrived is not None else StopState.TO_GO

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    def destination(self) -> Destination | None:
        """Where to drive to (None when the account has no location)."""
        if self.lat is None or self.lon is None:
            return None
        return Destination(f"{self.number}. {self.name}", self.lat, self.lon)


@dataclass(frozen=True)
class TodayRoute:
    """The day's saved route (``plan_id`` None: nothing planned for the day yet)."""

    day: date
    plan_id: int | None
    stops: tuple[TodayStop, ...] = ()
    start: Place | None = None
    end: Place | None = None
    departure: time | None = None
    return_time: time | None = None

    @property
    def next_stop(self) -> TodayStop | None:
        """The stop the rep is at or drives to next (None when every stop is done)."""
        return next((s for s in self.stops if s.state is not StopState.DONE), None)

    @property
    def last_done(self) -> TodayStop | None:
        done = [s for s in self.stops if s.state is StopState.DONE]
        return done[-1] if done else None

    @property
    def to_go(self) -> tuple[TodayStop, ...]:
        return tuple(s for s in self.stops if s.state is not StopState.DONE)

    @property
    def account_ids(self) -> tuple[int, ...]:
        return tuple(s.account_id for s in self.stops if s.account_id is not None)

    def stop_of(self, account_id: int) -> TodayStop | None:
        return next((s for s in self.stops if s.account_id == account_id), None)

    def places_to_go(self) -> list[Destination]:
        """The rest of the route: from the last stop done (or the start), through the stops
        still to go, to the end of the day."""
        places: list[Destination] = []
        done = self.last_done
        here = done.destination() if done is not None else None
        if here is not None:
            places.append(here)
        elif self.start is not None:
            places.append(Destination(self.start.label or "Start", self.start.lat,
                                      self.start.lon))
        places += [d for d in (s.destination() for s in self.to_go) if d is not None]
        if self.end is not None:
            places.append(Destination(self.end.label or "End", self.end.lat, self.end.lon))
        return places


def late_by(route: TodayRoute, now: datetime) -> int:
    """How many minutes behind the plan the rep is at ``now`` (0 when on time or ahead,
    and on any other day than the route's).

    At a stop, the rep is behind once its planned end has passed.  On the way to the next
    stop, the rep is behind by how late the visit before ended (its check-out against its
    planned end), or by how far past the stop's planned arrival it is now, whichever is
    more.
    """
    upcoming = route.next_stop
    if now.date() != route.day or upcoming is None:
        return 0
    at = _minutes(now.time())
    if upcoming.state is StopState.HERE:
        return max(0, at - _minutes(upcoming.end))
    late = at - _minutes(upcoming.arrival)
    index = route.stops.index(upcoming)
    before = route.stops[index - 1] if index > 0 else None
    if before is not None and before.visit is not None and before.visit.check_out:
        leave = _minutes(upcoming.arrival) - upcoming.leg_seconds // 60
        late = max(late, _minutes(before.visit.check_out) - leave)
    return max(0, late)


def should_replan(route: TodayRoute, now: datetime) -> bool:
    """Whether the rest of the day is planned again: the rep is :data:`LATE_MINUTES` or
    more behind, has done a visit to start from, and stops remain to go."""
    return (late_by(route, now) >= LATE_MINUTES and route.last_done is not None
            and len(route.to_go) >= 1)


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute
