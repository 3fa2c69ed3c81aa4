"""How a search's time budget is split between PyVRP's search and OR-Tools'.

From :data:`PYVRP_FROM` visits on, PyVRP searches the relaxation first
(:mod:`.pyvrp_seed`) for :data:`PYVRP_SHARE` of the budget, counted in iterations, and
OR-Tools starts from its routes with the full model for the rest, counted in solutions.
Below, OR-Tools' guided local search finds the optimum within its budget and PyVRP would
only cost its start-up.  PyVRP's relaxation knows no breaks: with one process, a problem
with breaks is searched by OR-Tools alone; with two (the default on two cores), the
second process searches with OR-Tools alone and the better plan is kept.  Both
counts come from the budget at fixed rates, so the same input gives the same plan; the
clock is only a safety cap: :data:`CAP_FACTOR` × the budget for the whole search, counted
from the request.
"""

from __future__ import annotations

import os

from fieldrep.planning.problem import Problem
from fieldrep.planning.pyvrp_seed import iterations_for
from fieldrep.planning.search import MIN_EFFORT, Run, default_effort

PYVRP_FROM = 20
PYVRP_SHARE = 0.9
#: PyVRP's safety cap, in shares of its part of the budget: what is left before the whole
#: search's cap is for reading its routes, the descent and the plan.
SEED_CAP = 0.95
#: Searches at once when PyVRP searches first (each from its own seed, the best kept).
AUTO_WORKERS = 2
#: The search is cut at this many times its budget (from the request) whatever its counts.
CAP_FACTOR = 1.05


def uses_pyvrp(problem: Problem) -> bool:
    """Whether PyVRP searches first by default (problems of :data:`PYVRP_FROM` visits)."""
    return len(problem.visits) >= PYVRP_FROM


def workers_for(problem: Problem, pyvrp: bool | None) -> int:
    """The searches at once by default: two (PyVRP first, OR-Tools alone beside it) when
    PyVRP is used and the machine has two cores, else one."""
    if not (uses_pyvrp(problem) if pyvrp is None else pyvrp):
        return 1
    return min(AUTO_WORKERS, os.cpu_count() or 1)


def plan_run(problem: Problem, time_limit: float, effort: int | None, seed: int,
             strategy: str, pyvrp: bool | None, started: float, workers: int) -> Run:
    """The counts and caps of a search of ``time_limit`` seconds started at ``started``
    (a ``time.time()``) with ``workers`` processes; ``effort`` (OR-Tools' solutions)
    overrides the budget's."""
    deadline = started + time_limit * CAP_FACTOR
    if pyvrp is None:  # alone, OR-Tools repairs PyVRP's routes badly around breaks
        pyvrp = uses_pyvrp(problem) and (
            workers > 1 or not any(v.breaks for v in problem.vehicles))
    if not pyvrp:
        return Run(effort or default_effort(problem, time_limit), deadline, seed, strategy)
    share = time_limit * PYVRP_SHARE
    effort = effort or default_effort(problem, time_limit)
    return Run(effort, deadline, seed, strategy, iterations_for(share),
               started + share * SEED_CAP,
               max(MIN_EFFORT, round(effort * (1 - PYVRP_SHARE))))
