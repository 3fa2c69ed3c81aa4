"""PyVRP's search first, OR-Tools repairing its routes with the full model: real solves."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest

from fieldrep.planning import ortools_model, pyvrp_seed, vrplib
from fieldrep.planning.engine import Break, Problem, Solution, Vehicle, Visit, check, solve
from fieldrep.planning.search import AUTO_FIRST_SOLUTION, Run, never, search

H, M, DAY = 3600, 60, 86_400
SOLOMON = Path(__file__).resolve().parents[3].parent / "shared" / "bench" / "solomon"


def rep_week() -> Problem:
    """Two working days, 26 accounts on a ring around home: opening hours in two
    intervals (closed at lunch), lunch on the road, an appointment on the second day,
    two stops locked first on the first day, optional accounts worth their penalty."""
    n = 26
    ring = [2 * math.pi * k / n for k in range(n)]
    points = [(0.0, 0.0)] + [(30 * math.cos(a), 30 * math.sin(a)) for a in ring]
    durations = [[round(math.dist(a, b) * M) for b in points] for a in points]
    days = [Vehicle(0, 0, d * DAY + 8 * H, d * DAY + 18 * H,
                    breaks=(Break(d * DAY + 12 * H, d * DAY + 14 * H, 45 * M),))
            for d in range(2)]
    visits = []
    for k in range(n):
        windows = tuple((d * DAY + lo, d * DAY + hi) for d in range(2)
                        for lo, hi in ((8 * H + 30 * M, 12 * H), (14 * H, 18 * H)))
        visits.append(Visit(1 + k, 20 * M, windows, penalty=None if k % 3 else 2 * H))
    visits[12] = Visit(13, 30 * M, ((DAY + 15 * H, DAY + 15 * H),), allowed_vehicles=(1,))
    return Problem(durations, durations, visits, days, objective="time", locked=[[4, 3]])


def assert_accepted(problem: Problem, solution: Solution) -> None:
    assert solution.feasible, solution.status
    assert check(problem, list(solution.routes)) == []


def test_pyvrp_first_gives_a_plan_the_check_accepts_with_lunch_windows_locks_appointments(
) -> None:
    problem = rep_week()
    assert pyvrp_seed.seed_routes(problem, 300, time.time() + 60, 0) is not None  # it ran
    solution = solve(problem, time_limit=2.0, pyvrp=True, workers=1)
    assert_accepted(problem, solution)
    first_day = next(r for r in solution.routes if r.vehicle == 0)
    assert [s.visit for s in first_day.stops[:2]] == [4, 3]  # the locked stops, in order
    second_day = next(r for r in solution.routes if r.vehicle == 1)
    appointment = next(s for s in second_day.stops if s.visit == 12)
    assert appointment.start == DAY + 15 * H
    assert all(len(r.breaks) == 1 for r in solution.routes if r.stops)  # lunch taken


def test_same_input_same_plan_with_pyvrp_first() -> None:
    problem = rep_week()

    def once() -> Solution:
        # Counts only (PyVRP's iterations, OR-Tools' solutions), the clock far away.
        later = time.time() + 120
        return search(problem, Run(200, later, 3, AUTO_FIRST_SOLUTION, 400, later, 200),
                      None, never)

    first, second = once(), once()
    assert not first.capped and not second.capped
    assert first.routes == second.routes and first.objective == second.objective
    assert_accepted(problem, first)


@pytest.mark.skipif(not (SOLOMON / "C101.vrp").exists(),
                    reason="the Solomon instances are not in ../shared/bench/solomon")
@pytest.mark.parametrize(("name", "optimum"), [("C101", 191.3), ("RC201", 360.2)])
def test_solomon_25_customers_reach_their_optimum(name: str, optimum: float) -> None:
    instance = vrplib.read_vrptw(SOLOMON / f"{name}.vrp", 25)
    solution = solve(instance.problem, time_limit=2.0, pyvrp=True, workers=1)
    assert_accepted(instance.problem, solution)
    assert vrplib.cost(solution.routes) <= optimum * 1.005  # published distance-only optimum


def test_too_large_for_pyvrp_falls_back_to_or_tools_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    problem = rep_week()
    monkeypatch.setattr(pyvrp_seed, "MAX_CELLS", 0)
    assert pyvrp_seed.relax(problem) is None
    solution = solve(problem, time_limit=1.0, pyvrp=True, workers=1)
    assert_accepted(problem, solution)


def test_routes_the_full_model_refuses_keep_their_longest_accepted_prefix() -> None:
    # Eight 1-hour visits in a row and a lunch of 30 minutes do not fit in 8:00-16:00:
    # the order PyVRP (which knows no lunch) might propose is cut where the day ends.
    durations = [[0 if a == b else 5 * M for b in range(9)] for a in range(9)]
    day = Vehicle(0, 0, 8 * H, 16 * H, breaks=(Break(12 * H, 12 * H + 10 * M, 30 * M),))
    problem = Problem(durations, durations, [Visit(1 + k, 55 * M, penalty=H) for k in range(8)],
                      [day])
    model = ortools_model.build(problem, 0)
    hint = ortools_model.first_routes(problem, model, [list(range(8))], time.time() + 60)
    assert hint is not None
    restored = ortools_model.read_solution(problem, model, hint, "solved")
    kept = [s.visit for s in restored.routes[0].stops]
    assert 0 < len(kept) < 8 and kept == list(range(len(kept)))
    assert check(problem, list(restored.routes)) == []


def test_locked_chains_go_first_and_nowhere_else() -> None:
    problem = Problem([[0]], [[0]], [Visit(0, 0)] * 5, [Vehicle(0, 0, 0, 10)] * 2,
                      locked=[[3, 1]])
    assert pyvrp_seed.with_locks(problem, [[0, 1, 2], [3, 4]]) == [[3, 1, 0, 2], [4]]


def test_cancel_while_pyvrp_searches_comes_back_at_once() -> None:
    # A budget of 10 minutes: coming back at all shows that Cancel ends PyVRP's search
    # (in the child process) and the helper's without waiting for them.
    problem = rep_week()
    asked = time.monotonic()
    solution = solve(problem, time_limit=600.0, pyvrp=True,
                     cancelled=lambda: time.monotonic() > asked + 1.0)
    assert solution.status == "cancelled"
