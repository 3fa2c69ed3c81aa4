"""One search of the routing model in this process, bounded by its effort.

**Same input, same plan.**  The search is bounded by a count of solutions (its *effort*),
not by the clock: by default the effort is worked out from the time budget and the
problem's size at a fixed rate (:func:`default_effort`), so the same problem with the same
budget and seed always runs the same search and returns the same plan.  The wall clock
only serves as a safety cap (``budget.CAP_FACTOR`` × the budget): a search cut by it (a very
slow or overloaded machine) says so in ``Solution.capped`` and may differ from run to run.
Python is called back once per accepted solution (to count them, and for progress).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.constraint_solver import pywrapcp, routing_enums_pb2, routing_ils_pb2
from ortools.util import optional_boolean_pb2

from fieldrep.planning.ortools_model import (
    build,
    first_routes,
    lock,
    read_solution,
    visit_orders,
)
from fieldrep.planning.problem import Problem, Solution, failed
from fieldrep.planning.pyvrp_seed import seed_routes

_STRATEGY = routing_enums_pb2.FirstSolutionStrategy
FIRST_SOLUTIONS: dict[str, int] = {
    name.lower(): value for name, value in _STRATEGY.Value.items()
    if name not in ("UNSET", "EVALUATOR_STRATEGY", "SWEEP", "ALL_UNPERFORMED")}
AUTO_FIRST_SOLUTION = "parallel_cheapest_insertion"
# What a second process starts from when it runs beside the first (see ``solve``).
OTHER_FIRST_SOLUTIONS = ("path_cheapest_arc", "parallel_cheapest_insertion", "savings")
ITERATED_FROM = 20  # visits: from here on iterated local search, below it guided local search
#: Solutions a second per visit: ``default_effort`` = budget × RATE / visits (at least
#: SMALL visits; a day with breaks counts more, its moves cost more).  Measured on a
#: 2-core AMD EPYC on the Solomon instances and a rep's generated days.
EFFORT_RATE = 13_000
SMALL = 40
MIN_EFFORT = 50


def default_effort(problem: Problem, seconds: float) -> int:
    """The solutions a search of ``seconds`` makes on ``problem``, at the fixed rate."""
    breaks = sum(1 for v in problem.vehicles if v.breaks)
    weight = max(SMALL, len(problem.visits)) * (1 + breaks / 2)
    return max(MIN_EFFORT, round(seconds * EFFORT_RATE / weight))


def never() -> bool:
    """The ``cancelled`` of a search nobody can cancel."""
    return False


@dataclass(frozen=True)
class Run:
    """How one search runs: its effort (solutions), its cap (a wall-clock time), its seed
    and first solution strategy."""

    effort: int
    deadline: float
    seed: int
    strategy: str
    iterations: int = 0         # PyVRP's iterations first (0: OR-Tools alone)
    seed_deadline: float = 0.0  # PyVRP's safety cap (a wall-clock time)
    fallback_effort: int = 0    # OR-Tools' solutions when PyVRP's routes cannot be used


# Local search operators left out: the insertion-heuristic LNS ones cost much time per move
# (measured: better plans in the same time without them).
_OPERATORS_OFF = (
    "use_global_cheapest_insertion_path_lns", "use_local_cheapest_insertion_path_lns",
    "use_relocate_path_global_cheapest_insertion_insert_unperformed",
    "use_global_cheapest_insertion_visit_types_lns", "use_local_cheapest_insertion_visit_types_lns")
_SISR = {"max_removed_sequence_size": 10, "avg_num_removed_visits": 10, "bypass_factor": 0.01}


def parameters(strategy: str, seconds: float, effort: int,
               mode: str) -> pywrapcp.RoutingSearchParameters:
    """Guided local search (``mode`` "guided"), or iterated local search for the larger
    problems ("iterated"), both ended by ``effort`` solutions (``seconds`` is only the
    safety cap); or a descent to the nearest local optimum ("descent": from PyVRP's
    routes, which OR-Tools' iterated search cannot start from).

    The iterated search (ruin by SISR, recreate by cheapest insertion, descend, accept by
    annealing) finds much better plans on larger problems (Solomon, 100 customers, 10 s:
    about 1 % mean gap against 2.3 % for guided local search).  Its annealing cools with
    the search's progress, the larger of (time spent / time limit) and (solutions /
    solution limit): with the time limit at the safety cap the solutions mostly
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
    if mode == "descent":
        params.local_search_metaheuristic = metaheuristic.GREEDY_DESCENT
        return params
    if mode == "guided":
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


_NOT_REACHED = (
    routing_enums_pb2.RoutingSearchStatus.ROUTING_PARTIAL_SUCCESS_LOCAL_OPTIMUM_NOT_REACHED)
_FAILURES = {
    "ROUTING_FAIL_TIMEOUT": "infeasible: no plan found within the time limit",
    "ROUTING_INVALID": "infeasible: the model is invalid",
}

Better = Callable[[int, list[list[int]]], None]


@dataclass
class _Progress:
    """What a search has done so far: solutions accepted, best cost, whether it stopped."""

    solutions: int = 0
    best: int | None = None
    stopped: bool = False


def search(problem: Problem, run: Run, progress: Callable[[int], None] | None,
           cancelled: Callable[[], bool], better: Better | None = None) -> Solution:
    """One search in this process; ``better(cost, orders)`` gets each better plan's visit
    orders (for a parent process), ``cancelled`` is polled on each solution."""
    model = build(problem, run.seed)  # first: building it counts against PyVRP's time
    routing = model.routing
    reason = lock(problem, model)
    if reason:
        return failed(problem, reason)
    seeded = (seed_routes(problem, run.iterations, run.seed_deadline, run.seed)
              if run.iterations else None)
    hint = (first_routes(problem, model, seeded.orders, run.deadline)
            if seeded is not None else None)
    mode = "descent" if hint is not None else (
        "iterated" if len(model.kept) >= ITERATED_FROM else "guided")
    effort = run.effort if seeded is None or hint is not None else run.fallback_effort
    state = _Progress()

    def at_solution() -> None:
        state.solutions += 1
        cost = routing.CostVar().Value()
        if state.best is None or cost < state.best:
            state.best = cost
            if progress is not None:
                progress(cost)
            if better is not None:
                better(cost, visit_orders(problem, model))
        if cancelled is not never and not state.stopped and cancelled():
            state.stopped = True
            # Guided local search ends here; the iterated search stops improving but only
            # returns at its time limit (a search to cancel runs in a child process).
            if mode == "iterated":
                routing.CancelSearch()
            else:
                routing.solver().FinishCurrentSearch()

    routing.AddAtSolutionCallback(at_solution)
    params = parameters(run.strategy, max(0.001, run.deadline - time.time()), effort, mode)
    if hint is not None:  # the routes read are a plan already, should the clock run out
        assignment = routing.SolveFromAssignmentWithParameters(hint, params) or hint
    elif mode == "iterated":
        assignment = routing.SolveWithIteratedLocalSearch(params)
    else:
        assignment = routing.SolveWithParameters(params)
    if assignment is None:
        if state.stopped:
            return failed(problem, "cancelled")
        name = routing_enums_pb2.RoutingSearchStatus.Value.Name(routing.status())
        return failed(problem, _FAILURES.get(
            name, "infeasible: no plan meets the locks, allowed vehicles and hours"))
    solution = read_solution(problem, model, assignment,
                             "cancelled" if state.stopped else "solved")
    if mode == "descent":  # ends at its local optimum, or cut by the clock
        capped = (seeded is not None and seeded.capped) or routing.status() == _NOT_REACHED
    else:
        capped = state.solutions < effort
    return replace(solution, capped=not state.stopped and capped)
