"""The solvers side by side, each timed from the request to the plan (model building
included): wall seconds and CPU seconds (FieldRep's helper processes counted)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from fieldrep.planning import engine, ortools_model, parallel_search, pyvrp_seed
from fieldrep.planning.engine import Problem, Route, Stop
from vrptw_bench.cases import Case

FIELDREP, PYVRP, VROOM = "FieldRep", "PyVRP", "VROOM"


@dataclass(frozen=True)
class Outcome:
    """A solver's plan (None: it does not take this kind of case), wall and CPU seconds."""

    routes: list[Route] | None
    wall: float
    cpu: float


Solver = Callable[[Case, float, int], Outcome]


def _helper_cpu() -> float:
    """CPU seconds used so far by FieldRep's helper processes (from /proc)."""
    helpers = parallel_search._HELPERS
    if helpers is None:
        return 0.0
    total = 0
    for pid in list(helpers.pool._processes or {}):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def fieldrep(workers: int | None) -> Solver:
    def run(case: Case, budget: float, seed: int) -> Outcome:
        wall, cpu, helpers = time.perf_counter(), time.process_time(), _helper_cpu()
        solution = engine.solve(case.problem, time_limit=budget, seed=seed, workers=workers)
        return Outcome(list(solution.routes), time.perf_counter() - wall,
                       time.process_time() - cpu + _helper_cpu() - helpers)

    return run


def pyvrp_peer(case: Case, budget: float, seed: int) -> Outcome:
    """PyVRP's own search for the whole budget: the VRPLIB instances as PyVRP's own
    benchmarks state them (coordinates included); a rep's problem as the part PyVRP can
    express (the planner's relaxation), its orders timed by the full model."""
    import numpy as np
    import pyvrp
    from pyvrp.stop import MaxRuntime

    problem = case.problem
    wall, cpu = time.perf_counter(), time.process_time()
    if case.coords is None:
        relaxation = pyvrp_seed.relax(problem)
        if relaxation is None:
            return Outcome(None, 0.0, 0.0)
        result = pyvrp.solve(relaxation.data, stop=MaxRuntime(budget), seed=seed,
                             collect_stats=False)
        orders: list[list[int]] = [[] for _ in problem.vehicles]
        used = [0] * len(relaxation.type_vehicles)
        for route in result.best.routes():
            t = route.vehicle_type()
            orders[relaxation.type_vehicles[t][used[t]]] = [
                relaxation.client_visit[a.idx] for a in route if a.is_client()]
            used[t] += 1
        solution = ortools_model.restored(problem, 0, orders, "solved")
        return Outcome(list(solution.routes), time.perf_counter() - wall,
                       time.process_time() - cpu)
    vehicle = problem.vehicles[0]
    matrix = np.asarray(problem.distances, dtype=np.int64)
    clients = [pyvrp.Client(location=v.location, delivery=[v.demand],
                            service_duration=v.service, tw_early=v.windows[0][0],
                            tw_late=v.windows[0][1]) for v in problem.visits]
    data = pyvrp.ProblemData(
        [pyvrp.Location(x, y) for x, y in case.coords], clients,
        [pyvrp.Depot(0, tw_early=vehicle.earliest, tw_late=vehicle.latest)],
        [pyvrp.VehicleType(len(problem.vehicles), capacity=[vehicle.capacity or 0],
                           tw_early=vehicle.earliest, tw_late=vehicle.latest)],
        [matrix], [matrix])
    result = pyvrp.solve(data, stop=MaxRuntime(budget), seed=seed, collect_stats=False)
    # A client activity's idx is the client's position, i.e. our visit index.
    orders = [[a.idx for a in route if a.is_client()] for route in result.best.routes()]
    return Outcome(schedule_all(problem, orders), time.perf_counter() - wall,
                   time.process_time() - cpu)


def vroom_peer(case: Case, budget: float, seed: int) -> Outcome:
    """VROOM, exploration level 5, one thread, ``timeout`` = the budget; VRPLIB only."""
    import numpy as np
    import vroom

    del seed  # VROOM's search is deterministic and takes no seed
    if case.coords is None:
        return Outcome(None, 0.0, 0.0)
    problem = case.problem
    wall, cpu = time.perf_counter(), time.process_time()
    data = vroom.Input()
    data.set_durations_matrix("car", np.asarray(problem.durations, dtype=np.int64))
    for k, vehicle in enumerate(problem.vehicles):
        data.add_vehicle(vroom.Vehicle(
            k + 1, start=vehicle.start, end=vehicle.end, capacity=[vehicle.capacity or 0],
            time_window=vroom.TimeWindow(vehicle.earliest, vehicle.latest)))
    for i, visit in enumerate(problem.visits):
        data.add_job(vroom.Job(
            i + 1, location=visit.location, default_service=visit.service,
            delivery=[visit.demand], time_windows=[vroom.TimeWindow(*w) for w in visit.windows]))
    solution = data.solve(exploration_level=5, nb_threads=1, timeout=timedelta(seconds=budget))
    steps = solution.routes
    jobs = steps[steps["type"] == "job"]
    orders = [[int(j) - 1 for j in group["id"]]
              for _, group in jobs.groupby("vehicle_id", sort=True)]
    return Outcome(schedule_all(problem, orders), time.perf_counter() - wall,
                   time.process_time() - cpu)


def schedule_all(problem: Problem, orders: Sequence[Sequence[int]]) -> list[Route]:
    """Another solver's visit orders as engine routes, each stop as early as it can be."""
    return [schedule(problem, v, order) for v, order in enumerate(orders) if order]


def schedule(problem: Problem, v: int, order: Sequence[int]) -> Route:
    """Leave at the vehicle's opening, start each visit on arrival or at its window's start."""
    vehicle = problem.vehicles[v]
    place, clock = vehicle.start, vehicle.earliest
    stops = []
    travel = distance = 0
    for i in order:
        visit = problem.visits[i]
        leg = int(problem.durations[place][visit.location])
        travel += leg
        distance += int(problem.distances[place][visit.location])
        arrival = clock + leg
        start = next((max(arrival, lo) for lo, hi in visit.windows if arrival <= hi), arrival)
        stops.append(Stop(i, arrival, start, start + visit.service))
        place, clock = visit.location, start + visit.service
    travel += int(problem.durations[place][vehicle.end])
    distance += int(problem.distances[place][vehicle.end])
    back = clock + int(problem.durations[place][vehicle.end])
    return Route(v, tuple(stops), vehicle.earliest, back, (), travel, distance)


def available(workers: list[int | None]) -> tuple[dict[str, Solver], list[str]]:
    """FieldRep (one column per ``workers`` value) and the peers that are installed."""
    solvers: dict[str, Solver] = {}
    for w in workers:
        solvers[FIELDREP if len(workers) == 1 else f"{FIELDREP} {w or 'auto'}p"] = fieldrep(w)
    skipped = []
    for name, module, runner in ((PYVRP, "pyvrp", pyvrp_peer), (VROOM, "vroom", vroom_peer)):
        try:
            __import__(module)
        except ImportError:
            skipped.append(f"{name}: not installed, skipped (pip install -e '.[bench]')")
            continue
        solvers[name] = runner
    return solvers, skipped
