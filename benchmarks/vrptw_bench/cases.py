"""The benchmark's cases: Solomon and Gehring–Homberger instances, and a rep's problems.

* **Solomon** (``../shared/bench/solomon``) at 25, 50 and 100 customers (the depot plus
  the first N), **Gehring–Homberger** 200 customers (``../shared/bench/gh200``), read with
  ``fieldrep.planning.vrplib`` in the DIMACS distance-only convention; the class is the
  name's prefix (C1, C2, R1, R2, RC1, RC2); best known costs from the ``.sol`` files (the
  Solomon README's table for 25 and 50).
* **A rep's problems**, made from ``generate.py``'s accounts (around Lyon, their opening
  hours, meeting lengths, tiers and values) by the planner itself: the engine problem that
  ``plan_day`` / ``plan_week`` build for the request (captured at ``engine.solve``), so
  opening hours in two intervals, appointments, lunch and optional visits with their value
  are the app's own.  A day of 30 accounts, a week of 5 days × 15 (75 accounts), a month of
  4 weeks (20 days) and 200 accounts; each with lunch, and without (what PyVRP can express
  exactly).  Balancing the days is off, so the objective is driving time plus the value of
  the accounts left out, which PyVRP's objective is too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from unittest import mock

from fieldrep.planning import engine, vrplib
from fieldrep.planning.engine import Problem, Route
from fieldrep.planning.model import PlanError

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "bench"
SOLOMON, GH200 = SHARED / "solomon", SHARED / "gh200"
CLASSES = ("C1", "C2", "R1", "R2", "RC1", "RC2")
# Distance-only optima of the 25- and 50-customer versions (the instances' README).
OPTIMA = {
    "C101": {25: 191.3, 50: 362.4}, "C201": {25: 214.7, 50: 360.2},
    "R101": {25: 617.1, 50: 1044.0}, "R201": {25: 463.3, 50: 791.9},
    "RC101": {25: 461.1, 50: 944.0}, "RC201": {25: 360.2, 50: 684.8},
}
REP_CASES = ("day30", "day30-nolunch", "week5x15", "week5x15-nolunch", "month200",
             "month200-nolunch")


@dataclass(frozen=True)
class Case:
    """One problem to solve: where it comes from, its class and best known cost."""

    name: str
    family: str                     # "solomon", "gh200" or "rep"
    klass: str                      # C1 … RC2, or day / week / month
    problem: Problem
    coords: tuple[tuple[float, float], ...] | None
    best_known: float | None

    @property
    def customers(self) -> int:
        return len(self.problem.visits)

    def cost(self, routes: list[Route]) -> float:
        """Total distance (VRPLIB units), or a rep's driving minutes plus the value of the
        accounts left out (in minutes of driving)."""
        if self.family != "rep":
            return vrplib.cost(routes)
        planned = {s.visit for r in routes for s in r.stops}
        left = sum(v.penalty or 0 for i, v in enumerate(self.problem.visits)
                   if i not in planned)
        return (sum(r.travel for r in routes) + left) / 60


def klass_of(name: str) -> str:
    match = re.match(r"(RC|R|C)(\d)", name)
    return f"{match.group(1)}{match.group(2)}" if match else name


def vrplib_cases(folder: Path, family: str, classes: list[str], sizes: list[int],
                 instances: list[str] | None) -> list[Case]:
    """The folder's instances of these classes, cut to these sizes (only smaller ones)."""
    cases = []
    for path in sorted(folder.glob("*.vrp")):
        if klass_of(path.stem) not in classes or (instances and path.stem not in instances):
            continue
        full = vrplib.read_vrptw(path)
        for size in sizes:
            if size > full.customers:
                continue
            instance = full if size == full.customers else vrplib.read_vrptw(path, size)
            best = (vrplib.read_optimum(path.with_suffix(".sol"))
                    if size == full.customers and path.with_suffix(".sol").exists()
                    else OPTIMA.get(path.stem, {}).get(size))
            cases.append(Case(f"{path.stem}" if size == full.customers else
                              f"{path.stem}/{size}", family, klass_of(path.stem),
                              instance.problem, instance.coords, best))
    return cases


@contextmanager
def _captured() -> Iterator[list[Problem]]:
    """The problems the planner hands ``engine.solve`` meanwhile (solved in 0.05 s)."""
    seen: list[Problem] = []
    real = engine.solve

    def capture(problem: Problem, **options: object) -> engine.Solution:
        seen.append(problem)
        return real(problem, time_limit=0.05)

    with mock.patch.object(engine, "solve", capture):
        yield seen


def rep_cases(names: list[str]) -> list[Case]:
    """The rep's problems of these names (``REP_CASES``)."""
    makers: dict[str, Callable[[bool], Problem]] = {
        "day30": _day, "week5x15": lambda lunch: _weeks(lunch, 5, 75, 2),
        "month200": lambda lunch: _weeks(lunch, 20, 200, 4)}
    cases = []
    for name in names:
        base = name.removesuffix("-nolunch")
        problem = makers[base](not name.endswith("-nolunch"))
        cases.append(Case(name, "rep", re.sub(r"\d.*", "", base), problem, None, None))
    return cases


HOME_LAT, HOME_LON = 45.764, 4.8357
MONDAY = date(2026, 11, 23)


def _candidates(count: int) -> list[object]:
    """The ``count`` generated accounts nearest to home (located, with their hours)."""
    import generate

    from fieldrep.planning.model import Candidate

    rows = []
    for row in generate.iter_accounts(4 * count + 200):
        if not row["lat"] or "," in row["lat"]:
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        rows.append(((lat - HOME_LAT) ** 2 + ((lon - HOME_LON) * 0.7) ** 2, row, lat, lon))
    rows.sort(key=lambda r: r[0])
    return [Candidate(k + 1, row["name"], lat, lon, _minutes(row["meeting_minutes"]),
                      row["opening_hours"], row["tier"], float(row["annual_value"] or 0))
            for k, (_, row, lat, lon) in enumerate(rows[:count])]


APPOINTMENTS = (clock(10, 0), clock(15, 30))


def _open_all_day(candidates: tuple[object, ...], count: int) -> list[int]:
    """Accounts open on weekdays in the morning and the afternoon (for appointments)."""
    hours = re.compile(r"^Mo-(Fr|Sa) 0[89]:\d\d-(1[2-9])")
    return [c.account_id for c in candidates  # type: ignore[attr-defined]
            if hours.match(c.opening_hours)][:count]  # type: ignore[attr-defined]


def _minutes(text: str) -> int:
    """A generated meeting length ("20", "45 min", "1h", "1h30") in minutes."""
    match = re.fullmatch(r"\s*(?:(\d+)\s*h)?\s*(\d+)?\s*(?:min)?\s*", text)
    if not match:
        return 30
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0) or 30


def _lunch(on: bool) -> object:
    from fieldrep.planning.model import LunchBreak
    return LunchBreak(clock(11, 45), clock(14, 0), 45) if on else None


def _day(lunch: bool) -> Problem:
    from fieldrep.planning.day import plan_day
    from fieldrep.planning.model import Appointment, DayRequest, Place
    from fieldrep.travel.straight_line import StraightLineModel

    home = Place("Home", HOME_LAT, HOME_LON)
    candidates = tuple(_candidates(30))
    request = DayRequest(MONDAY + timedelta(days=1), home, home, clock(8, 30), clock(18, 30),
                         candidates,  # type: ignore[arg-type]
                         tuple(Appointment(a, at) for a, at in
                               zip(_open_all_day(candidates, 2), APPOINTMENTS, strict=False)),
                         _lunch(lunch))  # type: ignore[arg-type]
    with _captured() as seen, suppress(PlanError):
        plan_day(request, StraightLineModel(), time_limit=0.05)
    return seen[-1]


def _weeks(lunch: bool, days: int, accounts: int, appointments: int) -> Problem:
    from fieldrep.planning.model import Place
    from fieldrep.planning.week import DatedAppointment, WeekRequest, WorkDay, plan_week
    from fieldrep.travel.straight_line import StraightLineModel

    home = Place("Home", HOME_LAT, HOME_LON)
    dates = [MONDAY + timedelta(days=7 * (k // 5) + k % 5) for k in range(days)]
    work = tuple(WorkDay(d, home, home, clock(8, 30), clock(18, 30), _lunch(lunch))  # type: ignore[arg-type]
                 for d in dates)
    candidates = tuple(_candidates(accounts))
    fixed = tuple(DatedAppointment(a, dates[(3 * k + 1) % days], APPOINTMENTS[k % 2])
                  for k, a in enumerate(_open_all_day(candidates, appointments)))
    request = WeekRequest(work, candidates, fixed, balance=False)  # type: ignore[arg-type]
    with _captured() as seen, suppress(PlanError):
        plan_week(request, StraightLineModel(), time_limit=0.05)
    return seen[-1]
