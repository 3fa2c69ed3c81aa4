"""Vehicle routing with time windows on OR-Tools' routing library, in integer units.

The engine knows nothing of accounts: a *vehicle* is a working day (where it starts and
ends, its hours, its breaks, a cap on driving), a *visit* is a location with a service time,
allowed start windows and a penalty for leaving it out (:mod:`.problem`).  Times are
seconds from the horizon's 0 and travel comes from the caller's matrices (seconds and
metres).

This module is the engine's face: :func:`solve` and :func:`check`, and the values they
take and give.  Behind it, one idea a module:

* :mod:`.problem`: the problem and solution values, and the check of their input;
* :mod:`.ortools_model`: the OR-Tools routing model of a problem, and plans read from it;
* :mod:`.pyvrp_seed`: PyVRP's search of the part of the problem it can express, whose
  routes OR-Tools starts from; :mod:`.budget`: how the budget is split between them;
* :mod:`.search`: one search bounded by its *effort* (a count of solutions, not the clock:
  the same problem, budget and seed give the same plan), :func:`default_effort`;
* :mod:`.child_search`: a search that can be cancelled, in a child process;
* :mod:`.parallel_search`: more searches beside it, in helper processes;
* :mod:`.check`: the independent check of a plan, constraint by constraint.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from fieldrep.planning.check import check
from fieldrep.planning.problem import (
    OBJECTIVES,
    Break,
    Problem,
    Route,
    Solution,
    Stop,
    Vehicle,
    Visit,
    validate,
)

#: What :mod:`.search` and :mod:`.budget` give, read from them on first use
#: (:func:`__getattr__`): OR-Tools and PyVRP load with the first search, not with every
#: module that builds a problem.
_FROM_SEARCH = frozenset({"AUTO_FIRST_SOLUTION", "EFFORT_RATE", "FIRST_SOLUTIONS",
                          "ITERATED_FROM", "MIN_EFFORT", "OTHER_FIRST_SOLUTIONS", "SMALL",
                          "default_effort"})
_FROM_BUDGET = frozenset({"CAP_FACTOR", "PYVRP_FROM"})


def __getattr__(name: str) -> Any:
    if name in _FROM_SEARCH:
        from fieldrep.planning import search as searching

        return getattr(searching, name)
    if name in _FROM_BUDGET:
        from fieldrep.planning import budget

        return getattr(budget, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def prepare() -> None:
    """Start the process server of cancellable searches now (it loads OR-Tools once), so
    the first search that can be cancelled does not wait for it."""
    from fieldrep.planning.child_search import prepare as start_server

    start_server()


__all__ = [
    "OBJECTIVES",
    "Break",
    "Problem",
    "Route",
    "Solution",
    "Stop",
    "Vehicle",
    "Visit",
    "check",
    "prepare",
    "solve",
]


def solve(
    problem: Problem,
    *,
    time_limit: float = 1.0,
    effort: int | None = None,
    seed: int = 0,
    workers: int | None = None,
    first_solution: str = "auto",
    pyvrp: bool | None = None,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Solution:
    """The best plan found by a search of ``effort`` solutions (by default, what
    ``time_limit`` seconds allow at the fixed rate: :func:`default_effort`).

    The same problem, budget, effort and seed give the same plan, unless the search is cut
    by its safety cap (``CAP_FACTOR`` × ``time_limit`` from the call; then ``capped`` is
    True).  From ``PYVRP_FROM`` visits on (or as ``pyvrp`` says), PyVRP searches the
    part of the problem it can express first and OR-Tools starts from its routes with the
    full model (:mod:`.budget` splits the budget).
    ``workers`` > 1 runs that many searches at once, each in its own process from a
    different first solution and seed (OR-Tools alone beside the first), and keeps the
    best the independent check accepts (ties go to the first search); by default two
    when PyVRP may search first and the machine has two cores, else one.
    ``progress(objective)`` is called on each better solution of the first search.  When
    ``cancelled`` is given, the first search runs in a child process and ``cancelled()`` is
    polled every few milliseconds; when it returns True every search stops at once and the
    best plan so far comes back with status "cancelled".  A plan that leaves out a
    mandatory visit, or no plan at all, comes back with ``feasible`` False and a status
    saying why.  Invalid input (an index out of range, a window ending before it starts)
    raises ``ValueError``.
    """
    from fieldrep.planning.budget import plan_run, workers_for
    from fieldrep.planning.child_search import child_search
    from fieldrep.planning.parallel_search import best_of_searches
    from fieldrep.planning.search import AUTO_FIRST_SOLUTION, FIRST_SOLUTIONS, never, search

    started, wall_started = time.perf_counter(), time.time()
    validate(problem)
    if first_solution != "auto" and first_solution not in FIRST_SOLUTIONS:
        raise ValueError(f"unknown first solution strategy {first_solution!r}; one of: auto, "
                         f"{', '.join(sorted(FIRST_SOLUTIONS))}")
    if effort is not None and effort < 1:
        raise ValueError("effort must be at least 1 solution")
    strategy = AUTO_FIRST_SOLUTION if first_solution == "auto" else first_solution
    stop = cancelled or never
    if workers is None:
        workers = workers_for(problem, pyvrp)
    run = plan_run(problem, time_limit, effort, seed, strategy, pyvrp, wall_started, workers)

    def first() -> Solution:
        if stop is never:
            return search(problem, run, progress, never)
        return child_search(problem, run, progress, stop)

    solution = first() if workers <= 1 else best_of_searches(problem, run, workers, first)
    return replace(solution, seconds=time.perf_counter() - started)
