"""FieldRep's route engine beside PyVRP and VROOM on Solomon VRPTW instances, same budget.

Every instance in ``../shared/bench/solomon`` (relative to the repository) is read with
``fieldrep.planning.vrplib`` in the distance-only DIMACS convention (arcs truncated to one
decimal, scaled by 10 to integers) at 25, 50 and 100 customers (the depot plus the first N
customers), and the same integer matrices, windows, service times and fleet go to:

* **FieldRep**: ``fieldrep.planning.engine.solve`` (OR-Tools routing), one process unless
  ``--workers`` says otherwise;
* **PyVRP** (hybrid genetic search), stopped by ``MaxRuntime``;
* **VROOM** (pyvroom), ``exploration_level=5``, one thread, ``timeout`` = the budget (it
  may stop earlier: its heuristics end on their own).

Each solver gets the same wall-time budget per size (``--seconds``: 0.5 s at 25, 1 s at 50,
10 s at 100 by default), one after the other on the same core(s).  Every solution, the
peers' too, is converted to engine routes and verified with ``engine.check``; an
infeasible one is marked ``infeasible`` and left out of the means.  Gaps are to the
published distance-only optima (the table in the instances' README; the ``.sol`` file for
100 customers).  With ``--runs`` > 1 each run uses another seed and the medians are shown.

Run: ``.venv/bin/python benchmarks/vrptw.py [--sizes 25 50 100] [--seconds 0.5 1 10]
[--runs 1] [--workers 1] [--json]``
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path

from common import cpu_model, median, table, timed

from fieldrep.planning import engine, vrplib
from fieldrep.planning.engine import Problem, Route, Stop

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "bench" / "solomon"
# Distance-only optima of the 25- and 50-customer versions (the instances' README).
OPTIMA = {
    "C101": {25: 191.3, 50: 362.4}, "C201": {25: 214.7, 50: 360.2},
    "R101": {25: 617.1, 50: 1044.0}, "R201": {25: 463.3, 50: 791.9},
    "RC101": {25: 461.1, 50: 944.0}, "RC201": {25: 360.2, 50: 684.8},
}
FIELDREP, PYVRP, VROOM = "FieldRep", "PyVRP", "VROOM"

Solver = Callable[[vrplib.Instance, float, int], tuple[list[Route], float]]


@dataclass
class Measure:
    """The runs of one solver on one instance at one size."""

    instance: str
    customers: int
    solver: str
    optimum: float | None
    costs: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.violations

    @property
    def cost(self) -> float:
        return median(self.costs)

    @property
    def gap(self) -> float | None:
        if self.optimum is None or not self.feasible:
            return None
        return 100 * (self.cost - self.optimum) / self.optimum


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_fieldrep(workers: int) -> Solver:
    def run(instance: vrplib.Instance, budget: float, seed: int) -> tuple[list[Route], float]:
        started = time.perf_counter()
        solution = engine.solve(instance.problem, time_limit=budget, seed=seed,
                                workers=workers)
        return list(solution.routes), time.perf_counter() - started

    return run


def run_pyvrp(instance: vrplib.Instance, budget: float,
              seed: int) -> tuple[list[Route], float]:
    import numpy as np
    import pyvrp
    from pyvrp.stop import MaxRuntime

    problem = instance.problem
    vehicle = problem.vehicles[0]
    started = time.perf_counter()
    matrix = np.asarray(problem.distances, dtype=np.int64)
    clients = [pyvrp.Client(location=v.location, delivery=[v.demand], service_duration=v.service,
                            tw_early=v.windows[0][0], tw_late=v.windows[0][1])
               for v in problem.visits]
    data = pyvrp.ProblemData(
        [pyvrp.Location(x, y) for x, y in instance.coords], clients,
        [pyvrp.Depot(0, tw_early=vehicle.earliest, tw_late=vehicle.latest)],
        [pyvrp.VehicleType(len(problem.vehicles), capacity=[vehicle.capacity or 0],
                           tw_early=vehicle.earliest, tw_late=vehicle.latest)],
        [matrix], [matrix])
    result = pyvrp.solve(data, stop=MaxRuntime(budget), seed=seed, display=False)
    seconds = time.perf_counter() - started
    # A client activity's idx is the client's position, i.e. our visit index.
    orders = [[a.idx for a in route if a.is_client()] for route in result.best.routes()]
    return schedule_all(problem, orders), seconds


def run_vroom(instance: vrplib.Instance, budget: float,
              seed: int) -> tuple[list[Route], float]:
    import numpy as np
    import vroom

    del seed  # VROOM's search is deterministic and takes no seed
    problem = instance.problem
    started = time.perf_counter()
    data = vroom.Input()
    data.set_durations_matrix("car", np.asarray(problem.durations, dtype=np.int64))
    for k, vehicle in enumerate(problem.vehicles):
        data.add_vehicle(vroom.Vehicle(
            k + 1, start=vehicle.start, end=vehicle.end, capacity=[vehicle.capacity or 0],
            time_window=vroom.TimeWindow(vehicle.earliest, vehicle.latest)))
    for i, visit in enumerate(problem.visits):
        data.add_job(vroom.Job(
            i + 1, location=visit.location, default_service=visit.service,
            delivery=[visit.demand], time_windows=[vroom.TimeWindow(*w) for w in visit.windows]))
    solution = data.solve(exploration_level=5, nb_threads=1, timeout=timedelta(seconds=budget))
    seconds = time.perf_counter() - started
    steps = solution.routes
    jobs = steps[steps["type"] == "job"]
    orders = [[int(j) - 1 for j in group["id"]] for _, group in jobs.groupby("vehicle_id",
                                                                            sort=True)]
    return schedule_all(problem, orders), seconds


def schedule_all(problem: Problem, orders: Sequence[Sequence[int]]) -> list[Route]:
    """Another solver's visit orders as engine routes, each stop as early as it can be."""
    return [schedule(problem, v, order) for v, order in enumerate(orders) if order]


def schedule(problem: Problem, v: int, order: Sequence[int]) -> Route:
    """Leave at the vehicle's opening, start each visit on arrival or at its window's start."""
    vehicle = problem.vehicles[v]
    place = vehicle.start
    clock = vehicle.earliest
    stops = []
    travel = distance = 0
    for i in order:
        visit = problem.visits[i]
        leg = int(problem.durations[place][visit.location])
        travel += leg
        distance += int(problem.distances[place][visit.location])
        arrival = clock + leg
        start = next((max(arrival, lo) for lo, hi in visit.windows if arrival <= hi), arrival)
        stops.append(Stop(i, arrival, start, start + visit.service))
        place, clock = visit.location, start + visit.service
    travel += int(problem.durations[place][vehicle.end])
    distance += int(problem.distances[place][vehicle.end])
    back = clock + int(problem.durations[place][vehicle.end])
    return Route(v, tuple(stops), vehicle.earliest, back, (), travel, distance)


def optimum(path: Path, customers: int, total: int) -> float | None:
    """The published optimum: the .sol file's for the whole instance, else the README's."""
    if customers == total:
        sol = path.with_suffix(".sol")
        return vrplib.read_optimum(sol) if sol.exists() else None
    return OPTIMA.get(path.stem, {}).get(customers)


def bench(files: list[Path], sizes: list[int], budgets: dict[int, float], runs: int,
          seed: int, solvers: dict[str, Solver]) -> list[Measure]:
    measures: list[Measure] = []
    for customers in sizes:
        for path in files:
            full = vrplib.read_vrptw(path)
            instance = vrplib.read_vrptw(path, min(customers, full.customers))
            best = optimum(path, instance.customers, full.customers)
            row = {name: Measure(path.stem, instance.customers, name, best) for name in solvers}
            for run in range(runs):
                for name, solver in solvers.items():
                    routes, seconds = solver(instance, budgets[customers], seed + run)
                    measure = row[name]
                    measure.costs.append(vrplib.cost(routes))
                    measure.seconds.append(seconds)
                    measure.violations += engine.check(instance.problem, routes)
                    log(f"{path.stem} {instance.customers} {name} run {run + 1}: "
                        f"{measure.costs[-1]:.1f} in {seconds:.2f} s"
                        + ("" if measure.feasible else " INFEASIBLE"))
            measures += row.values()
    return measures


def machine_line() -> str:
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    import os
    return (f"machine: {cpu_model()}, {os.cpu_count()} cores; Python "
            f"{platform.python_version()}, ortools {version('ortools')}, pyvrp "
            f"{version('pyvrp')}, pyvroom {version('pyvroom')}")


def _cell(m: Measure) -> tuple[str, str]:
    if not m.feasible:
        return f"{m.cost:.1f} infeasible", "-"
    return f"{m.cost:.1f}", "-" if m.gap is None else f"{m.gap:.2f}%"


def mean_gaps(measures: list[Measure], solver: str, customers: int) -> float | None:
    gaps = [m.gap for m in measures if m.solver == solver and m.customers == customers]
    if not gaps or any(g is None for g in gaps):
        return None
    return sum(g for g in gaps if g is not None) / len(gaps)


def report(measures: list[Measure], solvers: Sequence[str], budgets: dict[int, float],
           runs: int, workers: int) -> str:
    lines = [f"FieldRep VRPTW engine vs PyVRP and VROOM — {date.today().isoformat()}",
             machine_line(),
             f"Solomon instances, DIMACS distance-only convention; budget per solve "
             f"{', '.join(f'{b:g} s at {n}' for n, b in budgets.items())}; "
             f"{'median of ' + str(runs) + ' runs (seeds)' if runs > 1 else 'one run'}; "
             f"FieldRep with {workers} process(es), PyVRP 1 thread, VROOM 1 thread "
             "(exploration level 5); every solution checked with engine.check", ""]
    headers = ["instance", "customers", "optimum"]
    for name in solvers:
        headers += [f"{name} cost", f"{name} gap"]
    body = []
    sizes = sorted({m.customers for m in measures})
    for customers in sizes:
        by_instance: dict[str, dict[str, Measure]] = {}
        for m in measures:
            if m.customers == customers:
                by_instance.setdefault(m.instance, {})[m.solver] = m
        for instance, row in by_instance.items():
            first = next(iter(row.values()))
            cells: list[str] = [instance, str(customers),
                                "-" if first.optimum is None else f"{first.optimum:.1f}"]
            for name in solvers:
                cells += _cell(row[name])
            body.append(cells)
        cells = ["mean", str(customers), ""]
        for name in solvers:
            gap = mean_gaps(measures, name, customers)
            cells += ["", "-" if gap is None else f"{gap:.2f}%"]
        body.append(cells)
    lines.append(table(headers, body))
    lines.append("")
    seconds = []
    for customers in sizes:
        spent = {n: [s for m in measures if m.solver == n and m.customers == customers
                     for s in m.seconds] for n in solvers}
        seconds.append([str(customers), f"{budgets[customers]:g}",
                        *(f"{median(spent[n]):.2f}" for n in solvers)])
    lines.append(table(["customers", "budget s", *(f"{n} median s" for n in solvers)],
                       seconds))
    lines.append("")
    lines += targets(measures, solvers)
    return "\n".join(lines)


def targets(measures: list[Measure], solvers: Sequence[str]) -> list[str]:
    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else "MET" if ok else "NOT MET"

    out = []
    at25 = [m for m in measures if m.solver == FIELDREP and m.customers == 25]
    ok25 = None if not at25 else all(m.gap is not None and m.gap < 0.005 for m in at25)
    out.append(f"Target: 25 customers at the optimum within the budget — {verdict(ok25)}"
               + (f" ({sum(m.gap == 0 for m in at25 if m.gap is not None)}/{len(at25)} "
                  "at the optimum)" if at25 else ""))
    gap50 = mean_gaps(measures, FIELDREP, 50)
    out.append(f"Target: 50 customers, mean gap ≤ 0.5 % — "
               f"{verdict(None if gap50 is None else gap50 <= 0.5)}"
               + ("" if gap50 is None else f" ({gap50:.2f} %)"))
    ours = mean_gaps(measures, FIELDREP, 100)
    peers = {n: mean_gaps(measures, n, 100) for n in solvers if n != FIELDREP}
    pyvrp, vroom = peers.get(PYVRP), peers.get(VROOM)
    goal = "Target: 100 customers, mean gap no worse than PyVRP's and better than VROOM's"
    if ours is None or pyvrp is None or vroom is None:
        out.append(f"{goal} — not measured")
    else:
        out.append(f"{goal} — {verdict(ours <= pyvrp and ours < vroom)} (FieldRep "
                   f"{ours:.2f} %, PyVRP {pyvrp:.2f} %, VROOM {vroom:.2f} %: "
                   f"{'no worse' if ours <= pyvrp else 'worse'} than PyVRP, "
                   f"{'better' if ours < vroom else 'not better'} than VROOM)")
    return out


def peers_available() -> tuple[dict[str, Solver], list[str]]:
    solvers: dict[str, Solver] = {}
    skipped = []
    for name, module, runner in ((PYVRP, "pyvrp", run_pyvrp), (VROOM, "vroom", run_vroom)):
        try:
            __import__(module)
        except ImportError:
            skipped.append(f"{name}: not installed, skipped (pip install -e '.[bench]')")
            continue
        solvers[name] = runner
    return solvers, skipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of .vrp/.sol files")
    parser.add_argument("--instances", nargs="+", metavar="NAME",
                        help="instance names (default: every .vrp in --data)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100],
                        help="numbers of customers (default 25 50 100)")
    parser.add_argument("--seconds", type=float, nargs="+", default=[0.5, 1.0, 10.0],
                        help="budget per solve, one per size (default 0.5 1 10)")
    parser.add_argument("--runs", type=int, default=1, help="runs (seeds) per solver")
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--workers", type=int, default=1, help="FieldRep's processes")
    parser.add_argument("--only", choices=[FIELDREP, PYVRP, VROOM], nargs="+",
                        help="run only these solvers")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = parser.parse_args()
    if len(args.seconds) != len(args.sizes):
        parser.error("give one --seconds value per --sizes value")
    if args.runs < 1 or min(args.sizes) < 1 or min(args.seconds) <= 0:
        parser.error("--runs, --sizes and --seconds must be positive")
    files = sorted(args.data.glob("*.vrp"))
    if args.instances:
        files = [f for f in files if f.stem in args.instances]
    if not files:
        print(f"no Solomon instances in {args.data}: benchmark skipped (see "
              "shared/bench/solomon/README.md)")
        return
    peers, skipped = peers_available()
    solvers: dict[str, Solver] = {FIELDREP: run_fieldrep(args.workers), **peers}
    if args.only:
        solvers = {k: v for k, v in solvers.items() if k in args.only}
    for line in skipped:
        log(line)
    budgets = dict(zip(args.sizes, args.seconds, strict=True))
    if args.workers > 1:  # start the helper processes once, as the app keeps them
        warm_s, _ = timed(lambda: engine.solve(vrplib.read_vrptw(files[0], 5).problem,
                                               time_limit=0.1, workers=args.workers))
        log(f"helper processes started in {warm_s:.2f} s (untimed)")
    measures = bench(files, args.sizes, budgets, args.runs, args.seed, solvers)
    if args.json:
        print(json.dumps({
            "date": date.today().isoformat(), "machine": machine_line(),
            "budgets": budgets, "runs": args.runs, "workers": args.workers,
            "targets": targets(measures, list(solvers)),
            "results": [{**asdict(m), "cost": m.cost, "gap": m.gap, "feasible": m.feasible}
                        for m in measures]}, indent=1))
    else:
        print(report(measures, list(solvers), budgets, args.runs, args.workers))
        for line in skipped:
            print(line)


if __name__ == "__main__":
    main()
