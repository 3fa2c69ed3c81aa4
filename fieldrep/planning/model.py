"""What a rep asks the planner for, and the plan it gets back, as plain values.

Times are the rep's local wall-clock times on the plan's date (``datetime.time``); a day
plan is one day in the rep's life, not a UTC interval.  Distances are metres, durations
seconds, as the travel models give them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from fieldrep.common.errors import FieldRepError


class PlanError(FieldRepError, ValueError):
    """A request that cannot be planned as given; the message names what is wrong."""


@dataclass(frozen=True)
class Place:
    """Where a day starts or ends: home, a hotel, the rep's current position."""

    label: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Appointment:
    """A visit fixed at an exact time (its meeting length is the account's unless given)."""

    account_id: int
    at: time
    minutes: int | None = None


@dataclass(frozen=True)
class Lock:
    """A stop the rep locked where it is: it stays the ``position``-th stop of the day
    (1: the first) and, when the rep set a time, starts at ``at``."""

    account_id: int
    position: int
    at: time | None = None


@dataclass(frozen=True)
class LunchBreak:
    """A break of ``minutes`` that starts between ``earliest`` and ``latest``."""

    earliest: time = time(12, 0)
    latest: time = time(14, 0)
    minutes: int = 45


@dataclass(frozen=True)
class Candidate:
    """An account the rep would like to see, with what makes it worth the trip."""

    account_id: int
    name: str
    lat: float | None
    lon: float | None
    meeting_minutes: int
    opening_hours: str = ""
    tier: str = "C"
    annual_value: float = 0.0
    overdue_days: int = 0

    def point(self) -> tuple[float, float]:
        """Where the account is (only located accounts are planned)."""
        if self.lat is None or self.lon is None:
            raise PlanError(f"{self.name} has no location: place it on the map first")
        return self.lat, self.lon


@dataclass(frozen=True)
class DayRequest:
    """One day to plan."""

    day: date
    start: Place
    end: Place
    start_time: time = time(8, 30)
    end_time: time = time(18, 0)
    candidates: tuple[Candidate, ...] = ()
    appointments: tuple[Appointment, ...] = ()
    lunch: LunchBreak | None = field(default_factory=LunchBreak)
    max_drive_minutes: int | None = None
    #: Account ids kept first and in this order ("keep first", or the visits already done).
    first: tuple[int, ...] = ()
    #: Stops locked at their place in the order (and at their time, when set).
    locks: tuple[Lock, ...] = ()

    def fixed(self) -> set[int]:
        """The accounts the plan must keep: appointments, kept first, locked."""
        return ({a.account_id for a in self.appointments} | set(self.first)
                | {lock.account_id for lock in self.locks})


@dataclass(frozen=True)
class PlannedStop:
    """One visit of the day, in order."""

    account_id: int
    name: str
    arrival: time
    start: time
    end: time
    wait_minutes: int
    leg_metres: int
    leg_seconds: int
    appointment: bool = False
    locked: bool = False
    #: The time of its appointment (its start, unless the rep's order makes it late).
    appointment_at: time | None = None


@dataclass(frozen=True)
class DroppedAccount:
    """An account left out of the plan, and why, in the rep's words."""

    account_id: int
    name: str
    reason: str


@dataclass(frozen=True)
class Totals:
    """A day's figures."""

    drive_seconds: int
    distance_metres: int
    meeting_seconds: int
    idle_seconds: int
    break_seconds: int


@dataclass(frozen=True)
class DayPlan:
    """A planned day: where it starts, its stops, the lunch break, where it ends."""

    day: date
    start: Place
    end: Place
    departure: time
    return_time: time
    stops: tuple[PlannedStop, ...]
    dropped: tuple[DroppedAccount, ...]
    totals: Totals
    lunch: tuple[time, time] | None = None
    last_leg_metres: int = 0
    last_leg_seconds: int = 0
    travel_note: str = ""
    problems: tuple[str, ...] = ()
    #: where the legs' times and distances come from (a travel Matrix's ``source``, e.g.
    #: "roads, OSM extract of 2015-10-06"); kept with a saved plan for the mileage log
    travel_source: str = ""
