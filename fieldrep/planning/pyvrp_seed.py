"""PyVRP's search on the part of a problem it can express: first routes for OR-Tools.

PyVRP's iterated local search finds much shorter routes than OR-Tools' on long routes
(few vehicles, many visits a route: a rep's week), but it knows no breaks, no locks and
no balance.  So it searches a *relaxation* of the problem, and OR-Tools takes its routes
as its first solution with the full model (:mod:`.search`), repairs what the relaxation
got wrong and polishes; the independent check has the last word.

What PyVRP is given, per engine idea:

* each vehicle's times are folded onto its own day (from the midnight before it leaves),
  so a week's or a month's days share one clock;
* a visit: a client per window on a day (service time, window, demand); several windows,
  or hours that differ from day to day, give a mutually exclusive client group (exactly
  one of them is made), each client made only by the vehicles of the days it belongs to
  (and of the visit's allowed vehicles): vehicles barred from the same clients share a
  routing profile in which those clients cannot be reached in time;
* an optional visit (a penalty for leaving it out): clients that are not required, whose
  prize is the penalty (the same objective up to a constant);
* a vehicle (a working day): a vehicle type shared by the vehicles of the same profile,
  depots and folded hours, starting and ending at its depots; its breaks are taken off
  its maximum duration (where the break falls is for OR-Tools to settle); its driving cap
  becomes a maximum distance when the objective is time (the cost matrix then is travel
  time); with the distance objective the cap is left to OR-Tools;
* locks and balance: left out (the locked chains are put back in front of their
  vehicle's route before OR-Tools reads the routes).

**Same input, same routes.**  The search is ended by a count of iterations and uses a
fixed seed; the clock is only a safety cap (a search cut by it says so).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from fieldrep.planning.ortools_model import windows_of
from fieldrep.planning.problem import Problem, Vehicle

if TYPE_CHECKING:  # PyVRP is imported on first use: a rep's day does not need it
    import pyvrp

#: The most matrix cells (profiles × locations²) handed to PyVRP; beyond, OR-Tools alone.
MAX_CELLS = 6_000_000
#: Iterations a second: ``iterations`` = seconds × RATE.  Measured on a 2-core AMD EPYC
#: with PyVRP 0.14 on the Solomon and Gehring–Homberger instances: 1,150–2,500 a second
#: at 100 and 200 customers, slowest on long routes (R2, RC2).
RATE = 1_500
MIN_ITERATIONS = 200
MIN_SECONDS = 0.25
DAY = 86_400  # seconds: the engine's times count from midnight of the first day
_UNREACHABLE = 10**9  # a travel time that no window allows (a visit barred from a vehicle)


@dataclass(frozen=True)
class Seed:
    """PyVRP's routes (visit orders per engine vehicle) and how its search ended."""

    orders: list[list[int]]
    iterations: int
    capped: bool


def iterations_for(seconds: float) -> int:
    """The iterations a search of ``seconds`` makes at the fixed rate."""
    return max(MIN_ITERATIONS, round(seconds * RATE))


@dataclass(frozen=True)
class _Relaxation:
    """A problem in PyVRP's terms and the way back: each client's visit, each route's
    vehicle."""

    data: pyvrp.ProblemData
    client_visit: list[int]
    type_vehicles: list[list[int]]   # vehicle type -> engine vehicles, in order


@dataclass
class _Clients:
    """The clients of the relaxation: their visit, local window, group, vehicles."""

    visit: list[int]
    window: list[tuple[int, int]]
    group: list[int | None]
    vehicles: list[frozenset[int]]
    groups: list[list[int]]


def _offset(vehicle: Vehicle) -> int:
    """Where the vehicle's day starts: its times are folded onto one day from there."""
    return vehicle.earliest // DAY * DAY


def _clients(problem: Problem) -> _Clients:
    """One client per visit and window *on a day*, times folded onto that day: a visit
    open at the same hours every day is one client (or a group of one per window) that
    every vehicle may make; hours that differ from day to day give one client per pattern,
    made only by the vehicles of the days with that pattern."""
    vehicles, horizon = problem.vehicles, max(v.latest for v in problem.vehicles)
    everyone = frozenset(range(len(vehicles)))
    out = _Clients([], [], [], [], [])
    for i, visit in enumerate(problem.visits):
        windows = windows_of(visit, horizon)
        patterns: dict[tuple[tuple[int, int], ...], set[int]] = {}
        allowed = visit.allowed_vehicles or everyone
        for v in sorted(allowed):
            vehicle, offset = vehicles[v], _offset(vehicles[v])
            local = tuple((max(lo, vehicle.earliest) - offset, min(hi, vehicle.latest) - offset)
                          for lo, hi in windows if lo <= vehicle.latest and hi >= vehicle.earliest)
            if local:
                patterns.setdefault(local, set()).add(v)
        made = [(span, frozenset(vs)) for local, vs in patterns.items() for span in local]
        group = len(out.groups) if len(made) > 1 else None
        if group is not None:
            out.groups.append(list(range(len(out.visit), len(out.visit) + len(made))))
        for span, vs in made:
            out.visit.append(i)
            out.window.append(span)
            out.group.append(group)
            out.vehicles.append(vs)
    return out


def relax(problem: Problem) -> _Relaxation | None:
    """The relaxation PyVRP searches, or None if it would be too large to be worth it."""
    import pyvrp

    vehicles, visits = problem.vehicles, problem.visits
    depot_places = sorted({v.start for v in vehicles} | {v.end for v in vehicles})
    depot_of = {place: k for k, place in enumerate(depot_places)}
    clients = _clients(problem)
    first = len(depot_places)
    # Vehicles barred from the same clients share a routing profile.
    barred_sets: dict[tuple[int, ...], int] = {}
    profile_of = []
    for v in range(len(vehicles)):
        barred = tuple(first + c for c, vs in enumerate(clients.vehicles) if v not in vs)
        profile_of.append(barred_sets.setdefault(barred, len(barred_sets)))
    places = depot_places + [visits[i].location for i in clients.visit]
    if not clients.visit or len(barred_sets) * len(places) ** 2 > MAX_CELLS:
        return None
    durations = np.asarray(problem.durations, dtype=np.int64)[np.ix_(places, places)]
    costs = durations if problem.objective == "time" else np.asarray(
        problem.distances, dtype=np.int64)[np.ix_(places, places)]
    # PyVRP's stubs type a matrix as ndarray[int, ...]: plain lists of arrays for mypy.
    duration_matrices: list[Any] = []
    for barred in barred_sets:
        own = durations
        if barred:
            own = durations.copy()
            own[:, list(barred)] = _UNREACHABLE
            own[list(barred), list(barred)] = 0
        duration_matrices.append(own)
    cost_matrices: list[Any] = [costs] * len(barred_sets)
    data_clients = []
    for c, i in enumerate(clients.visit):
        visit, grouped = visits[i], clients.group[c] is not None
        data_clients.append(pyvrp.Client(
            location=first + c, delivery=[visit.demand], service_duration=visit.service,
            tw_early=clients.window[c][0], tw_late=clients.window[c][1],
            prize=visit.penalty or 0, required=visit.penalty is None and not grouped,
            group=clients.group[c]))
    groups = [pyvrp.ClientGroup(members, required=visits[clients.visit[members[0]]]
                                .penalty is None) for members in clients.groups]
    types: dict[tuple[object, ...], list[int]] = {}
    for v, vehicle in enumerate(vehicles):
        offset = _offset(vehicle)
        key = (profile_of[v], vehicle.start, vehicle.end, vehicle.earliest - offset,
               vehicle.latest - offset, sum(b.duration for b in vehicle.breaks),
               vehicle.max_drive, vehicle.capacity)
        types.setdefault(key, []).append(v)
    total = sum(v.demand for v in visits)
    vehicle_types = [_vehicle_type(problem, vehicles[members[0]], len(members), depot_of,
                                   total, profile_of[members[0]])
                     for members in types.values()]
    data = pyvrp.ProblemData(
        [pyvrp.Location(0, 0) for _ in places], data_clients,
        [pyvrp.Depot(place) for place in range(len(depot_places))],
        vehicle_types, cost_matrices, duration_matrices, groups)
    return _Relaxation(data, clients.visit, list(types.values()))


def _vehicle_type(problem: Problem, vehicle: Vehicle, count: int, depot_of: dict[int, int],
                  total: int, profile: int) -> pyvrp.VehicleType:
    import pyvrp

    unlimited, offset = np.iinfo(np.int64).max, _offset(vehicle)
    paused = sum(b.duration for b in vehicle.breaks)
    drive_cap = vehicle.max_drive if problem.objective == "time" else None
    return pyvrp.VehicleType(
        count, capacity=[total if vehicle.capacity is None else vehicle.capacity],
        start_depot=depot_of[vehicle.start], end_depot=depot_of[vehicle.end],
        tw_early=vehicle.earliest - offset, tw_late=vehicle.latest - offset,
        shift_duration=max(0, vehicle.latest - vehicle.earliest - paused),
        max_distance=unlimited if drive_cap is None else drive_cap, profile=profile)


def seed_routes(problem: Problem, iterations: int, deadline: float, seed: int) -> Seed | None:
    """PyVRP's best routes after ``iterations`` (or at the ``deadline``, a wall-clock
    time), with the locked chains put back first; None when it found no feasible plan of
    the relaxation or the problem is too large for it."""
    import pyvrp
    from pyvrp.stop import FirstFeasible, MaxIterations, MaxRuntime, MultipleCriteria

    relaxation = relax(problem)
    if relaxation is None:
        return None
    # At least MIN_SECONDS even past the deadline: routes late beat no routes at all (a
    # large model built on a loaded machine can eat PyVRP's whole share).
    cap = max(MIN_SECONDS, deadline - time.time())
    stop = MultipleCriteria([MaxIterations(iterations), MaxRuntime(cap)])
    result = pyvrp.solve(relaxation.data, stop=stop, seed=seed, collect_stats=False)
    if not result.is_feasible() and time.time() >= deadline:
        # Cut by the clock before any feasible routes: search on to the first feasible
        # ones (within the iterations), or OR-Tools alone would be left no time at all.
        result = pyvrp.solve(relaxation.data, stop=MultipleCriteria(
            [FirstFeasible(), MaxIterations(iterations)]), seed=seed, collect_stats=False,
            initial_solution=result.best)
    if not result.is_feasible():
        return None
    orders: list[list[int]] = [[] for _ in problem.vehicles]
    used = [0] * len(relaxation.type_vehicles)
    for route in result.best.routes():
        members = relaxation.type_vehicles[route.vehicle_type()]
        v = members[used[route.vehicle_type()]]
        used[route.vehicle_type()] += 1
        orders[v] = [relaxation.client_visit[a.idx] for a in route if a.is_client()]
    return Seed(with_locks(problem, orders), result.num_iterations,
                result.num_iterations < iterations)


def with_locks(problem: Problem, orders: list[list[int]]) -> list[list[int]]:
    """``orders`` with each vehicle's locked chain first, and locked visits nowhere else."""
    locked = {i for chain in problem.locked for i in chain}
    chains = list(problem.locked) + [[]] * (len(orders) - len(problem.locked))
    return [list(chain) + [i for i in order if i not in locked]
            for chain, order in zip(chains, orders, strict=True)]
