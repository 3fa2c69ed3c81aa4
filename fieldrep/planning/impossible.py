"""Why a day cannot be planned as the rep fixed it, in the rep's words.

When no plan keeps every appointment and lock, the search is asked again with one lock
set free at a time: the first lock whose freedom makes the day possible is the one named,
with what keeping it breaks (the day worked out with that stop at its place, as a move by
hand is: "arrival 11:05, after its last possible start 10:30").  Then the stops kept
first, then the locks together, then the appointments.  No solver term (visit indices,
"infeasible") ever reaches the rep.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from fieldrep.planning import engine
from fieldrep.planning.day_visits import DayVisit, hhmm, opening_windows, seconds
from fieldrep.planning.evaluate import evaluate_day
from fieldrep.planning.locks import lock_label
from fieldrep.planning.model import DayRequest
from fieldrep.travel.model import TravelModel

#: The budget of each search that tries the day with a lock set free.
RELAX_SECONDS = 0.2
#: At most this many locks are tried one by one (the rest: together).
MAX_TRIES = 6


def why_impossible(request: DayRequest, visits: Sequence[DayVisit], problem: engine.Problem,
                   travel: TravelModel) -> str:
    """The lock, the stops kept first or the appointments that make the day impossible."""
    locked = sorted((i for i, v in enumerate(visits) if v.lock is not None),
                    key=lambda i: _position(visits[i]))
    for i in locked[:MAX_TRIES]:
        solution = _solve(_free(problem, request, visits, [i]))
        if solution.feasible:
            return _lock_reason(request, visits, i, solution, travel)
    first = [i for i, v in enumerate(visits) if v.candidate.account_id in request.first]
    if first and _solve(_free(problem, request, visits, first)).feasible:
        names = ", ".join(visits[i].candidate.name for i in first)
        return (f"the stops kept first ({names}) cannot all be made first, in that order, "
                "with the rest of the day: keep fewer of them first")
    if len(locked) > 1 and _solve(_free(problem, request, visits, locked)).feasible:
        labels = "; ".join(lock_label(visits[i].lock, visits[i].candidate.name)
                           for i in locked)
        return (f"the locked stops cannot all be kept together ({labels}): unlock one of "
                "them")
    timed = [f"{v.candidate.name} at {hhmm(v.windows[0][0])}" for v in visits
             if v.appointment]
    if timed:
        return (f"the appointments ({', '.join(timed)}) cannot all be kept with the "
                "working hours, the lunch break and the driving between them: move one")
    return ("no order fits every stop in the working day: unlock a stop or shorten the "
            "day's list")


def _position(visit: DayVisit) -> int:
    return visit.lock.position if visit.lock is not None else 0


def _solve(problem: engine.Problem) -> engine.Solution:
    return engine.solve(problem, time_limit=RELAX_SECONDS)


def _free(problem: engine.Problem, request: DayRequest, visits: Sequence[DayVisit],
          which: Sequence[int]) -> engine.Problem:
    """``problem`` with the locks of these visits set free (any place, its opening hours;
    the visit itself is still a must)."""
    day_start, day_end = seconds(request.start_time), seconds(request.end_time)
    changed = list(problem.visits)
    for i in which:
        visit = visits[i]
        windows = visit.windows
        if visit.lock is not None and visit.lock.at is not None and not visit.appointment:
            windows, _why = opening_windows(visit.candidate, request.day.weekday(),
                                            day_start, day_end)
        changed[i] = replace(changed[i], position=None, windows=windows)
    return replace(problem, visits=changed)


def _lock_reason(request: DayRequest, visits: Sequence[DayVisit], index: int,
                 solution: engine.Solution, travel: TravelModel) -> str:
    """What keeping this lock breaks: the day found without it, with the stop moved back
    to its place, worked out as a move by hand."""
    visit = visits[index]
    lock = visit.lock
    assert lock is not None
    label = lock_label(lock, visit.candidate.name)
    order = [visits[s.visit].candidate.account_id for r in solution.routes for s in r.stops]
    account = visit.candidate.account_id
    order.remove(account)
    order.insert(min(lock.position - 1, len(order)), account)
    others = tuple(k for k in request.locks if k.account_id != account)
    day = evaluate_day(replace(request, locks=(*others, lock)), order, travel)
    name = visit.candidate.name
    problems = sorted(day.problems, key=lambda p: not p.startswith(f"{name}: "))
    if problems:
        return f"{label} cannot be kept: {problems[0].removeprefix(f'{name}: ')}"
    return (f"{label} cannot be kept with the opening hours, the lunch break and the other "
            "fixed stops: unlock it or lock it elsewhere")
