"""Read VRPLIB VRPTW instances (Solomon's) into engine problems, in the DIMACS convention.

The convention decides whether a cost can be compared with the published optima at all:
every arc is ``trunc(10 * euclidean) / 10``, travel time equals distance, the objective is
total distance, and the fleet is not minimised first.  To stay in integers everything is
scaled by 10 (arcs, time windows, service times); :func:`cost` scales back.  The depot is
the first ``DEPOT_SECTION`` node; the N-customer version of an instance is the depot plus
the first N customers of the file.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fieldrep.common.errors import FieldRepError
from fieldrep.planning.engine import Problem, Route, Vehicle, Visit

SCALE = 10


class VrplibError(FieldRepError, ValueError):
    """A file that is not a VRPTW instance (or solution) this reader understands."""


@dataclass(frozen=True)
class Instance:
    """A problem read from a file and the file's node number of each matrix index."""

    name: str
    problem: Problem
    nodes: tuple[int, ...]      # matrix index -> node number in the file (0 is the depot)
    coords: tuple[tuple[float, float], ...]   # matrix index -> (x, y) in the file

    @property
    def customers(self) -> int:
        return len(self.problem.visits)


def read_vrptw(path: str | Path, customers: int | None = None) -> Instance:
    """The instance in ``path``, optionally cut to its depot and first ``customers``."""
    path = Path(path)
    header, sections = _parse(path)
    where = path.name
    coords = sections.get("NODE_COORD_SECTION")
    windows = sections.get("TIME_WINDOW_SECTION")
    if not coords or not windows:
        raise VrplibError(f"{where}: needs a NODE_COORD_SECTION and a TIME_WINDOW_SECTION")
    depot = int(sections.get("DEPOT_SECTION", [["1"]])[0][0])
    ids = [int(row[0]) for row in coords]
    if depot not in ids:
        raise VrplibError(f"{where}: depot {depot} has no coordinates")
    others = [n for n in ids if n != depot]
    if customers is not None:
        if not 1 <= customers <= len(others):
            raise VrplibError(f"{where}: has {len(others)} customers, cannot take {customers}")
        others = others[:customers]
    nodes = [depot, *others]
    xy = {int(r[0]): (_number(r[1], where), _number(r[2], where)) for r in coords}
    window = {int(r[0]): (_number(r[1], where), _number(r[2], where)) for r in windows}
    demand = {int(r[0]): int(_number(r[1], where)) for r in sections.get("DEMAND_SECTION", [])}
    service = {int(r[0]): _number(r[1], where) for r in sections.get("SERVICE_TIME_SECTION", [])}
    default_service = _number(header.get("SERVICE_TIME", "0"), where)
    missing = [n for n in nodes if n not in window]
    if missing:
        raise VrplibError(f"{where}: node {missing[0]} has no time window")
    matrix = [[_arc(xy[a], xy[b]) for b in nodes] for a in nodes]
    visits = [Visit(location=k, service=_scaled(service.get(n, default_service)),
                    windows=((_scaled(window[n][0]), _scaled(window[n][1])),),
                    demand=demand.get(n, 0))
              for k, n in enumerate(nodes) if k]
    fleet = int(header.get("VEHICLES", len(others)))
    capacity = int(header["CAPACITY"]) if "CAPACITY" in header else None
    open_, close = window[depot]
    vehicle = Vehicle(start=0, end=0, earliest=_scaled(open_), latest=_scaled(close),
                      capacity=capacity)
    problem = Problem(durations=matrix, distances=matrix, visits=visits,
                      vehicles=[vehicle] * fleet, objective="distance")
    return Instance(header.get("NAME", path.stem), problem, tuple(nodes),
                    tuple(xy[n] for n in nodes))


def read_optimum(path: str | Path) -> float:
    """The ``Cost`` line of a VRPLIB ``.sol`` file."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise VrplibError(f"{path}: no such file") from None
    except OSError as exc:
        raise VrplibError(f"{path}: cannot read it ({exc.strerror})") from None
    for line in lines:
        key, _, value = line.partition(" ")
        if key.lower() == "cost":
            return _number(value, path.name)
    raise VrplibError(f"{path.name}: no Cost line")


def cost(routes: Iterable[Route]) -> float:
    """Total distance of the routes in the file's units (one decimal)."""
    return round(sum(r.distance for r in routes) / SCALE, 1)


def customer_routes(instance: Instance, routes: Iterable[Route]) -> list[list[int]]:
    """The non-empty routes as the file's node numbers of their customers."""
    return [[instance.nodes[instance.problem.visits[s.visit].location] for s in r.stops]
            for r in routes if r.stops]


def unserved_customers(instance: Instance, routes: Iterable[Route]) -> list[int]:
    """The file's node numbers of the customers no route serves, in the file's order."""
    served = {s.visit for r in routes for s in r.stops}
    return [instance.nodes[visit.location] for i, visit in enumerate(instance.problem.visits)
            if i not in served]


def _arc(a: tuple[float, float], b: tuple[float, float]) -> int:
    dx, dy = a[0] - b[0], a[1] - b[1]
    if all(float(c).is_integer() for c in (dx, dy)):
        return math.isqrt(int(SCALE * SCALE * (dx * dx + dy * dy)))  # exact truncation
    return int(SCALE * math.hypot(dx, dy))


def _scaled(value: float) -> int:
    return round(value * SCALE)


def _number(text: str, where: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise VrplibError(f"{where}: {text!r} is not a number") from None


def _parse(path: Path) -> tuple[dict[str, str], dict[str, list[list[str]]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VrplibError(f"{path}: no such file") from None
    except OSError as exc:
        raise VrplibError(f"{path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise VrplibError(f"{path.name}: not a text file") from None
    header: dict[str, str] = {}
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if ":" in line and not line[0].isdigit() and not line.startswith("-"):
            key, _, value = line.partition(":")
            header[key.strip().upper()] = value.strip()
            current = None
        elif line.upper().endswith("_SECTION"):
            current = sections.setdefault(line.upper(), [])
        elif current is not None:
            fields = line.split()
            if fields[0] == "-1":
                current = None
            else:
                current.append(fields)
        else:
            raise VrplibError(f"{path.name}, line {number}: unexpected {line[:40]!r}")
    if "NODE_COORD_SECTION" not in sections:
        raise VrplibError(f"{path.name}: not a VRPLIB instance (no NODE_COORD_SECTION)")
    try:
        for name, rows in sections.items():
            for row in rows:
                int(row[0])
                if name != "DEPOT_SECTION" and len(row) < 2:
                    raise IndexError
    except (ValueError, IndexError):
        raise VrplibError(f"{path.name}: a row of a section is malformed") from None
    return header, sections
