"""The routing engine on small hand-built problems, solved for real by OR-Tools.

Places sit on a line; ``x`` is in minutes of driving, so the travel time between two places
is the difference of their positions (in seconds here) and the distance is 1 km a minute.
Every solution is verified with the engine's own independent ``check``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from fieldrep.planning.engine import (
    Break,
    Problem,
    Route,
    Solution,
    Stop,
    Vehicle,
    Visit,
    check,
    default_effort,
    solve,
)

H, M = 3600, 60
DAY = Vehicle(start=0, end=0, earliest=8 * H, latest=18 * H)


def problem(xs: Sequence[int], visits: Sequence[Visit], vehicles: Sequence[Vehicle] = (DAY,),
            **options: object) -> Problem:
    """Places at ``xs`` minutes along a road (index 0 is home)."""
    durations = [[abs(a - b) * M for b in xs] for a in xs]
    distances = [[abs(a - b) * 1000 for b in xs] for a in xs]
    return Problem(durations, distances, list(visits), list(vehicles), **options)  # type: ignore[arg-type]


def solved(p: Problem, **options: object) -> Solution:
    solution = solve(p, time_limit=0.3, **options)  # type: ignore[arg-type]
    assert solution.feasible, solution.status
    assert check(p, solution.routes) == []
    return solution


def stops(solution: Solution, vehicle: int = 0) -> dict[int, Stop]:
    return {s.visit: s for s in solution.routes[vehicle].stops}


def test_two_windows_never_start_in_the_gap() -> None:
    # Leaving at 10:30, the morning window (9–10) is gone: the visit waits for 14:00.
    day = Vehicle(start=0, end=0, earliest=10 * H + 30 * M, latest=18 * H)
    p = problem([0, 10], [Visit(1, 30 * M, windows=((9 * H, 10 * H), (14 * H, 15 * H)))],
                [day])
    stop = stops(solved(p))[0]
    assert 14 * H <= stop.start <= 15 * H

    # Back by 11:00: only the morning window works.
    day = Vehicle(start=0, end=0, earliest=8 * H, latest=11 * H)
    p = problem([0, 10], [Visit(1, 30 * M, windows=((9 * H, 10 * H), (14 * H, 15 * H)))],
                [day])
    assert 9 * H <= stops(solved(p))[0].start <= 10 * H


def test_mandatory_appointment_is_hit_exactly() -> None:
    p = problem([0, 10, 20, 30], [
        Visit(1, 45 * M, windows=((11 * H, 11 * H),)),
        Visit(2, 30 * M, penalty=3 * H),
        Visit(3, 30 * M, penalty=3 * H),
    ])
    solution = solved(p)
    assert stops(solution)[0].start == 11 * H
    assert solution.dropped == ()


def test_break_inside_its_window_and_never_during_a_visit() -> None:
    lunch = Break(12 * H, 13 * H, 45 * M)
    day = Vehicle(start=0, end=0, earliest=8 * H, latest=18 * H, breaks=(lunch,))
    p = problem([0, 10, 20], [
        Visit(1, 60 * M, windows=((11 * H + 30 * M, 11 * H + 30 * M),)),  # 11:30-12:30
        Visit(2, 60 * M, windows=((13 * H, 13 * H + 30 * M),)),
    ], [day])
    route = solved(p).routes[0]
    assert len(route.breaks) == 1
    begin, end = route.breaks[0]
    assert 12 * H <= begin <= 13 * H and end - begin == 45 * M
    assert route.departure <= begin and end <= route.return_
    for stop in route.stops:
        assert end <= stop.start or stop.end <= begin
    # The lunch sits between the two meetings, with the 10-minute drive.
    assert route.stops[1].start >= route.stops[0].end + 45 * M + 10 * M


def test_break_is_taken_during_the_day_not_before_leaving() -> None:
    # Only an afternoon meeting: leaving at 14:50 would put lunch before the day starts.
    lunch = Break(12 * H, 13 * H, 45 * M)
    day = Vehicle(start=0, end=0, earliest=8 * H, latest=18 * H, breaks=(lunch,))
    p = problem([0, 10], [Visit(1, 60 * M, windows=((15 * H, 15 * H),))], [day])
    route = solved(p).routes[0]
    begin, end = route.breaks[0]
    assert route.departure <= begin and end <= route.stops[0].start


def test_locked_visits_are_the_first_stops_in_order() -> None:
    xs = [0, 10, 20, 30, 40, 50]
    visits = [Visit(i, 20 * M) for i in range(1, 6)]
    free = solved(problem(xs, visits))
    assert [s.visit for s in free.routes[0].stops][:2] != [3, 0]
    locked = solved(problem(xs, visits, locked=[[3, 0]]))
    assert [s.visit for s in locked.routes[0].stops][:2] == [3, 0]
    assert sorted(s.visit for s in locked.routes[0].stops) == [0, 1, 2, 3, 4]


def test_a_visit_locked_at_a_position_is_that_stop_of_its_route() -> None:
    xs = [0, 10, 20, 30, 40, 50]
    visits = [Visit(i, 20 * M) for i in range(1, 6)]
    assert [s.visit for s in solved(problem(xs, visits)).routes[0].stops][3] != 0
    pinned = [replace(v, position={0: 3, 4: 0}.get(i)) for i, v in enumerate(visits)]
    order = [s.visit for s in solved(problem(xs, pinned)).routes[0].stops]
    assert order[3] == 0 and order[0] == 4 and sorted(order) == [0, 1, 2, 3, 4]
    wrong = Route(0, tuple(Stop(i, 0, 0, 20 * M) for i in (0, 1, 2, 3, 4)), 0, 0, (), 0, 0)
    assert any("visit 0 is stop 1 of vehicle 0, not its locked place 4" in p
               for p in check(problem(xs, pinned), [wrong]))


def test_allowed_vehicles_are_respected() -> None:
    monday = Vehicle(start=0, end=0, earliest=8 * H, latest=18 * H)
    tuesday = Vehicle(start=0, end=0, earliest=32 * H, latest=42 * H)
    visits = [Visit(1, 30 * M), Visit(2, 30 * M), Visit(3, 30 * M, allowed_vehicles=(1,))]
    solution = solved(problem([0, 10, 11, 12], visits, [monday, tuesday]))
    assert 2 in stops(solution, 1)
    assert 2 not in stops(solution, 0)


def test_optional_visit_that_cannot_fit_is_dropped() -> None:
    short = Vehicle(start=0, end=0, earliest=8 * H, latest=10 * H)
    p = problem([0, 10, 20], [Visit(1, 30 * M), Visit(2, 3 * H, penalty=10 * H)], [short])
    solution = solved(p)
    assert solution.dropped == (1,)
    assert list(stops(solution)) == [0]


def test_mandatory_visit_that_cannot_fit_is_reported_not_raised() -> None:
    short = Vehicle(start=0, end=0, earliest=8 * H, latest=10 * H)
    p = problem([0, 10, 20], [Visit(1, 30 * M), Visit(2, 3 * H)], [short])
    solution = solve(p, time_limit=0.3)
    assert not solution.feasible
    assert solution.status == "infeasible: mandatory visit 1 cannot be fitted"
    assert solution.dropped == (1,)
    assert check(p, solution.routes) == ["mandatory visit 1 is not planned"]

    outside = problem([0, 10], [Visit(1, 30 * M, windows=((20 * H, 21 * H),))], [short])
    solution = solve(outside, time_limit=0.3)
    assert not solution.feasible and "mandatory visit 0" in solution.status


def test_impossible_lock_is_reported_not_raised() -> None:
    p = problem([0, 10], [Visit(1, 30 * M, allowed_vehicles=(1,))],
                [DAY, DAY], locked=[[0]])
    solution = solve(p, time_limit=0.3)
    assert not solution.feasible
    assert solution.status == "infeasible: locked visit 0 cannot be made by vehicle 0"


def test_max_drive_is_respected() -> None:
    capped = Vehicle(start=0, end=0, earliest=8 * H, latest=18 * H, max_drive=25 * M)
    p = problem([0, 10, -10], [Visit(1, 10 * M, penalty=5 * H), Visit(2, 10 * M, penalty=H)],
                [capped])
    solution = solved(p)
    assert solution.routes[0].travel <= 25 * M
    assert solution.dropped == (1,)  # the less valuable one


def test_capacity_is_respected() -> None:
    vans = [Vehicle(0, 0, 0, 10 * H, capacity=10), Vehicle(0, 0, 0, 10 * H, capacity=10)]
    visits = [Visit(i, 0, demand=4) for i in (1, 2, 3, 4)]
    solution = solved(problem([0, 10, 11, 12, 13], visits, vans, objective="distance"))
    assert sorted(len(r.stops) for r in solution.routes) == [2, 2]


def test_balance_spreads_the_work_over_the_days() -> None:
    days = [DAY, DAY]
    visits = [Visit(1, 60 * M) for _ in range(4)]
    lopsided = solved(problem([0, 10], visits, days))
    assert sorted(len(r.stops) for r in lopsided.routes) == [0, 4]
    balanced = solved(problem([0, 10], visits, days, balance=1))
    assert sorted(len(r.stops) for r in balanced.routes) == [2, 2]


def test_same_seed_same_plan() -> None:
    xs = [0, 7, 19, 33, 41, 52, 64, 70, 85, 93, 101, 112]
    visits = [Visit(i, 20 * M, windows=((8 * H + (i % 4) * H, 12 * H + (i % 3) * H),),
                    penalty=2 * H) for i in range(1, len(xs))]
    days = [DAY, Vehicle(0, 0, 8 * H, 17 * H, breaks=(Break(12 * H, 14 * H, 30 * M),))]
    p = problem(xs, visits, days)
    first = solve(p, time_limit=0.5, seed=7)
    second = solve(p, time_limit=0.5, seed=7)
    assert first.routes == second.routes and first.objective == second.objective
    assert check(p, first.routes) == []


def test_progress_is_reported_and_cancel_stops_the_search() -> None:
    xs = list(range(0, 150, 9))  # 16 visits: guided local search
    p = problem(xs, [Visit(i, 5 * M) for i in range(1, len(xs))])
    seen: list[int] = []
    solution = solve(p, time_limit=600.0, progress=seen.append, cancelled=lambda: bool(seen))
    assert seen and solution.status == "cancelled" and not solution.capped
    assert solution.feasible and check(p, solution.routes) == []


def test_cancel_of_the_iterated_search_returns_the_best_plan_so_far_at_once() -> None:
    # 29 visits: OR-Tools' iterated local search alone, which it cannot stop before its
    # time limit; with a budget of 10 minutes, coming back at all shows that Cancel ends
    # it at once.
    xs = list(range(0, 120, 4))
    p = problem(xs, [Visit(i, 5 * M, penalty=H) for i in range(1, len(xs))])
    seen: list[int] = []
    solution = solve(p, time_limit=600.0, progress=seen.append, cancelled=lambda: bool(seen),
                     pyvrp=False)
    assert solution.status == "cancelled" and solution.feasible
    assert solution.objective == seen[-1]  # the best plan found before Cancel
    assert check(p, solution.routes) == []
    assert sorted(s.visit for r in solution.routes for s in r.stops) + list(
        solution.dropped) == sorted(range(len(xs) - 1))


def test_same_input_same_plan_with_the_iterated_search() -> None:
    # 30 visits with windows, two days and a lunch: OR-Tools' iterated local search alone,
    # whose annealing cools with the solutions found, not with the clock.
    xs = [(k * 37) % 160 for k in range(31)]
    visits = [Visit(i, 15 * M, windows=((8 * H + (i % 3) * H, 12 * H + (i % 4) * H),),
                    penalty=(i % 3 + 1) * H) for i in range(1, len(xs))]
    days = [DAY, Vehicle(0, 0, 8 * H, 17 * H, breaks=(Break(12 * H, 14 * H, 30 * M),))]
    p = problem(xs, visits, days)
    # The effort of a 0.5 s budget, with room on the clock: a loaded test machine must not
    # reach the safety cap (1.05 x the budget), whose cut may differ from run to run.
    effort = default_effort(p, 0.5)
    first = solve(p, time_limit=5.0, effort=effort, pyvrp=False)
    second = solve(p, time_limit=5.0, effort=effort, pyvrp=False)
    assert not first.capped and not second.capped
    assert first.routes == second.routes and first.objective == second.objective
    assert check(p, first.routes) == []
    # solved in a child process (as when it can be cancelled): the same plan again
    third = solve(p, time_limit=5.0, effort=effort, pyvrp=False, cancelled=lambda: False)
    assert third.routes == first.routes and third.status == "solved"


def test_effort_decides_the_length_of_the_search_not_the_clock() -> None:
    xs = [(k * 37) % 160 for k in range(25)]
    p = problem(xs, [Visit(i, 15 * M, penalty=H) for i in range(1, len(xs))])
    # OR-Tools alone: with PyVRP first, its iterations would come from the 600 s budget.
    short = solve(p, time_limit=600.0, effort=60, pyvrp=False)
    assert short.status == "solved" and not short.capped  # ended by its effort
    assert solve(p, time_limit=600.0, effort=60, pyvrp=False).routes == short.routes
    with pytest.raises(ValueError, match="effort"):
        solve(p, effort=0)


def test_two_workers_give_a_checked_plan() -> None:
    xs = [0, 7, 19, 33, 41, 52, 64, 70]
    p = problem(xs, [Visit(i, 20 * M) for i in range(1, len(xs))], [DAY, DAY])
    solution = solve(p, time_limit=0.5, workers=2)
    assert solution.feasible and check(p, solution.routes) == []


def test_check_names_each_broken_constraint() -> None:
    lunch = Break(12 * H, 13 * H, 45 * M)
    day = Vehicle(start=0, end=0, earliest=8 * H, latest=18 * H, breaks=(lunch,),
                  max_drive=30 * M, capacity=5)
    p = problem([0, 10, 20], [
        Visit(1, 60 * M, windows=((9 * H, 10 * H),), demand=4),
        Visit(2, 60 * M, demand=4, allowed_vehicles=(1,)),
    ], [day, DAY], locked=[[1]])
    bad = Route(0, (
        Stop(0, 8 * H + 10 * M, 11 * H, 12 * H),             # outside its window
        Stop(1, 12 * H + 5 * M, 12 * H + 5 * M, 13 * H),     # leg too short, during lunch
        Stop(0, 13 * H + 10 * M, 13 * H + 10 * M, 14 * H + 10 * M),  # twice
    ), 8 * H, 19 * H, ((12 * H + 30 * M, 13 * H + 15 * M),), 40 * M, 40_000)
    problems = check(p, [bad])
    expected = [
        "first stops are [0], not the locked [1]",
        "visit 0 starts at 39600, outside its windows",
        "visit 1 is on vehicle 0, not one of its vehicles [1]",
        "visit 0 is planned twice",
        "works 28800–68400, outside its hours 28800–64800",
        "leg 2 (1→2) needs",
        "break 0 (45000–47700) falls during visit 1",
        "drives 2400 s, more than its 1800 s",
        "carries 12, more than its capacity 5",
    ]
    for words in expected:
        assert any(words in line for line in problems), (words, problems)
    assert check(p, [Route(1, (), 0, 0, (), 0, 0)]) == [
        "mandatory visit 0 is not planned", "mandatory visit 1 is not planned",
        "vehicle 0: locked visits [1] are not planned"]


def test_invalid_input_raises_value_error() -> None:
    with pytest.raises(ValueError, match="window ends before it starts"):
        solve(problem([0, 10], [Visit(1, 0, windows=((5, 4),))]))
    with pytest.raises(ValueError, match="location outside the matrix"):
        solve(problem([0, 10], [Visit(7, 0)]))
    with pytest.raises(ValueError, match="unknown first solution"):
        solve(problem([0, 10], [Visit(1, 0)]), first_solution="magic")
