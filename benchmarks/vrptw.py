"""FieldRep's route engine beside PyVRP and VROOM, same wall-time budget, in one run.

The cases (``vrptw_bench/cases.py``): the Solomon instances of ``../shared/bench/solomon``
at 25, 50 and 100 customers, the Gehring–Homberger 200-customer instances of
``../shared/bench/gh200`` (DIMACS distance-only convention: arcs truncated to one decimal,
scaled by 10 to integers; best known costs from the ``.sol`` files), and a rep's problems
(a day of 30 accounts, a week of 5 × 15, a month of 20 days and 200 accounts, with lunch and
without) built by the planner itself from ``generate.py``'s accounts.

The solvers (``vrptw_bench/solvers.py``), one after the other on the same machine, each
timed from the request to the plan, model building included (wall and CPU seconds):

* **FieldRep**: ``engine.solve`` as the app calls it (by default PyVRP first from 40 visits,
  two processes; ``--workers 1`` for one); its helper processes are started once, untimed,
  as the app keeps them;
* **PyVRP**, stopped by ``MaxRuntime(budget)``, one thread; on a rep's problem it searches
  the part it can express (the planner's relaxation: no lunch break, no locks) and its
  orders are timed by the full model;
* **VROOM** (pyvroom), exploration level 5, one thread, ``timeout`` = the budget (VRPLIB
  instances only).

Every plan is verified with ``engine.check`` against the full problem; an infeasible one
is marked and left out of the means.  Gaps are to the best known cost, or for a rep's
problem to the best plan of its row.  With ``--runs`` > 1 each run uses another seed and
the medians are shown.

Run: ``.venv/bin/python benchmarks/vrptw.py [--classes C1 R2 …] [--sizes 25 50 100 200]
[--budgets 1 5 10] [--instances R201 …] [--rep day30 week5x15 …] [--runs 1]
[--workers auto] [--only FieldRep PyVRP]``.  Each (size, budget) pair can be limited with
``--plan SIZE:BUDGET …`` (e.g. ``25:1 50:1 100:5 100:10 200:10``).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from datetime import date
from importlib import metadata
from pathlib import Path

# This tree's fieldrep, here and in the helper processes (which read PYTHONPATH).
ROOT = str(Path(__file__).resolve().parents[1])
sys.path.insert(0, ROOT)
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (ROOT, os.environ.get("PYTHONPATH", "")) if p)

from common import cpu_model  # noqa: E402
from vrptw_bench import cases as cases_mod  # noqa: E402
from vrptw_bench.report import (  # noqa: E402
    Measure,
    class_table,
    instance_table,
    set_references,
    targets,
)
from vrptw_bench.solvers import FIELDREP, Solver, available  # noqa: E402

from fieldrep.planning import engine, vrplib  # noqa: E402


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def machine_line() -> str:
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    load = os.getloadavg()
    return (f"machine: {cpu_model()}, {os.cpu_count()} cores, load average "
            f"{load[0]:.1f}; Python {platform.python_version()}, ortools "
            f"{version('ortools')}, pyvrp {version('pyvrp')}, pyvroom {version('pyvroom')}")


def bench(cases: list[cases_mod.Case], plan: list[tuple[int, float]], runs: int, seed: int,
          solvers: dict[str, Solver]) -> list[Measure]:
    measures: list[Measure] = []
    for case in cases:
        budgets = [b for n, b in plan if n == case.customers or (case.family == "rep" and n == 0)]
        for budget in budgets:
            for name, solver in solvers.items():
                m = Measure(case.name, case.family, case.klass, case.customers, budget, name,
                            case.best_known)
                for run in range(runs):
                    outcome = solver(case, budget, seed + run)
                    if outcome.routes is None:
                        break
                    m.costs.append(case.cost(outcome.routes))
                    m.walls.append(outcome.wall)
                    m.cpus.append(outcome.cpu)
                    m.violations += engine.check(case.problem, outcome.routes)
                    if len({s.visit for r in outcome.routes for s in r.stops}) == 0:
                        m.violations.append("no plan")
                    log(f"{case.name} {budget:g} s {name} run {run + 1}: {m.costs[-1]:.1f} in "
                        f"{outcome.wall:.2f} s (CPU {outcome.cpu:.2f} s)"
                        + ("" if m.feasible else f" INFEASIBLE {m.violations[:1]}"))
                if m.costs:
                    measures.append(m)
    set_references(measures)
    return measures


def parse_plan(values: list[str]) -> list[tuple[int, float]]:
    plan = []
    for value in values:
        size, _, budget = value.partition(":")
        plan.append((0 if size == "rep" else int(size), float(budget)))
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", nargs="+", default=list(cases_mod.CLASSES),
                        choices=cases_mod.CLASSES)
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100, 200])
    parser.add_argument("--budgets", type=float, nargs="+", default=[1.0, 5.0, 10.0])
    parser.add_argument("--plan", nargs="+", metavar="SIZE:BUDGET",
                        help="only these (customers, budget) pairs; 'rep:B' for a rep's cases")
    parser.add_argument("--instances", nargs="+", metavar="NAME", help="only these instances")
    parser.add_argument("--rep", nargs="*", default=list(cases_mod.REP_CASES),
                        choices=cases_mod.REP_CASES, help="a rep's cases (none: --rep)")
    parser.add_argument("--runs", type=int, default=1, help="runs (seeds) per solver")
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--workers", nargs="+", default=["auto"],
                        help="FieldRep's processes: auto, 1, 2 (several: one column each)")
    parser.add_argument("--only", nargs="+", help="only the solvers whose name starts so")
    args = parser.parse_args()
    plan = parse_plan(args.plan) if args.plan else [
        (n, b) for n in [*args.sizes, 0] for b in args.budgets]
    cases = (cases_mod.vrplib_cases(cases_mod.SOLOMON, "solomon", args.classes, args.sizes,
                                    args.instances)
             + cases_mod.vrplib_cases(cases_mod.GH200, "gh200", args.classes, args.sizes,
                                      args.instances))
    missing = [str(f) for f in (cases_mod.SOLOMON, cases_mod.GH200) if not f.is_dir()]
    for folder in missing:
        log(f"no instances in {folder}: skipped (see shared/bench/*/README.md)")
    rep = [r for r in args.rep if not args.instances or r in args.instances]
    cases += cases_mod.rep_cases(rep)
    workers = [None if w == "auto" else int(w) for w in args.workers]
    solvers, skipped = available(workers)
    if args.only:
        solvers = {k: v for k, v in solvers.items() if k.startswith(tuple(args.only))}
    for line in skipped:
        log(line)
    if any(w != 1 for w in workers):  # start the helper processes once, as the app keeps them
        warm = vrplib.read_vrptw(sorted(cases_mod.SOLOMON.glob("*.vrp"))[0], 50).problem \
            if cases_mod.SOLOMON.is_dir() else cases[0].problem
        engine.solve(warm, time_limit=0.2, workers=2)
        log("helper processes started (untimed)")
    measures = bench(cases, plan, args.runs, args.seed, solvers)
    ours = next(s for s in solvers if s.startswith(FIELDREP))
    names = list(solvers)
    print(f"FieldRep VRPTW engine vs PyVRP and VROOM — {date.today().isoformat()}")
    print(machine_line())
    print(f"command: benchmarks/vrptw.py {' '.join(sys.argv[1:])}")
    print(f"{'median of ' + str(args.runs) + ' runs (seeds)' if args.runs > 1 else 'one run'};"
          f" wall and CPU seconds from the request to the plan; every plan checked with "
          f"engine.check; gaps to the best known cost (a rep's problem: to the row's best)\n")
    print("\n".join(class_table(measures, names, ours)))
    print()
    print("\n".join(targets(measures, ours)))
    print()
    print("\n".join(instance_table(measures, names)))
    for line in skipped:
        print(line)


if __name__ == "__main__":
    main()
