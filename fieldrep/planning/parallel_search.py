"""Searches beside the first one, in helper processes, each from another first solution
and seed.  When the first search starts from PyVRP's routes, the first helper does too
with another seed, unless some day has a break: then it searches with OR-Tools alone and
the better of both approaches is kept (PyVRP's is much better on long routes, OR-Tools'
alone where the relaxation PyVRP sees is far from the rep's model: a tight lunch and
appointments).

The helper processes are started once and kept for the next plans.  A search in a helper
is cancelled by bumping a shared *generation*: each helper's search polls it on every
solution and stops when it no longer matches the one it started under.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from multiprocessing.sharedctypes import Synchronized

from fieldrep.planning.check import check
from fieldrep.planning.child_search import context
from fieldrep.planning.problem import Problem, Solution
from fieldrep.planning.search import OTHER_FIRST_SOLUTIONS, Run, search


@dataclass
class _Helpers:
    """The helper processes, started once and kept for the next plans."""

    pool: ProcessPoolExecutor
    size: int
    generation: Synchronized[int]  # bumped to cancel the helpers' searches
    started: Synchronized[int]     # bumped by a helper as it picks up a search


_HELPERS: _Helpers | None = None
_PICK_UP = 2.0  # seconds the first search waits at most for the helpers to pick theirs up
_LATE = 5.0     # seconds past the cap after which a helper's search is given up
# (generation, started) in a helper process
_TOKENS: tuple[Synchronized[int], Synchronized[int]] | None = None


def best_of_searches(problem: Problem, run: Run, workers: int,
                     first: Callable[[], Solution]) -> Solution:
    """The best of ``first()`` (the search in this process, which may be cancelled) and
    ``workers`` - 1 searches in helper processes (ties go to the first search).

    When the first search comes back cancelled, the helpers' searches are cancelled and
    its plan is the answer."""
    others = [s for s in OTHER_FIRST_SOLUTIONS if s != run.strategy]
    # Around breaks the first helper searches with OR-Tools alone, as one process would;
    # without them PyVRP's routes are the better start whatever the seed: another seed.
    alone = bool(run.iterations) and any(v.breaks for v in problem.vehicles)
    if alone:
        others = [run.strategy, *others]
    global _HELPERS
    helpers = _helpers(workers - 1)
    generation, picked = helpers.generation.value, helpers.started.value
    try:
        futures = [helpers.pool.submit(
            _remote_search, problem,
            replace(run, seed=run.seed + (k - 1 if alone else k),
                strategy=others[(k - 1) % len(others)],
                iterations=0 if alone or k > 1 else run.iterations),
            generation)
            for k in range(1, workers)]
    except BrokenProcessPool:  # helpers that could not start cost their searches only
        _HELPERS = None
        return first()
    # OR-Tools holds the GIL for its whole search, which would keep the pool's feeder thread
    # from handing the helpers their searches: wait until each has picked its one up (or
    # a helper died, or the wait has eaten the budget's margin).
    wait_until = min(run.deadline, time.time() + _PICK_UP)
    while (helpers.started.value < picked + len(futures) and time.time() < wait_until
           and not any(f.done() for f in futures)):
        time.sleep(0.001)
    local = first()
    if local.status == "cancelled":
        with helpers.generation.get_lock():
            helpers.generation.value += 1
        if run.iterations:  # PyVRP's search cannot be told to stop: end the helpers
            _end_helpers()
        return local
    results = [local]
    for future in futures:
        try:
            results.append(future.result(timeout=max(0.0, run.deadline + _LATE - time.time())))
        except TimeoutError:  # a helper stuck past the cap: it and its search are ended
            _end_helpers()
        except Exception:  # a helper that died costs its search, not the plan
            continue
    refused = [bool(check(problem, list(r.routes))) for r in results]
    best = min(range(len(results)), key=lambda k: (not results[k].feasible or refused[k],
                                                   results[k].objective, k))
    return results[best]


def _end_helpers() -> None:
    """End the helper processes now (a new pool starts with the next plan)."""
    global _HELPERS
    if _HELPERS is None:
        return
    processes = list((_HELPERS.pool._processes or {}).values())
    _HELPERS.pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    _HELPERS = None


def _helpers(size: int) -> _Helpers:
    """The pool of helper processes, grown to ``size`` if needed."""
    global _HELPERS
    if _HELPERS is None or size > _HELPERS.size:
        if _HELPERS is not None:
            _HELPERS.pool.shutdown(wait=False, cancel_futures=True)
        processes = context()
        generation, started = processes.Value("q", 0), processes.Value("q", 0)
        pool = ProcessPoolExecutor(size, mp_context=processes, initializer=_start_helper,
                                   initargs=(generation, started))
        _HELPERS = _Helpers(pool, size, generation, started)
    return _HELPERS


def _start_helper(generation: Synchronized[int], started: Synchronized[int]) -> None:
    global _TOKENS
    _TOKENS = (generation, started)


def _remote_search(problem: Problem, run: Run, generation: int) -> Solution:
    assert _TOKENS is not None
    token, started = _TOKENS
    with started.get_lock():
        started.value += 1

    def cancelled() -> bool:
        return token.value != generation

    return search(problem, run, None, cancelled)
