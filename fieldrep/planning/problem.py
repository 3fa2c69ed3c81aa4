"""The routing engine's problem and solution, as plain values in integer units.

A *vehicle* is a working day (where it starts and ends, its hours, its breaks, a cap on
driving), a *visit* is a location with a service time, allowed start windows and a
penalty for leaving it out.  Times are seconds from the horizon's 0 and travel comes from
the caller's matrices (seconds and metres).  Nothing here knows OR-Tools: a problem is
picklable, so it can be solved in another process, and a plan can be checked without the
solver (:mod:`fieldrep.planning.check`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

OBJECTIVES = ("time", "distance")


@dataclass(frozen=True)
class Break:
    """A break (lunch) that starts in [earliest, latest] and lasts ``duration`` seconds."""

    earliest: int
    latest: int
    duration: int


@dataclass(frozen=True)
class Vehicle:
    """A working day: where it starts and ends (matrix indices), its hours and limits."""

    start: int
    end: int
    earliest: int
    latest: int
    breaks: tuple[Break, ...] = ()
    max_drive: int | None = None
    capacity: int | None = None


@dataclass(frozen=True)
class Visit:
    """A place to serve for ``service`` seconds, starting inside one of ``windows``."""

    location: int
    service: int
    windows: tuple[tuple[int, int], ...] = ()
    penalty: int | None = None
    allowed_vehicles: tuple[int, ...] = ()
    demand: int = 0
    #: Its place on its route (0: the first stop), when the rep locked it there.
    position: int | None = None


@dataclass(frozen=True)
class Problem:
    """Everything the solver needs; picklable, so it can be solved in another process."""

    durations: Sequence[Sequence[int]]
    distances: Sequence[Sequence[int]]
    visits: Sequence[Visit]
    vehicles: Sequence[Vehicle]
    objective: str = "time"
    locked: Sequence[Sequence[int]] = ()
    balance: int = 0


@dataclass(frozen=True)
class Stop:
    """A visit made: arrival on site, start and end of service (wait = start - arrival)."""

    visit: int
    arrival: int
    start: int
    end: int


@dataclass(frozen=True)
class Route:
    """One vehicle's day: its stops in order, when it leaves and returns, its breaks."""

    vehicle: int
    stops: tuple[Stop, ...]
    departure: int
    return_: int
    breaks: tuple[tuple[int, int], ...]
    travel: int
    distance: int


@dataclass(frozen=True)
class Solution:
    """The best plan found: one route per vehicle (empty ones too) and the visits left out."""

    routes: tuple[Route, ...]
    dropped: tuple[int, ...]
    objective: int
    feasible: bool
    status: str
    seconds: float
    capped: bool = False  # cut by the safety time cap before its effort: may vary


def failed(problem: Problem, status: str) -> Solution:
    """No plan: every visit left out, and ``status`` saying why."""
    return Solution((), tuple(range(len(problem.visits))), 0, False, status, 0.0)


def validate(problem: Problem) -> None:
    """Raise ``ValueError`` naming the first index out of range or impossible value."""
    size = len(problem.durations)
    if len(problem.distances) != size or any(
            len(row) != size for row in (*problem.durations, *problem.distances)):
        raise ValueError("durations and distances must be square matrices of the same size")
    if problem.objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}, not {problem.objective!r}")
    if problem.balance < 0:
        raise ValueError("balance must not be negative")
    if not problem.vehicles:
        raise ValueError("there must be at least one vehicle")
    count = len(problem.vehicles)
    for v, vehicle in enumerate(problem.vehicles):
        if not (0 <= vehicle.start < size and 0 <= vehicle.end < size):
            raise ValueError(f"vehicle {v}: start or end outside the matrix")
        if not 0 <= vehicle.earliest <= vehicle.latest:
            raise ValueError(f"vehicle {v}: its hours end before they start")
        for k, brk in enumerate(vehicle.breaks):
            begin = max(brk.earliest, vehicle.earliest)
            if brk.duration <= 0 or begin > brk.latest or begin + brk.duration > vehicle.latest:
                raise ValueError(f"vehicle {v}: break {k} does not fit in its hours")
    for i, visit in enumerate(problem.visits):
        if not 0 <= visit.location < size:
            raise ValueError(f"visit {i}: location outside the matrix")
        if visit.service < 0 or visit.demand < 0 or (visit.penalty or 0) < 0:
            raise ValueError(f"visit {i}: negative service, demand or penalty")
        if any(lo > hi for lo, hi in visit.windows):
            raise ValueError(f"visit {i}: a window ends before it starts")
        if any(not 0 <= v < count for v in visit.allowed_vehicles):
            raise ValueError(f"visit {i}: allowed vehicle out of range")
        if visit.position is not None and not 0 <= visit.position < len(problem.visits):
            raise ValueError(f"visit {i}: position out of range")
    if len(problem.locked) > count:
        raise ValueError("more lock chains than vehicles")
    chained = [i for chain in problem.locked for i in chain]
    if len(set(chained)) != len(chained) or any(
            not 0 <= i < len(problem.visits) for i in chained):
        raise ValueError("a locked visit is out of range or locked twice")
