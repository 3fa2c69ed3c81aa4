"""Offline travel estimates from straight-line distance, for when no road server answers.

For two points the estimate is::

    road_km  = haversine_km × circuity
    speed    = urban_kmh                                  when road_km ≤ urban_km
             = rural_kmh                                  when road_km ≥ rural_km
             = urban_kmh + (rural_kmh − urban_kmh)
                           × (road_km − urban_km) / (rural_km − urban_km)   in between
    distance = road_km × 1000                             (metres, rounded)
    duration = road_km / speed × 3600 + stop_overhead_s   (seconds, rounded)

Roads wind (``circuity``, 1.3 by default: a leg is about 30 % longer than the crow flies),
short hops are town driving (25 km/h), long legs use faster roads (75 km/h), and the
average speed of a leg rises linearly with its length in between, so a longer leg never
takes less time than a shorter one (the constructor checks that the settings keep it so).
Every leg that moves also costs ``stop_overhead_s`` (parking, walking to the door); two
points at the same place are 0 apart.  1.3 and 75 km/h lean pessimistic on long motorway
legs (Lyon–Grenoble: about 123 km and 100 min, where the road is 106 km and 75 min), which
is the safe side for planning a day.

Everything is computed on numpy arrays, so a 500 × 500 matrix takes milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from fieldrep.travel.model import Matrix, Point, check_points

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
SOURCE = "straight line"


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def haversine_km(
    sources: npt.NDArray[np.float64], destinations: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Great-circle distances in km from each (lat, lon) row of ``sources`` (rows of the
    result) to each row of ``destinations`` (columns)."""
    lat1 = np.radians(sources[:, 0])[:, None]
    lon1 = np.radians(sources[:, 1])[:, None]
    lat2 = np.radians(destinations[:, 0])[None, :]
    lon2 = np.radians(destinations[:, 1])[None, :]
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    km: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return km


class StraightLineModel:
    """Travel estimates that need no network (see the module docstring for the formula)."""

    name = SOURCE
    source = SOURCE

    def __init__(
        self,
        circuity: float = 1.3,
        urban_kmh: float = 25.0,
        urban_km: float = 3.0,
        rural_kmh: float = 75.0,
        rural_km: float = 30.0,
        stop_overhead_s: int = 120,
    ) -> None:
        problems = []
        if not circuity >= 1:
            problems.append(f"circuity ({circuity}) must be at least 1: roads are never "
                            "shorter than the straight line")
        if not 0 < urban_kmh <= rural_kmh:
            problems.append(f"urban_kmh ({urban_kmh}) must be positive and at most "
                            f"rural_kmh ({rural_kmh})")
        if not 0 <= urban_km < rural_km:
            problems.append(f"urban_km ({urban_km}) must be at least 0 and less than "
                            f"rural_km ({rural_km})")
        elif not problems and urban_km / urban_kmh > rural_km / rural_kmh:
            problems.append(f"a {rural_km:g} km leg at {rural_kmh:g} km/h would be quicker "
                            f"than a {urban_km:g} km leg at {urban_kmh:g} km/h: raise "
                            "rural_km or urban_kmh")
        if not stop_overhead_s >= 0:
            problems.append(f"stop_overhead_s ({stop_overhead_s}) must be at least 0")
        if problems:
            raise ValueError("; ".join(problems))
        self.circuity = float(circuity)
        self.urban_kmh = float(urban_kmh)
        self.urban_km = float(urban_km)
        self.rural_kmh = float(rural_kmh)
        self.rural_km = float(rural_km)
        self.stop_overhead_s = int(stop_overhead_s)

    def speed_kmh(self, road_km: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Average speed of legs of ``road_km`` kilometres of road."""
        share = (np.asarray(road_km, dtype=np.float64) - self.urban_km) / (
            self.rural_km - self.urban_km)
        return self.urban_kmh + (self.rural_kmh - self.urban_kmh) * np.clip(share, 0.0, 1.0)

    def matrix(self, points: Sequence[Point]) -> Matrix:
        """Legs between every two of ``points``."""
        return self.table(points, points)

    def table(self, sources: Sequence[Point], destinations: Sequence[Point]) -> Matrix:
        """Legs from each of ``sources`` (rows) to each of ``destinations`` (columns)."""
        road_km = haversine_km(check_points(sources), check_points(destinations))
        road_km *= self.circuity
        hours = road_km / self.speed_kmh(road_km)
        distances = np.rint(road_km * 1000).astype(np.int64)
        durations = np.rint(hours * 3600).astype(np.int64)
        durations[distances > 0] += self.stop_overhead_s
        return Matrix(durations.tolist(), distances.tolist(), SOURCE)
