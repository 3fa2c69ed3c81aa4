"""``fieldrep bench vrptw FILE``: solve a benchmark instance with the route engine."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from fieldrep.cli.args import positive, seconds_arg
from fieldrep.cli.output import SHOWN_PROBLEMS
from fieldrep.cli.registry import Commands
from fieldrep.planning.model import PlanError
from fieldrep.store import Store


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
    else:
        verdict = "feasible" if feasible else f"NOT feasible: {solution.status}"
        print(f"{instance.name}, {instance.customers} customers: cost {cost:.1f}, "
              f"{len(routes)} routes, {verdict} ({solution.seconds:.1f} s)")
        for number, route in enumerate(routes, start=1):
            print(f"route {number}: {' '.join(map(str, route))}")
        for line in violations[:SHOWN_PROBLEMS]:
            print(f"  {line}")
    return 0 if feasible else 1
