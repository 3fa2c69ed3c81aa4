"""``fieldrep bench vrptw FILE``: solve a benchmark instance with the route engine."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from fieldrep.cli.args import positive, seconds_arg
from fieldrep.cli.registry import Commands
from fieldrep.common.text import plural
from fieldrep.planning.model import PlanError
from fieldrep.store import Store

if TYPE_CHECKING:
    from fieldrep.planning.vrplib import Instance

#: At most this many broken constraints, and node numbers of customers not served, shown.
SHOWN_BROKEN, SHOWN_NODES = 3, 12


def register(commands: Commands) -> None:
    """The ``bench`` command of the ``fieldrep`` parser (it needs no store)."""
    bench = commands.add_parser("bench", help="solve benchmark instances with the route engine")
    bench_what = bench.add_subparsers(dest="what", required=True, metavar="WHAT")
    vrptw = bench_what.add_parser(
        "vrptw", help="a VRPLIB VRPTW instance (e.g. Solomon's), DIMACS convention",
        description="Solve a VRPLIB VRPTW file and print its cost in the file's units and "
                    "the routes, customers by their node numbers in the file. Exit code 1 "
                    "if no valid plan was found.")
    vrptw.add_argument("file", type=Path)
    vrptw.add_argument("--customers", type=positive, metavar="N",
                       help="only the depot and the first N customers")
    vrptw.add_argument("--seconds", type=seconds_arg, default=1.0, metavar="S",
                       help="time limit of the search (default 1)")
    vrptw.add_argument("--json", action="store_true",
                       help='print {"cost": ..., "feasible": ..., "routes": [[...], ...]}')
    bench.set_defaults(run=cmd_bench, needs_store=False)


def cmd_bench(_store: Store | None, args: argparse.Namespace) -> int:
    """Solve a VRPTW benchmark file: its cost, whether the plan is valid, the routes."""
    from fieldrep.planning import engine, vrplib  # OR-Tools loads only for this command

    if not args.seconds > 0:
        raise PlanError("--seconds must be more than 0")
    instance = vrplib.read_vrptw(args.file, args.customers)
    solution = engine.solve(instance.problem, time_limit=args.seconds)
    violations = engine.check(instance.problem, solution.routes)
    feasible = solution.feasible and not violations
    cost = vrplib.cost(solution.routes)
    routes = vrplib.customer_routes(instance, solution.routes)
    if args.json:
        print(json.dumps({"cost": cost, "feasible": feasible, "routes": routes}))
        return 0 if feasible else 1
    print(_summary(instance, cost, routes, feasible, solution.seconds))
    unserved = vrplib.unserved_customers(instance, solution.routes)
    if unserved:
        print(f"  not served: {plural(len(unserved), 'customer')} ({_nodes(unserved)})")
    broken = [line for line in violations if not line.startswith("mandatory visit ")]
    for line in broken[:SHOWN_BROKEN]:
        print(f"  broken: {line}")
    if len(broken) > SHOWN_BROKEN:
        print(f"  … and {len(broken) - SHOWN_BROKEN} more")
    for number, route in enumerate(routes, start=1):
        print(f"route {number}: {' '.join(map(str, route))}")
    return 0 if feasible else 1


def _summary(instance: Instance, cost: float, routes: list[list[int]], feasible: bool,
             seconds: float) -> str:
    """``C101, 25 customers, 25 vehicles of capacity 200: cost 191.3 in 3 routes, every
    customer served in its time window (0.9 s)``, or that no valid plan was found."""
    vehicles = instance.problem.vehicles
    head = (f"{instance.name}, {plural(instance.customers, 'customer')}, "
            f"{plural(len(vehicles), 'vehicle')}")
    if vehicles[0].capacity is not None:
        head += f" of capacity {vehicles[0].capacity}"
    if feasible:
        return (f"{head}: cost {cost:.1f} in {plural(len(routes), 'route')}, every customer "
                f"served in its time window ({seconds:.1f} s)")
    return f"{head}: no valid plan found in {seconds:.1f} s"


def _nodes(nodes: list[int]) -> str:
    """The first few node numbers, then how many more."""
    shown = " ".join(map(str, nodes[:SHOWN_NODES]))
    more = len(nodes) - SHOWN_NODES
    return f"nodes {shown} and {more} more" if more > 0 else f"nodes {shown}"
