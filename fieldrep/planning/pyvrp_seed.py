"""PyVRP's search on the part of a problem it can express: first routes for OR-Tools.

PyVRP's iterated local search finds much shorter routes than OR-Tools' on long routes
(few vehicles, many visits a route: a rep's week), but it knows no breaks, no locks and
no balance.  So it searches a *relaxation* of the problem, and OR-Tools takes its routes
as its first solution with the full model (:mod:`.search`), repairs what the relaxation
got wrong and polishes; the independent check has the last word.

What PyVRP is given, per engine idea:

* a visit with one window: a client (service time, window, demand); with several windows:
  one client per window in a mutually exclusive client group (exactly one is made);
* an optional visit (a penalty for leaving it out): a client that is not required, whose
  prize is the penalty (the same objective up to a constant);
* a vehicle (a working day): a vehicle type of its own, or shared by identical vehicles,
  starting and ending at its depots within its hours; its breaks are taken off its
  maximum duration (where the break falls is for OR-Tools to settle); its driving cap
  becomes a maximum distance when the objective is time (the cost matrix then is travel
  time); with the distance objective the cap is left to OR-Tools;
* a visit allowed on some vehicles only: each vehicle gets its own routing profile in
  which the visits it may not make cannot be reached in time;
* locks and balance: left out (the locked chains are put back in front of their
  vehicle's route before OR-Tools reads the routes).

**Same input, same routes.**  The search is ended by a count of iterations and uses a
fixed seed; the clock is only a safety cap (a search cut by it says so).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
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


def relax(problem: Problem) -> _Relaxation | None:
    """The relaxation PyVRP searches, or None if it would be too large to be worth it."""
    import pyvrp

    vehicles, visits = problem.vehicles, problem.visits
    horizon = max(v.latest for v in vehicles)
    depot_places = sorted({v.start for v in vehicles} | {v.end for v in vehicles})
    depot_of = {place: k for k, place in enumerate(depot_places)}
    client_visit: list[int] = []
    spans: list[tuple[int, int]] = []
    group_of: list[int | None] = []
    groups: list[list[int]] = []
    for i, visit in enumerate(visits):
        windows = windows_of(visit, horizon)
        if len(windows) > 1:
            group_of += [len(groups)] * len(windows)
            groups.append(list(range(len(client_visit), len(client_visit) + len(windows))))
        else:
            group_of += [None] * len(windows)
        client_visit += [i] * len(windows)
        spans += windows
    restricted = any(v.allowed_vehicles for v in visits)
    types = _types(vehicles, restricted)
    places = depot_places + [visits[i].location for i in client_visit]
    profiles = len(types) if restricted else 1
    if not client_visit or profiles * len(places) ** 2 > MAX_CELLS:
        return None
    durations = np.asarray(problem.durations, dtype=np.int64)[np.ix_(places, places)]
    costs = durations if problem.objective == "time" else np.asarray(
        problem.distances, dtype=np.int64)[np.ix_(places, places)]
    first = len(depot_places)
    clients = []
    for c, i in enumerate(client_visit):
        visit = visits[i]
        grouped = group_of[c] is not None
        optional = visit.penalty is not None
        clients.append(pyvrp.Client(
            location=first + c, delivery=[visit.demand], service_duration=visit.service,
            tw_early=spans[c][0], tw_late=spans[c][1], prize=visit.penalty or 0,
            required=not optional and not grouped, group=group_of[c]))
    client_groups = [pyvrp.ClientGroup(members, required=visits[client_visit[members[0]]]
                                       .penalty is None) for members in groups]
    # PyVRP's stubs type a matrix as ndarray[int, ...]: plain lists of arrays for mypy.
    duration_matrices: list[Any] = [durations]
    cost_matrices: list[Any] = [costs]
    if restricted:
        duration_matrices, cost_matrices = [], []
        for members in types:
            v = members[0]
            barred = [first + c for c, i in enumerate(client_visit)
                      if visits[i].allowed_vehicles and v not in visits[i].allowed_vehicles]
            own = durations.copy()
            own[:, barred] = _UNREACHABLE
            duration_matrices.append(own)
            cost_matrices.append(costs)
    total = sum(v.demand for v in visits)
    vehicle_types = [_vehicle_type(problem, vehicles[members[0]], len(members), depot_of,
                                   total, profile if restricted else 0)
                     for profile, members in enumerate(types)]
    data = pyvrp.ProblemData(
        [pyvrp.Location(0, 0) for _ in places], clients,
        [pyvrp.Depot(first_place) for first_place in range(len(depot_places))],
        vehicle_types, cost_matrices, duration_matrices, client_groups)
    return _Relaxation(data, client_visit, types)


def _types(vehicles: Sequence[Vehicle], restricted: bool) -> list[list[int]]:
    """Identical vehicles share a vehicle type (unless visits are barred from some)."""
    if restricted:
        return [[v] for v in range(len(vehicles))]
    types: dict[Vehicle, list[int]] = {}
    for v, vehicle in enumerate(vehicles):
        types.setdefault(vehicle, []).append(v)
    return list(types.values())


def _vehicle_type(problem: Problem, vehicle: Vehicle, count: int, depot_of: dict[int, int],
                  total: int, profile: int) -> pyvrp.VehicleType:
    import pyvrp

    unlimited = np.iinfo(np.int64).max
    paused = sum(b.duration for b in vehicle.breaks)
    drive_cap = vehicle.max_drive if problem.objective == "time" else None
    return pyvrp.VehicleType(
        count, capacity=[total if vehicle.capacity is None else vehicle.capacity],
        start_depot=depot_of[vehicle.start], end_depot=depot_of[vehicle.end],
        tw_early=vehicle.earliest, tw_late=vehicle.latest,
        shift_duration=max(0, vehicle.latest - vehicle.earliest - paused),
        max_distance=unlimited if drive_cap is None else drive_cap, profile=profile)


def seed_routes(problem: Problem, iterations: int, deadline: float, seed: int) -> Seed | None:
    """PyVRP's best routes after ``iterations`` (or at the ``deadline``, a wall-clock
    time), with the locked chains put back first; None when it found no feasible plan of
    the relaxation or the problem is too large for it."""
    import pyvrp
    from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria

    relaxation = relax(problem)
    if relaxation is None:
        return None
    cap = max(0.01, deadline - time.time())
    stop = MultipleCriteria([MaxIterations(iterations), MaxRuntime(cap)])
    result = pyvrp.solve(relaxation.data, stop=stop, seed=seed, collect_stats=False)
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
