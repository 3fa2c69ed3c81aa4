"""The independent check of a plan: every hard constraint it breaks, in words.

Worked out from the problem alone, never from the solver, so it verifies the engine's
plans (in the tests and benchmarks) as well as plans made by hand or by another solver.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from fieldrep.planning.problem import Problem, Route, Vehicle


def check(problem: Problem, routes: Iterable[Route]) -> list[str]:
    """Every hard constraint the routes break, in words (empty: the plan is valid).

    Checked from the problem alone, not from the solver: start windows, service times,
    travel between stops (with the breaks taken on the way), the vehicle's hours, breaks
    (in their window, during the day, not during a visit, not overlapping), max drive,
    capacity, allowed vehicles, locks (first stops and positions), each visit at most
    once and every mandatory one planned, and that each route's reported travel and
    distance match its legs.
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
    for rank, stop in enumerate(route.stops):
        i, visit = stop.visit, visits[stop.visit]
        if visit.position is not None and visit.position != rank:
            out.append(f"visit {i} is stop {rank + 1} of {name}, not its locked place "
                       f"{visit.position + 1}")
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
