"""How fast the planner gives a rep a good day: 30 visits, and 120 visits.

Two days a rep really plans, on generated accounts around Lyon (``generate.py``'s towns
and opening hours) with the straight-line travel model:

* **30 accounts** with opening hours, two appointments (10:00 and 15:30) and a 45-minute
  lunch break between 11:45 and 14:00 — target: a good plan within 0.5 s;
* **120 accounts** (the largest day common field-sales tools accept), same rules —
  target: within 3 s.

For each, ``plan_day`` runs with the target as its time budget, then with a long budget
(10× as long) as the reference; the table shows wall time (request to plan, travel
matrix included), visits planned, driving minutes and the gap in driving to the long run.
A gap near 0 means the short budget already finds what a long search finds.  Medians of
5 runs, each on a different seed of generated accounts.

Run: ``.venv/bin/python benchmarks/day_speed.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from datetime import date
from datetime import time as clock

from common import machine_info, machine_line, median

from fieldrep.planning.day import plan_day
from fieldrep.planning.model import Appointment, Candidate, DayRequest, LunchBreak, Place
from fieldrep.travel.straight_line import StraightLineModel

HOME = Place("Home, Lyon", 45.764, 4.8357)
DAY = date(2026, 11, 24)  # a Tuesday
HOURS = ("Mo-Fr 08:30-12:00,14:00-18:30", "Mo-Sa 09:00-19:00", "Tu-Sa 10:00-19:00",
         "Mo-Fr 08:00-12:00,13:30-17:00", "", "Mo-Fr 09:00-12:30,14:00-18:00")


@dataclass
class Row:
    accounts: int
    budget: float
    seconds: list[float]
    planned: list[int]
    drive: list[int]
    gaps: list[float]


def request(count: int, seed: int) -> DayRequest:
    rng = random.Random(seed)
    spread = 0.12 if count <= 30 else 0.25  # a city day, or a wider area for 120 stops
    candidates = tuple(
        Candidate(n, f"Account {n}", 45.76 + rng.uniform(-spread, spread) * 0.7,
                  4.84 + rng.uniform(-spread, spread), rng.choice((20, 30, 30, 45)),
                  rng.choice(HOURS), rng.choice("AABBBCCCC"), rng.uniform(0, 50_000))
        for n in range(1, count + 1))
    return DayRequest(day=DAY, start=HOME, end=HOME, start_time=clock(8, 30),
                      end_time=clock(18, 30) if count <= 30 else clock(19, 0),
                      candidates=candidates,
                      appointments=(Appointment(3, clock(10, 0)), Appointment(7, clock(15, 30))),
                      lunch=LunchBreak(clock(11, 45), clock(14, 0), 45))


def measure(count: int, budget: float, runs: int) -> Row:
    travel = StraightLineModel()
    row = Row(count, budget, [], [], [], [])
    for seed in range(runs):
        req = request(count, seed)
        start = time.perf_counter()
        plan = plan_day(req, travel, time_limit=budget)
        row.seconds.append(time.perf_counter() - start)
        reference = plan_day(req, travel, time_limit=budget * 10)
        row.planned.append(len(plan.stops))
        row.drive.append(plan.totals.drive_seconds // 60)
        ref = max(reference.totals.drive_seconds, 1)
        same_visits = len(reference.stops) == len(plan.stops)
        row.gaps.append((plan.totals.drive_seconds - ref) / ref * 100 if same_visits
                        else float("nan"))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(machine_line(machine_info()))
    rows = [measure(30, 0.5, args.runs), measure(120, 3.0, args.runs)]
    print("| accounts | budget s | wall s (median) | visits planned | driving min | "
          "gap to 10× budget |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        gaps = [g for g in r.gaps if g == g]
        gap = f"{median(gaps):+.1f} %" if gaps else "n/a"
        print(f"| {r.accounts} | {r.budget} | {median(r.seconds):.2f} | "
              f"{median(r.planned):.0f} | {median(r.drive):.0f} | {gap} |")
    for r, target in zip(rows, (0.5, 3.0), strict=True):
        verdict = "MET" if median(r.seconds) <= target else "NOT MET"
        print(f"Target: a {r.accounts}-account day in ≤ {target} s — {verdict} "
              f"(median {median(r.seconds):.2f} s; the solver stops after the solutions its "
              "budget allows at the engine's fixed rate, the rest is the travel matrix and "
              "the model)")


if __name__ == "__main__":
    main()
