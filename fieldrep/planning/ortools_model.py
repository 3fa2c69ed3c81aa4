"""The OR-Tools routing model of a problem, and plans read back from it.

Nothing in Python runs inside the search loop: the matrices are registered with
``RegisterTransitMatrix`` (service times folded into the time matrix, per from-node) and
demands with ``RegisterUnaryTransitVector``.  A visit that cannot start inside the
horizon gets no node; ``Model.kept`` maps the nodes back to the problem's visits.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ortools.constraint_solver import pywrapcp

from fieldrep.planning.problem import Problem, Route, Solution, Stop, Visit, failed


def windows_of(visit: Visit, horizon: int) -> list[tuple[int, int]]:
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


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Intervals merged where they overlap or touch, sorted."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


@dataclass
class Model:
    """The OR-Tools objects of one search and how their nodes map back to the problem."""

    manager: pywrapcp.RoutingIndexManager
    routing: pywrapcp.RoutingModel
    time: pywrapcp.RoutingDimension
    kept: list[int]                 # node -> visit index (nodes after them are depots)
    breaks: list[list[pywrapcp.IntervalVar]]


def _matrix(source: Sequence[Sequence[int]], places: list[int]) -> list[list[int]]:
    rows = [source[a] for a in places]
    return [[int(row[b]) for b in places] for row in rows]


def build(problem: Problem, seed: int) -> Model:
    """The OR-Tools model; ``seed`` (if not 0) shuffles the order of the visits' nodes.

    The node order decides ties in every heuristic and which visits the ruin step picks, so
    another seed gives another, equally valid search (OR-Tools' own seeds are fixed).
    """
    visits, vehicles = problem.visits, problem.vehicles
    horizon = max(v.latest for v in vehicles)
    windows = [windows_of(v, horizon) for v in visits]
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
    _positions(problem, routing, manager, kept, len(depots))
    hours = _merged([(v.earliest, v.latest) for v in vehicles])
    for node, i in enumerate(kept):
        cumul = time_dim.CumulVar(manager.NodeToIndex(node))
        spans = windows[i]
        cumul.SetRange(spans[0][0], spans[-1][1])
        for (_, gap_from), (gap_to, _) in pairwise(spans):
            # Only the part of a gap inside someone's working hours: a visit is made between
            # its vehicle's departure and return anyway, and removing a night (tens of
            # thousands of values) costs OR-Tools milliseconds a visit and a night.
            for lo, hi in hours:
                if max(lo, gap_from + 1) <= min(hi, gap_to - 1):
                    cumul.RemoveInterval(max(lo, gap_from + 1), min(hi, gap_to - 1))
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
    return Model(manager, routing, time_dim, kept, breaks)


def _positions(problem: Problem, routing: pywrapcp.RoutingModel,
               manager: pywrapcp.RoutingIndexManager, kept: list[int], depots: int) -> None:
    """Each visit locked at a position is that many stops into its route: a "Rank"
    dimension counts the stops (0 at the first), fixed at the locked ones."""
    pinned = [(node, problem.visits[i].position) for node, i in enumerate(kept)
              if problem.visits[i].position is not None]
    if not pinned:
        return
    rank = routing.RegisterUnaryTransitVector([1] * len(kept) + [0] * depots)
    routing.AddDimension(rank, 0, len(kept), True, "Rank")
    dimension = routing.GetDimensionOrDie("Rank")
    for node, position in pinned:
        dimension.CumulVar(manager.NodeToIndex(node)).SetValue(position)


def lock(problem: Problem, model: Model) -> str:
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


def first_routes(problem: Problem, model: Model, orders: Sequence[Sequence[int]],
                 deadline: float) -> pywrapcp.Assignment | None:
    """An assignment of the visit ``orders`` (another solver's routes) to start the
    search from, repaired where the full model refuses them: a refused route keeps its
    longest prefix the model accepts (the visits after it are left for the search to
    insert again; past the ``deadline``, a wall-clock time, a refused route is left
    empty).  None if not even the locked chains can be read."""
    node_of = {i: node for node, i in enumerate(model.kept)}
    wanted = [[model.manager.NodeToIndex(node_of[i]) for i in order if i in node_of]
              for order in orders]
    read = model.routing.ReadAssignmentFromRoutes
    hint = read(wanted, True)
    if hint is not None:
        return hint
    kept: list[list[int]] = [[] for _ in wanted]
    for v, route in enumerate(wanted):
        locked = len(problem.locked[v]) if v < len(problem.locked) else 0
        low, high = locked, len(route)   # prefix lengths: low is accepted, high is not yet
        while low < high and time.time() < deadline:
            middle = (low + high + 1) // 2
            kept[v] = route[:middle]
            if read(kept, True) is not None:
                low = middle
            else:
                high = middle - 1
        kept[v] = route[:low]
    return read(kept, True)


def restored(problem: Problem, seed: int, orders: list[list[int]] | None,
             status: str) -> Solution:
    """The solution of given visit orders (times worked out by OR-Tools, as in a search
    with ``seed``); no orders, or orders the model refuses, give no plan."""
    if orders is None:
        return failed(problem, status)
    model = build(problem, seed)
    node_of = {i: node for node, i in enumerate(model.kept)}
    lock(problem, model)
    routes = [[model.manager.NodeToIndex(node_of[i]) for i in order] for order in orders]
    hint = model.routing.ReadAssignmentFromRoutes(routes, True)
    assignment = model.routing.RestoreAssignment(hint) if hint is not None else None
    if assignment is None:
        return failed(problem, status)
    return read_solution(problem, model, assignment, status)


def visit_orders(problem: Problem, model: Model) -> list[list[int]]:
    """The visits of each vehicle in order, in the solution being accepted."""
    routing, orders = model.routing, []
    for v in range(len(problem.vehicles)):
        order, index = [], routing.NextVar(routing.Start(v)).Value()
        while not routing.IsEnd(index):
            order.append(model.kept[model.manager.IndexToNode(index)])
            index = routing.NextVar(index).Value()
        orders.append(order)
    return orders


def read_solution(problem: Problem, model: Model, assignment: pywrapcp.Assignment,
                  status: str) -> Solution:
    """The plan of ``assignment``; ``status`` unless it leaves out a mandatory visit."""
    routes = tuple(_route(problem, model, assignment, v) for v in range(len(problem.vehicles)))
    planned = {s.visit for r in routes for s in r.stops}
    dropped = tuple(i for i in range(len(problem.visits)) if i not in planned)
    missing = [i for i in dropped if problem.visits[i].penalty is None]
    if missing:
        status = (f"infeasible: mandatory visit{'s' if len(missing) > 1 else ''} "
                  f"{', '.join(map(str, missing))} cannot be fitted")
    return Solution(routes, dropped, assignment.ObjectiveValue(), not missing, status, 0.0)


def _route(problem: Problem, model: Model, assignment: pywrapcp.Assignment,
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
