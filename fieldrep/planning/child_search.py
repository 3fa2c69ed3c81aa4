"""A search that can be cancelled: run in a child process, ended at once on cancel.

OR-Tools keeps the GIL for its whole search and its iterated local search cannot be
interrupted before its time limit; so a search that can be cancelled runs in a child
process, sends each better plan back (as visit orders), and is ended at once on cancel:
the best plan so far comes back with status "cancelled".  The calling thread (a Qt
worker) does not hold the GIL meanwhile, so the window stays fluid.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection

from fieldrep.planning.ortools_model import restored
from fieldrep.planning.problem import Problem, Solution
from fieldrep.planning.search import Run, never, search

_POLL = 0.02  # seconds between two looks at ``cancelled``
_GRACE = 30.0  # seconds a child may take beyond its cap (starting, sending) before it is ended
# What the process server imports once, so that each child starts with OR-Tools loaded.
_PRELOAD = ["fieldrep.planning.engine"]


def context() -> multiprocessing.context.ForkServerContext:
    """forkserver, not fork: the desktop app plans from a thread of a multi-threaded Qt
    process, which must not be forked."""
    forkserver = multiprocessing.get_context("forkserver")
    forkserver.set_forkserver_preload(_PRELOAD)
    return forkserver


def prepare() -> None:
    """Start the process server of cancellable searches now (it loads OR-Tools once), so
    the first search that can be cancelled does not wait for it."""
    from multiprocessing import forkserver

    context()
    forkserver.ensure_running()


def child_search(problem: Problem, run: Run, progress: Callable[[int], None] | None,
                 cancelled: Callable[[], bool]) -> Solution:
    """Run the search in a child process; each better plan comes back as its routes (visit
    indices per vehicle), so a cancelled search returns the best plan so far at once."""
    processes = context()
    receive, send = processes.Pipe(duplex=False)
    cap = run.deadline - time.time()
    child = processes.Process(target=_child_main, args=(problem, run, cap, send), daemon=True)
    child.start()
    send.close()
    orders: list[list[int]] | None = None
    started = time.time()
    try:
        while True:
            if cancelled():
                return restored(problem, run.seed, orders, "cancelled")
            if time.time() > started + cap + _GRACE:  # the child is stuck: keep the best
                if orders is None:
                    raise RuntimeError("the planner's search process did not answer in time")
                return replace(restored(problem, run.seed, orders, "solved"), capped=True)
            if not receive.poll(_POLL):
                if not child.is_alive() and not receive.poll():
                    raise RuntimeError("the planner's search process ended unexpectedly")
                continue
            try:
                kind, payload = receive.recv()
            except EOFError:
                raise RuntimeError("the planner's search process ended unexpectedly") from None
            if kind == "done":
                solution: Solution = payload
                return solution
            cost, orders = payload
            if progress is not None:
                progress(cost)
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=5)


def _child_main(problem: Problem, run: Run, cap: float, send: Connection) -> None:
    def better(cost: int, orders: list[list[int]]) -> None:
        send.send(("better", (cost, orders)))

    try:  # the cap counts from now: starting the process is not the search's time
        late = time.time() + cap - run.deadline
        own = replace(run, deadline=run.deadline + late,
                      seed_deadline=run.seed_deadline + late if run.iterations else 0.0)
        send.send(("done", search(problem, own, None, never, better)))
    finally:
        send.close()
