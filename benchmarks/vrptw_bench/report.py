"""The tables: every instance, the gap per class, and the issue's targets."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from vrptw_bench.solvers import PYVRP


@dataclass
class Measure:
    """The runs of one solver on one case at one budget."""

    case: str
    family: str
    klass: str
    customers: int
    budget: float
    solver: str
    best_known: float | None
    costs: list[float] = field(default_factory=list)
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    reference: float | None = None   # best known, else the best feasible cost of the row

    @property
    def feasible(self) -> bool:
        return not self.violations

    @property
    def cost(self) -> float:
        return statistics.median(self.costs)

    @property
    def gap(self) -> float | None:
        if self.reference is None or not self.feasible:
            return None
        return 100 * (self.cost - self.reference) / self.reference


def set_references(measures: list[Measure]) -> None:
    """The gap's reference: the best known cost, or the row's best feasible cost."""
    rows: dict[tuple[str, float], list[Measure]] = {}
    for m in measures:
        rows.setdefault((m.case, m.budget), []).append(m)
    for row in rows.values():
        feasible = [m.cost for m in row if m.feasible]
        for m in row:
            m.reference = m.best_known if m.best_known is not None else (
                min(feasible) if feasible else None)


def _fmt(value: float | None, unit: str = "%") -> str:
    return "-" if value is None else f"{value:+.2f}{unit}" if unit == "%" else f"{value:.2f}"


def instance_table(measures: list[Measure], solvers: Sequence[str]) -> list[str]:
    headers = ["instance", "class", "n", "budget s", "best known"]
    for s in solvers:
        headers += [f"{s} cost", f"{s} gap", f"{s} wall/CPU s"]
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---" if k < 2 else "---:" for k in range(len(headers))) + "|"]
    rows: dict[tuple[float, str], dict[str, Measure]] = {}
    for m in measures:
        rows.setdefault((m.budget, m.case), {})[m.solver] = m
    for (budget, case), row in rows.items():
        first = next(iter(row.values()))
        cells = [case, first.klass, str(first.customers), f"{budget:g}",
                 "-" if first.best_known is None else f"{first.best_known:.1f}"]
        for s in solvers:
            m = row.get(s)
            if m is None:
                cells += ["not run", "-", "-"]
                continue
            cost = f"{m.cost:.1f}" + ("" if m.feasible else " infeasible")
            cells += [cost, _fmt(m.gap),
                      f"{statistics.median(m.walls):.2f}/{statistics.median(m.cpus):.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _versus(ours: Measure, peer: Measure) -> float | None:
    """How much longer our plan is than the peer's, in % (None if either is infeasible)."""
    if not ours.feasible or not peer.feasible:
        return None
    return 100 * (ours.cost - peer.cost) / peer.cost


def class_table(measures: list[Measure], solvers: Sequence[str], ours: str) -> list[str]:
    headers = ["family", "class", "budget s", "instances",
               *[f"{s} mean gap" for s in solvers],
               f"{ours} vs PyVRP mean", f"{ours} vs PyVRP worst", f"{ours} max wall / budget"]
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---" if k < 2 else "---:" for k in range(len(headers))) + "|"]
    groups: dict[tuple[str, str, float], list[Measure]] = {}
    for m in measures:
        groups.setdefault((m.family, m.klass, m.budget), []).append(m)
    for (family, klass, budget), group in sorted(groups.items(),
                                                 key=lambda kv: (kv[0][2], kv[0][0], kv[0][1])):
        cells = [family, klass, f"{budget:g}", str(len({m.case for m in group}))]
        for s in solvers:
            gaps = [m.gap for m in group if m.solver == s]
            cells.append("-" if not gaps or None in gaps else
                         f"{statistics.mean(g for g in gaps if g is not None):+.2f}%")
        by_case = {(m.case, m.solver): m for m in group}
        versus = [_versus(by_case[(c, ours)], by_case[(c, PYVRP)])
                  for c in {m.case for m in group}
                  if (c, ours) in by_case and (c, PYVRP) in by_case]
        known = [v for v in versus if v is not None]
        cells += ["-" if not known else f"{statistics.mean(known):+.2f}%",
                  "-" if not known else f"{max(known):+.2f}%"]
        walls = [max(m.walls) / budget for m in group if m.solver == ours]
        cells.append("-" if not walls else f"{max(walls):.2f}")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def targets(measures: list[Measure], ours: str) -> list[str]:
    """The issue's targets at 5 and 10 s, per class of the VRPLIB instances (a rep's
    problems are shown, not judged: PyVRP cannot express their lunch), and the budget
    cap.  A case PyVRP solves infeasibly counts as met when ours is feasible."""
    out = []
    for budget in (5.0, 10.0):
        rows = [m for m in measures if m.budget == budget and m.family != "rep"]
        classes = sorted({(m.family, m.klass) for m in rows})
        if not classes:
            out.append(f"Target at {budget:g} s: not measured in this run")
            continue
        met, missed = [], []
        for family, klass in classes:
            group = [m for m in rows if (m.family, m.klass) == (family, klass)]
            by_case = {(m.case, m.solver): m for m in group}
            pairs = [(by_case[(c, ours)], by_case[(c, PYVRP)]) for c in {m.case for m in group}
                     if (c, ours) in by_case and (c, PYVRP) in by_case]
            if not pairs:
                continue
            known = [v for o, p in pairs if (v := _versus(o, p)) is not None]
            ok = all(o.feasible for o, _ in pairs) and (
                not known or (statistics.mean(known) <= 0 and max(known) <= 1))
            (met if ok else missed).append(f"{family} {klass}")
        out.append(f"Target at {budget:g} s, mean ≤ PyVRP and worst ≤ +1 % per class — "
                   f"{'MET' if not missed else 'NOT MET'} (met: {', '.join(met) or 'none'}; "
                   f"not met: {', '.join(missed) or 'none'})")
    ours_runs = [(m, w) for m in measures if m.solver == ours for w in m.walls]
    if ours_runs:
        worst = max(w / m.budget for m, w in ours_runs)
        out.append(f"Target: a search never uses more than its budget + 10 % — "
                   f"{'MET' if worst <= 1.1 else 'NOT MET'} (worst wall / budget {worst:.2f})")
    return out
