"""Vehicle routing with time windows on OR-Tools' routing library, in integer units.

The engine knows nothing of accounts: a *vehicle* is a working day (where it starts and
ends, its hours, its breaks, a cap on driving), a *visit* is a location with a service time,
allowed start windows and a penalty for leaving it out.  Times are seconds from the
horizon's 0 and travel comes from the caller's matrices (seconds and metres).

Nothing in Python runs inside the search loop: the matrices are registered with
``RegisterTransitMatrix`` (service times folded into the time matrix, per from-node) and
demands with ``RegisterUnaryTransitVector``.  Python is called back once per accepted
solution (to count them, and for progress).

**Same input, same plan.**  The search is bounded by a count of solutions (its *effort*),
not by the clock: by default the effort is worked out from the time budget and the
problem's size at a fixed rate (:func:`default_effort`), so the same problem with the same
budget and seed always runs the same search and returns the same plan.  The wall clock
only serves as a safety cap (:data:`CAP_FACTOR` × the budget): a search cut by it (a very
slow or overloaded machine) says so in ``Solution.capped`` and may differ from run to run.

**Cancel.**  OR-Tools keeps the GIL for its whole search and its iterated local search
cannot be interrupted before its time limit; so a search that can be cancelled
(``cancelled`` given) runs in a child process, sends each better plan back, and is ended
at once on cancel: the best plan so far comes back with status "cancelled".  The calling
thread (a Qt worker) does not hold the GIL meanwhile, so the window stays fluid.

``check`` verifies a plan independently of the solver, constraint by constraint.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import pairwise
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized

from ortools.constraint_solver import pywrapcp, routing_enums_pb2, routing_ils_pb2
from ortools.util import optional_boolean_pb2

_STRATEGY = routing_enums_pb2.FirstSolutionStrategy
FIRST_SOLUTIONS: dict[str, int] = {
    name.lower(): value for name, value in _STRATEGY.Value.items()
    if name not in ("UNSET", "EVALUATOR_STRATEGY", "SWEEP", "ALL_UNPERFORMED")}
AUTO_FIRST_SOLUTION = "parallel_cheapest_insertion"
# What a second process starts from when it runs beside the first (see ``solve``).
OTHER_FIRST_SOLUTIONS = ("path_cheapest_arc", "parallel_cheapest_insertion", "savings")
ITERATED_FROM = 20  # visits: from here on iterated local search, below it guided local search
OBJECTIVES = ("time", "distance")
#: Solutions a second per visit: ``default_effort`` = budget × RATE / visits (at least
#: SMALL visits; a day with breaks counts more, its moves cost more).  Measured on a
#: 2-core AMD EPYC on the Solomon instances and a rep's generated days.
EFFORT_RATE = 13_000
SMALL = 40
MIN_EFFORT = 50
#: The search is cut at this many times its budget whatever its effort.
CAP_FACTOR = 3.0


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


def _never() -> bool:
    return False


def default_effort(problem: Problem, seconds: float) -> int:
    """The solutions a search of ``seconds`` makes on ``problem``, at the fixed rate."""
    breaks = sum(1 for v in problem.vehicles if v.breaks)
    weight = max(SMALL, len(problem.visits)) * (1 + breaks / 2)
    return max(MIN_EFFORT, round(seconds * EFFORT_RATE / weight))


def solve(
    problem: Problem,
    *,
    time_limit: float = 1.0,
    effort: int | None = None,
    seed: int = 0,
    workers: int = 1,
    first_solution: str = "auto",
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Solution:
    """The best plan found by a search of ``effort`` solutions (by default, what
    ``time_limit`` seconds allow at the fixed rate: :func:`default_effort`).

    The same problem, budget, effort and seed give the same plan, unless the search is cut
    by its safety cap (``CAP_FACTOR`` × ``time_limit``; then ``capped`` is True).
    ``workers`` > 1 runs that many searches at once, each in its own process from a
    different first solution, and keeps the best (ties go to the first search).
    ``progress(objective)`` is called on each better solution of the first search.  When
    ``cancelled`` is given, the first search runs in a child process and ``cancelled()`` is
    polled every few milliseconds; when it returns True every search stops at once and the
    best plan so far comes back with status "cancelled".  A plan that leaves out a
    mandatory visit, or no plan at all, comes back with ``feasible`` False and a status
    saying why.  Invalid input (an index out of range, a window ending before it starts)
    raises ``ValueError``.
    """
    started = time.perf_counter()
    _validate(problem)
    if first_solution != "auto" and first_solution not in FIRST_SOLUTIONS:
        raise ValueError(f"unknown first solution strategy {first_solution!r}; one of: auto, "
                         f"{', '.join(sorted(FIRST_SOLUTIONS))}")
    if effort is not None and effort < 1:
        raise ValueError("effort must be at least 1 solution")
    strategy = AUTO_FIRST_SOLUTION if first_solution == "auto" else first_solution
    cancelled = cancelled or _never
    run = _Run(effort or default_effort(problem, time_limit),
               time.time() + time_limit * CAP_FACTOR, seed, strategy)
    if workers <= 1:
        return _timed(_first_search(problem, run, progress, cancelled), started)
    others = [s for s in OTHER_FIRST_SOLUTIONS if s != strategy]
    helpers = _helpers(workers - 1)
    generation, picked = helpers.generation.value, helpers.started.value
    futures = [helpers.pool.submit(
        _remote_search, problem,
        _Run(run.effort, run.deadline, seed + k, others[(k - 1) % len(others)]), generation)
        for k in range(1, workers)]
    # OR-Tools holds the GIL for its whole search, which would keep the pool's feeder thread
    # from handing the helpers their searches: wait until each has picked its one up.
    while helpers.started.value < picked + len(futures) and time.time() < run.deadline:
        time.sleep(0.001)
    local = _first_search(problem, run, progress, cancelled)
    if local.status == "cancelled":
        with helpers.generation.get_lock():
            helpers.generation.value += 1
        return _timed(local, started)
    results = [local]
    for future in futures:
        try:
            results.append(future.result())
        except Exception:  # a helper that died costs its search, not the plan
            continue
    best = min(range(len(results)), key=lambda k: (not results[k].feasible,
                                                   results[k].objective, k))
    return _timed(results[best], started)


def _timed(solution: Solution, started: float) -> Solution:
    return replace(solution, seconds=time.perf_counter() - started)


@dataclass(frozen=True)
class _Run:
    """How one search runs: its effort (solutions), its cap (a wall-clock time), its seed
    and first solution strategy."""

    effort: int
    deadline: float
    seed: int
    strategy: str


def _first_search(problem: Problem, run: _Run, progress: Callable[[int], None] | None,
                  cancelled: Callable[[], bool]) -> Solution:
    if cancelled is _never:
        return _search(problem, run, progress, _never)
    return _child_search(problem, run, progress, cancelled)


# -- a search that can be cancelled: in a child process -------------------------------------

_POLL = 0.02  # seconds between two looks at ``cancelled``
_GRACE = 30.0  # seconds a child may take beyond its cap (starting, sending) before it is ended


def prepare() -> None:
    """Start the process server of cancellable searches now (it loads OR-Tools once), so
    the first search that can be cancelled does not wait for it."""
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


def _child_search(problem: Problem, run: _Run, progress: Callable[[int], None] | None,
                  cancelled: Callable[[], bool]) -> Solution:
    """Run the search in a child process; each better plan comes back as its routes (visit
    indices per vehicle), so a cancelled search returns the best plan so far at once."""
    context = _context()
    receive, send = context.Pipe(duplex=False)
    cap = run.deadline - time.time()
    child = context.Process(target=_child_main, args=(problem, run, cap, send), daemon=True)
    child.start()
    send.close()
    best: tuple[int, list[list[int]]] | None = None
    started = time.time()
    try:
        while True:
            if cancelled():
                return _restored(problem, run, best, "cancelled")
            if time.time() > started + cap + _GRACE:  # the child is stuck: keep the best
                if best is None:
                    raise RuntimeError("the planner's search process did not answer in time")
                return replace(_restored(problem, run, best, "solved"), capped=True)
            if not receive.poll(_POLL):
                if not child.is_alive() and not receive.poll():
                    raise RuntimeError("the planner's search process ended unexpectedly")
                continue
            try:
                kind, payload = receive.recv()
            except EOFError:
                raise RuntimeError("the planner's search process ended unexpectedly") from None
            if kind == "done":
                return payload
            best = payload
            if progress is not None:
                progress(payload[0])
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=5)


def _child_main(problem: Problem, run: _Run, cap: float, send: Connection) -> None:
    def better(cost: int, orders: list[list[int]]) -> None:
        send.send(("better", (cost, orders)))

    try:  # the cap counts from now: starting the process is not the search's time
        own = replace(run, deadline=time.time() + cap)
        send.send(("done", _search(problem, own, None, _never, better)))
    finally:
        send.close()


def _restored(problem: Problem, run: _Run, best: tuple[int, list[list[int]]] | None,
              status: str) -> Solution:
    """The solution of given visit orders (times worked out by OR-Tools, as in a search)."""
    if best is None:
        return _failed(problem, status)
    model = _build(problem, run.seed)
    node_of = {i: node for node, i in enumerate(model.kept)}
    _lock(problem, model)
    routes = [[model.manager.NodeToIndex(node_of[i]) for i in order] for order in best[1]]
    hint = model.routing.ReadAssignmentFromRoutes(routes, True)
    assignment = model.routing.RestoreAssignment(hint) if hint is not None else None
    if assignment is None:
        return _failed(problem, status)
    return _solution(problem, model, assignment, status)


# -- the helper processes -------------------------------------------------------------------

@dataclass
class _Helpers:
    """The helper processes, started once and kept for the next plans."""

    pool: ProcessPoolExecutor
    size: int
    generation: Synchronized  # bumped to cancel the helpers' searches
    started: Synchronized     # bumped by a helper as it picks up a search


_HELPERS: _Helpers | None = None
_TOKENS: tuple[Synchronized, Synchronized] | None = None  # (generation, started) in a helper


def _context() -> multiprocessing.context.ForkServerContext:
    """forkserver, not fork: the desktop app plans from a thread of a multi-threaded Qt
    process, which must not be forked."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _helpers(size: int) -> _Helpers:
    """The pool of helper processes, grown to ``size`` if needed."""
    global _HELPERS
    if _HELPERS is None or size > _HELPERS.size:
        if _HELPERS is not None:
            _HELPERS.pool.shutdown(wait=False, cancel_futures=True)
        context = _context()
        generation, started = context.Value("q", 0), context.Value("q", 0)
        pool = ProcessPoolExecutor(size, mp_context=context, initializer=_start_helper,
                                   initargs=(generation, started))
        _HELPERS = _Helpers(pool, size, generation, started)
    return _HELPERS


def _start_helper(generation: Synchronized, started: Synchronized) -> None:
    global _TOKENS
    _TOKENS = (generation, started)


def _remote_search(problem: Problem, run: _Run, generation: int) -> Solution:
    assert _TOKENS is not None
    token, started = _TOKENS
    with started.get_lock():
        started.value += 1

    def cancelled() -> bool:
        return token.value != generation

    return _search(problem, run, None, cancelled)


# -- the model ------------------------------------------------------------------------------

def _validate(problem: Problem) -> None:
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
    if len(problem.locked) > count:
        raise ValueError("more lock chains than vehicles")
    chained = [i for chain in problem.locked for i in chain]
    if len(set(chained)) != len(chained) or any(
            not 0 <= i < len(problem.visits) for i in chained):
        raise ValueError("a locked visit is out of range or locked twice")


def _windows(visit: Visit, horizon: int) -> list[tuple[int, int]]:
    """The visit's start windows clamped to [0, horizon], sorted and merged."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(visit.windows or ((0, horizon),)):
        lo, hi = max(lo, 0), min(hi, horizon)
        if lo > hi:
            continue
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


@dataclass
class _Model:
    """The OR-Tools objects of one search and how their nodes map back to the problem."""

    manager: pywrapcp.RoutingIndexManager
    routing: pywrapcp.RoutingModel
    time: pywrapcp.RoutingDimension
    kept: list[int]                 # node -> visit index (nodes after them are depots)
    breaks: list[list[pywrapcp.IntervalVar]]


def _matrix(source: Sequence[Sequence[int]], places: list[int]) -> list[list[int]]:
    rows = [source[a] for a in places]
    return [[int(row[b]) for b in places] for row in rows]


def _build(problem: Problem, seed: int) -> _Model:
    """The OR-Tools model; ``seed`` (if not 0) shuffles the order of the visits' nodes.

    The node order decides ties in every heuristic and which visits the ruin step picks, so
    another seed gives another, equally valid search (OR-Tools' own seeds are fixed).
    """
    visits, vehicles = problem.visits, problem.vehicles
    horizon = max(v.latest for v in vehicles)
    windows = [_windows(v, horizon) for v in visits]
    order = list(range(len(visits)))
    if seed:
        random.Random(seed).shuffle(order)
    kept = [i for i in order if windows[i]]
    depots = sorted({v.start for v in vehicles} | {v.end for v in vehicles})
    depot_node = {place: len(kept) + k for k, place in enumerate(depots)}
    places = [visits[i].location for i in kept] + depots
    service = [visits[i].service for i in kept] + [0] * len(depots)
    manager = pywrapcp.RoutingIndexManager(
        len(places), len(vehicles), [depot_node[v.start] for v in vehicles],
        [depot_node[v.end] for v in vehicles])
    routing = pywrapcp.RoutingModel(manager)
    solver = routing.solver()

    travel = _matrix(problem.durations, places)
    travel_cb = routing.RegisterTransitMatrix(travel)
    time_cb = routing.RegisterTransitMatrix(
        [[s + t for t in row] for s, row in zip(service, travel, strict=True)])
    if problem.objective == "distance":
        routing.SetArcCostEvaluatorOfAllVehicles(
            routing.RegisterTransitMatrix(_matrix(problem.distances, places)))
    else:
        routing.SetArcCostEvaluatorOfAllVehicles(travel_cb)

    routing.AddDimension(time_cb, horizon, horizon, False, "Time")
    time_dim = routing.GetDimensionOrDie("Time")
    for node, i in enumerate(kept):
        cumul = time_dim.CumulVar(manager.NodeToIndex(node))
        spans = windows[i]
        cumul.SetRange(spans[0][0], spans[-1][1])
        for (_, gap_from), (gap_to, _) in pairwise(spans):
            cumul.RemoveInterval(gap_from + 1, gap_to - 1)
    for v, vehicle in enumerate(vehicles):
        start, end = time_dim.CumulVar(routing.Start(v)), time_dim.CumulVar(routing.End(v))
        start.SetRange(vehicle.earliest, vehicle.latest)
        end.SetRange(vehicle.earliest, vehicle.latest)
        # Leave as late and come back as early as the chosen order allows.
        routing.AddVariableMaximizedByFinalizer(start)
        routing.AddVariableMinimizedByFinalizer(end)

    breaks: list[list[pywrapcp.IntervalVar]] = []
    on_site = [service[manager.IndexToNode(index)] for index in range(routing.Size())]
    for v, vehicle in enumerate(vehicles):
        intervals = [solver.FixedDurationIntervalVar(b.earliest, b.latest, b.duration, False,
                                                     f"break {v}.{k}")
                     for k, b in enumerate(vehicle.breaks)]
        breaks.append(intervals)
        if not intervals:
            continue
        time_dim.SetBreakIntervalsOfVehicle(intervals, v, on_site)
        for interval in intervals:  # during the day, not before leaving or after returning
            solver.Add(interval.StartExpr() >= time_dim.CumulVar(routing.Start(v)))
            solver.Add(interval.EndExpr() <= time_dim.CumulVar(routing.End(v)))
            routing.AddIntervalToAssignment(interval)

    if any(v.max_drive is not None for v in vehicles):
        routing.AddDimensionWithVehicleCapacity(
            travel_cb, 0, [horizon if v.max_drive is None else v.max_drive for v in vehicles],
            True, "Drive")
    if any(v.demand for v in visits):
        demand = [visits[i].demand for i in kept] + [0] * len(depots)
        total = sum(demand)
        routing.AddDimensionWithVehicleCapacity(
            routing.RegisterUnaryTransitVector(demand), 0,
            [total if v.capacity is None else v.capacity for v in vehicles], True, "Load")
    if problem.balance:
        # Each day's own work (travel + service) from 0: days on different dates compare.
        routing.AddDimension(time_cb, 0, horizon, True, "Work")
        routing.GetDimensionOrDie("Work").SetGlobalSpanCostCoefficient(problem.balance)

    # Mandatory visits get a penalty above any plan's cost rather than none, so the search
    # always finds a plan and can say which of them do not fit.
    biggest = max((max(row) for row in travel), default=0)
    if problem.objective == "distance":
        biggest = max(biggest, max((max(row) for row in problem.distances), default=0))
    mandatory = (biggest + 1) * (len(places) + 2 * len(vehicles)) + problem.balance * horizon
    mandatory += sum(v.penalty or 0 for v in visits) + 1
    for node, i in enumerate(kept):
        index = manager.NodeToIndex(node)
        visit = visits[i]
        routing.AddDisjunction([index], mandatory if visit.penalty is None else visit.penalty)
        if visit.allowed_vehicles:
            routing.VehicleVar(index).RemoveValues(
                [v for v in range(len(vehicles)) if v not in visit.allowed_vehicles])
    return _Model(manager, routing, time_dim, kept, breaks)


def _lock(problem: Problem, model: _Model) -> str:
    """Force each vehicle's locked visits as its first stops; the reason if they cannot be."""
    node_of = {i: node for node, i in enumerate(model.kept)}
    routing, manager = model.routing, model.manager
    for v, chain in enumerate(problem.locked):
        previous = routing.Start(v)
        for i in chain:
            allowed = problem.visits[i].allowed_vehicles
            if i not in node_of or (allowed and v not in allowed):
                return f"infeasible: locked visit {i} cannot be made by vehicle {v}"
            index = manager.NodeToIndex(node_of[i])
            routing.NextVar(previous).SetValue(index)
            routing.VehicleVar(index).SetValue(v)
            previous = index
    return ""


# Local search operators left out: the insertion-heuristic LNS ones cost much time per move
# (measured: better plans in the same time without them).
_OPERATORS_OFF = (
    "use_global_cheapest_insertion_path_lns", "use_local_cheapest_insertion_path_lns",
    "use_relocate_path_global_cheapest_insertion_insert_unperformed",
    "use_global_cheapest_insertion_visit_types_lns", "use_local_cheapest_insertion_visit_types_lns")
_SISR = {"max_removed_sequence_size": 10, "avg_num_removed_visits": 10, "bypass_factor": 0.01}


def _parameters(strategy: str, seconds: float, effort: int,
                iterated: bool) -> pywrapcp.RoutingSearchParameters:
    """Guided local search, or iterated local search for the larger problems, both ended
    by ``effort`` solutions (``seconds`` is only the safety cap).

    The iterated search (ruin by SISR, recreate by cheapest insertion, descend, accept by
    annealing) finds much better plans on larger problems (Solomon, 100 customers, 10 s:
    about 1 % mean gap against 2.3 % for guided local search).  Its annealing cools with
    the search's progress, the larger of (time spent / time limit) and (solutions /
    solution limit): with the time limit at ``CAP_FACTOR`` × the budget the solutions
    decide, so the same input gives the same plan.  Guided local search does not depend
    on the clock at all.
    """
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = FIRST_SOLUTIONS[strategy]
    for name in _OPERATORS_OFF:
        setattr(params.local_search_operators, name, optional_boolean_pb2.BOOL_FALSE)
    params.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
    params.solution_limit = effort
    metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic
    if not iterated:
        params.local_search_metaheuristic = metaheuristic.GUIDED_LOCAL_SEARCH
        return params
    params.local_search_metaheuristic = metaheuristic.GREEDY_DESCENT
    params.use_iterated_local_search = True
    ils = params.iterated_local_search_parameters
    ils.improve_perturbed_solution = True
    ruin_recreate = ils.ruin_recreate_parameters
    sisr = ruin_recreate.ruin_strategies.add().sisr
    for name, value in _SISR.items():
        setattr(sisr, name, value)
    ruin_recreate.ruin_composition_strategy = (
        routing_ils_pb2.RuinCompositionStrategy.RUN_ONE_RANDOMLY)
    ruin_recreate.recreate_strategy.heuristic = _STRATEGY.PARALLEL_CHEAPEST_INSERTION
    annealing = ils.reference_solution_acceptance_strategy.simulated_annealing
    annealing.automatic_temperatures = True
    annealing.cooling_schedule_strategy = routing_ils_pb2.CoolingScheduleStrategy.LINEAR
    return params


_FAILURES = {
    "ROUTING_FAIL_TIMEOUT": "infeasible: no plan found within the time limit",
    "ROUTING_INVALID": "infeasible: the model is invalid",
}

Better = Callable[[int, list[list[int]]], None]


def _search(problem: Problem, run: _Run, progress: Callable[[int], None] | None,
            cancelled: Callable[[], bool], better: Better | None = None) -> Solution:
    """One search in this process; ``better(cost, orders)`` gets each better plan's visit
    orders (for a parent process), ``cancelled`` is polled on each solution."""
    model = _build(problem, run.seed)
    routing = model.routing
    reason = _lock(problem, model)
    if reason:
        return _failed(problem, reason)
    iterated = len(model.kept) >= ITERATED_FROM
    state = {"stopped": False, "solutions": 0, "best": None}

    def at_solution() -> None:
        state["solutions"] += 1
        cost = routing.CostVar().Value()
        if state["best"] is None or cost < state["best"]:
            state["best"] = cost
            if progress is not None:
                progress(cost)
            if better is not None:
                better(cost, _orders(problem, model))
        if cancelled is not _never and not state["stopped"] and cancelled():
            state["stopped"] = True
            # Guided local search ends here; the iterated search stops improving but only
            # returns at its time limit (a search to cancel runs in a child process).
            if iterated:
                routing.CancelSearch()
            else:
                routing.solver().FinishCurrentSearch()

    routing.AddAtSolutionCallback(at_solution)
    params = _parameters(run.strategy, max(0.001, run.deadline - time.time()), run.effort,
                         iterated)
    if iterated:
        assignment = routing.SolveWithIteratedLocalSearch(params)
    else:
        assignment = routing.SolveWithParameters(params)
    if assignment is None:
        if state["stopped"]:
            return _failed(problem, "cancelled")
        name = routing_enums_pb2.RoutingSearchStatus.Value.Name(routing.status())
        return _failed(problem, _FAILURES.get(
            name, "infeasible: no plan meets the locks, allowed vehicles and hours"))
    solution = _solution(problem, model, assignment,
                         "cancelled" if state["stopped"] else "solved")
    return replace(solution, capped=not state["stopped"] and state["solutions"] < run.effort)


def _orders(problem: Problem, model: _Model) -> list[list[int]]:
    """The visits of each vehicle in order, in the solution being accepted."""
    routing, orders = model.routing, []
    for v in range(len(problem.vehicles)):
        order, index = [], routing.NextVar(routing.Start(v)).Value()
        while not routing.IsEnd(index):
            order.append(model.kept[model.manager.IndexToNode(index)])
            index = routing.NextVar(index).Value()
        orders.append(order)
    return orders


def _solution(problem: Problem, model: _Model, assignment: pywrapcp.Assignment,
              status: str) -> Solution:
    routes = tuple(_route(problem, model, assignment, v) for v in range(len(problem.vehicles)))
    planned = {s.visit for r in routes for s in r.stops}
    dropped = tuple(i for i in range(len(problem.visits)) if i not in planned)
    missing = [i for i in dropped if problem.visits[i].penalty is None]
    if missing:
        status = (f"infeasible: mandatory visit{'s' if len(missing) > 1 else ''} "
                  f"{', '.join(map(str, missing))} cannot be fitted")
    return Solution(routes, dropped, assignment.ObjectiveValue(), not missing, status, 0.0)


def _failed(problem: Problem, status: str) -> Solution:
    return Solution((), tuple(range(len(problem.visits))), 0, False, status, 0.0)


def _route(problem: Problem, model: _Model, assignment: pywrapcp.Assignment,
           v: int) -> Route:
    routing, cumul = model.routing, model.time.CumulVar
    vehicle = problem.vehicles[v]
    index = routing.Start(v)
    departure = assignment.Value(cumul(index))
    index = assignment.Value(routing.NextVar(index))
    if routing.IsEnd(index):
        return Route(v, (), departure, departure, (), 0, 0)
    breaks = [(assignment.StartValue(b), assignment.EndValue(b)) for b in model.breaks[v]]
    stops: list[Stop] = []
    place, free, travel, distance = vehicle.start, departure, 0, 0
    while True:
        if routing.IsEnd(index):
            target, start = vehicle.end, assignment.Value(cumul(index))
        else:
            i = model.kept[model.manager.IndexToNode(index)]
            target, start = problem.visits[i].location, assignment.Value(cumul(index))
        leg = int(problem.durations[place][target])
        travel += leg
        distance += int(problem.distances[place][target])
        paused = sum(e - s for s, e in breaks if free <= s and e <= start)
        if routing.IsEnd(index):
            return Route(v, tuple(stops), departure, start, tuple(breaks), travel, distance)
        end = start + problem.visits[i].service
        stops.append(Stop(i, free + leg + paused, start, end))
        place, free = target, end
        index = assignment.Value(routing.NextVar(index))


# -- the independent check ------------------------------------------------------------------

def check(problem: Problem, routes: Iterable[Route]) -> list[str]:
    """Every hard constraint the routes break, in words (empty: the plan is valid).

    Checked from the problem alone, not from the solver: start windows, service times,
    travel between stops (with the breaks taken on the way), the vehicle's hours, breaks
    (in their window, during the day, not during a visit, not overlapping), max drive,
    capacity, allowed vehicles, locks, each visit at most once and every mandatory one
    planned, and that each route's reported travel and distance match its legs.
    """
    problems: list[str] = []
    where: dict[int, int] = {}
    seen: set[int] = set()
    for route in routes:
        v = route.vehicle
        if not 0 <= v < len(problem.vehicles):
            problems.append(f"a route belongs to vehicle {v}, which does not exist")
            continue
        if v in seen:
            problems.append(f"vehicle {v} has more than one route")
        seen.add(v)
        problems += _check_route(problem, route, where)
    for i, visit in enumerate(problem.visits):
        if visit.penalty is None and i not in where:
            problems.append(f"mandatory visit {i} is not planned")
    for v, chain in enumerate(problem.locked):
        if chain and v not in seen:
            problems.append(f"vehicle {v}: locked visits {list(chain)} are not planned")
    return problems


def _check_route(problem: Problem, route: Route, where: dict[int, int]) -> list[str]:
    v, vehicle, visits = route.vehicle, problem.vehicles[route.vehicle], problem.visits
    name = f"vehicle {v}"
    out: list[str] = []
    if any(not 0 <= s.visit < len(visits) for s in route.stops):
        return [f"{name}: a stop names a visit that does not exist"]
    locked = list(problem.locked[v]) if v < len(problem.locked) else []
    first = [s.visit for s in route.stops[:len(locked)]]
    if first != locked:
        out.append(f"{name}: first stops are {first}, not the locked {locked}")
    for stop in route.stops:
        i, visit = stop.visit, visits[stop.visit]
        if i in where:
            out.append(f"visit {i} is planned twice (vehicles {where[i]} and {v})")
        where[i] = v
        if visit.allowed_vehicles and v not in visit.allowed_vehicles:
            out.append(f"visit {i} is on {name}, not one of its vehicles "
                       f"{list(visit.allowed_vehicles)}")
        if visit.windows and not any(lo <= stop.start <= hi for lo, hi in visit.windows):
            out.append(f"visit {i} starts at {stop.start}, outside its windows "
                       f"{list(visit.windows)}")
        if stop.start < stop.arrival:
            out.append(f"visit {i} starts at {stop.start}, before its arrival {stop.arrival}")
        if stop.end - stop.start != visit.service:
            out.append(f"visit {i} lasts {stop.end - stop.start} s, not its {visit.service} s")
    if not route.stops:
        return out
    if route.departure < vehicle.earliest or route.return_ > vehicle.latest:
        out.append(f"{name} works {route.departure}–{route.return_}, outside its hours "
                   f"{vehicle.earliest}–{vehicle.latest}")
    places = [vehicle.start, *(visits[s.visit].location for s in route.stops), vehicle.end]
    free = [route.departure, *(s.end for s in route.stops)]
    arrive = [*(s.arrival for s in route.stops), route.return_]
    busy = [*(s.start for s in route.stops), route.return_]
    travel = distance = 0
    for k, (a, b) in enumerate(pairwise(places)):
        leg = int(problem.durations[a][b])
        travel += leg
        distance += int(problem.distances[a][b])
        paused = sum(e - s for s, e in route.breaks if free[k] <= s and e <= busy[k])
        if busy[k] - free[k] < leg + paused:
            out.append(f"{name}: leg {k + 1} ({a}→{b}) needs {leg + paused} s (travel {leg}, "
                       f"breaks {paused}) but has {busy[k] - free[k]} s")
        elif arrive[k] < free[k] + leg:
            out.append(f"{name}: leg {k + 1} ({a}→{b}) arrives at {arrive[k]}, before "
                       f"{free[k] + leg}")
    out += _check_breaks(vehicle, route, name)
    if vehicle.max_drive is not None and travel > vehicle.max_drive:
        out.append(f"{name} drives {travel} s, more than its {vehicle.max_drive} s")
    load = sum(visits[s.visit].demand for s in route.stops)
    if vehicle.capacity is not None and load > vehicle.capacity:
        out.append(f"{name} carries {load}, more than its capacity {vehicle.capacity}")
    if (travel, distance) != (route.travel, route.distance):
        out.append(f"{name}: reported travel {route.travel} and distance {route.distance}, "
                   f"but its legs add up to {travel} and {distance}")
    return out


def _check_breaks(vehicle: Vehicle, route: Route, name: str) -> list[str]:
    out: list[str] = []
    if len(route.breaks) != len(vehicle.breaks):
        out.append(f"{name} takes {len(route.breaks)} breaks, not {len(vehicle.breaks)}")
    for k, ((s, e), brk) in enumerate(zip(route.breaks, vehicle.breaks, strict=False)):
        if not brk.earliest <= s <= brk.latest:
            out.append(f"{name}: break {k} starts at {s}, outside {brk.earliest}–{brk.latest}")
        if e - s < brk.duration:
            out.append(f"{name}: break {k} lasts {e - s} s, less than {brk.duration} s")
        if s < route.departure or e > route.return_:
            out.append(f"{name}: break {k} ({s}–{e}) is outside its day "
                       f"{route.departure}–{route.return_}")
        for stop in route.stops:
            if s < stop.end and stop.start < e:
                out.append(f"{name}: break {k} ({s}–{e}) falls during visit {stop.visit} "
                           f"({stop.start}–{stop.end})")
    ordered = sorted(route.breaks)
    for (_, e1), (s2, _) in pairwise(ordered):
        if s2 < e1:
            out.append(f"{name}: two breaks overlap")
    return out
